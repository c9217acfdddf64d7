// Raw sockets on 127.0.0.1 that misbehave on purpose, for transport-failure tests.
// SilentListener listens but never accepts: connections complete in the kernel's backlog and
// requests are never read or answered, so a client runs into its timeout. RefusedPort is a
// port bound but not listening: connecting is refused at once, and holding the port bound
// keeps anything else from taking it meanwhile. Both close their socket on destruction;
// not thread-safe (nothing to share).
#ifndef SPOTRUN_TESTING_LOOPBACK_SOCKETS_H_
#define SPOTRUN_TESTING_LOOPBACK_SOCKETS_H_

#include <string>

namespace spotrun::testing {

class SilentListener {
 public:
  SilentListener();  // a failure fails the current test (ADD_FAILURE)
  ~SilentListener();
  SilentListener(const SilentListener&) = delete;
  SilentListener& operator=(const SilentListener&) = delete;
  int port() const { return port_; }
  std::string base_url() const;  // "http://127.0.0.1:PORT"

 private:
  int fd_ = -1;
  int port_ = 0;
};

class RefusedPort {
 public:
  RefusedPort();  // a failure fails the current test (ADD_FAILURE)
  ~RefusedPort();
  RefusedPort(const RefusedPort&) = delete;
  RefusedPort& operator=(const RefusedPort&) = delete;
  int port() const { return port_; }
  std::string base_url() const;  // "http://127.0.0.1:PORT"

 private:
  int fd_ = -1;
  int port_ = 0;
};

}  // namespace spotrun::testing

#endif  // SPOTRUN_TESTING_LOOPBACK_SOCKETS_H_
