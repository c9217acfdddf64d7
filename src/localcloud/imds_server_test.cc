#include "localcloud/imds_server.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <charconv>
#include <mutex>

#include "http/curl_http_client.h"
#include "localcloud/listen_port.h"
#include "localcloud/test_loopback_addresses.h"

namespace spotrun {
namespace {

using std::chrono::seconds;

// An ImdsSource holding fixed views, changeable mid-test (a spot notice arriving).
class MapImdsSource final : public ImdsSource {
 public:
  std::optional<ImdsView> Lookup(std::string_view instance_id) override {
    std::lock_guard lock(mu_);
    auto it = views_.find(std::string(instance_id));
    if (it == views_.end()) return std::nullopt;
    return it->second;
  }
  void Set(std::string id, ImdsView view) {
    std::lock_guard lock(mu_);
    views_[std::move(id)] = std::move(view);
  }
  void SetEntry(const std::string& id, std::string path, std::string value) {
    std::lock_guard lock(mu_);
    views_[id].entries[std::move(path)] = std::move(value);
  }

 private:
  std::mutex mu_;
  std::map<std::string, ImdsView> views_;
};

ImdsView InstanceView(std::string id) {
  ImdsView view;
  view.entries = {
      {"meta-data/ami-id", "ami-0abcdef1234567890"},
      {"meta-data/instance-id", std::move(id)},
      {"meta-data/instance-type", "m5.large"},
      {"meta-data/local-ipv4", "127.1.0.7"},
      {"meta-data/placement/availability-zone", "us-east-1a"},
      {"meta-data/placement/region", "us-east-1"},
      {"meta-data/block-device-mapping/ami", "/dev/xvda"},
      {"meta-data/block-device-mapping/root", "/dev/xvda"},
      {"meta-data/public-keys/", "0=my-key"},
      {"meta-data/public-keys/0/openssh-key", "ssh-ed25519 AAAA my-key"},
      {"dynamic/instance-identity/document", "{\"region\":\"us-east-1\"}"},
      {"user-data", "#!/bin/sh\necho hi\n"},
  };
  return view;
}

class ImdsServerTest : public ::testing::Test {
 protected:
  ImdsServerTest() : server_(source_, clock_) {
    source_.Set("i-1", InstanceView("i-1"));
    source_.Set("i-2", InstanceView("i-2"));
  }

  HttpResponse Request(std::string method, std::string path, HttpHeaders headers = {},
                       std::string_view instance = "i-1") {
    HttpRequest request;
    request.method = std::move(method);
    request.url = path;
    request.path = std::move(path);
    request.headers = std::move(headers);
    return server_.Handle(instance, request);
  }
  HttpResponse PutToken(std::string ttl, std::string_view instance = "i-1") {
    return Request("PUT", "/latest/api/token",
                   {{"X-aws-ec2-metadata-token-ttl-seconds", std::move(ttl)}}, instance);
  }
  std::string Token(int ttl = 21600, std::string_view instance = "i-1") {
    HttpResponse response = PutToken(std::to_string(ttl), instance);
    EXPECT_EQ(response.status, 200);
    return response.body;
  }
  HttpResponse Get(std::string path, const std::string& token, std::string_view instance = "i-1") {
    return Request("GET", std::move(path), {{"X-aws-ec2-metadata-token", token}}, instance);
  }

  FakeClock clock_;
  MapImdsSource source_;
  ImdsServer server_;
};

TEST_F(ImdsServerTest, TokenRequestReturnsATokenAndEchoesItsTtl) {
  HttpResponse response = PutToken("300");
  EXPECT_EQ(response.status, 200);
  EXPECT_GE(response.body.size(), 40u);
  EXPECT_EQ(response.Header("X-aws-ec2-metadata-token-ttl-seconds"), "300");
  EXPECT_NE(Token(), Token());
}

TEST_F(ImdsServerTest, TokenRequestWithAMissingOrBadTtlIs400) {
  EXPECT_EQ(Request("PUT", "/latest/api/token").status, 400);
  for (const char* ttl : {"0", "21601", "-5", "abc", "", "60s", "99999999999999"}) {
    EXPECT_EQ(PutToken(ttl).status, 400) << "ttl '" << ttl << "'";
  }
  EXPECT_EQ(PutToken("1").status, 200);
  EXPECT_EQ(PutToken("21600").status, 200);
}

TEST_F(ImdsServerTest, TokenRequestThroughAProxyIsRefused) {
  HttpResponse response =
      Request("PUT", "/latest/api/token",
              {{"X-aws-ec2-metadata-token-ttl-seconds", "60"}, {"X-Forwarded-For", "10.0.0.1"}});
  EXPECT_EQ(response.status, 403);
}

TEST_F(ImdsServerTest, TokenPathAcceptsOnlyPut) {
  EXPECT_EQ(Request("GET", "/latest/api/token").status, 405);
  EXPECT_EQ(Request("POST", "/latest/api/token").status, 405);
  EXPECT_EQ(Request("POST", "/latest/meta-data/instance-id").status, 405);
}

TEST_F(ImdsServerTest, GetNeedsAValidToken) {
  EXPECT_EQ(Request("GET", "/latest/meta-data/instance-id").status, 401);
  EXPECT_EQ(Get("/latest/meta-data/instance-id", "not-a-token").status, 401);
  HttpResponse ok = Get("/latest/meta-data/instance-id", Token());
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, "i-1");
  EXPECT_EQ(ok.Header("Content-Type"), "text/plain");
}

TEST_F(ImdsServerTest, TokenExpiresAfterItsTtlOnTheClock) {
  std::string token = Token(10);
  clock_.Advance(seconds(9));
  EXPECT_EQ(Get("/latest/meta-data/instance-id", token).status, 200);
  clock_.Advance(seconds(1));
  EXPECT_EQ(Get("/latest/meta-data/instance-id", token).status, 401);
}

TEST_F(ImdsServerTest, TokenOfAnotherInstanceIsRefused) {
  std::string token_of_2 = Token(60, "i-2");
  EXPECT_EQ(Get("/latest/meta-data/instance-id", token_of_2, "i-1").status, 401);
  EXPECT_EQ(Get("/latest/meta-data/instance-id", token_of_2, "i-2").body, "i-2");
}

TEST_F(ImdsServerTest, ImdsV1IsServedOnlyWhenTokensAreOptional) {
  ImdsView view = InstanceView("i-1");
  view.http_tokens_required = false;
  source_.Set("i-1", view);
  HttpResponse v1 = Request("GET", "/latest/meta-data/instance-id");
  EXPECT_EQ(v1.status, 200);
  EXPECT_EQ(v1.body, "i-1");
  // A token that is sent is still checked.
  EXPECT_EQ(Get("/latest/meta-data/instance-id", "forged").status, 401);
}

TEST_F(ImdsServerTest, DirectoriesListTheirKeysOnePerLine) {
  std::string token = Token();
  HttpResponse meta = Get("/latest/meta-data/", token);
  EXPECT_EQ(meta.status, 200);
  EXPECT_EQ(meta.body,
            "ami-id\nblock-device-mapping/\ninstance-id\ninstance-type\nlocal-ipv4\nplacement/\n"
            "public-keys/");
  EXPECT_EQ(Get("/latest/meta-data", token).body, meta.body);
  EXPECT_EQ(Get("/latest/meta-data/placement/", token).body, "availability-zone\nregion");
  EXPECT_EQ(Get("/latest/meta-data/placement", token).body, "availability-zone\nregion");
  EXPECT_EQ(Get("/latest/", token).body, "dynamic/\nmeta-data/\nuser-data");
  EXPECT_EQ(Get("/latest/dynamic/instance-identity/", token).body, "document");
  EXPECT_EQ(Get("/latest/meta-data/block-device-mapping/root", token).body, "/dev/xvda");
}

TEST_F(ImdsServerTest, ADirectoryKeyOverridesItsListing) {
  std::string token = Token();
  EXPECT_EQ(Get("/latest/meta-data/public-keys/", token).body, "0=my-key");
  EXPECT_EQ(Get("/latest/meta-data/public-keys/0/", token).body, "openssh-key");
  EXPECT_EQ(Get("/latest/meta-data/public-keys/0/openssh-key", token).body,
            "ssh-ed25519 AAAA my-key");
}

TEST_F(ImdsServerTest, SpotNoticePathsAre404UntilTheModelSetsThem) {
  std::string token = Token();
  EXPECT_EQ(Get("/latest/meta-data/spot/instance-action", token).status, 404);
  EXPECT_EQ(Get("/latest/meta-data/spot/termination-time", token).status, 404);
  EXPECT_EQ(Get("/latest/meta-data/events/recommendations/rebalance", token).status, 404);
  EXPECT_EQ(Get("/latest/meta-data/spot/", token).status, 404);

  const std::string action = R"({"action":"terminate","time":"2026-01-01T00:02:00Z"})";
  source_.SetEntry("i-1", "meta-data/spot/instance-action", action);
  source_.SetEntry("i-1", "meta-data/spot/termination-time", "2026-01-01T00:02:00Z");
  EXPECT_EQ(Get("/latest/meta-data/spot/instance-action", token).body, action);
  EXPECT_EQ(Get("/latest/meta-data/spot/", token).body, "instance-action\ntermination-time");
  EXPECT_THAT(Get("/latest/meta-data/", token).body, ::testing::HasSubstr("\nspot/"));
}

TEST_F(ImdsServerTest, UnknownPathsAndInstancesAre404) {
  std::string token = Token();
  EXPECT_EQ(Get("/latest/meta-data/no-such-key", token).status, 404);
  EXPECT_EQ(Get("/2021-01-03/meta-data/instance-id", token).status, 404);
  EXPECT_EQ(Get("/latest/meta-data/instance-id", Token(60, "i-9"), "i-9").status, 404);
}

TEST_F(ImdsServerTest, ServesEachInstanceOnItsOwnAddressOverHttp) {
  const std::string address = testing::TestAddress();
  Result<std::string> endpoint = server_.Serve("i-1", address);
  ASSERT_TRUE(endpoint.ok()) << endpoint.status().ToString();
  EXPECT_TRUE(endpoint->starts_with("http://" + address + ":")) << *endpoint;
  EXPECT_EQ(server_.Endpoint("i-1"), *endpoint);
  EXPECT_EQ(*server_.Serve("i-1", address), *endpoint);  // idempotent

  {
    CurlHttpClient client;
    HttpRequest put;
    put.method = "PUT";
    put.url = *endpoint + "/latest/api/token";
    put.headers = {{"X-aws-ec2-metadata-token-ttl-seconds", "60"}};
    Result<HttpResponse> token = client.Send(put);
    ASSERT_TRUE(token.ok()) << token.status().ToString();
    ASSERT_EQ(token->status, 200);
    HttpRequest get;
    get.url = *endpoint + "/latest/meta-data/instance-id";
    get.headers = {{"X-aws-ec2-metadata-token", token->body}};
    Result<HttpResponse> id = client.Send(get);
    ASSERT_TRUE(id.ok());
    EXPECT_EQ(id->status, 200);
    EXPECT_EQ(id->body, "i-1");
  }

  int port = 0;
  std::string_view port_text = std::string_view(*endpoint).substr(endpoint->rfind(':') + 1);
  std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  server_.StopServing("i-1");
  EXPECT_FALSE(server_.Endpoint("i-1"));
  EXPECT_FALSE(AcceptsConnections(address, port));
}

TEST_F(ImdsServerTest, TakenPreferredPortFallsBackToAFreeOne) {
  const std::string address = testing::TestAddress();
  HttpServer::Options blocker_options;
  blocker_options.host = address;
  blocker_options.port = ImdsServer::kDefaultPort;
  HttpServer blocker(blocker_options);
  ASSERT_TRUE(blocker.Start().ok());
  Result<std::string> endpoint = server_.Serve("i-2", address);
  ASSERT_TRUE(endpoint.ok()) << endpoint.status().ToString();
  EXPECT_NE(*endpoint, blocker.base_url());
}

}  // namespace
}  // namespace spotrun
