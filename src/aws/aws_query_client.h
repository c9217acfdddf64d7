// AwsQueryClient: the real QueryTransport. Sends an AWS Query-protocol action (EC2, ELBv2)
// as a SigV4-signed form POST and retries what the SDKs' standard mode retries, sleeping on
// the injected Clock. Borrows its credentials provider, HTTP client and clock (they must
// outlive it); owns its RetryStrategy. Thread-safe when the borrowed objects are.
//
// Retries and idempotency: every attempt sends the very same parameters (re-signed with the
// time of that attempt). A caller that sets ClientToken (see aws/client_token.h) therefore
// sends one token on all attempts, and EC2 acts at most once for it — which is what makes
// retrying a launch safe when the first response was lost after EC2 had acted.
//
// Dry runs: with DryRun=true, a permitted call fails with the code DryRunOperation; callers
// test IsDryRunOperation(result.status()) (aws/aws_error.h).
#ifndef SPOTRUN_AWS_AWS_QUERY_CLIENT_H_
#define SPOTRUN_AWS_AWS_QUERY_CLIENT_H_

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "aws/credentials.h"
#include "aws/query_transport.h"
#include "aws/random_source.h"
#include "aws/retry_strategy.h"
#include "base/clock.h"
#include "http/http_client.h"

namespace spotrun {

// One attempt's outcome, reported to Options::on_attempt (never holds secrets or params).
struct QueryAttempt {
  std::string_view action;
  int attempt = 1;       // 1-based
  int max_attempts = 1;  // RetryOptions::max_attempts
  int http_status = 0;   // 0 after a transport failure
  std::string_view request_id;
  const Status* error = nullptr;  // null on success
  bool will_retry = false;
  Duration delay{0};  // before the next attempt, when will_retry
};

class AwsQueryClient final : public QueryTransport {
 public:
  struct Options {
    std::string service;      // SigV4 signing name: "ec2", "elasticloadbalancing"
    std::string endpoint;     // "https://ec2.us-east-1.amazonaws.com"; path "/" when none
    std::string region;       // "us-east-1"
    std::string api_version;  // EC2 "2016-11-15", ELBv2 "2015-12-01"
    CredentialsProvider* credentials = nullptr;  // required; asked before every attempt
    HttpClient* http = nullptr;                  // required
    Clock* clock = nullptr;                      // required: signing time and backoff sleeps
    RetryOptions retry;                          // default: botocore's standard mode
    RandomSource random;                         // backoff jitter; null: system
    // Per attempt; zero means the HttpClient's default.
    std::chrono::milliseconds connect_timeout{0};
    std::chrono::milliseconds total_timeout{0};
    // Called after every attempt (progress output, tests); may be empty.
    std::function<void(const QueryAttempt&)> on_attempt;
  };

  explicit AwsQueryClient(Options options);

  // POSTs Action, Version and `params`; the body of the 2xx response, or the parsed AWS
  // error (aws/aws_error.h) of the last attempt, or the credentials provider's error.
  Result<std::string> Call(std::string_view action, const QueryParams& params) override;

  const Options& options() const { return options_; }
  const RetryStrategy& retry_strategy() const { return retry_; }

 private:
  // The unsigned request of one attempt (the form body is the same on every attempt).
  HttpRequest BuildRequest(const std::string& body, int attempt) const;
  Result<HttpResponse> SendSigned(const std::string& body, const Credentials& credentials,
                                  int attempt);
  // Ok for a 2xx; otherwise the parsed AWS error or the transport error with a hint.
  Status ErrorOf(const Result<HttpResponse>& response) const;
  void Report(const QueryAttempt& attempt) const;

  Options options_;
  std::string url_;  // the endpoint with path "/" when it has none
  RetryStrategy retry_;
};

}  // namespace spotrun

#endif  // SPOTRUN_AWS_AWS_QUERY_CLIENT_H_
