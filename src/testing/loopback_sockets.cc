#include "testing/loopback_sockets.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace spotrun::testing {
namespace {

// A TCP socket bound to 127.0.0.1 on a free port; -1 (and a test failure) on error.
int BindLoopback(int* port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    ADD_FAILURE() << "socket: " << std::strerror(errno);
    return -1;
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ADD_FAILURE() << "bind 127.0.0.1:0: " << std::strerror(errno);
    ::close(fd);
    return -1;
  }
  *port = ntohs(address.sin_port);
  return fd;
}

std::string LoopbackUrl(int port) { return "http://127.0.0.1:" + std::to_string(port); }

}  // namespace

SilentListener::SilentListener() {
  fd_ = BindLoopback(&port_);
  if (fd_ >= 0 && ::listen(fd_, 16) != 0) {
    ADD_FAILURE() << "listen: " << std::strerror(errno);
  }
}

SilentListener::~SilentListener() {
  if (fd_ >= 0) ::close(fd_);
}

std::string SilentListener::base_url() const { return LoopbackUrl(port_); }

RefusedPort::RefusedPort() { fd_ = BindLoopback(&port_); }

RefusedPort::~RefusedPort() {
  if (fd_ >= 0) ::close(fd_);
}

std::string RefusedPort::base_url() const { return LoopbackUrl(port_); }

}  // namespace spotrun::testing
