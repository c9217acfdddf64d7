// ScriptedHttpClient: an HttpClient fake for tests. Answers each Send with the next scripted
// outcome (a response, or a transport error as the real client reports it) and records every
// request it was given. An unscripted Send fails with kInternal so a test notices.
// Thread-safe (a mutex guards the script and the record).
#ifndef SPOTRUN_TESTING_SCRIPTED_HTTP_CLIENT_H_
#define SPOTRUN_TESTING_SCRIPTED_HTTP_CLIENT_H_

#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "http/http_client.h"

namespace spotrun::testing {

class ScriptedHttpClient final : public HttpClient {
 public:
  // Queues a response; returns *this so a script reads as one chain.
  ScriptedHttpClient& Respond(int status, std::string body, HttpHeaders headers = {});
  // Queues a transport failure (e.g. Status::Unavailable("connection reset")).
  ScriptedHttpClient& Fail(Status transport_error);

  Result<HttpResponse> Send(const HttpRequest& request) override;

  std::vector<HttpRequest> requests() const;
  size_t remaining() const;

 private:
  mutable std::mutex mu_;
  std::deque<Result<HttpResponse>> script_;
  std::vector<HttpRequest> requests_;
};

}  // namespace spotrun::testing

#endif  // SPOTRUN_TESTING_SCRIPTED_HTTP_CLIENT_H_
