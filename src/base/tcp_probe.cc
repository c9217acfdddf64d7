#include "base/tcp_probe.h"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <string>

namespace spotrun {
namespace {

TcpProbeResult ResultOfErrno(int error) {
  if (error == 0) return TcpProbeResult::kAccepted;
  if (error == ECONNREFUSED) return TcpProbeResult::kRefused;
  if (error == ETIMEDOUT) return TcpProbeResult::kTimedOut;
  return TcpProbeResult::kUnreachable;
}

TcpProbeResult ProbeOne(const addrinfo& a, std::chrono::milliseconds timeout) {
  int fd = ::socket(a.ai_family, a.ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a.ai_protocol);
  if (fd < 0) return TcpProbeResult::kUnreachable;
  TcpProbeResult result = TcpProbeResult::kAccepted;
  if (::connect(fd, a.ai_addr, a.ai_addrlen) != 0) {
    if (errno != EINPROGRESS) {
      result = ResultOfErrno(errno);
    } else {
      pollfd p{fd, POLLOUT, 0};
      int ready;
      do {
        ready = ::poll(&p, 1, static_cast<int>(timeout.count()));
      } while (ready < 0 && errno == EINTR);
      int error = 0;
      socklen_t length = sizeof error;
      if (ready == 0) {
        result = TcpProbeResult::kTimedOut;
      } else if (ready < 0 || ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) {
        result = TcpProbeResult::kUnreachable;
      } else {
        result = ResultOfErrno(error);
      }
    }
  }
  ::close(fd);
  return result;
}

}  // namespace

std::string_view TcpProbeResultName(TcpProbeResult result) {
  switch (result) {
    case TcpProbeResult::kAccepted:
      return "accepted";
    case TcpProbeResult::kRefused:
      return "refused";
    case TcpProbeResult::kTimedOut:
      return "timed out";
    case TcpProbeResult::kUnreachable:
      return "unreachable";
  }
  return "unknown";
}

TcpProbeResult ProbeTcp(std::string_view host, int port, std::chrono::milliseconds timeout) {
  if (port <= 0 || port > 65535) return TcpProbeResult::kUnreachable;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* found = nullptr;
  if (::getaddrinfo(std::string(host).c_str(), std::to_string(port).c_str(), &hints, &found) != 0) {
    return TcpProbeResult::kUnreachable;
  }
  // The first address that accepts wins; otherwise the first address's answer is the one.
  TcpProbeResult first = TcpProbeResult::kUnreachable;
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    TcpProbeResult r = ProbeOne(*a, timeout);
    if (a == found) first = r;
    if (r == TcpProbeResult::kAccepted) {
      first = r;
      break;
    }
  }
  ::freeaddrinfo(found);
  return first;
}

}  // namespace spotrun
