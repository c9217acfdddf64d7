#include "aws/aws_query_client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "aws/aws_error.h"
#include "aws/client_token.h"
#include "base/log.h"
#include "testing/scripted_http_client.h"

namespace spotrun {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::ScriptedHttpClient;

constexpr char kThrottled[] =
    "<Response><Errors><Error><Code>RequestLimitExceeded</Code>"
    "<Message>Request limit exceeded.</Message></Error></Errors>"
    "<RequestID>req-throttled</RequestID></Response>";
constexpr char kInvalidParameter[] =
    "<Response><Errors><Error><Code>InvalidParameterValue</Code>"
    "<Message>Value (x) for parameter instanceType is invalid.</Message></Error></Errors>"
    "<RequestID>req-invalid</RequestID></Response>";
constexpr char kRunInstancesResponse[] =
    "<RunInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
    "<requestId>req-ok</requestId><reservationId>r-1</reservationId></RunInstancesResponse>";

class FailingCredentialsProvider final : public CredentialsProvider {
 public:
  Result<Credentials> Get() override {
    return Status::NotFound("no AWS credentials found", "set AWS_PROFILE or run `aws configure`");
  }
};

class AwsQueryClientTest : public ::testing::Test {
 protected:
  AwsQueryClientTest()
      : credentials_(Credentials{.access_key_id = "AKIDEXAMPLE",
                                 .secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                 .session_token = "",
                                 .expiration = std::nullopt,
                                 .source = "test"}) {}

  AwsQueryClient::Options Ec2Options(double random = 0.5) {
    AwsQueryClient::Options o;
    o.service = "ec2";
    o.endpoint = "http://127.0.0.1:4566";
    o.region = "us-east-1";
    o.api_version = "2016-11-15";
    o.credentials = &credentials_;
    o.http = &http_;
    o.clock = &clock_;
    o.random = [random] { return random; };
    return o;
  }

  static QueryParams RunInstancesParams() {
    QueryParams p;
    p.Set("ImageId", "ami-0abcdef1234567890");
    p.Set("InstanceType", "t3.micro");
    p.SetInt("MinCount", 1);
    p.SetInt("MaxCount", 1);
    p.Set("ClientToken", NewClientToken([] { return 0.3; }));
    return p;
  }

  // Every attempt must have carried exactly the same parameters.
  void ExpectSameBodyOnEveryAttempt() {
    std::vector<HttpRequest> requests = http_.requests();
    ASSERT_FALSE(requests.empty());
    for (const HttpRequest& r : requests) {
      EXPECT_EQ(r.body, requests[0].body);
      EXPECT_EQ(QueryParams::Decode(r.body).Get("ClientToken"), NewClientToken([] { return 0.3; }));
    }
  }

  StaticCredentialsProvider credentials_;
  ScriptedHttpClient http_;
  FakeClock clock_;
};

TEST_F(AwsQueryClientTest, PostsTheSignedFormToTheEndpointRoot) {
  http_.Respond(200, kRunInstancesResponse);
  AwsQueryClient client(Ec2Options());
  QueryParams params;
  params.SetList("InstanceId", {"i-1", "i-2"});
  params.AddFilter("tag:Name", {"a b"});

  Result<std::string> body = client.Call("DescribeInstances", params);

  ASSERT_TRUE(body.ok()) << body.status().ToString();
  EXPECT_EQ(*body, kRunInstancesResponse);
  std::vector<HttpRequest> requests = http_.requests();
  ASSERT_EQ(requests.size(), 1u);
  const HttpRequest& r = requests[0];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.url, "http://127.0.0.1:4566/");
  EXPECT_EQ(r.body,
            "Action=DescribeInstances&Filter.1.Name=tag%3AName&Filter.1.Value.1=a%20b&"
            "InstanceId.1=i-1&InstanceId.2=i-2&Version=2016-11-15");
  EXPECT_EQ(FindHeader(r.headers, "content-type"),
            "application/x-www-form-urlencoded; charset=utf-8");
  EXPECT_EQ(FindHeader(r.headers, "X-Amz-Date"), "20260101T000000Z");
  std::optional<std::string> authorization = FindHeader(r.headers, "Authorization");
  ASSERT_TRUE(authorization.has_value());
  EXPECT_THAT(*authorization, HasSubstr("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/"
                                        "us-east-1/ec2/aws4_request"));
  EXPECT_EQ(FindHeader(r.headers, "X-Amz-Security-Token"), std::nullopt);
  EXPECT_EQ(FindHeader(r.headers, "amz-sdk-request"), "attempt=1; max=3");
  EXPECT_THAT(FindHeader(r.headers, "User-Agent").value_or(""), HasSubstr("spotrun/"));
  EXPECT_EQ(clock_.sleep_calls(), 0);
}

TEST_F(AwsQueryClientTest, EndpointPathAndCallerActionAreKept) {
  http_.Respond(200, "<ok/>");
  AwsQueryClient::Options o = Ec2Options();
  o.endpoint = "https://elasticloadbalancing.us-east-1.amazonaws.com/";
  o.service = "elasticloadbalancing";
  o.api_version = "2015-12-01";
  AwsQueryClient client(o);
  QueryParams params;
  params.Set("Version", "1999-01-01");  // the transport owns Action and Version
  ASSERT_TRUE(client.Call("DescribeTargetGroups", params).ok());
  HttpRequest r = http_.requests().at(0);
  EXPECT_EQ(r.url, "https://elasticloadbalancing.us-east-1.amazonaws.com/");
  EXPECT_EQ(r.body, "Action=DescribeTargetGroups&Version=2015-12-01");
  EXPECT_THAT(FindHeader(r.headers, "Authorization").value_or(""),
              HasSubstr("/us-east-1/elasticloadbalancing/aws4_request"));
}

TEST_F(AwsQueryClientTest, SessionTokenIsSent) {
  StaticCredentialsProvider temporary(Credentials{.access_key_id = "ASIAEXAMPLE",
                                                  .secret_access_key = "secret",
                                                  .session_token = "session-token-value",
                                                  .expiration = std::nullopt,
                                                  .source = "test"});
  AwsQueryClient::Options o = Ec2Options();
  o.credentials = &temporary;
  http_.Respond(200, "<ok/>");
  AwsQueryClient client(o);
  ASSERT_TRUE(client.Call("DescribeRegions", {}).ok());
  EXPECT_EQ(FindHeader(http_.requests().at(0).headers, "X-Amz-Security-Token"),
            "session-token-value");
}

TEST_F(AwsQueryClientTest, RetriesThrottlingWithBackoffAndTheSameClientToken) {
  http_.Respond(503, kThrottled).Respond(503, kThrottled).Respond(200, kRunInstancesResponse);
  AwsQueryClient::Options o = Ec2Options(0.5);
  o.retry.base_delay = seconds(4);  // delays 2 s and 4 s: each attempt signs a new second
  AwsQueryClient client(o);

  Result<std::string> body = client.Call("RunInstances", RunInstancesParams());

  ASSERT_TRUE(body.ok()) << body.status().ToString();
  EXPECT_EQ(*body, kRunInstancesResponse);
  std::vector<HttpRequest> requests = http_.requests();
  ASSERT_EQ(requests.size(), 3u);
  ExpectSameBodyOnEveryAttempt();
  EXPECT_EQ(clock_.sleep_calls(), 2);
  EXPECT_EQ(clock_.total_slept(), seconds(6));
  EXPECT_EQ(FindHeader(requests[0].headers, "X-Amz-Date"), "20260101T000000Z");
  EXPECT_EQ(FindHeader(requests[1].headers, "X-Amz-Date"), "20260101T000002Z");
  EXPECT_EQ(FindHeader(requests[2].headers, "X-Amz-Date"), "20260101T000006Z");
  EXPECT_EQ(FindHeader(requests[2].headers, "amz-sdk-request"), "attempt=3; max=3");
  EXPECT_NE(FindHeader(requests[0].headers, "Authorization"),
            FindHeader(requests[2].headers, "Authorization"));
  // Two retries took 5 each; the success refunded the last one.
  EXPECT_EQ(client.retry_strategy().available_quota(), 495);
}

TEST_F(AwsQueryClientTest, Retries503And429WithoutErrorDocuments) {
  http_.Respond(503, "").Respond(429, "slow down").Respond(200, kRunInstancesResponse);
  AwsQueryClient client(Ec2Options(0.5));
  ASSERT_TRUE(client.Call("RunInstances", RunInstancesParams()).ok());
  EXPECT_EQ(http_.requests().size(), 3u);
  ExpectSameBodyOnEveryAttempt();
  EXPECT_EQ(clock_.total_slept(), milliseconds(1500));
}

TEST_F(AwsQueryClientTest, RetriesTransportErrors) {
  http_.Fail(Status::Unavailable("POST http://127.0.0.1:4566/: connection reset by peer"))
      .Fail(Status::DeadlineExceeded("POST http://127.0.0.1:4566/: timed out"))
      .Respond(200, kRunInstancesResponse);
  AwsQueryClient client(Ec2Options(0.5));
  ASSERT_TRUE(client.Call("RunInstances", RunInstancesParams()).ok());
  EXPECT_EQ(http_.requests().size(), 3u);
  ExpectSameBodyOnEveryAttempt();
  EXPECT_EQ(clock_.total_slept(), milliseconds(1500));
  EXPECT_EQ(client.retry_strategy().available_quota(), 490);  // 10 + 10 taken, 10 refunded
}

TEST_F(AwsQueryClientTest, DoesNotRetryClientErrors) {
  http_.Respond(400, kInvalidParameter);
  AwsQueryClient client(Ec2Options());
  Result<std::string> body = client.Call("RunInstances", RunInstancesParams());
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(body.status().kind(), ErrorKind::kRefused);
  EXPECT_EQ(body.status().code(), "InvalidParameterValue");
  EXPECT_EQ(body.status().message(), "Value (x) for parameter instanceType is invalid.");
  EXPECT_EQ(body.status().request_id(), "req-invalid");
  EXPECT_EQ(body.status().http_status(), 400);
  EXPECT_EQ(http_.requests().size(), 1u);
  EXPECT_EQ(clock_.sleep_calls(), 0);
  EXPECT_EQ(client.retry_strategy().available_quota(), 500);
}

TEST_F(AwsQueryClientTest, DryRunOperationComesBackAtOnce) {
  http_.Respond(412,
                "<Response><Errors><Error><Code>DryRunOperation</Code><Message>Request would "
                "have succeeded, but DryRun flag is set.</Message></Error></Errors>"
                "<RequestID>d</RequestID></Response>");
  AwsQueryClient client(Ec2Options());
  QueryParams params = RunInstancesParams();
  params.SetBool("DryRun", true);
  Result<std::string> body = client.Call("RunInstances", params);
  ASSERT_FALSE(body.ok());
  EXPECT_TRUE(IsDryRunOperation(body.status()));
  EXPECT_EQ(http_.requests().size(), 1u);
}

TEST_F(AwsQueryClientTest, GivesUpAfterMaxAttemptsWithTheLastError) {
  http_.Respond(503, kThrottled).Respond(503, kThrottled).Respond(503, kThrottled);
  AwsQueryClient client(Ec2Options(0.5));
  Result<std::string> body = client.Call("RunInstances", RunInstancesParams());
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(body.status().kind(), ErrorKind::kUnavailable);
  EXPECT_EQ(body.status().code(), "RequestLimitExceeded");
  EXPECT_EQ(body.status().request_id(), "req-throttled");
  EXPECT_THAT(body.status().hint(), HasSubstr("throttling"));
  EXPECT_EQ(http_.requests().size(), 3u);
  EXPECT_EQ(clock_.total_slept(), milliseconds(1500));
  EXPECT_EQ(client.retry_strategy().available_quota(), 490);  // no refund for a failure
}

TEST_F(AwsQueryClientTest, MaxAttemptsIsConfigurable) {
  for (int i = 0; i < 5; ++i) http_.Respond(500, "");
  AwsQueryClient::Options o = Ec2Options(0.5);
  o.retry.max_attempts = 5;
  AwsQueryClient client(o);
  EXPECT_FALSE(client.Call("DescribeInstances", {}).ok());
  EXPECT_EQ(http_.requests().size(), 5u);
  EXPECT_EQ(clock_.total_slept(), milliseconds(500 + 1000 + 2000 + 4000));
}

TEST_F(AwsQueryClientTest, ExhaustedQuotaStopsRetrying) {
  AwsQueryClient::Options o = Ec2Options(0.5);
  o.retry.initial_quota = 5;
  AwsQueryClient client(o);
  http_.Respond(503, kThrottled).Respond(503, kThrottled);
  Result<std::string> body = client.Call("RunInstances", RunInstancesParams());
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(body.status().code(), "RequestLimitExceeded");
  EXPECT_EQ(http_.requests().size(), 2u);  // one retry took the whole quota
  EXPECT_EQ(client.retry_strategy().available_quota(), 0);

  http_.Respond(503, kThrottled);  // the next call may not retry at all
  EXPECT_FALSE(client.Call("DescribeInstances", {}).ok());
  EXPECT_EQ(http_.requests().size(), 3u);
  EXPECT_EQ(clock_.sleep_calls(), 1);
}

TEST_F(AwsQueryClientTest, CredentialsErrorSurfacesWithItsHint) {
  FailingCredentialsProvider none;
  AwsQueryClient::Options o = Ec2Options();
  o.credentials = &none;
  AwsQueryClient client(o);
  Result<std::string> body = client.Call("DescribeInstances", {});
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(body.status().kind(), ErrorKind::kNotFound);
  EXPECT_EQ(body.status().hint(), "set AWS_PROFILE or run `aws configure`");
  EXPECT_TRUE(http_.requests().empty());
}

TEST_F(AwsQueryClientTest, UnreachableEndpointHintNamesIt) {
  for (int i = 0; i < 3; ++i) http_.Fail(Status::Unavailable("connection refused"));
  AwsQueryClient client(Ec2Options());
  Result<std::string> body = client.Call("DescribeInstances", {});
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(body.status().kind(), ErrorKind::kUnavailable);
  EXPECT_THAT(body.status().hint(), HasSubstr("http://127.0.0.1:4566"));
  EXPECT_EQ(http_.requests().size(), 3u);
}

TEST_F(AwsQueryClientTest, ReportsEveryAttempt) {
  http_.Respond(503, kThrottled).Respond(200, "<ok/>", {{"x-amzn-RequestId", "req-ok"}});
  struct Seen {
    int attempt, http_status;
    std::string request_id, code;
    bool will_retry;
    Duration delay;
  };
  std::vector<Seen> seen;
  AwsQueryClient::Options o = Ec2Options(0.5);
  o.on_attempt = [&](const QueryAttempt& a) {
    EXPECT_EQ(a.action, "TerminateInstances");
    EXPECT_EQ(a.max_attempts, 3);
    seen.push_back({a.attempt, a.http_status, std::string(a.request_id),
                    a.error ? a.error->code() : "", a.will_retry, a.delay});
  };
  AwsQueryClient client(o);
  ASSERT_TRUE(client.Call("TerminateInstances", {}).ok());
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].attempt, 1);
  EXPECT_EQ(seen[0].http_status, 503);
  EXPECT_EQ(seen[0].request_id, "req-throttled");
  EXPECT_EQ(seen[0].code, "RequestLimitExceeded");
  EXPECT_TRUE(seen[0].will_retry);
  EXPECT_EQ(seen[0].delay, milliseconds(500));
  EXPECT_EQ(seen[1].attempt, 2);
  EXPECT_EQ(seen[1].http_status, 200);
  EXPECT_EQ(seen[1].request_id, "req-ok");
  EXPECT_FALSE(seen[1].will_retry);
}

TEST_F(AwsQueryClientTest, LogsAttemptsAtDebugWithoutSecrets) {
  std::vector<std::string> lines;
  LogLevel before = GetLogLevel();
  SetLogLevel(LogLevel::kDebug);
  SetLogSink([&](LogLevel, std::string_view line) { lines.emplace_back(line); });
  http_.Respond(503, kThrottled).Respond(200, "<ok/>");
  AwsQueryClient client(Ec2Options(0.5));
  ASSERT_TRUE(client.Call("RunInstances", RunInstancesParams()).ok());
  SetLogSink(nullptr);
  SetLogLevel(before);

  ASSERT_EQ(lines.size(), 2u);
  EXPECT_THAT(lines[0], HasSubstr("ec2 RunInstances attempt 1/3"));
  EXPECT_THAT(lines[0], HasSubstr("RequestLimitExceeded"));
  EXPECT_THAT(lines[0], HasSubstr("HTTP 503"));
  EXPECT_THAT(lines[0], HasSubstr("req-throttled"));
  EXPECT_THAT(lines[0], HasSubstr("retrying in 500 ms"));
  EXPECT_THAT(lines[1], HasSubstr("ec2 RunInstances attempt 2/3: HTTP 200"));
  for (const std::string& line : lines) {
    EXPECT_THAT(line, Not(HasSubstr("wJalrXUtnFEMI")));
    EXPECT_THAT(line, Not(HasSubstr("Signature")));
    EXPECT_THAT(line, Not(HasSubstr("ami-0abcdef")));  // parameters may hold user data
  }
}

}  // namespace
}  // namespace spotrun
