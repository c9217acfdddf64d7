// The loopback IMDS's own rules, checked request by request, so the local cloud's IMDS and
// the agent tests can rely on (or compare against) them. Lives with the aws tests because
// src/testing/ has no test binary of its own.
#include "testing/imds_test_server.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "http/curl_http_client.h"

namespace spotrun {
namespace {

using spotrun::testing::ImdsTestServer;
using ::testing::HasSubstr;

HttpRequest Put(std::optional<std::string> ttl) {
  HttpRequest r;
  r.method = "PUT";
  r.url = "/latest/api/token";
  if (ttl) r.headers.emplace_back("X-aws-ec2-metadata-token-ttl-seconds", *ttl);
  return r;
}

HttpRequest Get(std::string path, std::optional<std::string> token) {
  HttpRequest r;
  r.url = "/latest/" + path;
  if (token) r.headers.emplace_back("X-aws-ec2-metadata-token", *token);
  return r;
}

class ImdsTestServerTest : public ::testing::Test {
 protected:
  std::string Token(int ttl = 21600) {
    HttpResponse r = server_.Handle(Put(std::to_string(ttl)));
    EXPECT_EQ(r.status, 200);
    return r.body;
  }
  FakeClock clock_;
  ImdsTestServer server_{clock_};
};

TEST_F(ImdsTestServerTest, TokenTtlMustBeOneTo21600Seconds) {
  EXPECT_EQ(server_.Handle(Put(std::nullopt)).status, 400);
  EXPECT_EQ(server_.Handle(Put("0")).status, 400);
  EXPECT_EQ(server_.Handle(Put("21601")).status, 400);
  EXPECT_EQ(server_.Handle(Put("ten")).status, 400);
  EXPECT_EQ(server_.Handle(Put("-5")).status, 400);
  HttpResponse one = server_.Handle(Put("1"));
  EXPECT_EQ(one.status, 200);
  EXPECT_EQ(one.Header("X-aws-ec2-metadata-token-ttl-seconds"), "1");
  EXPECT_EQ(server_.Handle(Put("21600")).status, 200);
  EXPECT_EQ(server_.tokens_issued(), 2);
}

TEST_F(ImdsTestServerTest, TokenThroughAProxyIsForbidden) {
  HttpRequest put = Put("60");
  put.headers.emplace_back("X-Forwarded-For", "10.0.0.1");
  EXPECT_EQ(server_.Handle(put).status, 403);
}

TEST_F(ImdsTestServerTest, ReadsNeedAValidToken) {
  EXPECT_EQ(server_.Handle(Get("meta-data/instance-id", std::nullopt)).status, 401);
  EXPECT_EQ(server_.Handle(Get("meta-data/instance-id", "forged")).status, 401);
  HttpResponse ok = server_.Handle(Get("meta-data/instance-id", Token()));
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, "i-0123456789abcdef0");
  EXPECT_EQ(server_.unauthorized_requests(), 2);
}

TEST_F(ImdsTestServerTest, TokensExpireByTheSharedClock) {
  std::string token = Token(30);
  clock_.Advance(std::chrono::seconds(29));
  HttpResponse before = server_.Handle(Get("meta-data/instance-id", token));
  EXPECT_EQ(before.status, 200);
  EXPECT_EQ(before.Header("X-aws-ec2-metadata-token-ttl-seconds"), "1");
  clock_.Advance(std::chrono::seconds(1));
  EXPECT_EQ(server_.Handle(Get("meta-data/instance-id", token)).status, 401);
}

TEST_F(ImdsTestServerTest, RevokedTokensAreRefused) {
  std::string token = Token();
  server_.RevokeTokens();
  EXPECT_EQ(server_.Handle(Get("meta-data/instance-id", token)).status, 401);
}

TEST_F(ImdsTestServerTest, OptionalTokensAllowImdsV1) {
  server_.SetTokensRequired(false);
  EXPECT_EQ(server_.Handle(Get("meta-data/instance-id", std::nullopt)).status, 200);
  EXPECT_EQ(server_.Handle(Get("meta-data/instance-id", "forged")).status, 401);
}

TEST_F(ImdsTestServerTest, MethodsAndPaths) {
  HttpRequest post = Get("meta-data/instance-id", Token());
  post.method = "POST";
  EXPECT_EQ(server_.Handle(post).status, 405);
  EXPECT_EQ(server_.Handle(Get("api/token", Token())).status, 405);
  EXPECT_EQ(server_.Handle(Get("meta-data/nothing-here", Token())).status, 404);
  EXPECT_EQ(server_.Handle(Get("user-data", Token())).status, 404);
}

TEST_F(ImdsTestServerTest, SpotNoticeIs404UntilSet) {
  std::string token = Token();
  EXPECT_EQ(server_.Handle(Get("meta-data/spot/instance-action", token)).status, 404);
  TimePoint t;
  ASSERT_TRUE(ParseIso8601("2026-01-01T00:02:00Z", &t));
  server_.SetSpotInstanceAction("terminate", t);
  HttpResponse r = server_.Handle(Get("meta-data/spot/instance-action", token));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"action":"terminate","time":"2026-01-01T00:02:00Z"})");
  EXPECT_EQ(server_.Handle(Get("meta-data/spot/termination-time", token)).body,
            "2026-01-01T00:02:00Z");
  EXPECT_EQ(server_.Handle(Get("meta-data/events/recommendations/rebalance", token)).status, 404);
  server_.SetRebalanceRecommendation(t);
  EXPECT_EQ(server_.Handle(Get("meta-data/events/recommendations/rebalance", token)).body,
            R"({"noticeTime":"2026-01-01T00:02:00Z"})");
}

TEST_F(ImdsTestServerTest, DirectoriesListTheirChildren) {
  std::string token = Token();
  HttpResponse root = server_.Handle(Get("meta-data/", token));
  EXPECT_EQ(root.status, 200);
  EXPECT_EQ(root.body, "ami-id\ninstance-id\ninstance-type\nlocal-ipv4\nplacement/");
  EXPECT_EQ(server_.Handle(Get("meta-data/iam/security-credentials/", token)).status, 404);
  TimePoint t;
  ASSERT_TRUE(ParseIso8601("2026-01-01T06:00:00Z", &t));
  server_.SetIamRole("worker", {"ASIA", "secret", "session", t});
  EXPECT_EQ(server_.Handle(Get("meta-data/iam/security-credentials/", token)).body, "worker");
  EXPECT_THAT(server_.Handle(Get("meta-data/iam/security-credentials/worker", token)).body,
              HasSubstr("\"Expiration\": \"2026-01-01T06:00:00Z\""));
}

TEST(ImdsTestServerLoopback, ServesTheSameRulesOverHttp) {
  FakeClock clock;
  ImdsTestServer server(clock);
  ASSERT_TRUE(server.Start().ok());
  auto http = std::make_unique<CurlHttpClient>();
  HttpRequest put = Put("5");
  put.url = server.endpoint() + put.url;
  Result<HttpResponse> token = http->Send(put);
  ASSERT_TRUE(token.ok()) << token.status().ToString();
  ASSERT_EQ(token->status, 200);
  HttpRequest get = Get("meta-data/placement/region", token->body);
  get.url = server.endpoint() + get.url;
  EXPECT_EQ(http->Send(get)->body, "us-east-1");
  clock.Advance(std::chrono::seconds(5));
  EXPECT_EQ(http->Send(get)->status, 401);
  http.reset();  // hang up, so Stop() need not wait out the keep-alive
  server.Stop();
  server.Stop();  // idempotent
}

}  // namespace
}  // namespace spotrun
