#include "aws/retry_strategy.h"

#include <algorithm>
#include <cmath>

#include "aws/aws_error.h"

namespace spotrun {

RetryStrategy::RetryStrategy(RetryOptions options, RandomSource random)
    : options_(options),
      random_(random ? std::move(random) : SystemRandomSource()),
      quota_(options.initial_quota) {}

bool RetryStrategy::IsTransportError(const Status& error) {
  return error.http_status() == 0 && error.code().empty() &&
         (error.kind() == ErrorKind::kUnavailable || error.kind() == ErrorKind::kDeadlineExceeded);
}

bool RetryStrategy::IsRetryable(const Status& error) {
  if (error.ok()) return false;
  if (IsTransportError(error)) return true;
  if (error.http_status() == 0 && error.code().empty()) return false;  // not from the service
  return IsRetryableAwsError(error.code(), error.http_status());
}

Duration RetryStrategy::Backoff(int failed_attempt) {
  // botocore ExponentialBackoff.delay_amount: min(rand(0, 1) * 2 ** (attempt - 1), 20).
  double scale = std::ldexp(random_(), failed_attempt - 1);
  auto delay = std::chrono::duration<double>(options_.base_delay) * scale;
  auto cap = std::chrono::duration<double>(options_.max_backoff);
  return std::chrono::duration_cast<Duration>(std::min(delay, cap));
}

RetryStrategy::Decision RetryStrategy::OnFailure(const Status& error, CallState& call) {
  if (!IsRetryable(error)) return {.reason = "not retryable"};
  if (call.attempt >= options_.max_attempts) return {.reason = "max attempts reached"};
  int cost = IsTransportError(error) ? options_.timeout_retry_cost : options_.retry_cost;
  std::lock_guard lock(mu_);
  if (cost > quota_) return {.reason = "retry quota exhausted"};
  quota_ -= cost;
  call.quota_held = cost;
  Duration delay = Backoff(call.attempt);
  ++call.attempt;
  return {.retry = true, .delay = delay, .reason = {}};
}

void RetryStrategy::OnSuccess(const CallState& call) {
  int refund = call.quota_held > 0 ? call.quota_held : options_.no_retry_increment;
  std::lock_guard lock(mu_);
  quota_ = std::min(options_.initial_quota, quota_ + refund);
}

int RetryStrategy::available_quota() const {
  std::lock_guard lock(mu_);
  return quota_;
}

}  // namespace spotrun
