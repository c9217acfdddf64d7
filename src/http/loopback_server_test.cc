// Tests of the testing::LoopbackServer fixture (it lives in src/testing/, which has no test
// binary of its own).
#include "testing/loopback_server.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "http/curl_http_client.h"

namespace spotrun::testing {
namespace {

using ::testing::HasSubstr;

HttpRequest Get(std::string url) {
  HttpRequest request;
  request.url = std::move(url);
  return request;
}

TEST(LoopbackServerTest, ServesTheScriptInOrderThenTheHandler) {
  LoopbackServer server;
  server.Enqueue(503, "<Error><Code>RequestLimitExceeded</Code></Error>");
  server.Enqueue(200, "ok", {{"x-amzn-RequestId", "r-2"}});
  server.SetHandler([](const HttpRequest& request) {
    HttpResponse response;
    response.status = 202;
    response.body = "handled " + request.path;
    return response;
  });
  EXPECT_EQ(server.pending_responses(), 2);
  CurlHttpClient client;

  Result<HttpResponse> first = client.Send(Get(server.Url("/1")));
  Result<HttpResponse> second = client.Send(Get(server.Url("/2")));
  Result<HttpResponse> third = client.Send(Get(server.Url("/3")));

  ASSERT_TRUE(first.ok() && second.ok() && third.ok());
  EXPECT_EQ(first->status, 503);
  EXPECT_EQ(second->status, 200);
  EXPECT_EQ(second->Header("x-amzn-requestid"), "r-2");
  EXPECT_EQ(third->status, 202);
  EXPECT_EQ(third->body, "handled /3");
  EXPECT_EQ(server.pending_responses(), 0);
}

TEST(LoopbackServerTest, RecordsEveryRequest) {
  LoopbackServer server;
  server.Enqueue(200);
  server.Enqueue(200);
  CurlHttpClient client;
  HttpRequest post;
  post.method = "POST";
  post.url = server.Url("/?Action=DescribeInstances");
  post.body = "Version=2016-11-15";
  ASSERT_TRUE(client.Send(Get(server.Url("/first"))).ok());
  ASSERT_TRUE(client.Send(post).ok());

  std::vector<HttpRequest> requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(server.request_count(), 2);
  EXPECT_EQ(requests[0].method, "GET");
  EXPECT_EQ(requests[0].path, "/first");
  EXPECT_EQ(requests[1].method, "POST");
  EXPECT_EQ(requests[1].url, "/?Action=DescribeInstances");
  EXPECT_EQ(requests[1].query, "Action=DescribeInstances");
  EXPECT_EQ(requests[1].body, "Version=2016-11-15");
  EXPECT_EQ(server.connections_accepted(), 1);
}

TEST(LoopbackServerTest, AnswersAnUnscriptedRequestWith500) {
  LoopbackServer server;
  CurlHttpClient client;
  Result<HttpResponse> response = client.Send(Get(server.Url("/unexpected")));
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 500);
  EXPECT_THAT(response->body, HasSubstr("no scripted response left for GET /unexpected"));
}

TEST(LoopbackServerTest, DroppedConnectionReachesTheServerButNotTheClient) {
  LoopbackServer server;
  server.EnqueueDroppedConnection();
  server.Enqueue(200, "retried");
  CurlHttpClient client;

  Result<HttpResponse> dropped = client.Send(Get(server.Url("/")));
  Result<HttpResponse> retried = client.Send(Get(server.Url("/")));

  ASSERT_FALSE(dropped.ok());
  EXPECT_EQ(dropped.status().kind(), ErrorKind::kUnavailable);
  ASSERT_TRUE(retried.ok()) << retried.status().ToString();
  EXPECT_EQ(retried->body, "retried");
  EXPECT_EQ(server.request_count(), 2);
  EXPECT_EQ(server.connections_accepted(), 2);
}

TEST(LoopbackServerTest, UrlJoinsTheBaseUrl) {
  LoopbackServer server;
  EXPECT_GT(server.port(), 0);
  EXPECT_EQ(server.Url("/latest/api/token"),
            "http://127.0.0.1:" + std::to_string(server.port()) + "/latest/api/token");
}

}  // namespace
}  // namespace spotrun::testing
