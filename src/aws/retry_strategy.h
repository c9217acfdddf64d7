// RetryStrategy: the AWS SDKs' "standard" retry mode, as botocore implements it in
// botocore/retries/standard.py and quota.py: at most 3 attempts, truncated binary exponential
// backoff with full jitter, and a retry quota shared by every call through one client so a
// struggling service is not hammered. Randomness is injected; time is not needed here (the
// caller sleeps the returned delay on its Clock). Thread-safe: a mutex guards the quota and
// the random source, so one strategy may serve concurrent calls.
#ifndef SPOTRUN_AWS_RETRY_STRATEGY_H_
#define SPOTRUN_AWS_RETRY_STRATEGY_H_

#include <chrono>
#include <mutex>
#include <string_view>

#include "aws/random_source.h"
#include "base/clock.h"
#include "base/status.h"

namespace spotrun {

// Defaults are botocore's standard-mode constants.
struct RetryOptions {
  // Attempts in all, the first included (standard.DEFAULT_MAX_ATTEMPTS). 1 turns retries off.
  int max_attempts = 3;
  // Delay before retry i (1-based) is random * 2^(i-1) * base_delay, at most max_backoff
  // (ExponentialBackoff: _BASE = 2 with a one-second unit, _MAX_BACKOFF = 20).
  Duration base_delay = std::chrono::seconds(1);
  Duration max_backoff = std::chrono::seconds(20);
  // The retry quota (quota.RetryQuota.INITIAL_CAPACITY = 500; RetryQuotaChecker._RETRY_COST
  // = 5, _TIMEOUT_RETRY_REQUEST = 10, _NO_RETRY_INCREMENT = 1).
  int initial_quota = 500;
  int retry_cost = 5;
  int timeout_retry_cost = 10;  // for a retry after a transport error (timeout, connection)
  int no_retry_increment = 1;   // refunded by a call that succeeded at its first attempt
};

class RetryStrategy {
 public:
  // One call's bookkeeping, owned by the caller for the length of the call.
  struct CallState {
    int attempt = 1;     // 1-based number of the attempt being made
    int quota_held = 0;  // what the last retry took from the quota; refunded on success
  };

  struct Decision {
    bool retry = false;
    Duration delay{0};        // to sleep before the next attempt
    std::string_view reason;  // why not, when !retry: for logs
  };

  // A null `random` means SystemRandomSource().
  explicit RetryStrategy(RetryOptions options = {}, RandomSource random = nullptr);

  // Whether `error` may succeed when the same request is sent again: throttling and transient
  // AWS error codes, HTTP 500/502/503/504 (botocore) and 429 (a throttle by status, as the
  // JavaScript SDK v3 treats it), and transport failures (kUnavailable or kDeadlineExceeded
  // without an HTTP status). Never other client (4xx) errors.
  static bool IsRetryable(const Status& error);
  // A transport failure (no HTTP response at all): its retry costs timeout_retry_cost.
  static bool IsTransportError(const Status& error);

  // After attempt `call.attempt` failed with `error`: retry (taking quota, advancing
  // call.attempt) with a delay, or give up with a reason.
  Decision OnFailure(const Status& error, CallState& call);
  // After a 2xx: refunds the quota the call's last retry took, or no_retry_increment if it
  // needed none, never above initial_quota.
  void OnSuccess(const CallState& call);

  int available_quota() const;
  const RetryOptions& options() const { return options_; }

 private:
  Duration Backoff(int failed_attempt);  // callers hold mu_

  const RetryOptions options_;
  mutable std::mutex mu_;
  RandomSource random_;
  int quota_;
};

}  // namespace spotrun

#endif  // SPOTRUN_AWS_RETRY_STRATEGY_H_
