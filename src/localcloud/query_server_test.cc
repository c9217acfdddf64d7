// QueryServer over real loopback HTTP: our AwsQueryClient (with its retries through the
// injected faults) and the real `aws` CLI, whose signatures must verify. The clients sign
// with the server's clock: a FakeClock for our client, the real clock for the CLI.
#include "localcloud/query_server.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>

#include "aws/aws_query_client.h"
#include "aws/sigv4.h"
#include "base/subprocess.h"
#include "base/temp_dir.h"
#include "http/curl_http_client.h"
#include "localcloud/ec2_error.h"

namespace spotrun {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;

constexpr char kAccessKeyId[] = "AKIDLOCALCLOUD000001";
constexpr char kSecret[] = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

constexpr char kDescribeRegions[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<DescribeRegionsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
    "<requestId>REQUEST_ID</requestId><regionInfo>"
    "<item><regionName>us-east-1</regionName><regionEndpoint>ec2.us-east-1.amazonaws.com"
    "</regionEndpoint><optInStatus>opt-in-not-required</optInStatus></item>"
    "<item><regionName>eu-west-1</regionName><regionEndpoint>ec2.eu-west-1.amazonaws.com"
    "</regionEndpoint><optInStatus>opt-in-not-required</optInStatus></item>"
    "</regionInfo></DescribeRegionsResponse>";

constexpr char kUuidPattern[] =
    "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

Credentials Key(std::string id, std::string secret) {
  return Credentials{.access_key_id = std::move(id),
                     .secret_access_key = std::move(secret),
                     .session_token = "",
                     .expiration = std::nullopt,
                     .source = "test"};
}

// One call as the handler saw it.
struct SeenCall {
  std::string action;
  std::map<std::string, std::string> params;
  std::string request_id;
};

class QueryServerTest : public ::testing::Test {
 protected:
  QueryServerTest() : QueryServerTest(&fake_clock_) {}
  explicit QueryServerTest(Clock* clock)
      : server_(
            QueryServer::Options{.host = "127.0.0.1",
                                 .port = 0,
                                 .threads = 4,
                                 .keep_alive_timeout = std::chrono::seconds(1),
                                 .region = "us-east-1",
                                 .service = "ec2",
                                 .credentials = {Key(kAccessKeyId, kSecret)},
                                 .clock = clock},
            [this](std::string_view action, const QueryParams& params,
                   std::string_view request_id) { return Handle(action, params, request_id); }) {}

  void SetUp() override {
    Result<int> port = server_.Start();
    ASSERT_TRUE(port.ok()) << port.status().ToString();
    ASSERT_GT(*port, 0);
    ASSERT_EQ(server_.port(), *port);
  }

  Result<std::string> Handle(std::string_view action, const QueryParams& params,
                             std::string_view request_id) {
    {
      std::lock_guard lock(mu_);
      seen_.push_back({std::string(action), params.entries(), std::string(request_id)});
    }
    if (action == "DescribeInstances") {
      return Ec2Error("InvalidInstanceID.NotFound", "The instance ID 'i-1' does not exist");
    }
    std::string body = kDescribeRegions;
    body.replace(body.find("REQUEST_ID"), 10, request_id);
    return body;
  }

  std::vector<SeenCall> Seen() {
    std::lock_guard lock(mu_);
    return seen_;
  }

  AwsQueryClient::Options ClientOptions(CredentialsProvider* credentials) {
    AwsQueryClient::Options o;
    o.service = "ec2";
    o.endpoint = server_.endpoint();
    o.region = "us-east-1";
    o.api_version = "2016-11-15";
    o.credentials = credentials;
    o.http = &http_;
    o.clock = &fake_clock_;
    o.random = [] { return 0.5; };
    o.on_attempt = [this](const QueryAttempt& a) {
      std::lock_guard lock(mu_);
      attempt_statuses_.push_back(a.http_status);
    };
    return o;
  }

  // A request signed now (fake clock) with the good key, as the server receives it.
  HttpRequest Signed(std::string method, std::string target, std::string body) {
    HttpRequest request;
    request.method = std::move(method);
    request.url = server_.endpoint() + target;
    request.body = std::move(body);
    if (!request.body.empty()) {
      request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    }
    SigV4Options options;
    options.region = "us-east-1";
    options.service = "ec2";
    options.time = fake_clock_.Now();
    SignRequest(request, Key(kAccessKeyId, kSecret), options);
    request.url = target;
    size_t question = target.find('?');
    request.path = target.substr(0, question);
    request.query = question == std::string::npos ? "" : target.substr(question + 1);
    return request;
  }

  FakeClock fake_clock_;
  std::mutex mu_;
  std::vector<SeenCall> seen_;
  std::vector<int> attempt_statuses_;
  // The server is declared before the clients so that they close their keep-alive
  // connections first.
  QueryServer server_;
  StaticCredentialsProvider good_key_{Key(kAccessKeyId, kSecret)};
  CurlHttpClient http_;
};

TEST_F(QueryServerTest, AnswersOurSignedClientWithTheHandlersXml) {
  AwsQueryClient client(ClientOptions(&good_key_));
  QueryParams params;
  params.SetList("RegionName", {"us-east-1", "eu-west-1"});
  Result<std::string> body = client.Call("DescribeRegions", params);
  ASSERT_TRUE(body.ok()) << body.status().ToString();
  std::vector<SeenCall> seen = Seen();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].action, "DescribeRegions");
  EXPECT_EQ(seen[0].params.at("Version"), "2016-11-15");
  EXPECT_EQ(seen[0].params.at("RegionName.2"), "eu-west-1");
  EXPECT_THAT(seen[0].request_id, MatchesRegex(kUuidPattern));
  EXPECT_THAT(*body, HasSubstr("<requestId>" + seen[0].request_id + "</requestId>"));
}

TEST_F(QueryServerTest, HandlerErrorsReachTheClientAsEc2Errors) {
  AwsQueryClient client(ClientOptions(&good_key_));
  Result<std::string> body = client.Call("DescribeInstances", QueryParams());
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(body.status().code(), "InvalidInstanceID.NotFound");
  EXPECT_EQ(body.status().message(), "The instance ID 'i-1' does not exist");
  EXPECT_EQ(body.status().http_status(), 400);
  EXPECT_EQ(body.status().kind(), ErrorKind::kNotFound);
  ASSERT_EQ(Seen().size(), 1u);
  EXPECT_EQ(body.status().request_id(), Seen()[0].request_id);
}

TEST_F(QueryServerTest, RefusesAnUnknownKeyWithoutRunningTheHandler) {
  StaticCredentialsProvider unknown(Key("AKIDSOMEONEELSE", kSecret));
  AwsQueryClient client(ClientOptions(&unknown));
  Result<std::string> body = client.Call("DescribeRegions", QueryParams());
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(body.status().code(), "AuthFailure");
  EXPECT_EQ(body.status().http_status(), 401);
  EXPECT_TRUE(Seen().empty());
}

TEST_F(QueryServerTest, ClientRetriesThroughThrottling) {
  server_.ThrottleNext(2);
  AwsQueryClient client(ClientOptions(&good_key_));
  Result<std::string> body = client.Call("DescribeRegions", QueryParams());
  ASSERT_TRUE(body.ok()) << body.status().ToString();
  EXPECT_EQ(Seen().size(), 1u);  // throttled calls never reach the handler
  std::lock_guard lock(mu_);
  EXPECT_THAT(attempt_statuses_, ElementsAre(503, 503, 200));
}

TEST_F(QueryServerTest, ClientRetriesThroughInternalErrors) {
  server_.FailNext(2);
  AwsQueryClient client(ClientOptions(&good_key_));
  Result<std::string> body = client.Call("DescribeRegions", QueryParams());
  ASSERT_TRUE(body.ok()) << body.status().ToString();
  EXPECT_EQ(Seen().size(), 1u);
  std::lock_guard lock(mu_);
  EXPECT_THAT(attempt_statuses_, ElementsAre(500, 500, 200));
}

TEST_F(QueryServerTest, DroppedConnectionAfterEffectIsRetriedAndTheHandlerSeesItTwice) {
  server_.DropConnectionAfterNext(1);
  AwsQueryClient client(ClientOptions(&good_key_));
  QueryParams params;
  params.Set("ClientToken", "6f1c8a2e-token");
  Result<std::string> body = client.Call("DescribeRegions", params);
  ASSERT_TRUE(body.ok()) << body.status().ToString();
  std::vector<SeenCall> seen = Seen();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].params, seen[1].params);  // the same call, token and all
  EXPECT_NE(seen[0].request_id, seen[1].request_id);
  std::lock_guard lock(mu_);
  ASSERT_EQ(attempt_statuses_.size(), 2u);
  EXPECT_EQ(attempt_statuses_[1], 200);
}

TEST_F(QueryServerTest, FaultsAddUpAndRunOut) {
  server_.ThrottleNext(1);
  server_.ThrottleNext(1);
  server_.FailNext(1);
  auto call = [&] {
    return server_.Serve(Signed("POST", "/", "Action=DescribeRegions&Version=2016-11-15")).status;
  };
  EXPECT_EQ(call(), 503);
  EXPECT_EQ(call(), 503);
  EXPECT_EQ(call(), 500);
  EXPECT_EQ(call(), 200);
}

TEST_F(QueryServerTest, ServesAGetWithTheParametersInTheQuery) {
  HttpResponse response =
      server_.Serve(Signed("GET", "/?Action=DescribeRegions&Version=2016-11-15", ""));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.Header("Content-Type"), "text/xml;charset=UTF-8");
  ASSERT_EQ(Seen().size(), 1u);
  EXPECT_EQ(Seen()[0].action, "DescribeRegions");
}

TEST_F(QueryServerTest, MissingActionAndMissingVersion) {
  HttpResponse no_action = server_.Serve(Signed("POST", "/", "Version=2016-11-15"));
  EXPECT_EQ(no_action.status, 400);
  EXPECT_THAT(no_action.body, HasSubstr("<Code>MissingAction</Code>"));
  HttpResponse no_version = server_.Serve(Signed("POST", "/", "Action=DescribeRegions"));
  EXPECT_EQ(no_version.status, 400);
  EXPECT_THAT(no_version.body, HasSubstr("<Code>MissingParameter</Code>"));
  EXPECT_THAT(no_version.body, HasSubstr("parameter Version"));
  EXPECT_TRUE(Seen().empty());
}

TEST_F(QueryServerTest, UnsignedRequestIsRefusedBeforeAnythingElse) {
  HttpRequest request;
  request.method = "POST";
  request.url = request.path = "/";
  request.body = "Version=2016-11-15";
  HttpResponse response = server_.Serve(request);
  EXPECT_EQ(response.status, 400);
  EXPECT_THAT(response.body, HasSubstr("<Code>MissingParameter</Code>"));
  EXPECT_THAT(response.body, HasSubstr("AWSAccessKeyId"));
  EXPECT_THAT(response.body, MatchesRegex(std::string(".*<RequestID>") + kUuidPattern +
                                          "</RequestID></Response>"));
}

// The real AWS CLI against a server on the real clock.
class QueryServerAwsCliTest : public QueryServerTest {
 protected:
  QueryServerAwsCliTest() : QueryServerTest(&real_clock_) {}

  void SetUp() override {
    QueryServerTest::SetUp();
    // Debian's awscli package first; any other on PATH otherwise.
    aws_ = FindProgram("/usr/bin/aws");
    if (aws_.empty()) aws_ = FindProgram("aws");
    if (aws_.empty()) GTEST_SKIP() << "the aws CLI is not installed";
    Result<ScopedTempDir> home = ScopedTempDir::Create("query-server-home");
    ASSERT_TRUE(home.ok()) << home.status().ToString();
    home_ = std::make_unique<ScopedTempDir>(std::move(*home));
  }

  Result<SubprocessResult> RunAws(std::string_view secret) {
    SubprocessOptions options;
    options.argv = {
        aws_, "--endpoint-url", server_.endpoint(), "ec2", "describe-regions", "--output", "json"};
    options.env = {{"HOME", home_->path().string()},
                   {"AWS_CONFIG_FILE", "/dev/null"},
                   {"AWS_SHARED_CREDENTIALS_FILE", "/dev/null"},
                   {"AWS_ACCESS_KEY_ID", kAccessKeyId},
                   {"AWS_SECRET_ACCESS_KEY", std::string(secret)},
                   {"AWS_SESSION_TOKEN", ""},
                   {"AWS_DEFAULT_REGION", "us-east-1"},
                   {"AWS_REGION", "us-east-1"},
                   {"AWS_PAGER", ""},
                   {"AWS_EC2_METADATA_DISABLED", "true"},
                   {"AWS_MAX_ATTEMPTS", "1"}};
    options.timeout = std::chrono::seconds(60);
    return RunSubprocess(options);
  }

  RealClock real_clock_;
  std::string aws_;
  std::unique_ptr<ScopedTempDir> home_;
};

TEST_F(QueryServerAwsCliTest, RealCliSignatureVerifies) {
  Result<SubprocessResult> run = RunAws(kSecret);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  ASSERT_TRUE(run->success()) << run->stderr_text;
  EXPECT_THAT(run->stdout_text, HasSubstr("\"RegionName\": \"eu-west-1\""));
  ASSERT_EQ(Seen().size(), 1u);
  EXPECT_EQ(Seen()[0].action, "DescribeRegions");
}

TEST_F(QueryServerAwsCliTest, RealCliWithAWrongSecretGetsSignatureDoesNotMatch) {
  Result<SubprocessResult> run = RunAws("not-the-secret");
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_FALSE(run->success());
  EXPECT_THAT(run->stderr_text, HasSubstr("(SignatureDoesNotMatch)"));
  EXPECT_THAT(run->stderr_text, HasSubstr("DescribeRegions"));
  EXPECT_TRUE(Seen().empty());
}

}  // namespace
}  // namespace spotrun
