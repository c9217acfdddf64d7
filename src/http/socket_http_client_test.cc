#include "http/socket_http_client.h"

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <functional>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

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

// A raw HTTP endpoint on 127.0.0.1 that plays one scripted session per accepted connection,
// in order, for what HttpServer cannot do (chunked answers, 100 Continue, closing a kept-alive
// connection at a chosen moment) and to see the request head exactly as sent. Sessions run
// on one thread, one after another.
class RawServer {
 public:
  using Session = std::function<void(int fd)>;

  explicit RawServer(std::vector<Session> sessions) : sessions_(std::move(sessions)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
    EXPECT_EQ(::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length), 0);
    EXPECT_EQ(::listen(fd_, 8), 0);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~RawServer() {
    ::shutdown(fd_, SHUT_RDWR);  // wakes accept() when a session never came
    thread_.join();
    ::close(fd_);
  }

  std::string Url(std::string_view path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + std::string(path);
  }
  int port() const { return port_; }
  // Waits (up to 10 s) until `count` sessions have ended and their connections are closed.
  bool WaitForSessionsDone(int count) {
    std::unique_lock lock(mu_);
    return done_cv_.wait_for(lock, std::chrono::seconds(10), [&] { return done_ >= count; });
  }
  // Request heads read by ReadHead, in order.
  std::vector<std::string> heads() const {
    std::lock_guard lock(mu_);
    return heads_;
  }

  // Reads one request head (through the blank line) byte by byte, so nothing after it is
  // consumed; "" when the client closed first.
  std::string ReadHead(int fd) {
    std::string head;
    char c;
    while (head.find("\r\n\r\n") == std::string::npos && ::recv(fd, &c, 1, 0) == 1) head += c;
    if (head.find("\r\n\r\n") == std::string::npos) return "";
    std::lock_guard lock(mu_);
    heads_.push_back(head);
    return head;
  }
  static void SendAll(int fd, std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return;
      data.remove_prefix(static_cast<size_t>(n));
    }
  }

 private:
  void Serve() {
    for (Session& session : sessions_) {
      int connection = ::accept(fd_, nullptr, nullptr);
      if (connection < 0) return;
      session(connection);
      ::close(connection);
      std::lock_guard lock(mu_);
      ++done_;
      done_cv_.notify_all();
    }
  }

  std::vector<Session> sessions_;
  int fd_ = -1;
  int port_ = 0;
  std::thread thread_;
  mutable std::mutex mu_;
  std::condition_variable done_cv_;
  int done_ = 0;
  std::vector<std::string> heads_;
};

class SocketHttpClientTest : public ::testing::Test {
 protected:
  LoopbackServer server_;
  SocketHttpClient client_;
};

TEST_F(SocketHttpClientTest, GetRoundTripCarriesHeadersBothWays) {
  server_.Enqueue(200, "<ok/>", {{"Content-Type", "text/xml"}, {"x-amzn-RequestId", "r-1"}});
  HttpRequest request = Request("GET", server_.Url("/v1/things?Action=Describe&x=%2F%20y"));
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
  EXPECT_EQ(seen.url, "/v1/things?Action=Describe&x=%2F%20y");  // not re-encoded
  EXPECT_EQ(FindHeader(seen.headers, "x-amz-date"), "20260101T000000Z");
  EXPECT_EQ(FindHeader(seen.headers, "Authorization"), "AWS4 x");
  EXPECT_EQ(FindHeader(seen.headers, "Host"), "127.0.0.1:" + std::to_string(server_.port()));
  EXPECT_THAT(FindHeader(seen.headers, "User-Agent").value_or(""), StartsWith("spotrun/"));
  EXPECT_EQ(seen.body, "");
}

TEST_F(SocketHttpClientTest, PostSendsBodyAndContentLength) {
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

TEST_F(SocketHttpClientTest, PutSendsTheBodyAndNoContentType) {
  server_.Enqueue(200, "", {{"ETag", "\"e1\""}});
  Result<HttpResponse> response = client_.Send(Request("PUT", server_.Url("/b/k"), "data"));
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->Header("etag"), "\"e1\"");
  HttpRequest seen = server_.requests().at(0);
  EXPECT_EQ(seen.method, "PUT");
  EXPECT_EQ(seen.body, "data");
  EXPECT_EQ(FindHeader(seen.headers, "Content-Type"), std::nullopt);
}

TEST_F(SocketHttpClientTest, EmptyPutAndPostSendContentLengthZero) {
  server_.Enqueue(200);
  server_.Enqueue(200);
  ASSERT_TRUE(client_.Send(Request("PUT", server_.Url("/b/empty"))).ok());
  ASSERT_TRUE(client_.Send(Request("POST", server_.Url("/"))).ok());
  EXPECT_EQ(FindHeader(server_.requests().at(0).headers, "Content-Length"), "0");
  EXPECT_EQ(FindHeader(server_.requests().at(1).headers, "Content-Length"), "0");
}

TEST_F(SocketHttpClientTest, HeadReturnsHeadersWithoutBodyAndKeepsTheConnection) {
  server_.Enqueue(200, "twelve bytes", {{"ETag", "\"e1\""}});
  server_.Enqueue(200, "after head");
  Result<HttpResponse> response = client_.Send(Request("HEAD", server_.Url("/b/k")));
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "");
  EXPECT_EQ(response->Header("Content-Length"), "12");
  EXPECT_EQ(response->Header("ETag"), "\"e1\"");
  EXPECT_EQ(server_.requests().at(0).method, "HEAD");

  // Had the client waited for the 12 bytes, this would time out or read garbage.
  Result<HttpResponse> next = client_.Send(Request("GET", server_.Url("/next")));
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_EQ(next->body, "after head");
  EXPECT_EQ(server_.connections_accepted(), 1);
}

TEST_F(SocketHttpClientTest, DeleteWithoutBody) {
  server_.Enqueue(204);
  Result<HttpResponse> response = client_.Send(Request("DELETE", server_.Url("/b/k")));
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 204);
  EXPECT_EQ(response->body, "");
  HttpRequest seen = server_.requests().at(0);
  EXPECT_EQ(seen.method, "DELETE");
  EXPECT_EQ(FindHeader(seen.headers, "Content-Length"), std::nullopt);
}

TEST_F(SocketHttpClientTest, NoContentHasNoBodyAndKeepsTheConnection) {
  server_.Enqueue(204);
  server_.Enqueue(200, "second");
  Result<HttpResponse> first = client_.Send(Request("GET", server_.Url("/1")));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->status, 204);
  EXPECT_EQ(first->body, "");
  Result<HttpResponse> second = client_.Send(Request("GET", server_.Url("/2")));
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->body, "second");
  EXPECT_EQ(server_.connections_accepted(), 1);
}

TEST_F(SocketHttpClientTest, ErrorStatusIsASuccessfulResult) {
  server_.Enqueue(503, "<Error><Code>SlowDown</Code></Error>");
  Result<HttpResponse> response = client_.Send(Request("GET", server_.Url("/")));
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 503);
  EXPECT_EQ(response->body, "<Error><Code>SlowDown</Code></Error>");
}

TEST_F(SocketHttpClientTest, BinaryBodiesWithNulsGoBothWaysExactly) {
  std::string upload(4 << 20, '\0');
  for (size_t i = 0; i < upload.size(); ++i) upload[i] = static_cast<char>((i * 131) % 251);
  server_.SetHandler([](const HttpRequest& request) {
    HttpResponse response;
    response.status = 200;
    response.body = request.body;
    std::reverse(response.body.begin(), response.body.end());
    return response;
  });

  for (const std::string& body : {std::string("a\0b\0\0c", 6), upload}) {
    Result<HttpResponse> response = client_.Send(Request("PUT", server_.Url("/bin"), body));
    ASSERT_TRUE(response.ok()) << response.status().ToString();
    std::string expected(body.rbegin(), body.rend());
    EXPECT_TRUE(response->body == expected) << "response size " << response->body.size();
  }
  ASSERT_EQ(server_.request_count(), 2);
  EXPECT_EQ(server_.requests()[0].body, std::string("a\0b\0\0c", 6));
  EXPECT_TRUE(server_.requests()[1].body == upload);
  EXPECT_EQ(FindHeader(server_.requests()[1].headers, "Expect"), std::nullopt);
}

TEST_F(SocketHttpClientTest, CallerHostAndUserAgentWin) {
  server_.Enqueue(200);
  HttpRequest request = Request("GET", server_.Url("/"));
  request.headers = {{"User-Agent", "aws-cli/2"}, {"Host", "bucket.s3.example"}};
  ASSERT_TRUE(client_.Send(request).ok());
  HttpRequest seen = server_.requests().at(0);
  EXPECT_EQ(FindHeader(seen.headers, "User-Agent"), "aws-cli/2");
  EXPECT_EQ(FindHeader(seen.headers, "Host"), "bucket.s3.example");
}

TEST_F(SocketHttpClientTest, RequestHeadIsExactlyTheCallersPlusHostUserAgentAndLength) {
  RawServer raw({[&](int fd) {
    raw.ReadHead(fd);
    char body[3];
    ::recv(fd, body, sizeof(body), MSG_WAITALL);
    RawServer::SendAll(fd, "HTTP/1.1 204 No Content\r\n\r\n");
  }});
  HttpRequest request = Request("POST", raw.Url("/a%2Fb/c?list-type=2&prefix=x%20y"), "abc");
  request.headers = {{"x-amz-content-sha256", "UNSIGNED"}, {"X-Empty", ""}};

  ASSERT_TRUE(client_.Send(request).ok());

  ASSERT_EQ(raw.heads().size(), 1u);
  EXPECT_EQ(raw.heads()[0],
            "POST /a%2Fb/c?list-type=2&prefix=x%20y HTTP/1.1\r\n"
            "Host: 127.0.0.1:" +
                std::to_string(raw.port()) +
                "\r\n"
                "User-Agent: spotrun/" SPOTRUN_VERSION
                "\r\n"
                "x-amz-content-sha256: UNSIGNED\r\n"
                "X-Empty: \r\n"
                "Content-Length: 3\r\n"
                "\r\n");
}

TEST_F(SocketHttpClientTest, ReadsChunkedResponsesWithTrailers) {
  RawServer raw({[&](int fd) {
    raw.ReadHead(fd);
    RawServer::SendAll(fd,
                       "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-A: 1\r\n\r\n"
                       "5\r\nhello\r\n"
                       "7;ext=1\r\n, world\r\n"
                       "1A\r\n" +
                           std::string(26, 'z') +
                           "\r\n"
                           "0\r\nX-Checksum: abc\r\n\r\n");
    raw.ReadHead(fd);  // the connection is reused for a second request
    RawServer::SendAll(fd, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
  }});

  Result<HttpResponse> response = client_.Send(Request("GET", raw.Url("/chunked")));
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->body, "hello, world" + std::string(26, 'z'));
  EXPECT_EQ(response->Header("X-A"), "1");
  EXPECT_EQ(response->Header("X-Checksum"), "abc");  // the trailer

  Result<HttpResponse> second = client_.Send(Request("GET", raw.Url("/second")));
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->body, "ok");
  EXPECT_EQ(client_.connections_opened(), 1);
}

TEST_F(SocketHttpClientTest, ReadsABodyUntilCloseAndSkipsInterimResponses) {
  RawServer raw({[&](int fd) {
                   raw.ReadHead(fd);
                   RawServer::SendAll(fd,
                                      "HTTP/1.1 100 Continue\r\n\r\n"
                                      "HTTP/1.0 200 OK\r\nX-Folded: a\r\n  b\r\n\r\nuntil close");
                 },
                 [&](int fd) {
                   raw.ReadHead(fd);
                   RawServer::SendAll(fd, "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nnew");
                 }});

  Result<HttpResponse> response = client_.Send(Request("GET", raw.Url("/")));
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "until close");
  EXPECT_EQ(response->Header("X-Folded"), "a b");

  Result<HttpResponse> next = client_.Send(Request("GET", raw.Url("/")));
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_EQ(next->body, "new");
  EXPECT_EQ(client_.connections_opened(), 2);
}

TEST_F(SocketHttpClientTest, ReusesOneConnectionForRepeatedRequests) {
  for (int i = 0; i < 5; ++i) {
    server_.Enqueue(200, "r" + std::to_string(i));
    Result<HttpResponse> response = client_.Send(Request("GET", server_.Url("/")));
    ASSERT_TRUE(response.ok()) << response.status().ToString();
    EXPECT_EQ(response->body, "r" + std::to_string(i));
  }
  EXPECT_EQ(server_.request_count(), 5);
  EXPECT_EQ(server_.connections_accepted(), 1);
  EXPECT_EQ(client_.connections_opened(), 1);
}

TEST_F(SocketHttpClientTest, KeepsOneConnectionPerServer) {
  LoopbackServer other;
  SocketHttpClient client;  // closes its connections before `other` stops
  for (int i = 0; i < 3; ++i) {
    server_.Enqueue(200, "a");
    other.Enqueue(200, "b");
    ASSERT_TRUE(client.Send(Request("GET", server_.Url("/"))).ok());
    ASSERT_TRUE(client.Send(Request("PUT", other.Url("/"), "x")).ok());
  }
  EXPECT_EQ(server_.connections_accepted(), 1);
  EXPECT_EQ(other.connections_accepted(), 1);
}

TEST_F(SocketHttpClientTest, ConnectionCloseFromTheServerOpensANewConnection) {
  server_.Enqueue(200, "bye", {{"Connection", "close"}});
  server_.Enqueue(200, "hello again");
  ASSERT_TRUE(client_.Send(Request("GET", server_.Url("/1"))).ok());
  Result<HttpResponse> second = client_.Send(Request("GET", server_.Url("/2")));
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->body, "hello again");
  EXPECT_EQ(server_.connections_accepted(), 2);
}

TEST_F(SocketHttpClientTest, IdleConnectionClosedByTheServerIsReplacedTransparently) {
  RawServer raw({[&](int fd) {
                   raw.ReadHead(fd);
                   RawServer::SendAll(fd, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n1");
                 },  // ... and closes the kept-alive connection
                 [&](int fd) {
                   raw.ReadHead(fd);
                   RawServer::SendAll(fd, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n2");
                 }});
  ASSERT_TRUE(client_.Send(Request("GET", raw.Url("/1"))).ok());
  ASSERT_TRUE(raw.WaitForSessionsDone(1));

  Result<HttpResponse> second = client_.Send(Request("GET", raw.Url("/2")));

  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->body, "2");
  EXPECT_EQ(raw.heads().size(), 2u);
}

// The race a poll before reuse cannot see: the server closes the idle connection just as
// the request goes out. The request never got an answer, so it is sent once more.
TEST_F(SocketHttpClientTest, RequestUnansweredOnAReusedConnectionIsSentOnceMore) {
  RawServer raw({[&](int fd) {
                   raw.ReadHead(fd);
                   RawServer::SendAll(fd, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n1");
                   raw.ReadHead(fd);  // ... and closes without answering
                 },
                 [&](int fd) {
                   raw.ReadHead(fd);
                   RawServer::SendAll(fd, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n2");
                 }});
  ASSERT_TRUE(client_.Send(Request("GET", raw.Url("/1"))).ok());

  Result<HttpResponse> second = client_.Send(Request("GET", raw.Url("/2")));

  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->body, "2");
  ASSERT_EQ(raw.heads().size(), 3u);
  EXPECT_THAT(raw.heads()[1], StartsWith("GET /2 "));
  EXPECT_THAT(raw.heads()[2], StartsWith("GET /2 "));
  EXPECT_EQ(client_.connections_opened(), 2);
}

TEST_F(SocketHttpClientTest, UnansweredRequestOnANewConnectionIsNotResent) {
  RawServer raw({[&](int fd) { raw.ReadHead(fd); }, [&](int fd) { raw.ReadHead(fd); }});
  Result<HttpResponse> response = client_.Send(Request("POST", raw.Url("/"), "x"));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().kind(), ErrorKind::kUnavailable);
  EXPECT_THAT(response.status().message(), HasSubstr("before any response arrived"));
  EXPECT_EQ(raw.heads().size(), 1u);
  EXPECT_EQ(client_.connections_opened(), 1);
}

TEST_F(SocketHttpClientTest, DroppedConnectionIsUnavailable) {
  server_.EnqueueDroppedConnection(200, "<RunInstancesResponse>lots of xml</RunInstancesResponse>");
  Result<HttpResponse> response = client_.Send(Request("POST", server_.Url("/"), "Action=Run"));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().kind(), ErrorKind::kUnavailable);
  EXPECT_THAT(response.status().message(), HasSubstr("before the response was complete"));
  EXPECT_THAT(response.status().hint(), HasSubstr("may or may not have taken effect"));
  EXPECT_EQ(server_.request_count(), 1);
}

// Part of the answer arrived: the request took effect, so it is not sent again.
TEST_F(SocketHttpClientTest, DroppedReusedConnectionIsUnavailableAndNotResent) {
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

TEST_F(SocketHttpClientTest, ConnectionRefusedIsUnavailable) {
  RefusedPort port;
  Result<HttpResponse> response = client_.Send(Request("GET", port.base_url() + "/"));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().kind(), ErrorKind::kUnavailable);
  EXPECT_THAT(response.status().message(), HasSubstr("could not connect"));
  EXPECT_THAT(response.status().message(), HasSubstr("refused"));
  EXPECT_FALSE(response.status().hint().empty());
}

TEST_F(SocketHttpClientTest, UnknownHostIsUnavailable) {
  Result<HttpResponse> response = client_.Send(Request("GET", "http://no-such-host.invalid/"));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().kind(), ErrorKind::kUnavailable);
  EXPECT_THAT(response.status().message(), HasSubstr("could not resolve"));
  EXPECT_THAT(response.status().hint(), HasSubstr("DNS"));
}

TEST_F(SocketHttpClientTest, ErrorsNeverShowTheQuery) {
  RefusedPort port;
  Result<HttpResponse> response = client_.Send(
      Request("GET", port.base_url() + "/b/k?X-Amz-Signature=sekrit&X-Amz-Security-Token=tok"));
  ASSERT_FALSE(response.ok());
  EXPECT_THAT(response.status().ToString(), Not(HasSubstr("sekrit")));
  EXPECT_THAT(response.status().ToString(), Not(HasSubstr("tok")));
  EXPECT_THAT(response.status().message(), HasSubstr("/b/k"));
}

TEST_F(SocketHttpClientTest, SilentServerIsDeadlineExceededWithinTheRequestTimeout) {
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

// A slow answer on a reused connection is a timeout, not a closed idle connection: the
// server has the request, so it is not sent again.
TEST_F(SocketHttpClientTest, SlowHandlerIsDeadlineExceededWithTheDefaultTimeoutAndNotResent) {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  server_.Enqueue(200, "fast");
  server_.SetHandler([released](const HttpRequest&) {
    released.wait();
    HttpResponse response;
    response.status = 200;
    return response;
  });
  SocketHttpClient::Options options;
  options.total_timeout = milliseconds(200);
  SocketHttpClient client(options);

  ASSERT_TRUE(client.Send(Request("GET", server_.Url("/fast"))).ok());
  Result<HttpResponse> response = client.Send(Request("GET", server_.Url("/slow")));
  release.set_value();

  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().kind(), ErrorKind::kDeadlineExceeded);
  EXPECT_THAT(response.status().message(), HasSubstr("/slow"));
  EXPECT_EQ(server_.request_count(), 2);
  EXPECT_EQ(client.connections_opened(), 1);
}

TEST_F(SocketHttpClientTest, MalformedInputIsInvalidArgument) {
  for (const char* url : {"not a url", "ftp://127.0.0.1/x", "http:///x", "http://h:99999/",
                          "http://h:x/", "http://user@127.0.0.1/", "http://127.0.0.1/a b"}) {
    EXPECT_EQ(client_.Send(Request("GET", url)).status().kind(), ErrorKind::kInvalidArgument)
        << url;
  }
  EXPECT_EQ(client_.Send(Request("GE T", server_.Url("/"))).status().kind(),
            ErrorKind::kInvalidArgument);
  HttpRequest injected = Request("GET", server_.Url("/"));
  injected.headers = {{"X-A", "1\r\nX-B: 2"}};
  EXPECT_EQ(client_.Send(injected).status().kind(), ErrorKind::kInvalidArgument);
  EXPECT_EQ(server_.request_count(), 0);
}

TEST_F(SocketHttpClientTest, AcceptsIpv6LiteralsAndNoPath) {
  HttpServer::Options options;
  options.host = "::1";
  HttpServer server(options);
  server.SetHandler([](const HttpRequest& request) {
    HttpResponse response;
    response.status = 200;
    response.body = request.url + " " + FindHeader(request.headers, "Host").value_or("");
    return response;
  });
  Result<int> port = server.Start();
  if (!port.ok()) GTEST_SKIP() << "no IPv6 loopback here: " << port.status().ToString();
  SocketHttpClient client;  // closes its connection before `server` stops

  Result<HttpResponse> response =
      client.Send(Request("GET", "http://[::1]:" + std::to_string(*port) + "?a=1"));

  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->body, "/?a=1 [::1]:" + std::to_string(*port));
}

TEST_F(SocketHttpClientTest, DefaultOptionsAreDocumented) {
  SocketHttpClient::Options options;
  EXPECT_EQ(options.connect_timeout, milliseconds(5000));
  EXPECT_EQ(options.total_timeout, milliseconds(60000));
  EXPECT_EQ(options.ca_file, "");
  EXPECT_EQ(options.user_agent, "");
}

TEST_F(SocketHttpClientTest, PlainHttpNeverReadsTheCaFile) {
  SocketHttpClient::Options options;
  options.ca_file = "/nonexistent/ca.pem";
  SocketHttpClient client(options);
  server_.Enqueue(200, "plain");
  Result<HttpResponse> response = client.Send(Request("GET", server_.Url("/")));
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->body, "plain");
}

class SocketHttpClientTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    certificate_.WriteTo(dir_.path());
    options_.tls_certificate_file = certificate_.certificate_file;
    options_.tls_private_key_file = certificate_.private_key_file;
  }
  SocketHttpClient::Options TrustingOptions() const {
    SocketHttpClient::Options options;
    options.ca_file = certificate_.certificate_file;
    return options;
  }
  // The server's URL by the DNS name its certificate gives (server.Url uses 127.0.0.1).
  static std::string LocalhostUrl(const LoopbackServer& server, std::string_view path) {
    return "https://localhost:" + std::to_string(server.port()) + std::string(path);
  }

  ScopedTempDir dir_ = ScopedTempDir::Create("spotrun-tls").value();
  SelfSignedCertificate certificate_ = SelfSignedCertificate::Make();
  HttpServer::Options options_;
};

TEST_F(SocketHttpClientTlsTest, TrustsThePrivateCaFileAndReusesTheConnection) {
  LoopbackServer server(options_);
  SocketHttpClient client(TrustingOptions());
  for (int i = 0; i < 3; ++i) {
    server.Enqueue(200, "secure " + std::to_string(i));
    Result<HttpResponse> response =
        client.Send(Request("PUT", LocalhostUrl(server, "/b/k?x=1"), "payload"));
    ASSERT_TRUE(response.ok()) << response.status().ToString();
    EXPECT_EQ(response->body, "secure " + std::to_string(i));
  }
  EXPECT_EQ(server.requests().at(0).body, "payload");
  EXPECT_EQ(server.requests().at(0).url, "/b/k?x=1");
  EXPECT_EQ(FindHeader(server.requests().at(0).headers, "Host"),
            "localhost:" + std::to_string(server.port()));
  EXPECT_EQ(server.connections_accepted(), 1);
}

TEST_F(SocketHttpClientTlsTest, MatchesAnIpAddressAgainstTheCertificatesAddresses) {
  LoopbackServer server(options_);
  server.Enqueue(200, "by address");
  SocketHttpClient client(TrustingOptions());
  Result<HttpResponse> response = client.Send(Request("GET", server.Url("/")));
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->body, "by address");
}

TEST_F(SocketHttpClientTlsTest, LargeBodiesBothWays) {
  LoopbackServer server(options_);
  std::string upload(3 << 20, '\0');
  for (size_t i = 0; i < upload.size(); ++i) upload[i] = static_cast<char>((i * 7) % 253);
  server.SetHandler([](const HttpRequest& request) {
    HttpResponse response;
    response.status = 200;
    response.body = request.body + request.body;
    return response;
  });
  SocketHttpClient client(TrustingOptions());
  Result<HttpResponse> response = client.Send(Request("POST", LocalhostUrl(server, "/"), upload));
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_TRUE(response->body == upload + upload) << "size " << response->body.size();
}

TEST_F(SocketHttpClientTlsTest, RejectsACertificateTheSystemBundleDoesNotTrust) {
  LoopbackServer server(options_);
  SocketHttpClient client;  // the system bundle
  Result<HttpResponse> response = client.Send(Request("GET", LocalhostUrl(server, "/")));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().kind(), ErrorKind::kUnavailable);
  EXPECT_THAT(response.status().message(), HasSubstr("certificate of localhost was rejected"));
  EXPECT_THAT(response.status().message(), HasSubstr("not correctly signed by the trusted CA"));
  EXPECT_THAT(response.status().message(), HasSubstr("/etc/ssl/certs/ca-certificates.crt"));
  EXPECT_THAT(response.status().hint(), HasSubstr("CA"));
  EXPECT_EQ(server.request_count(), 0);
}

TEST_F(SocketHttpClientTlsTest, VerifiesTheHostName) {
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
  SocketHttpClient client(TrustingOptions());
  Result<HttpResponse> response = client.Send(Request("GET", server.base_url() + "/"));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().kind(), ErrorKind::kUnavailable);
  EXPECT_THAT(response.status().message(), HasSubstr("certificate of 127.0.0.2 was rejected"));
  EXPECT_THAT(response.status().message(), HasSubstr("Common Name"));
}

TEST_F(SocketHttpClientTlsTest, MissingCaFileIsUnavailableWithAHint) {
  LoopbackServer server(options_);
  SocketHttpClient::Options options;
  options.ca_file = (dir_.path() / "missing.pem").string();
  SocketHttpClient client(options);
  Result<HttpResponse> response = client.Send(Request("GET", LocalhostUrl(server, "/")));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().kind(), ErrorKind::kUnavailable);
  EXPECT_THAT(response.status().message(), HasSubstr("missing.pem"));
  EXPECT_THAT(response.status().hint(), HasSubstr("AWS_CA_BUNDLE"));
}

TEST_F(SocketHttpClientTlsTest, PlainHttpToATlsServerIsAnError) {
  LoopbackServer server(options_);
  HttpRequest request = Request("GET", "http://127.0.0.1:" + std::to_string(server.port()) + "/");
  request.total_timeout = milliseconds(2000);
  SocketHttpClient client;
  Result<HttpResponse> response = client.Send(request);
  EXPECT_FALSE(response.ok());
}

}  // namespace
}  // namespace spotrun
