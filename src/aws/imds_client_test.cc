#include "aws/imds_client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>

#include "http/curl_http_client.h"
#include "testing/imds_test_server.h"
#include "testing/in_process_http_client.h"
#include "testing/loopback_sockets.h"

namespace spotrun {
namespace {

using spotrun::testing::ImdsRoleCredentials;
using spotrun::testing::ImdsTestServer;
using spotrun::testing::InProcessHttpClient;
using spotrun::testing::RefusedPort;
using spotrun::testing::SilentListener;
using ::testing::HasSubstr;
using ::testing::Not;

TimePoint At(std::string_view iso) {
  TimePoint t;
  EXPECT_TRUE(ParseIso8601(iso, &t)) << iso;
  return t;
}

MapEnvironment EnvOf(std::map<std::string, std::string> vars) {
  return MapEnvironment(std::move(vars));
}

HttpResponse Respond(int status, std::string body = "") {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

// Every behaviour runs twice: in-process (the server's Handle(), no sockets) and over real
// loopback HTTP, so the rules and the server's HTTP surface are checked alike.
enum class Transport { kInProcess, kLoopback };

class ImdsClientTest : public ::testing::TestWithParam<Transport> {
 protected:
  void SetUp() override {
    if (GetParam() == Transport::kLoopback) {
      ASSERT_TRUE(server_.Start().ok());
      http_ = std::make_unique<CurlHttpClient>();
      options_.endpoint = server_.endpoint();
      options_.total_timeout = std::chrono::seconds(10);  // a loaded CI machine, real sockets
    } else {
      http_ = std::make_unique<InProcessHttpClient>(
          [this](const HttpRequest& r) -> Result<HttpResponse> { return server_.Handle(r); });
    }
    Recreate();
  }
  void Recreate() { client_ = std::make_unique<ImdsClient>(*http_, clock_, options_); }

  FakeClock clock_;
  ImdsTestServer server_{clock_};
  std::unique_ptr<HttpClient> http_;
  ImdsClient::Options options_;
  std::unique_ptr<ImdsClient> client_;
};

INSTANTIATE_TEST_SUITE_P(Transports, ImdsClientTest,
                         ::testing::Values(Transport::kInProcess, Transport::kLoopback),
                         [](const auto& info) {
                           return info.param == Transport::kInProcess ? "InProcess" : "Loopback";
                         });

TEST_P(ImdsClientTest, TypedReads) {
  EXPECT_EQ(client_->InstanceId().value(), "i-0123456789abcdef0");
  EXPECT_EQ(client_->InstanceType().value(), "m5.large");
  EXPECT_EQ(client_->AmiId().value(), "ami-0abcdef1234567890");
  EXPECT_EQ(client_->AvailabilityZone().value(), "us-east-1a");
  EXPECT_EQ(client_->Region().value(), "us-east-1");
  EXPECT_EQ(client_->LocalIpv4().value(), "172.31.16.10");
  EXPECT_EQ(client_->Get("placement/region").value(), "us-east-1");
}

TEST_P(ImdsClientTest, MissingItemIsNotFound) {
  Result<std::string> ip = client_->PublicIpv4();
  ASSERT_FALSE(ip.ok());
  EXPECT_EQ(ip.status().kind(), ErrorKind::kNotFound);
  EXPECT_THAT(ip.status().message(), HasSubstr("no public IPv4 address"));
  EXPECT_FALSE(ip.status().hint().empty());

  server_.SetMetadata("public-ipv4", "3.80.12.34");
  EXPECT_EQ(client_->PublicIpv4().value(), "3.80.12.34");
  EXPECT_EQ(client_->Get("no-such-item").status().kind(), ErrorKind::kNotFound);
}

TEST_P(ImdsClientTest, OneTokenServesManyReads) {
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(client_->InstanceId().ok());
  EXPECT_EQ(server_.tokens_issued(), 1);
  EXPECT_EQ(client_->tokens_fetched(), 1);
  EXPECT_EQ(server_.last_token_ttl(), 21600);
  EXPECT_EQ(server_.unauthorized_requests(), 0);
  EXPECT_EQ(server_.metadata_requests(), 10);
}

TEST_P(ImdsClientTest, TokenIsReplacedBeforeItExpires) {
  ASSERT_TRUE(client_->InstanceId().ok());
  // Default TTL 21600 s, margin 60 s: the token is kept until 60 s before it expires …
  clock_.Advance(std::chrono::seconds(21600 - 61));
  ASSERT_TRUE(client_->InstanceId().ok());
  EXPECT_EQ(server_.tokens_issued(), 1);
  // … then replaced, before the server would refuse it.
  clock_.Advance(std::chrono::seconds(2));
  ASSERT_TRUE(client_->InstanceId().ok());
  EXPECT_EQ(server_.tokens_issued(), 2);
  EXPECT_EQ(server_.unauthorized_requests(), 0);
}

TEST_P(ImdsClientTest, ShortTtlIsRefreshedAtHalfItsLife) {
  options_.token_ttl = std::chrono::seconds(10);  // margin becomes min(60 s, 10 s / 2)
  Recreate();
  ASSERT_TRUE(client_->InstanceId().ok());
  EXPECT_EQ(server_.last_token_ttl(), 10);
  clock_.Advance(std::chrono::seconds(4));
  ASSERT_TRUE(client_->InstanceId().ok());
  EXPECT_EQ(server_.tokens_issued(), 1);
  clock_.Advance(std::chrono::seconds(2));
  ASSERT_TRUE(client_->InstanceId().ok());
  EXPECT_EQ(server_.tokens_issued(), 2);
  EXPECT_EQ(server_.unauthorized_requests(), 0);
}

TEST_P(ImdsClientTest, RefusedTokenIsRefetchedOnceAndTheReadRetried) {
  ASSERT_TRUE(client_->InstanceId().ok());
  server_.RevokeTokens();  // e.g. IMDS restarted; the cached token is no longer valid
  EXPECT_EQ(client_->InstanceType().value(), "m5.large");
  EXPECT_EQ(server_.unauthorized_requests(), 1);
  EXPECT_EQ(server_.tokens_issued(), 2);
  ASSERT_TRUE(client_->AmiId().ok());
  EXPECT_EQ(server_.tokens_issued(), 2);
}

TEST_P(ImdsClientTest, ExpiredTokenOnTheServersClockIsRefetched) {
  // The client's margin is zero and its token already expired by the server's rules.
  options_.token_refresh_margin = std::chrono::seconds(0);
  options_.token_ttl = std::chrono::seconds(60);
  Recreate();
  ASSERT_TRUE(client_->InstanceId().ok());
  clock_.Advance(std::chrono::seconds(59));
  ASSERT_TRUE(client_->InstanceId().ok());
  EXPECT_EQ(server_.tokens_issued(), 1);
  clock_.Advance(std::chrono::seconds(1));
  ASSERT_TRUE(client_->InstanceId().ok());
  EXPECT_EQ(server_.tokens_issued(), 2);
}

TEST_P(ImdsClientTest, NoSpotNoticeIsNullopt) {
  Result<std::optional<InstanceAction>> action = client_->SpotInstanceAction();
  ASSERT_TRUE(action.ok()) << action.status().ToString();
  EXPECT_FALSE(action->has_value());
  Result<std::optional<RebalanceRecommendation>> rebalance = client_->RebalanceRecommendation();
  ASSERT_TRUE(rebalance.ok()) << rebalance.status().ToString();
  EXPECT_FALSE(rebalance->has_value());
}

TEST_P(ImdsClientTest, SpotInstanceActionIsParsed) {
  server_.SetSpotInstanceAction("terminate", At("2026-01-01T00:02:00Z"));
  Result<std::optional<InstanceAction>> action = client_->SpotInstanceAction();
  ASSERT_TRUE(action.ok()) << action.status().ToString();
  ASSERT_TRUE(action->has_value());
  EXPECT_EQ((*action)->action, InstanceAction::Kind::kTerminate);
  EXPECT_EQ((*action)->time, At("2026-01-01T00:02:00Z"));

  server_.SetSpotInstanceAction("hibernate", At("2026-01-01T00:05:00Z"));
  EXPECT_EQ(client_->SpotInstanceAction().value()->action, InstanceAction::Kind::kHibernate);
  server_.SetSpotInstanceAction("stop", At("2026-01-01T00:05:00Z"));
  EXPECT_EQ(client_->SpotInstanceAction().value()->action, InstanceAction::Kind::kStop);
  server_.ClearSpotInstanceAction();
  EXPECT_FALSE(client_->SpotInstanceAction().value().has_value());
}

TEST_P(ImdsClientTest, RebalanceRecommendationIsParsed) {
  server_.SetRebalanceRecommendation(At("2026-01-01T00:00:30Z"));
  Result<std::optional<RebalanceRecommendation>> r = client_->RebalanceRecommendation();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(r->has_value());
  EXPECT_EQ((*r)->notice_time, At("2026-01-01T00:00:30Z"));
}

TEST_P(ImdsClientTest, IamRoleAndItsCredentials) {
  Result<std::string> none = client_->IamRole();
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().kind(), ErrorKind::kNotFound);
  EXPECT_THAT(none.status().message(), HasSubstr("no IAM role"));

  server_.SetIamRole("spotrun-worker", {"ASIAEXAMPLEKEY", "role-secret", "role-session-token",
                                        At("2026-01-01T06:00:00Z")});
  EXPECT_EQ(client_->IamRole().value(), "spotrun-worker");
  Result<Credentials> c = client_->IamCredentials("spotrun-worker");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->access_key_id, "ASIAEXAMPLEKEY");
  EXPECT_EQ(c->secret_access_key, "role-secret");
  EXPECT_EQ(c->session_token, "role-session-token");
  EXPECT_EQ(c->expiration, At("2026-01-01T06:00:00Z"));
  EXPECT_THAT(c->source, HasSubstr("spotrun-worker"));

  Result<Credentials> other = client_->IamCredentials("another-role");
  EXPECT_EQ(other.status().kind(), ErrorKind::kNotFound);
}

TEST_P(ImdsClientTest, UserDataIsEmptyUntilSet) {
  EXPECT_EQ(client_->UserData().value(), "");
  server_.SetUserData("#!/bin/sh\necho hello\n");
  EXPECT_EQ(client_->UserData().value(), "#!/bin/sh\necho hello\n");
}

TEST_P(ImdsClientTest, DisabledFailsWithoutAsking) {
  options_.disabled = true;
  Recreate();
  Result<std::string> id = client_->InstanceId();
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.status().kind(), ErrorKind::kFailedPrecondition);
  EXPECT_THAT(id.status().message(), HasSubstr("AWS_EC2_METADATA_DISABLED"));
  EXPECT_THAT(id.status().hint(), HasSubstr("unset AWS_EC2_METADATA_DISABLED"));
  EXPECT_EQ(client_->SpotInstanceAction().status().kind(), ErrorKind::kFailedPrecondition);
  EXPECT_EQ(server_.tokens_issued(), 0);
  EXPECT_EQ(server_.metadata_requests(), 0);
}

TEST(ImdsClientOptions, FromEnvironment) {
  ImdsClient::Options defaults = ImdsClient::Options::FromEnvironment(MapEnvironment());
  EXPECT_EQ(defaults.endpoint, "http://169.254.169.254");
  EXPECT_FALSE(defaults.disabled);
  EXPECT_EQ(defaults.token_ttl, std::chrono::seconds(21600));
  EXPECT_EQ(defaults.connect_timeout, std::chrono::seconds(1));
  EXPECT_EQ(defaults.total_timeout, std::chrono::seconds(2));

  ImdsClient::Options o = ImdsClient::Options::FromEnvironment(
      EnvOf({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:9999/"},
             {"AWS_EC2_METADATA_DISABLED", "TRUE"}}));
  EXPECT_EQ(o.endpoint, "http://127.0.0.1:9999");
  EXPECT_TRUE(o.disabled);

  EXPECT_FALSE(ImdsClient::Options::FromEnvironment(EnvOf({{"AWS_EC2_METADATA_DISABLED", "false"}}))
                   .disabled);
  EXPECT_EQ(ImdsClient::Options::FromEnvironment(
                EnvOf({{"AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6"}}))
                .endpoint,
            "http://[fd00:ec2::254]");
}

TEST(ImdsClientEndpoint, EnvironmentOverrideReachesTheServer) {
  FakeClock clock;
  ImdsTestServer server(clock);
  ASSERT_TRUE(server.Start().ok());
  CurlHttpClient http;
  ImdsClient::Options options = ImdsClient::Options::FromEnvironment(
      EnvOf({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", server.endpoint() + "/"}}));
  options.total_timeout = std::chrono::seconds(10);
  ImdsClient client(http, clock, options);
  EXPECT_EQ(client.InstanceId().value(), "i-0123456789abcdef0");
  EXPECT_EQ(server.tokens_issued(), 1);
}

TEST(ImdsClientUnreachable, SaysNotOnEc2) {
  FakeClock clock;
  InProcessHttpClient http([](const HttpRequest&) -> Result<HttpResponse> {
    return Status::Unavailable("connect to 169.254.169.254 port 80: timed out");
  });
  ImdsClient client(http, clock, ImdsClient::Options());
  Result<std::string> region = client.Region();
  ASSERT_FALSE(region.ok());
  EXPECT_EQ(region.status().kind(), ErrorKind::kUnavailable);
  EXPECT_THAT(region.status().message(), HasSubstr("not running on EC2?"));
  EXPECT_THAT(region.status().message(), HasSubstr("timed out"));
  EXPECT_THAT(region.status().hint(), HasSubstr("AWS_EC2_METADATA_DISABLED=true"));
}

TEST(ImdsClientUnreachable, RefusedConnection) {
  FakeClock clock;
  RefusedPort refused;
  CurlHttpClient http;
  ImdsClient::Options options;
  options.endpoint = refused.base_url();
  ImdsClient client(http, clock, options);
  Result<std::string> id = client.InstanceId();
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.status().kind(), ErrorKind::kUnavailable);
  EXPECT_THAT(id.status().message(), HasSubstr("not running on EC2?"));
}

TEST(ImdsClientUnreachable, SilentAddressTimesOutAsUnavailable) {
  // Off EC2, 169.254.169.254 usually swallows packets: the client must give up quickly and
  // call it unreachable, not a timeout of some call the user made.
  FakeClock clock;
  SilentListener silent;
  CurlHttpClient http;
  ImdsClient::Options options;
  options.endpoint = silent.base_url();
  options.total_timeout = std::chrono::milliseconds(200);
  ImdsClient client(http, clock, options);
  Result<std::string> id = client.InstanceId();
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.status().kind(), ErrorKind::kUnavailable);
  EXPECT_THAT(id.status().message(), HasSubstr("not running on EC2?"));
}

TEST(ImdsClientErrors, TokenRefusedEveryTimeIsPermissionDenied) {
  FakeClock clock;
  ImdsTestServer server(clock);
  // Revoke before every read: the fresh token is refused too; the client must stop at one retry.
  InProcessHttpClient http([&](const HttpRequest& r) -> Result<HttpResponse> {
    if (r.method == "GET") server.RevokeTokens();
    return server.Handle(r);
  });
  ImdsClient client(http, clock, ImdsClient::Options());
  Result<std::string> id = client.InstanceId();
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.status().kind(), ErrorKind::kPermissionDenied);
  EXPECT_EQ(server.unauthorized_requests(), 2);
  EXPECT_EQ(server.tokens_issued(), 2);
}

TEST(ImdsClientErrors, TokenEndpointAnswers) {
  FakeClock clock;
  struct Case {
    int status;
    ErrorKind kind;
  };
  for (Case c : {Case{403, ErrorKind::kPermissionDenied}, Case{404, ErrorKind::kFailedPrecondition},
                 Case{400, ErrorKind::kInvalidArgument}, Case{503, ErrorKind::kUnavailable}}) {
    InProcessHttpClient http(
        [&](const HttpRequest&) -> Result<HttpResponse> { return Respond(c.status); });
    ImdsClient client(http, clock, ImdsClient::Options());
    Result<std::string> id = client.InstanceId();
    ASSERT_FALSE(id.ok());
    EXPECT_EQ(id.status().kind(), c.kind) << c.status;
    EXPECT_FALSE(id.status().hint().empty()) << c.status;
    EXPECT_EQ(http.requests().size(), 1u) << "no GET without a token";
  }
}

TEST(ImdsClientErrors, GrantedTtlShorterThanAskedIsHonoured) {
  FakeClock clock;
  int puts = 0;
  InProcessHttpClient http([&](const HttpRequest& r) -> Result<HttpResponse> {
    if (r.method == "PUT") {
      ++puts;
      HttpResponse token = Respond(200, "token");
      token.headers.emplace_back("X-aws-ec2-metadata-token-ttl-seconds", "120");
      return token;
    }
    return Respond(200, "i-0123456789abcdef0");
  });
  ImdsClient client(http, clock, ImdsClient::Options());
  ASSERT_TRUE(client.InstanceId().ok());
  clock.Advance(std::chrono::seconds(61));  // past 120 s − 60 s margin
  ASSERT_TRUE(client.InstanceId().ok());
  EXPECT_EQ(puts, 2);
}

TEST(ImdsClientErrors, MalformedDocuments) {
  FakeClock clock;
  std::string body;
  InProcessHttpClient http([&](const HttpRequest& r) -> Result<HttpResponse> {
    return r.method == "PUT" ? Respond(200, "token") : Respond(200, body);
  });
  ImdsClient client(http, clock, ImdsClient::Options());

  body = "{\"action\": \"explode\", \"time\": \"2026-01-01T00:02:00Z\"}";
  EXPECT_EQ(client.SpotInstanceAction().status().kind(), ErrorKind::kInternal);
  body = "{\"action\": \"terminate\"}";
  EXPECT_EQ(client.SpotInstanceAction().status().kind(), ErrorKind::kInternal);
  body = "not json";
  EXPECT_EQ(client.SpotInstanceAction().status().kind(), ErrorKind::kInternal);
  body = "[1, 2]";
  EXPECT_EQ(client.RebalanceRecommendation().status().kind(), ErrorKind::kInternal);

  // The credentials document is secret: a broken one is reported without quoting it.
  body = "{\"AccessKeyId\": \"AKIDLEAK\", \"SecretAccessKey\": \"TopSecretValue\", \"Token\": ";
  Result<Credentials> truncated = client.IamCredentials("role");
  ASSERT_FALSE(truncated.ok());
  EXPECT_THAT(truncated.status().ToString(), Not(HasSubstr("TopSecretValue")));
  EXPECT_THAT(truncated.status().ToString(), Not(HasSubstr("AKIDLEAK")));
  body = "{\"AccessKeyId\": \"AKIDLEAK\", \"SecretAccessKey\": \"TopSecretValue\"}";
  Result<Credentials> partial = client.IamCredentials("role");
  ASSERT_FALSE(partial.ok());
  EXPECT_THAT(partial.status().ToString(), Not(HasSubstr("TopSecretValue")));
  body = "{\"Code\": \"AssumeRoleUnauthorizedAccess\", \"SecretAccessKey\": \"TopSecretValue\"}";
  Result<Credentials> refused = client.IamCredentials("role");
  EXPECT_EQ(refused.status().kind(), ErrorKind::kUnavailable);
  EXPECT_THAT(refused.status().ToString(), Not(HasSubstr("TopSecretValue")));
}

TEST(ImdsClientRequests, CarryTokenTtlAndShortTimeouts) {
  FakeClock clock;
  ImdsTestServer server(clock);
  InProcessHttpClient http(
      [&](const HttpRequest& r) -> Result<HttpResponse> { return server.Handle(r); });
  ImdsClient client(http, clock, ImdsClient::Options());
  ASSERT_TRUE(client.InstanceId().ok());
  std::vector<HttpRequest> sent = http.requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].method, "PUT");
  EXPECT_EQ(sent[0].url, "http://169.254.169.254/latest/api/token");
  EXPECT_EQ(FindHeader(sent[0].headers, "x-aws-ec2-metadata-token-ttl-seconds"), "21600");
  EXPECT_EQ(sent[1].method, "GET");
  EXPECT_EQ(sent[1].url, "http://169.254.169.254/latest/meta-data/instance-id");
  EXPECT_TRUE(FindHeader(sent[1].headers, "X-aws-ec2-metadata-token").has_value());
  for (const HttpRequest& r : sent) {
    EXPECT_EQ(r.connect_timeout, std::chrono::seconds(1));
    EXPECT_EQ(r.total_timeout, std::chrono::seconds(2));
  }
}

}  // namespace
}  // namespace spotrun
