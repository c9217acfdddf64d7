// TcpProbe: whether something accepts TCP connections at an address and port — to tell "the
// machine's sshd is not up yet" (refused) from "nothing answers" (timed out, e.g. a
// firewall) before handing a terminal to ssh. One connect per call, closed at once; real
// sockets in real time, so the timeout is the steady clock's. Stateless; thread-safe.
#ifndef SPOTRUN_BASE_TCP_PROBE_H_
#define SPOTRUN_BASE_TCP_PROBE_H_

#include <chrono>
#include <string_view>

namespace spotrun {

enum class TcpProbeResult {
  kAccepted,     // connected
  kRefused,      // the host answered: nothing listens on the port (yet)
  kTimedOut,     // no answer within the timeout
  kUnreachable,  // no route, bad address, or any other error
};

std::string_view TcpProbeResultName(TcpProbeResult result);

// Connects to host:port (IPv4, IPv6 or a name) and closes the connection.
TcpProbeResult ProbeTcp(std::string_view host, int port, std::chrono::milliseconds timeout);

}  // namespace spotrun

#endif  // SPOTRUN_BASE_TCP_PROBE_H_
