// ProbeTcp against real loopback sockets: a listening port accepts, a closed one refuses, and a
// port out of range is unreachable.
#include "base/tcp_probe.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace spotrun {
namespace {

using std::chrono::milliseconds;

// A socket bound to 127.0.0.1 on a free port; listening only when asked.
class LoopbackSocket {
 public:
  explicit LoopbackSocket(bool listen) : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof a;
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    EXPECT_EQ(::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &length), 0);
    port_ = ntohs(a.sin_port);
    if (listen) {
      EXPECT_EQ(::listen(fd_, 4), 0);
    }
  }
  ~LoopbackSocket() { ::close(fd_); }
  int port() const { return port_; }

 private:
  int fd_;
  int port_ = 0;
};

TEST(TcpProbeTest, ListeningPortAccepts) {
  LoopbackSocket server(/*listen=*/true);
  EXPECT_EQ(ProbeTcp("127.0.0.1", server.port(), milliseconds(2000)), TcpProbeResult::kAccepted);
}

TEST(TcpProbeTest, BoundButNotListeningPortRefuses) {
  LoopbackSocket closed(/*listen=*/false);  // holds the port so nobody else listens there
  EXPECT_EQ(ProbeTcp("127.0.0.1", closed.port(), milliseconds(2000)), TcpProbeResult::kRefused);
  EXPECT_EQ(TcpProbeResultName(TcpProbeResult::kRefused), "refused");
}

TEST(TcpProbeTest, PortOutOfRangeIsUnreachable) {
  EXPECT_EQ(ProbeTcp("127.0.0.1", 0, milliseconds(500)), TcpProbeResult::kUnreachable);
  EXPECT_EQ(ProbeTcp("127.0.0.1", 70000, milliseconds(500)), TcpProbeResult::kUnreachable);
}

}  // namespace
}  // namespace spotrun
