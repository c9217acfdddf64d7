// LoopbackHttpClient: a minimal HttpClient over cpp-httplib for tests that talk to a server
// on 127.0.0.1 through real sockets (plain http only, one connection per request). It stands
// in until the http layer's CurlHttpClient lands; then tests should use that instead.
// Thread-safe (no shared state).
#ifndef SPOTRUN_TESTING_LOOPBACK_HTTP_CLIENT_H_
#define SPOTRUN_TESTING_LOOPBACK_HTTP_CLIENT_H_

#include "http/http_client.h"

namespace spotrun::testing {

class LoopbackHttpClient final : public HttpClient {
 public:
  // Every transport failure is kUnavailable (httplib does not tell timeouts apart reliably).
  Result<HttpResponse> Send(const HttpRequest& request) override;
};

}  // namespace spotrun::testing

#endif  // SPOTRUN_TESTING_LOOPBACK_HTTP_CLIENT_H_
