// HttpClient: sends one request and returns the response. A response with any status code
// (including 4xx/5xx) is a successful Result; only transport failures (refused, reset,
// timed out, DNS, TLS) are errors, with kind kUnavailable (kDeadlineExceeded for timeouts),
// so the AWS layer's retry policy can tell them apart. Implementations document their
// thread-safety; tests use small fakes that record what was sent.
#ifndef SPOTRUN_HTTP_HTTP_CLIENT_H_
#define SPOTRUN_HTTP_HTTP_CLIENT_H_

#include "base/result.h"
#include "http/http_types.h"

namespace spotrun {

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  virtual Result<HttpResponse> Send(const HttpRequest& request) = 0;
};

}  // namespace spotrun

#endif  // SPOTRUN_HTTP_HTTP_CLIENT_H_
