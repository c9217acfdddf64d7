#include "localcloud/listen_port.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace spotrun {
namespace {

bool MakeAddress(std::string_view address, int port, sockaddr_in* out) {
  std::memset(out, 0, sizeof *out);
  out->sin_family = AF_INET;
  out->sin_port = htons(static_cast<uint16_t>(port));
  return ::inet_pton(AF_INET, std::string(address).c_str(), &out->sin_addr) == 1;
}

// The bound port, or -errno.
int TryBind(const sockaddr_in& where) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -errno;
  int yes = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);  // as sshd and httplib do
  int result;
  sockaddr_in bound;
  socklen_t length = sizeof bound;
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&where), sizeof where) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &length) != 0) {
    result = -errno;
  } else {
    result = ntohs(bound.sin_port);
  }
  ::close(fd);
  return result;
}

}  // namespace

Result<int> PickListenPort(std::string_view address, int preferred) {
  sockaddr_in where;
  if (!MakeAddress(address, preferred, &where)) {
    return Status::InvalidArgument(fmt::format("{} is not an IPv4 address", address));
  }
  if (preferred > 0 && TryBind(where) == preferred) return preferred;
  where.sin_port = 0;
  int port = TryBind(where);
  if (port <= 0) {
    return Status::Unavailable(
        fmt::format("cannot bind any port on {}: {}", address, std::strerror(-port)),
        "check that the address is a loopback address (127.x.y.z)");
  }
  return port;
}

bool AcceptsConnections(std::string_view address, int port, std::chrono::milliseconds timeout) {
  sockaddr_in where;
  if (port <= 0 || !MakeAddress(address, port, &where)) return false;
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return false;
  bool connected = false;
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&where), sizeof where) == 0) {
    connected = true;
  } else if (errno == EINPROGRESS) {
    pollfd p{fd, POLLOUT, 0};
    int error = 0;
    socklen_t length = sizeof error;
    connected = ::poll(&p, 1, static_cast<int>(timeout.count())) == 1 &&
                ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 && error == 0;
  }
  ::close(fd);
  return connected;
}

}  // namespace spotrun
