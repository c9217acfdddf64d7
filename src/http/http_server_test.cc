#include "http/http_server.h"

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "base/log.h"
#include "http/curl_http_client.h"

namespace spotrun {
namespace {

using ::testing::HasSubstr;

HttpResponse Ok(std::string body = "") {
  HttpResponse response;
  response.status = 200;
  response.body = std::move(body);
  return response;
}

HttpRequest Request(std::string method, std::string url) {
  HttpRequest request;
  request.method = std::move(method);
  request.url = std::move(url);
  return request;
}

// Captures log lines for one scope.
class ScopedLogCapture {
 public:
  ScopedLogCapture() {
    SetLogSink([this](LogLevel, std::string_view line) {
      std::lock_guard<std::mutex> lock(mu_);
      lines_.emplace_back(line);
    });
  }
  ~ScopedLogCapture() { SetLogSink(nullptr); }
  std::string Joined() {
    std::lock_guard<std::mutex> lock(mu_);
    std::string all;
    for (const auto& line : lines_) all += line + "\n";
    return all;
  }

 private:
  std::mutex mu_;
  std::vector<std::string> lines_;
};

TEST(HttpServerTest, StartPicksAFreePortAndReportsTheBaseUrl) {
  HttpServer server;
  EXPECT_EQ(server.port(), 0);
  Result<int> port = server.Start();
  ASSERT_TRUE(port.ok()) << port.status().ToString();
  EXPECT_GT(*port, 0);
  EXPECT_EQ(server.port(), *port);
  EXPECT_EQ(server.base_url(), "http://127.0.0.1:" + std::to_string(*port));
}

TEST(HttpServerTest, WithoutAHandlerAnswers501) {
  HttpServer server;
  ASSERT_TRUE(server.Start().ok());
  CurlHttpClient client;
  Result<HttpResponse> response = client.Send(Request("GET", server.base_url() + "/x"));
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 501);
}

TEST(HttpServerTest, HandsEveryMethodAndPathToTheHandler) {
  HttpServer server;
  std::mutex mu;
  std::vector<HttpRequest> seen;
  server.SetHandler([&](const HttpRequest& request) {
    std::lock_guard<std::mutex> lock(mu);
    seen.push_back(request);
    return Ok();
  });
  ASSERT_TRUE(server.Start().ok());
  CurlHttpClient client;
  for (const char* method : {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"}) {
    Result<HttpResponse> response =
        client.Send(Request(method, server.base_url() + "/a/b%20c/?k=v%3D&z"));
    ASSERT_TRUE(response.ok()) << method << ": " << response.status().ToString();
    EXPECT_EQ(response->status, 200) << method;
  }
  ASSERT_EQ(seen.size(), 7u);
  EXPECT_EQ(seen[3].method, "PATCH");
  EXPECT_EQ(seen[6].method, "HEAD");
  for (const HttpRequest& request : seen) {
    EXPECT_EQ(request.url, "/a/b%20c/?k=v%3D&z");
    EXPECT_EQ(request.path, "/a/b%20c/");
    EXPECT_EQ(request.query, "k=v%3D&z");
    // httplib's own bookkeeping entries are not the client's headers.
    EXPECT_EQ(FindHeader(request.headers, "REMOTE_ADDR"), std::nullopt);
    EXPECT_TRUE(FindHeader(request.headers, "Host").has_value());
  }
}

// Regression: httplib 0.11 waited for a body until its 5 s read timeout and then answered
// 400 when a PUT carried neither Content-Length nor Transfer-Encoding — what
// `curl -X PUT …/latest/api/token` sends to IMDS.
TEST(HttpServerTest, BodylessPutWithoutContentLengthIsServedAtOnce) {
  HttpServer server;
  server.SetHandler([](const HttpRequest& request) { return Ok(request.method + request.path); });
  ASSERT_TRUE(server.Start().ok());
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  timeval timeout{2, 0};  // well under httplib's read timeout
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(server.port()));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  const std::string request = "PUT /token HTTP/1.1\r\nHost: x\r\nX-Ttl: 60\r\n\r\n";
  ASSERT_EQ(::write(fd, request.data(), request.size()), static_cast<ssize_t>(request.size()));
  std::string answer;
  char buf[4096];
  while (answer.find("PUT/token") == std::string::npos) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) break;
    answer.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 200")) << answer;
  EXPECT_THAT(answer, HasSubstr("PUT/token"));
}

TEST(HttpServerTest, HandlerExceptionBecomes500AndTheServerKeepsServing) {
  ScopedLogCapture log;
  HttpServer server;
  server.SetHandler([](const HttpRequest& request) -> HttpResponse {
    if (request.path == "/boom") throw std::runtime_error("kaboom");
    return Ok("fine");
  });
  ASSERT_TRUE(server.Start().ok());
  CurlHttpClient client;

  Result<HttpResponse> boom = client.Send(Request("GET", server.base_url() + "/boom"));
  Result<HttpResponse> fine = client.Send(Request("GET", server.base_url() + "/fine"));

  ASSERT_TRUE(boom.ok()) << boom.status().ToString();
  EXPECT_EQ(boom->status, 500);
  ASSERT_TRUE(fine.ok()) << fine.status().ToString();
  EXPECT_EQ(fine->body, "fine");
  EXPECT_THAT(log.Joined(), HasSubstr("kaboom"));
}

TEST(HttpServerTest, InvalidStatusFromTheHandlerBecomes500) {
  ScopedLogCapture log;
  HttpServer server;
  server.SetHandler([](const HttpRequest&) { return HttpResponse(); });  // status 0
  ASSERT_TRUE(server.Start().ok());
  CurlHttpClient client;
  Result<HttpResponse> response = client.Send(Request("GET", server.base_url() + "/"));
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 500);
  EXPECT_THAT(log.Joined(), HasSubstr("invalid status 0"));
}

TEST(HttpServerTest, ComputesContentLengthItself) {
  HttpServer server;
  server.SetHandler([](const HttpRequest&) {
    HttpResponse response = Ok("four");
    response.headers = {{"Content-Length", "999"},
                        {"Content-Type", "application/json"},
                        {"x-amzn-RequestId", "req-1"}};
    return response;
  });
  ASSERT_TRUE(server.Start().ok());
  CurlHttpClient::Options identity;  // uncompressed, so the length is the body's
  identity.accept_compressed = false;
  CurlHttpClient client(identity);
  Result<HttpResponse> response = client.Send(Request("GET", server.base_url() + "/"));
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->body, "four");
  EXPECT_EQ(response->Header("Content-Length"), "4");
  EXPECT_EQ(response->Header("Content-Type"), "application/json");
  EXPECT_EQ(response->Header("x-amzn-RequestId"), "req-1");
}

TEST(HttpServerTest, RunsHandlersConcurrently) {
  HttpServer server;
  std::mutex mu;
  std::condition_variable cv;
  int arrived = 0;
  server.SetHandler([&](const HttpRequest&) {
    std::unique_lock<std::mutex> lock(mu);
    ++arrived;
    cv.notify_all();
    // Both requests must be inside the handler at once; bounded so a failure cannot hang.
    bool both = cv.wait_for(lock, std::chrono::seconds(10), [&] { return arrived == 2; });
    return Ok(both ? "together" : "alone");
  });
  ASSERT_TRUE(server.Start().ok());
  auto call = [&](Result<HttpResponse>* out) {
    CurlHttpClient client;
    *out = client.Send(Request("GET", server.base_url() + "/"));
  };
  Result<HttpResponse> a = Status::Internal("unset"), b = Status::Internal("unset");
  std::thread first(call, &a), second(call, &b);
  first.join();
  second.join();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->body, "together");
  EXPECT_EQ(b->body, "together");
  EXPECT_EQ(server.connections_accepted(), 2);
}

TEST(HttpServerTest, BusyPortFailsToStart) {
  HttpServer first;
  Result<int> port = first.Start();
  ASSERT_TRUE(port.ok()) << port.status().ToString();
  HttpServer::Options options;
  options.port = *port;
  HttpServer second(options);
  Result<int> again = second.Start();
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().kind(), ErrorKind::kFailedPrecondition);
  EXPECT_THAT(again.status().message(), HasSubstr(std::to_string(*port)));
  EXPECT_FALSE(again.status().hint().empty());
}

TEST(HttpServerTest, StartTwiceFailsAndStopIsIdempotent) {
  HttpServer server;
  ASSERT_TRUE(server.Start().ok());
  EXPECT_EQ(server.Start().status().kind(), ErrorKind::kFailedPrecondition);
  server.Stop();
  server.Stop();
}

TEST(HttpServerTest, RestartsOnTheSamePortAfterStop) {
  HttpServer::Options options;
  HttpServer first(options);
  first.SetHandler([](const HttpRequest&) { return Ok("first"); });
  Result<int> port = first.Start();
  ASSERT_TRUE(port.ok()) << port.status().ToString();
  {
    CurlHttpClient client;
    ASSERT_TRUE(client.Send(Request("GET", first.base_url() + "/")).ok());
  }
  first.Stop();

  options.port = *port;
  HttpServer second(options);
  second.SetHandler([](const HttpRequest&) { return Ok("second"); });
  Result<int> again = second.Start();
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  CurlHttpClient client;
  Result<HttpResponse> response = client.Send(Request("GET", second.base_url() + "/"));
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->body, "second");
}

TEST(HttpServerTest, StoppedServerRefusesConnections) {
  HttpServer server;
  ASSERT_TRUE(server.Start().ok());
  std::string url = server.base_url() + "/";
  server.Stop();
  CurlHttpClient client;
  Result<HttpResponse> response = client.Send(Request("GET", url));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().kind(), ErrorKind::kUnavailable);
}

TEST(HttpServerTest, UnreadableTlsFilesFailToStart) {
  HttpServer::Options options;
  options.tls_certificate_file = "/nonexistent/cert.pem";
  options.tls_private_key_file = "/nonexistent/key.pem";
  HttpServer server(options);
  Result<int> port = server.Start();
  ASSERT_FALSE(port.ok());
  EXPECT_EQ(port.status().kind(), ErrorKind::kInvalidArgument);
  EXPECT_THAT(port.status().message(), HasSubstr("/nonexistent/cert.pem"));
}

TEST(HttpServerTest, TlsNeedsBothCertificateAndKey) {
  HttpServer::Options options;
  options.tls_certificate_file = "/some/cert.pem";
  HttpServer server(options);
  EXPECT_EQ(server.Start().status().kind(), ErrorKind::kInvalidArgument);
}

}  // namespace
}  // namespace spotrun
