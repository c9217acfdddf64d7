// InProcessHttpClient: an HttpClient that hands each request to a function in the same
// process — a test server's Handle(), or a lambda that fails like a dead network — and
// records what was sent. Deterministic: no sockets, no threads. Thread-safe.
#ifndef SPOTRUN_TESTING_IN_PROCESS_HTTP_CLIENT_H_
#define SPOTRUN_TESTING_IN_PROCESS_HTTP_CLIENT_H_

#include <functional>
#include <mutex>
#include <utility>
#include <vector>

#include "http/http_client.h"

namespace spotrun::testing {

class InProcessHttpClient final : public HttpClient {
 public:
  using Handler = std::function<Result<HttpResponse>(const HttpRequest&)>;
  explicit InProcessHttpClient(Handler handler) : handler_(std::move(handler)) {}

  Result<HttpResponse> Send(const HttpRequest& request) override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      requests_.push_back(request);
    }
    return handler_(request);
  }

  std::vector<HttpRequest> requests() const {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_;
  }

 private:
  Handler handler_;
  mutable std::mutex mu_;
  std::vector<HttpRequest> requests_;
};

}  // namespace spotrun::testing

#endif  // SPOTRUN_TESTING_IN_PROCESS_HTTP_CLIENT_H_
