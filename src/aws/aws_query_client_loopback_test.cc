// AwsQueryClient end to end: real CurlHttpClient and real sockets against a loopback server
// that injects throttling, 5xx, a connection dropped after the call took effect, a refused
// port and a silent one. Backoff runs on a FakeClock; only socket timeouts take real time.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <mutex>

#include "aws/aws_query_client.h"
#include "aws/client_token.h"
#include "http/curl_http_client.h"
#include "testing/loopback_server.h"
#include "testing/loopback_sockets.h"

namespace spotrun {
namespace {

using std::chrono::milliseconds;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kThrottled[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error>"
    "<Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error>"
    "</Errors><RequestID>req-1</RequestID></Response>";

std::string RunInstancesResponse(std::string_view reservation_id) {
  return "<RunInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
         "<requestId>req-ok</requestId><reservationId>" +
         std::string(reservation_id) + "</reservationId></RunInstancesResponse>";
}

class AwsQueryClientLoopbackTest : public ::testing::Test {
 protected:
  AwsQueryClientLoopbackTest()
      : credentials_(Credentials{.access_key_id = "AKIDEXAMPLE",
                                 .secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                 .session_token = "",
                                 .expiration = std::nullopt,
                                 .source = "test"}) {}

  AwsQueryClient::Options Options(std::string endpoint) {
    AwsQueryClient::Options o;
    o.service = "ec2";
    o.endpoint = std::move(endpoint);
    o.region = "us-east-1";
    o.api_version = "2016-11-15";
    o.credentials = &credentials_;
    o.http = &http_;
    o.clock = &clock_;
    o.random = [] { return 0.5; };
    return o;
  }

  static QueryParams RunInstances(const std::string& client_token) {
    QueryParams p;
    p.Set("ImageId", "ami-0abcdef1234567890");
    p.Set("InstanceType", "t3.micro");
    p.SetInt("MinCount", 1);
    p.SetInt("MaxCount", 1);
    p.Set("ClientToken", client_token);
    return p;
  }

  // Declared before the client so the client closes its keep-alive connection first and the
  // server's Stop() need not wait for it.
  testing::LoopbackServer server_;
  StaticCredentialsProvider credentials_;
  CurlHttpClient http_;
  FakeClock clock_;
};

TEST_F(AwsQueryClientLoopbackTest, RetriesThrottlingAnd5xxOverRealSockets) {
  server_.Enqueue(503, kThrottled);
  server_.Enqueue(502, "<html><body>Bad Gateway</body></html>");
  server_.Enqueue(200, RunInstancesResponse("r-1"), {{"x-amzn-RequestId", "req-ok"}});
  AwsQueryClient client(Options(server_.base_url()));
  std::string token = NewClientToken(SystemRandomSource());

  Result<std::string> body = client.Call("RunInstances", RunInstances(token));

  ASSERT_TRUE(body.ok()) << body.status().ToString();
  EXPECT_EQ(*body, RunInstancesResponse("r-1"));
  EXPECT_EQ(clock_.total_slept(), milliseconds(1500));
  std::vector<HttpRequest> requests = server_.requests();
  ASSERT_EQ(requests.size(), 3u);
  for (const HttpRequest& r : requests) {
    EXPECT_EQ(r.method, "POST");
    EXPECT_EQ(r.path, "/");
    EXPECT_EQ(FindHeader(r.headers, "Content-Type"),
              "application/x-www-form-urlencoded; charset=utf-8");
    EXPECT_THAT(FindHeader(r.headers, "Authorization").value_or(""),
                StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/ec2/"));
    QueryParams sent = QueryParams::Decode(r.body);
    EXPECT_EQ(sent.Get("Action"), "RunInstances");
    EXPECT_EQ(sent.Get("Version"), "2016-11-15");
    EXPECT_EQ(sent.Get("ClientToken"), token);
  }
}

TEST_F(AwsQueryClientLoopbackTest, GivesUpWithTheParsedErrorOverRealSockets) {
  server_.Enqueue(400,
                  "<Response><Errors><Error><Code>InvalidParameterValue</Code><Message>Bad "
                  "value</Message></Error></Errors><RequestID>req-bad</RequestID></Response>");
  AwsQueryClient client(Options(server_.base_url()));
  Result<std::string> body = client.Call("RunInstances", RunInstances("t-1"));
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(body.status().code(), "InvalidParameterValue");
  EXPECT_EQ(body.status().request_id(), "req-bad");
  EXPECT_EQ(body.status().http_status(), 400);
  EXPECT_EQ(server_.request_count(), 1);
}

// The first response is lost after EC2 launched: the retry carries the same ClientToken, so
// an idempotent server answers with the first launch instead of launching again.
TEST_F(AwsQueryClientLoopbackTest, DroppedConnectionRetryReusesTheClientToken) {
  std::mutex mu;
  std::map<std::string, std::string> reservations;  // ClientToken → reservation id
  int launches = 0;
  server_.SetHandler([&](const HttpRequest& request) {
    std::string token = QueryParams::Decode(request.body).Get("ClientToken").value_or("");
    std::lock_guard lock(mu);
    HttpResponse response;
    response.status = 200;
    auto it = reservations.find(token);
    if (it == reservations.end()) {
      it = reservations.emplace(token, "r-" + std::to_string(++launches)).first;
      response.drop_connection = true;  // launched, but the answer never arrives
    }
    response.body = RunInstancesResponse(it->second);
    return response;
  });
  AwsQueryClient client(Options(server_.base_url()));
  std::string token = NewClientToken(SystemRandomSource());

  Result<std::string> body = client.Call("RunInstances", RunInstances(token));

  ASSERT_TRUE(body.ok()) << body.status().ToString();
  EXPECT_EQ(*body, RunInstancesResponse("r-1"));
  EXPECT_EQ(launches, 1);
  std::vector<HttpRequest> requests = server_.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].body, requests[1].body);
  EXPECT_EQ(QueryParams::Decode(requests[1].body).Get("ClientToken"), token);
  EXPECT_EQ(clock_.sleep_calls(), 1);
  EXPECT_EQ(client.retry_strategy().available_quota(), 500);  // 10 taken, 10 refunded
}

TEST_F(AwsQueryClientLoopbackTest, RefusedConnectionIsRetriedThenExplained) {
  testing::RefusedPort refused;
  AwsQueryClient client(Options(refused.base_url()));
  Result<std::string> body = client.Call("DescribeInstances", {});
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(body.status().kind(), ErrorKind::kUnavailable);
  EXPECT_EQ(clock_.sleep_calls(), 2);  // three attempts
  EXPECT_THAT(body.status().message(), HasSubstr("127.0.0.1"));
  EXPECT_FALSE(body.status().hint().empty());  // the HTTP client's, kept
}

TEST_F(AwsQueryClientLoopbackTest, TimeoutIsRetried) {
  testing::SilentListener silent;
  AwsQueryClient::Options o = Options(silent.base_url());
  o.total_timeout = milliseconds(200);  // three real waits of 0.2 s
  o.retry.max_attempts = 3;
  AwsQueryClient client(o);
  Result<std::string> body = client.Call("DescribeInstances", {});
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(body.status().kind(), ErrorKind::kDeadlineExceeded);
  EXPECT_EQ(clock_.sleep_calls(), 2);
  EXPECT_EQ(client.retry_strategy().available_quota(), 480);
}

}  // namespace
}  // namespace spotrun
