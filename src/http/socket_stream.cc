#include "http/socket_stream.h"

#include <fmt/format.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace spotrun {
namespace {

// Milliseconds left until `deadline` for poll(), at least 0, rounded up so a wait never
// ends just short of the deadline and spins.
int MillisUntil(SteadyTime deadline) {
  auto left = deadline - std::chrono::steady_clock::now();
  if (left <= std::chrono::steady_clock::duration::zero()) return 0;
  auto ms = std::chrono::ceil<std::chrono::milliseconds>(left).count();
  return ms > 1'000'000'000 ? 1'000'000'000 : static_cast<int>(ms);
}

std::string ErrnoText(int error) { return std::strerror(error); }

// Connects one socket to one address; the socket is returned only when connected.
Result<int> ConnectTo(const addrinfo& address, SteadyTime deadline) {
  int fd = ::socket(address.ai_family, address.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                    address.ai_protocol);
  if (fd < 0) {
    return Status::Unavailable(fmt::format("could not open a socket ({})", ErrnoText(errno)));
  }
  auto fail = [fd](Status status) {
    ::close(fd);
    return status;
  };
  if (::connect(fd, address.ai_addr, address.ai_addrlen) != 0) {
    if (errno != EINPROGRESS) return fail(Status::Unavailable(ErrnoText(errno)));
    pollfd waiting{.fd = fd, .events = POLLOUT, .revents = 0};
    int ready;
    do {
      ready = ::poll(&waiting, 1, MillisUntil(deadline));
    } while (ready < 0 && errno == EINTR);
    if (ready == 0) return fail(Status::DeadlineExceeded("timed out connecting"));
    int error = 0;
    socklen_t length = sizeof(error);
    if (ready < 0)
      error = errno;
    else if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0)
      error = errno;
    if (error != 0) return fail(Status::Unavailable(ErrnoText(error)));
  }
  // Requests go out as a head and a body, answers come back at once: no Nagle delay.
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  return fd;
}

}  // namespace

Result<std::unique_ptr<SocketStream>> SocketStream::Connect(const std::string& host, int port,
                                                            SteadyTime deadline) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV | AI_ADDRCONFIG;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found);
  if (rc == EAI_ADDRFAMILY || rc == EAI_NONAME) {  // AI_ADDRCONFIG hides loopback-only hosts
    hints.ai_flags = AI_NUMERICSERV;
    rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found);
  }
  if (rc != 0) {
    return Status::Unavailable(
        fmt::format("could not resolve the host name {} ({})", host, ::gai_strerror(rc)),
        "check the endpoint URL and region, and the network (DNS)");
  }
  std::unique_ptr<addrinfo, void (*)(addrinfo*)> addresses(found, ::freeaddrinfo);
  Status last = Status::Unavailable("no address to connect to");
  for (const addrinfo* address = found; address != nullptr; address = address->ai_next) {
    Result<int> fd = ConnectTo(*address, deadline);
    if (fd.ok()) return std::unique_ptr<SocketStream>(new SocketStream(*fd));
    last = fd.status();
    if (last.kind() == ErrorKind::kDeadlineExceeded) break;
  }
  if (last.kind() == ErrorKind::kDeadlineExceeded) return last;
  return Status::Unavailable(fmt::format("could not connect ({})", last.message()),
                             "check the endpoint URL and that the server is running and "
                             "reachable");
}

SocketStream::~SocketStream() { ::close(fd_); }

Status SocketStream::Wait(short events, SteadyTime deadline) {
  pollfd waiting{.fd = fd_, .events = events, .revents = 0};
  for (;;) {
    int ready = ::poll(&waiting, 1, MillisUntil(deadline));
    if (ready > 0) return Status::Ok();
    if (ready == 0) {
      return Status::DeadlineExceeded((events & POLLOUT) != 0 ? "timed out sending"
                                                              : "timed out waiting for data");
    }
    if (errno != EINTR) return Status::Unavailable(fmt::format("poll: {}", ErrnoText(errno)));
  }
}

Result<size_t> SocketStream::Read(char* buffer, size_t size, SteadyTime deadline) {
  for (;;) {
    ssize_t n = ::recv(fd_, buffer, size, 0);
    if (n >= 0) return static_cast<size_t>(n);
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return Status::Unavailable(ErrnoText(errno));
    SPOTRUN_RETURN_IF_ERROR(Wait(POLLIN, deadline));
  }
}

Status SocketStream::Write(std::string_view data, SteadyTime deadline) {
  while (!data.empty()) {
    ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
    if (n >= 0) {
      data.remove_prefix(static_cast<size_t>(n));
      continue;
    }
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return Status::Unavailable(ErrnoText(errno));
    SPOTRUN_RETURN_IF_ERROR(Wait(POLLOUT, deadline));
  }
  return Status::Ok();
}

bool SocketStream::ReadableWhileIdle() {
  pollfd waiting{.fd = fd_, .events = POLLIN, .revents = 0};
  return ::poll(&waiting, 1, 0) != 0;  // readable, closed, reset, or poll failed
}

}  // namespace spotrun
