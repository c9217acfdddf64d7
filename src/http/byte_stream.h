// ByteStream: a connected, ordered byte stream (a TCP socket, or TLS over one) whose every
// read and write waits at most until a deadline on the steady clock. Socket waits are real
// kernel waits (poll), which a FakeClock cannot drive, and a request must not stretch or
// shrink when the wall clock is stepped, hence std::chrono::steady_clock and not
// spotrun::Clock. Failures are kUnavailable (broken, reset, refused) or kDeadlineExceeded;
// their messages are fragments ("connection reset by peer") that callers put in context.
// One owner, one thread at a time.
#ifndef SPOTRUN_HTTP_BYTE_STREAM_H_
#define SPOTRUN_HTTP_BYTE_STREAM_H_

#include <chrono>
#include <cstddef>
#include <string_view>

#include "base/result.h"
#include "base/status.h"

namespace spotrun {

using SteadyTime = std::chrono::steady_clock::time_point;

class ByteStream {
 public:
  virtual ~ByteStream() = default;
  // Reads between 1 and `size` bytes into `buffer`, waiting for at least one; 0 means the
  // peer closed its side (cleanly).
  virtual Result<size_t> Read(char* buffer, size_t size, SteadyTime deadline) = 0;
  // Writes all of `data`.
  virtual Status Write(std::string_view data, SteadyTime deadline) = 0;
  // True when the stream, idle between requests, has something to read or was closed or
  // reset by the peer: an idle HTTP/1.1 connection that is readable cannot be reused.
  virtual bool ReadableWhileIdle() = 0;
};

}  // namespace spotrun

#endif  // SPOTRUN_HTTP_BYTE_STREAM_H_
