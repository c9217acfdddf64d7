#include "cloud/ssh_readiness.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <optional>

#include "cloud/managed_tags.h"

namespace spotrun {
namespace {

class Socket {
 public:
  explicit Socket(int fd) : fd_(fd) {}
  ~Socket() {
    if (fd_ >= 0) close(fd_);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

bool WaitFor(int fd, short events, std::chrono::milliseconds timeout) {
  pollfd p{.fd = fd, .events = events, .revents = 0};
  int ready;
  do {
    ready = poll(&p, 1, static_cast<int>(timeout.count()));
  } while (ready < 0 && errno == EINTR);
  return ready == 1 && (p.revents & events) != 0;
}

}  // namespace

int SshPortOf(const Instance& instance) {
  std::optional<std::string> tag = FindTag(instance.tags, kLocalCloudSshPortTag);
  int port = 0;
  if (tag) {
    auto [end, ec] = std::from_chars(tag->data(), tag->data() + tag->size(), port);
    if (ec == std::errc() && end == tag->data() + tag->size() && port > 0 && port < 65536) {
      return port;
    }
  }
  return 22;
}

bool SshBannerAt(const std::string& address, int port, std::chrono::milliseconds timeout) {
  sockaddr_in target{};
  target.sin_family = AF_INET;
  target.sin_port = htons(static_cast<uint16_t>(port));
  if (inet_pton(AF_INET, address.c_str(), &target.sin_addr) != 1) return false;
  Socket socket(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (socket.fd() < 0) return false;
  if (connect(socket.fd(), reinterpret_cast<const sockaddr*>(&target), sizeof target) != 0) {
    if (errno != EINPROGRESS || !WaitFor(socket.fd(), POLLOUT, timeout)) return false;
    int error = 0;
    socklen_t length = sizeof error;
    if (getsockopt(socket.fd(), SOL_SOCKET, SO_ERROR, &error, &length) != 0 || error != 0) {
      return false;
    }
  }
  std::string banner;
  char buffer[256];
  while (banner.size() < 4) {
    if (!WaitFor(socket.fd(), POLLIN, timeout)) return false;
    ssize_t n = read(socket.fd(), buffer, sizeof buffer);
    if (n <= 0) return false;
    banner.append(buffer, static_cast<size_t>(n));
  }
  return banner.starts_with("SSH-");
}

bool SshReady(const Instance& instance, std::chrono::milliseconds timeout) {
  const std::string& address =
      instance.public_ip_address.empty() ? instance.private_ip_address : instance.public_ip_address;
  if (address.empty()) return false;
  return SshBannerAt(address, SshPortOf(instance), timeout);
}

}  // namespace spotrun
