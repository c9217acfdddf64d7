#include "testing/scripted_http_client.h"

namespace spotrun::testing {

ScriptedHttpClient& ScriptedHttpClient::Respond(int status, std::string body, HttpHeaders headers) {
  std::lock_guard lock(mu_);
  script_.emplace_back(
      HttpResponse{.status = status, .headers = std::move(headers), .body = std::move(body)});
  return *this;
}

ScriptedHttpClient& ScriptedHttpClient::Fail(Status transport_error) {
  std::lock_guard lock(mu_);
  script_.emplace_back(std::move(transport_error));
  return *this;
}

Result<HttpResponse> ScriptedHttpClient::Send(const HttpRequest& request) {
  std::lock_guard lock(mu_);
  requests_.push_back(request);
  if (script_.empty()) {
    return Status::Internal("ScriptedHttpClient: no scripted answer for " + request.method + " " +
                            request.url);
  }
  Result<HttpResponse> next = std::move(script_.front());
  script_.pop_front();
  return next;
}

std::vector<HttpRequest> ScriptedHttpClient::requests() const {
  std::lock_guard lock(mu_);
  return requests_;
}

size_t ScriptedHttpClient::remaining() const {
  std::lock_guard lock(mu_);
  return script_.size();
}

}  // namespace spotrun::testing
