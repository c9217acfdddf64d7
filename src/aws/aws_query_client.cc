#include "aws/aws_query_client.h"

#include <fmt/format.h>

#include <utility>

#include "aws/aws_error.h"
#include "aws/sigv4.h"
#include "base/log.h"

namespace spotrun {
namespace {

constexpr std::string_view kContentType = "application/x-www-form-urlencoded; charset=utf-8";

// The Query protocol POSTs to "/": add it to an endpoint given as scheme://host[:port].
std::string EndpointUrl(std::string_view endpoint) {
  size_t scheme = endpoint.find("://");
  size_t authority = scheme == std::string_view::npos ? 0 : scheme + 3;
  std::string url(endpoint);
  if (endpoint.find('/', authority) == std::string_view::npos) url.push_back('/');
  return url;
}

}  // namespace

AwsQueryClient::AwsQueryClient(Options options)
    : options_(std::move(options)),
      url_(EndpointUrl(options_.endpoint)),
      retry_(options_.retry, options_.random) {}

HttpRequest AwsQueryClient::BuildRequest(const std::string& body, int attempt) const {
  HttpRequest request;
  request.method = "POST";
  request.url = url_;
  request.body = body;
  request.headers = {
      {"Content-Type", std::string(kContentType)},
      {"User-Agent", "spotrun/" SPOTRUN_VERSION},
      // What botocore sends, so a server's logs can tell retries from new calls.
      {"amz-sdk-request", fmt::format("attempt={}; max={}", attempt, options_.retry.max_attempts)},
  };
  request.connect_timeout = options_.connect_timeout;
  request.total_timeout = options_.total_timeout;
  return request;
}

void AwsQueryClient::Report(const QueryAttempt& attempt) const {
  if (attempt.error == nullptr) {
    LogDebug("{} {} attempt {}/{}: HTTP {} request id {}", options_.service, attempt.action,
             attempt.attempt, attempt.max_attempts, attempt.http_status,
             attempt.request_id.empty() ? "-" : attempt.request_id);
  } else {
    LogDebug("{} {} attempt {}/{}: {} (HTTP {}, request id {}){}", options_.service, attempt.action,
             attempt.attempt, attempt.max_attempts,
             attempt.error->code().empty() ? attempt.error->message() : attempt.error->code(),
             attempt.http_status, attempt.request_id.empty() ? "-" : attempt.request_id,
             attempt.will_retry
                 ? fmt::format(
                       "; retrying in {} ms",
                       std::chrono::duration_cast<std::chrono::milliseconds>(attempt.delay).count())
                 : std::string());
  }
  if (options_.on_attempt) options_.on_attempt(attempt);
}

Result<HttpResponse> AwsQueryClient::SendSigned(const std::string& body,
                                                const Credentials& credentials, int attempt) {
  HttpRequest request = BuildRequest(body, attempt);
  SigV4Options signing;
  signing.region = options_.region;
  signing.service = options_.service;
  signing.time = options_.clock->Now();  // each attempt is signed anew
  SignRequest(request, credentials, signing);
  return options_.http->Send(request);
}

Status AwsQueryClient::ErrorOf(const Result<HttpResponse>& response) const {
  if (!response.ok()) {
    const Status& error = response.status();
    if (!error.hint().empty()) return error;
    return error.WithHint(fmt::format(
        "could not reach {}: check the network connection and the endpoint (--endpoint, "
        "AWS_ENDPOINT_URL)",
        options_.endpoint));
  }
  if (response->status >= 200 && response->status < 300) return Status::Ok();
  return ParseAwsError(*response);
}

Result<std::string> AwsQueryClient::Call(std::string_view action, const QueryParams& params) {
  // Encoded once: every attempt carries exactly the same parameters (and ClientToken).
  QueryParams all = params;
  all.Set("Action", action);
  all.Set("Version", options_.api_version);
  const std::string body = all.Encode();

  RetryStrategy::CallState call;
  while (true) {
    SPOTRUN_ASSIGN_OR_RETURN(Credentials credentials, options_.credentials->Get());
    Result<HttpResponse> response = SendSigned(body, credentials, call.attempt);
    Status error = ErrorOf(response);
    QueryAttempt attempt;
    attempt.action = action;
    attempt.attempt = call.attempt;
    attempt.max_attempts = options_.retry.max_attempts;
    attempt.http_status = response.ok() ? response->status : 0;
    if (error.ok()) {
      std::string request_id = response->Header("x-amzn-RequestId").value_or("");
      attempt.request_id = request_id;
      retry_.OnSuccess(call);
      Report(attempt);
      return std::move(response->body);
    }
    attempt.request_id = error.request_id();
    attempt.error = &error;
    RetryStrategy::Decision decision = retry_.OnFailure(error, call);
    attempt.will_retry = decision.retry;
    attempt.delay = decision.delay;
    Report(attempt);
    if (!decision.retry) {
      if (RetryStrategy::IsRetryable(error)) {
        LogDebug("{} {}: not retrying: {}", options_.service, action, decision.reason);
      }
      return error;
    }
    options_.clock->Sleep(decision.delay);
  }
}

}  // namespace spotrun
