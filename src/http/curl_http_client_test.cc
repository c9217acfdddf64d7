#include "http/curl_http_client.h"

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <future>
#include <optional>
#include <string>
#include <thread>

#include "base/clock.h"
#include "base/temp_dir.h"
#include "http/http_server.h"
#include "testing/loopback_server.h"
#include "testing/loopback_sockets.h"
#include "testing/self_signed_certificate.h"

namespace spotrun {
namespace {

using ::spotrun::testing::LoopbackServer;
using ::spotrun::testing::RefusedPort;
using ::spotrun::testing::SelfSignedCertificate;
using ::spotrun::testing::SilentListener;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

using std::chrono::milliseconds;

HttpRequest Request(std::string method, std::string url, std::string body = "") {
  HttpRequest request;
  request.method = std::move(method);
  request.url = std::move(url);
  request.body = std::move(body);
  return request;
}

// Sets (or unsets, with nullopt) an environment variable for one scope.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, std::optional<std::string> value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) {
      ::setenv(name, value->c_str(), 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

// Proxy variables cleared for the test, so the environment the tests run in cannot
// change where requests go.
class NoProxyEnvironment {
  ScopedEnv a_{"http_proxy", std::nullopt}, b_{"https_proxy", std::nullopt},
      c_{"HTTPS_PROXY", std::nullopt}, d_{"all_proxy", std::nullopt}, e_{"ALL_PROXY", std::nullopt},
      f_{"no_proxy", std::nullopt}, g_{"NO_PROXY", std::nullopt};
};

// A one-shot raw HTTP endpoint on 127.0.0.1: accepts one connection, keeps the request head
// as sent (up to the blank line) and answers 204. Shows what httplib's parser would hide.
class RawRequestCapture {
 public:
  RawRequestCapture() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
    EXPECT_EQ(::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length), 0);
    EXPECT_EQ(::listen(fd_, 1), 0);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~RawRequestCapture() {
    head();  // wakes accept() if nobody came
    ::close(fd_);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/raw"; }
  // The request head; call after the client's Send returned.
  std::string head() {
    ::shutdown(fd_, SHUT_RDWR);
    if (thread_.joinable()) thread_.join();
    return head_;
  }

 private:
  void Serve() {
    int connection = ::accept(fd_, nullptr, nullptr);
    if (connection < 0) return;
    char buffer[4096];
    while (head_.find("\r\n\r\n") == std::string::npos) {
      ssize_t n = ::recv(connection, buffer, sizeof(buffer), 0);
      if (n <= 0) break;
      head_.append(buffer, static_cast<size_t>(n));
    }
    const std::string answer = "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n";
    ::send(connection, answer.data(), answer.size(), MSG_NOSIGNAL);
    ::close(connection);
  }

  int fd_ = -1;
  int port_ = 0;
  std::string head_;
  std::thread thread_;
};

class CurlHttpClientTest : public ::testing::Test {
 protected:
  NoProxyEnvironment no_proxy_;
  LoopbackServer server_;
  CurlHttpClient client_;
};

TEST_F(CurlHttpClientTest, GetRoundTripCarriesHeadersBothWays) {
  server_.Enqueue(200, "<ok/>", {{"Content-Type", "text/xml"}, {"x-amzn-RequestId", "r-1"}});
  HttpRequest request = Request("GET", server_.Url("/v1/things?Action=Describe&x=%2F"));
  request.headers = {{"X-Amz-Date", "20260101T000000Z"}, {"Authorization", "AWS4 x"}};

  Result<HttpResponse> response = client_.Send(request);

  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "<ok/>");
  EXPECT_EQ(response->Header("x-amzn-requestid"), "r-1");
  EXPECT_EQ(response->Header("Content-Type"), "text/xml");
  ASSERT_EQ(server_.request_count(), 1);
  HttpRequest seen = server_.requests()[0];
  EXPECT_EQ(seen.method, "GET");
  EXPECT_EQ(seen.url, "/v1/things?Action=Describe&x=%2F");
  EXPECT_EQ(seen.path, "/v1/things");
  EXPECT_EQ(seen.query, "Action=Describe&x=%2F");
  EXPECT_EQ(FindHeader(seen.headers, "x-amz-date"), "20260101T000000Z");
  EXPECT_EQ(FindHeader(seen.headers, "Authorization"), "AWS4 x");
  EXPECT_THAT(FindHeader(seen.headers, "User-Agent").value_or(""), StartsWith("spotrun/"));
  EXPECT_EQ(seen.body, "");
}

TEST_F(CurlHttpClientTest, PostSendsBodyAndContentType) {
  server_.Enqueue(201, "created");
  HttpRequest request = Request("POST", server_.Url("/"), "Action=RunInstances&Version=2016");
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};

  Result<HttpResponse> response = client_.Send(request);

  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 201);
  EXPECT_EQ(response->body, "created");
  HttpRequest seen = server_.requests().at(0);
  EXPECT_EQ(seen.method, "POST");
  EXPECT_EQ(seen.body, "Action=RunInstances&Version=2016");
  EXPECT_EQ(FindHeader(seen.headers, "Content-Type"),
            "application/x-www-form-urlencoded; charset=utf-8");
  EXPECT_EQ(FindHeader(seen.headers, "Content-Length"), "32");
}

TEST_F(CurlHttpClientTest, PutWithoutContentTypeSendsNone) {
  server_.Enqueue(200);
  Result<HttpResponse> response = client_.Send(Request("PUT", server_.Url("/b/k"), "data"));
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  HttpRequest seen = server_.requests().at(0);
  EXPECT_EQ(seen.method, "PUT");
  EXPECT_EQ(seen.body, "data");
  EXPECT_EQ(FindHeader(seen.headers, "Content-Type"), std::nullopt);
}

TEST_F(CurlHttpClientTest, EmptyPutSendsContentLengthZero) {
  server_.Enqueue(200);
  ASSERT_TRUE(client_.Send(Request("PUT", server_.Url("/b/empty"))).ok());
  EXPECT_EQ(FindHeader(server_.requests().at(0).headers, "Content-Length"), "0");
}

TEST_F(CurlHttpClientTest, HeadReturnsHeadersWithoutBody) {
  server_.Enqueue(200, "twelve bytes", {{"ETag", "\"e1\""}});
  Result<HttpResponse> response = client_.Send(Request("HEAD", server_.Url("/b/k")));
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "");
  EXPECT_EQ(response->Header("Content-Length"), "12");
  EXPECT_EQ(response->Header("ETag"), "\"e1\"");
  EXPECT_EQ(server_.requests().at(0).method, "HEAD");
}

TEST_F(CurlHttpClientTest, DeleteWithoutBody) {
  server_.Enqueue(204);
  Result<HttpResponse> response = client_.Send(Request("DELETE", server_.Url("/b/k")));
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 204);
  HttpRequest seen = server_.requests().at(0);
  EXPECT_EQ(seen.method, "DELETE");
  EXPECT_EQ(seen.body, "");
}

TEST_F(CurlHttpClientTest, ErrorStatusIsASuccessfulResult) {
  server_.Enqueue(503, "<Error><Code>RequestLimitExceeded</Code></Error>");
  Result<HttpResponse> response = client_.Send(Request("GET", server_.Url("/")));
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 503);
  EXPECT_THAT(response->body, HasSubstr("RequestLimitExceeded"));
}

// httplib drops empty header values, so this one looks at the bytes on the wire.
TEST_F(CurlHttpClientTest, SendsEmptyHeaderValuesAndNoImplicitHeaders) {
  RawRequestCapture raw;
  HttpRequest request = Request("PUT", raw.url(), "body");
  request.headers = {{"X-Empty", ""}, {"X-Amz-Date", "20260101T000000Z"}};

  Result<HttpResponse> response = client_.Send(request);

  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 204);
  std::string head = raw.head();
  EXPECT_THAT(head, StartsWith("PUT /raw HTTP/1.1\r\n"));
  EXPECT_THAT(head, HasSubstr("\r\nX-Empty:\r\n"));
  EXPECT_THAT(head, HasSubstr("\r\nX-Amz-Date: 20260101T000000Z\r\n"));
  EXPECT_THAT(head, HasSubstr("\r\nContent-Length: 4\r\n"));
  EXPECT_THAT(head, Not(HasSubstr("Expect:")));
  EXPECT_THAT(head, Not(HasSubstr("Content-Type:")));
}

TEST_F(CurlHttpClientTest, CallerUserAgentWins) {
  server_.Enqueue(200);
  HttpRequest request = Request("GET", server_.Url("/"));
  request.headers = {{"User-Agent", "aws-cli/2"}};
  ASSERT_TRUE(client_.Send(request).ok());
  EXPECT_EQ(FindHeader(server_.requests().at(0).headers, "User-Agent"), "aws-cli/2");
}

TEST_F(CurlHttpClientTest, ReusesOneConnectionForRepeatedRequests) {
  for (int i = 0; i < 5; ++i) {
    server_.Enqueue(200, "r" + std::to_string(i));
    Result<HttpResponse> response = client_.Send(Request("GET", server_.Url("/")));
    ASSERT_TRUE(response.ok()) << response.status().ToString();
    EXPECT_EQ(response->body, "r" + std::to_string(i));
  }
  EXPECT_EQ(server_.request_count(), 5);
  EXPECT_EQ(server_.connections_accepted(), 1);
}

TEST_F(CurlHttpClientTest, LargeBodiesBothWays) {
  std::string upload(4 << 20, '\0');
  for (size_t i = 0; i < upload.size(); ++i) upload[i] = static_cast<char>((i * 131) % 251);
  server_.SetHandler([](const HttpRequest& request) {
    HttpResponse response;
    response.status = 200;
    response.body = request.body;
    std::reverse(response.body.begin(), response.body.end());
    return response;
  });

  Result<HttpResponse> response = client_.Send(Request("POST", server_.Url("/big"), upload));

  ASSERT_TRUE(response.ok()) << response.status().ToString();
  std::string expected(upload.rbegin(), upload.rend());
  EXPECT_TRUE(response->body == expected)
      << "response body differs, size " << response->body.size();
  HttpRequest seen = server_.requests().at(0);
  EXPECT_TRUE(seen.body == upload) << "request body differs, size " << seen.body.size();
  // No Expect: 100-continue round trip for large bodies.
  EXPECT_EQ(FindHeader(seen.headers, "Expect"), std::nullopt);
}

TEST_F(CurlHttpClientTest, DecodesCompressedResponses) {
  HttpServer::Options options;
  options.compress_responses = true;
  LoopbackServer server(options);
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "<item>spot</item>";
  server.Enqueue(200, text, {{"Content-Type", "text/xml"}});
  Result<HttpResponse> response = client_.Send(Request("GET", server.Url("/")));
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_TRUE(response->Header("Content-Encoding").has_value());
  EXPECT_TRUE(response->body == text);
}

TEST_F(CurlHttpClientTest, OurServerDoesNotCompressUnlessAsked) {
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "<item>spot</item>";
  server_.Enqueue(200, text, {{"Content-Type", "text/xml"}});
  Result<HttpResponse> response = client_.Send(Request("GET", server_.Url("/")));
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->Header("Content-Encoding"), std::nullopt);
  EXPECT_TRUE(response->body == text);
}

TEST_F(CurlHttpClientTest, CanRefuseCompressedResponses) {
  CurlHttpClient::Options options;
  options.accept_compressed = false;
  CurlHttpClient client(options);
  server_.Enqueue(200, std::string(10000, 'a'), {{"Content-Type", "text/plain"}});
  Result<HttpResponse> response = client.Send(Request("GET", server_.Url("/")));
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->Header("Content-Encoding"), std::nullopt);
  EXPECT_EQ(FindHeader(server_.requests().at(0).headers, "Accept-Encoding"), std::nullopt);
  EXPECT_EQ(response->body, std::string(10000, 'a'));
}

TEST_F(CurlHttpClientTest, ConnectionRefusedIsUnavailable) {
  RefusedPort port;
  Result<HttpResponse> response = client_.Send(Request("GET", port.base_url() + "/"));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().kind(), ErrorKind::kUnavailable);
  EXPECT_THAT(response.status().message(), HasSubstr("could not connect"));
  EXPECT_FALSE(response.status().hint().empty());
}

TEST_F(CurlHttpClientTest, ErrorsNeverShowTheQuery) {
  RefusedPort port;
  Result<HttpResponse> response = client_.Send(
      Request("GET", port.base_url() + "/b/k?X-Amz-Signature=sekrit&X-Amz-Security-Token=tok"));
  ASSERT_FALSE(response.ok());
  EXPECT_THAT(response.status().ToString(), Not(HasSubstr("sekrit")));
  EXPECT_THAT(response.status().ToString(), Not(HasSubstr("tok")));
  EXPECT_THAT(response.status().message(), HasSubstr("/b/k"));
}

TEST_F(CurlHttpClientTest, SilentServerIsDeadlineExceededWithinTheRequestTimeout) {
  SilentListener silent;
  HttpRequest request = Request("GET", silent.base_url() + "/");
  request.total_timeout = milliseconds(200);
  RealClock clock;
  TimePoint start = clock.Now();

  Result<HttpResponse> response = client_.Send(request);

  Duration took = clock.Now() - start;
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().kind(), ErrorKind::kDeadlineExceeded);
  EXPECT_THAT(response.status().hint(), HasSubstr("total 200 ms"));
  EXPECT_GE(took, milliseconds(150));
  EXPECT_LT(took, milliseconds(5000));
}

TEST_F(CurlHttpClientTest, SlowHandlerIsDeadlineExceededWithTheDefaultTimeout) {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  server_.SetHandler([released](const HttpRequest&) {
    released.wait();
    HttpResponse response;
    response.status = 200;
    return response;
  });
  CurlHttpClient::Options options;
  options.total_timeout = milliseconds(200);
  CurlHttpClient client(options);

  Result<HttpResponse> response = client.Send(Request("GET", server_.Url("/slow")));
  release.set_value();

  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().kind(), ErrorKind::kDeadlineExceeded);
  EXPECT_EQ(server_.request_count(), 1);
}

TEST_F(CurlHttpClientTest, DroppedConnectionIsUnavailable) {
  server_.EnqueueDroppedConnection(200, "<RunInstancesResponse>lots of xml</RunInstancesResponse>");
  Result<HttpResponse> response = client_.Send(Request("POST", server_.Url("/"), "Action=Run"));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().kind(), ErrorKind::kUnavailable);
  EXPECT_THAT(response.status().hint(), HasSubstr("may or may not have taken effect"));
  EXPECT_EQ(server_.request_count(), 1);  // the call reached the server
}

// libcurl silently resends a request whose reused connection dies before any answer
// arrives; a dropped connection after the headers must still reach the caller.
TEST_F(CurlHttpClientTest, DroppedReusedConnectionIsUnavailableAndNotResent) {
  server_.Enqueue(200, "first");
  server_.EnqueueDroppedConnection();
  server_.Enqueue(200, "third");

  ASSERT_TRUE(client_.Send(Request("GET", server_.Url("/1"))).ok());
  Result<HttpResponse> dropped = client_.Send(Request("POST", server_.Url("/2"), "x"));
  ASSERT_FALSE(dropped.ok());
  EXPECT_EQ(dropped.status().kind(), ErrorKind::kUnavailable);
  EXPECT_EQ(server_.request_count(), 2);

  Result<HttpResponse> third = client_.Send(Request("GET", server_.Url("/3")));
  ASSERT_TRUE(third.ok()) << third.status().ToString();
  EXPECT_EQ(third->body, "third");
  EXPECT_EQ(server_.connections_accepted(), 2);
}

TEST_F(CurlHttpClientTest, MalformedInputIsInvalidArgument) {
  EXPECT_EQ(client_.Send(Request("GET", "not a url")).status().kind(), ErrorKind::kInvalidArgument);
  EXPECT_EQ(client_.Send(Request("GET", "ftp://127.0.0.1/x")).status().kind(),
            ErrorKind::kInvalidArgument);
  EXPECT_EQ(client_.Send(Request("GE T", server_.Url("/"))).status().kind(),
            ErrorKind::kInvalidArgument);
  HttpRequest injected = Request("GET", server_.Url("/"));
  injected.headers = {{"X-A", "1\r\nX-B: 2"}};
  EXPECT_EQ(client_.Send(injected).status().kind(), ErrorKind::kInvalidArgument);
  EXPECT_EQ(server_.request_count(), 0);
}

TEST_F(CurlHttpClientTest, DefaultOptionsAreDocumented) {
  CurlHttpClient::Options options;
  EXPECT_EQ(options.connect_timeout, milliseconds(5000));
  EXPECT_EQ(options.total_timeout, milliseconds(60000));
  EXPECT_EQ(options.ca_file, "");  // the system store; there is no switch to turn TLS off
  EXPECT_TRUE(options.accept_compressed);
}

TEST_F(CurlHttpClientTest, HonoursHttpProxyFromTheEnvironment) {
  LoopbackServer proxy;
  proxy.Enqueue(200, "via proxy");
  ScopedEnv http_proxy("http_proxy", proxy.base_url());

  // 0.0.0.0 is not a loopback name to the client, so the proxy applies; were it ignored,
  // the connection would still stay on this host (Linux treats 0.0.0.0 as local) and fail.
  Result<HttpResponse> response = client_.Send(Request("GET", "http://0.0.0.0:9/path?x=1"));

  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->body, "via proxy");
  ASSERT_EQ(proxy.request_count(), 1);
  EXPECT_EQ(proxy.requests()[0].url, "http://0.0.0.0:9/path?x=1");
}

TEST_F(CurlHttpClientTest, LoopbackBypassesTheProxy) {
  LoopbackServer proxy;
  ScopedEnv http_proxy("http_proxy", proxy.base_url());
  server_.Enqueue(200, "direct");

  Result<HttpResponse> response = client_.Send(Request("GET", server_.Url("/")));

  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->body, "direct");
  EXPECT_EQ(proxy.request_count(), 0);
}

class CurlHttpClientTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    certificate_.WriteTo(dir_.path());
    options_.tls_certificate_file = certificate_.certificate_file;
    options_.tls_private_key_file = certificate_.private_key_file;
  }
  CurlHttpClient::Options TrustingOptions() const {
    CurlHttpClient::Options options;
    options.ca_file = certificate_.certificate_file;
    return options;
  }

  NoProxyEnvironment no_proxy_;
  ScopedTempDir dir_ = ScopedTempDir::Create("spotrun-tls").value();
  SelfSignedCertificate certificate_ = SelfSignedCertificate::Make();
  HttpServer::Options options_;
};

TEST_F(CurlHttpClientTlsTest, VerifiesTheServerCertificateByDefault) {
  LoopbackServer server(options_);
  ASSERT_EQ(server.base_url().substr(0, 8), "https://");
  CurlHttpClient client;
  Result<HttpResponse> response = client.Send(Request("GET", server.Url("/")));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().kind(), ErrorKind::kUnavailable);
  EXPECT_THAT(response.status().message(), HasSubstr("certificate"));
  EXPECT_THAT(response.status().hint(), HasSubstr("CA"));
  EXPECT_EQ(server.request_count(), 0);
}

TEST_F(CurlHttpClientTlsTest, TrustsThePrivateCaFile) {
  LoopbackServer server(options_);
  server.Enqueue(200, "secure");
  CurlHttpClient client(TrustingOptions());
  for (int i = 0; i < 3; ++i) {
    Result<HttpResponse> response = client.Send(Request("GET", server.Url("/")));
    ASSERT_TRUE(response.ok()) << response.status().ToString();
    if (i == 0) {
      EXPECT_EQ(response->body, "secure");
    }
    server.Enqueue(200);
  }
  EXPECT_EQ(server.connections_accepted(), 1);
}

TEST_F(CurlHttpClientTlsTest, VerifiesTheHostName) {
  // The certificate names 127.0.0.1 and localhost, not 127.0.0.2 (loopback too).
  options_.host = "127.0.0.2";
  HttpServer server(options_);
  server.SetHandler([](const HttpRequest&) {
    HttpResponse response;
    response.status = 200;
    return response;
  });
  Result<int> port = server.Start();
  ASSERT_TRUE(port.ok()) << port.status().ToString();
  CurlHttpClient client(TrustingOptions());
  Result<HttpResponse> response = client.Send(Request("GET", server.base_url() + "/"));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().kind(), ErrorKind::kUnavailable);
}

}  // namespace
}  // namespace spotrun
