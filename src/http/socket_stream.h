// SocketStream: a ByteStream over a connected TCP socket (non-blocking; every wait is a poll
// bounded by the caller's deadline). Connect resolves a name or takes an IPv4/IPv6 literal
// and tries each address in turn. The stream owns its file descriptor and closes it on
// destruction. One owner, one thread at a time.
#ifndef SPOTRUN_HTTP_SOCKET_STREAM_H_
#define SPOTRUN_HTTP_SOCKET_STREAM_H_

#include <memory>
#include <string>

#include "base/result.h"
#include "http/byte_stream.h"

namespace spotrun {

class SocketStream final : public ByteStream {
 public:
  // Connects to `host` (a DNS name, "127.0.0.1", or "::1" without brackets) on `port`.
  // Name resolution (getaddrinfo) blocks and is not bounded by `deadline`; connecting is.
  // Errors: kUnavailable (unknown name, refused, unreachable), kDeadlineExceeded.
  static Result<std::unique_ptr<SocketStream>> Connect(const std::string& host, int port,
                                                       SteadyTime deadline);
  ~SocketStream() override;
  SocketStream(const SocketStream&) = delete;
  SocketStream& operator=(const SocketStream&) = delete;

  Result<size_t> Read(char* buffer, size_t size, SteadyTime deadline) override;
  Status Write(std::string_view data, SteadyTime deadline) override;
  bool ReadableWhileIdle() override;

  // Waits until the socket is ready for `events` (POLLIN and/or POLLOUT). Readiness includes
  // errors and hang-ups: the next read or write reports them. kDeadlineExceeded at the
  // deadline. For TLS streams, which drive the socket themselves.
  Status Wait(short events, SteadyTime deadline);
  int fd() const { return fd_; }

 private:
  explicit SocketStream(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace spotrun

#endif  // SPOTRUN_HTTP_SOCKET_STREAM_H_
