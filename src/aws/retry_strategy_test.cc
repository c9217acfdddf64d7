#include "aws/retry_strategy.h"

#include <gtest/gtest.h>

#include "aws/aws_error.h"

namespace spotrun {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

RetryOptions WithMaxAttempts(int n) {
  RetryOptions options;
  options.max_attempts = n;
  return options;
}

RetryOptions WithQuota(int quota) {
  RetryOptions options;
  options.initial_quota = quota;
  return options;
}

RandomSource Fixed(double value) {
  return [value] { return value; };
}

Status Throttled() {
  return Status::Aws(ErrorKind::kUnavailable, "RequestLimitExceeded", "Request limit exceeded.",
                     "r", 503);
}

TEST(RetryStrategyTest, DelaysDoubleWithJitterUpToTheCap) {
  RetryStrategy strategy(WithMaxAttempts(10), Fixed(0.5));
  RetryStrategy::CallState call;
  std::vector<Duration> delays;
  for (int i = 0; i < 9; ++i) {
    RetryStrategy::Decision d = strategy.OnFailure(Throttled(), call);
    ASSERT_TRUE(d.retry) << i;
    delays.push_back(d.delay);
  }
  // 0.5 * 2^(i-1) seconds: 0.5, 1, 2, 4, 8, 16, then capped at 20.
  EXPECT_EQ(delays[0], milliseconds(500));
  EXPECT_EQ(delays[1], seconds(1));
  EXPECT_EQ(delays[2], seconds(2));
  EXPECT_EQ(delays[3], seconds(4));
  EXPECT_EQ(delays[4], seconds(8));
  EXPECT_EQ(delays[5], seconds(16));
  EXPECT_EQ(delays[6], seconds(20));
  EXPECT_EQ(delays[8], seconds(20));
  EXPECT_EQ(call.attempt, 10);
}

TEST(RetryStrategyTest, FirstDelayIsJustTheRandomFraction) {
  RetryStrategy strategy({}, Fixed(0.25));
  RetryStrategy::CallState call;
  EXPECT_EQ(strategy.OnFailure(Throttled(), call).delay, milliseconds(250));
  EXPECT_EQ(strategy.OnFailure(Throttled(), call).delay, milliseconds(500));
}

TEST(RetryStrategyTest, ZeroRandomRetriesAtOnce) {
  RetryStrategy strategy({}, Fixed(0.0));
  RetryStrategy::CallState call;
  RetryStrategy::Decision d = strategy.OnFailure(Throttled(), call);
  EXPECT_TRUE(d.retry);
  EXPECT_EQ(d.delay, Duration::zero());
}

TEST(RetryStrategyTest, BaseDelayAndCapAreConfigurable) {
  RetryOptions options = WithMaxAttempts(5);
  options.base_delay = milliseconds(100);
  RetryOptions no_wait = options;
  no_wait.max_backoff = seconds(0);
  RetryStrategy strategy(no_wait, Fixed(0.5));
  RetryStrategy::CallState call;
  EXPECT_EQ(strategy.OnFailure(Throttled(), call).delay, Duration::zero());

  RetryStrategy small(options, Fixed(0.5));
  RetryStrategy::CallState call2;
  EXPECT_EQ(small.OnFailure(Throttled(), call2).delay, milliseconds(50));
  EXPECT_EQ(small.OnFailure(Throttled(), call2).delay, milliseconds(100));
}

TEST(RetryStrategyTest, StopsAtMaxAttempts) {
  RetryStrategy strategy({}, Fixed(0.5));
  RetryStrategy::CallState call;
  EXPECT_TRUE(strategy.OnFailure(Throttled(), call).retry);           // after attempt 1
  EXPECT_TRUE(strategy.OnFailure(Throttled(), call).retry);           // after attempt 2
  RetryStrategy::Decision d = strategy.OnFailure(Throttled(), call);  // after attempt 3
  EXPECT_FALSE(d.retry);
  EXPECT_EQ(d.reason, "max attempts reached");
  EXPECT_EQ(call.attempt, 3);
}

TEST(RetryStrategyTest, OneAttemptTurnsRetriesOff) {
  RetryStrategy strategy(WithMaxAttempts(1), Fixed(0.5));
  RetryStrategy::CallState call;
  EXPECT_FALSE(strategy.OnFailure(Throttled(), call).retry);
  EXPECT_EQ(strategy.available_quota(), 500);
}

TEST(RetryStrategyTest, WhichErrorsRetry) {
  auto aws = [](std::string_view code, int status) {
    return Status::Aws(ClassifyAwsError(code, status), code, "m", "r", status);
  };
  EXPECT_TRUE(RetryStrategy::IsRetryable(aws("RequestLimitExceeded", 503)));
  EXPECT_TRUE(RetryStrategy::IsRetryable(aws("Throttling", 400)));
  EXPECT_TRUE(RetryStrategy::IsRetryable(aws("RequestTimeout", 400)));
  EXPECT_TRUE(RetryStrategy::IsRetryable(aws("InternalError", 500)));
  EXPECT_TRUE(RetryStrategy::IsRetryable(aws("", 502)));
  EXPECT_TRUE(RetryStrategy::IsRetryable(aws("", 504)));
  EXPECT_TRUE(RetryStrategy::IsRetryable(aws("", 429)));
  EXPECT_TRUE(RetryStrategy::IsRetryable(Status::Unavailable("connection reset by peer")));
  EXPECT_TRUE(RetryStrategy::IsRetryable(Status::DeadlineExceeded("timed out")));

  EXPECT_FALSE(RetryStrategy::IsRetryable(aws("InvalidParameterValue", 400)));
  EXPECT_FALSE(RetryStrategy::IsRetryable(aws("InvalidInstanceID.NotFound", 400)));
  EXPECT_FALSE(RetryStrategy::IsRetryable(aws("AuthFailure", 401)));
  EXPECT_FALSE(RetryStrategy::IsRetryable(aws("DryRunOperation", 412)));
  EXPECT_FALSE(RetryStrategy::IsRetryable(aws("", 400)));
  EXPECT_FALSE(RetryStrategy::IsRetryable(aws("", 501)));
  EXPECT_FALSE(RetryStrategy::IsRetryable(Status::NotFound("no credentials")));
  EXPECT_FALSE(RetryStrategy::IsRetryable(Status::Internal("bug")));
  EXPECT_FALSE(RetryStrategy::IsRetryable(Status::Ok()));
}

TEST(RetryStrategyTest, NonRetryableErrorTakesNoQuota) {
  RetryStrategy strategy({}, Fixed(0.5));
  RetryStrategy::CallState call;
  RetryStrategy::Decision d = strategy.OnFailure(
      Status::Aws(ErrorKind::kRefused, "InvalidParameterValue", "bad", "r", 400), call);
  EXPECT_FALSE(d.retry);
  EXPECT_EQ(d.reason, "not retryable");
  EXPECT_EQ(strategy.available_quota(), 500);
  EXPECT_EQ(call.attempt, 1);
}

TEST(RetryStrategyTest, RetryCostsFiveAndTransportErrorsTen) {
  RetryStrategy strategy({}, Fixed(0.5));
  RetryStrategy::CallState a;
  ASSERT_TRUE(strategy.OnFailure(Throttled(), a).retry);
  EXPECT_EQ(strategy.available_quota(), 495);
  RetryStrategy::CallState b;
  ASSERT_TRUE(strategy.OnFailure(Status::Unavailable("connection refused"), b).retry);
  EXPECT_EQ(strategy.available_quota(), 485);
  RetryStrategy::CallState c;
  ASSERT_TRUE(strategy.OnFailure(Status::DeadlineExceeded("read timed out"), c).retry);
  EXPECT_EQ(strategy.available_quota(), 475);
}

TEST(RetryStrategyTest, SuccessRefundsTheLastRetryCost) {
  RetryStrategy strategy({}, Fixed(0.5));
  RetryStrategy::CallState call;
  ASSERT_TRUE(strategy.OnFailure(Status::Unavailable("reset"), call).retry);  // -10
  ASSERT_TRUE(strategy.OnFailure(Throttled(), call).retry);                   // -5
  EXPECT_EQ(strategy.available_quota(), 485);
  strategy.OnSuccess(call);  // refunds the last acquisition only, as botocore does
  EXPECT_EQ(strategy.available_quota(), 490);
}

TEST(RetryStrategyTest, SuccessWithoutRetryRefundsOneUpToTheInitialQuota) {
  RetryStrategy strategy({}, Fixed(0.5));
  strategy.OnSuccess({});
  EXPECT_EQ(strategy.available_quota(), 500);  // never above the initial capacity
  RetryStrategy::CallState call;
  ASSERT_TRUE(strategy.OnFailure(Throttled(), call).retry);
  strategy.OnSuccess({});
  strategy.OnSuccess({});
  EXPECT_EQ(strategy.available_quota(), 497);
}

TEST(RetryStrategyTest, ExhaustedQuotaStopsRetries) {
  RetryStrategy strategy(WithQuota(12), Fixed(0.5));
  RetryStrategy::CallState a, b, c;
  EXPECT_TRUE(strategy.OnFailure(Throttled(), a).retry);  // 7 left
  EXPECT_TRUE(strategy.OnFailure(Throttled(), b).retry);  // 2 left
  RetryStrategy::Decision d = strategy.OnFailure(Throttled(), c);
  EXPECT_FALSE(d.retry);
  EXPECT_EQ(d.reason, "retry quota exhausted");
  EXPECT_EQ(strategy.available_quota(), 2);
  EXPECT_EQ(c.attempt, 1);
  strategy.OnSuccess(a);  // a refund lets retries resume
  EXPECT_TRUE(strategy.OnFailure(Throttled(), c).retry);
}

TEST(RetryStrategyTest, TransportRetryNeedsTheLargerCost) {
  RetryStrategy strategy(WithQuota(8), Fixed(0.5));
  RetryStrategy::CallState call;
  EXPECT_FALSE(strategy.OnFailure(Status::DeadlineExceeded("timeout"), call).retry);
  EXPECT_TRUE(strategy.OnFailure(Throttled(), call).retry);
}

}  // namespace
}  // namespace spotrun
