// HttpResponseReader: reads one HTTP/1.x response from a ByteStream: the status line, the
// headers (obsolete line folding joined), then the body as the response delimits it —
// Content-Length, chunked (trailers appended to the headers), or until the server closes —
// with no body for HEAD, 1xx, 204 and 304. Interim 1xx responses (100 Continue) are skipped.
// Content codings are not decoded (the client never asks for any). One reader per response;
// it borrows the stream, which must outlive it. Not thread-safe.
#ifndef SPOTRUN_HTTP_HTTP_RESPONSE_READER_H_
#define SPOTRUN_HTTP_HTTP_RESPONSE_READER_H_

#include <string>
#include <string_view>

#include "base/result.h"
#include "http/byte_stream.h"
#include "http/http_types.h"

namespace spotrun {

class HttpResponseReader {
 public:
  HttpResponseReader(ByteStream& stream, SteadyTime deadline)
      : stream_(stream), deadline_(deadline) {}

  // Reads the response to a request made with `method`. Errors: kUnavailable when the
  // stream breaks, ends early or carries something that is not HTTP/1.x (the message says
  // which); kDeadlineExceeded.
  Result<HttpResponse> Read(std::string_view method);

  // Whether any byte of the response arrived, also after a failure: a request whose
  // connection broke before then never got an answer.
  bool received_any() const { return received_any_; }
  // Whether the stream may carry another request: an HTTP/1.1 response without
  // "Connection: close" (1.0: with "Connection: keep-alive"), whose body was delimited
  // and read whole, with nothing after it.
  bool reusable() const { return reusable_; }

 private:
  Status Fill();  // appends what the stream has to buffer_; an early end is an error
  Result<std::string> ReadLine();
  Status ReadHead(HttpResponse& response, bool& keep_alive);
  Status ReadHeaderLines(HttpHeaders& headers);
  Status ReadExactly(size_t size, std::string& out);
  Status ReadChunked(HttpResponse& response);
  Status ReadUntilClose(std::string& out);

  ByteStream& stream_;
  SteadyTime deadline_;
  std::string buffer_;  // read from the stream, not yet consumed (from pos_)
  size_t pos_ = 0;
  bool received_any_ = false;
  bool reusable_ = false;
};

}  // namespace spotrun

#endif  // SPOTRUN_HTTP_HTTP_RESPONSE_READER_H_
