// HttpServer: a small HTTP(S) server over cpp-httplib for the local cloud and for tests.
// Every request, whatever its method and path, goes to one handler; the server owns a
// listening thread and a pool of connection threads. SetHandler before Start; after Start,
// the public methods are safe to call from any thread, and the handler runs on several
// connection threads at once, so it must be thread-safe.
#ifndef SPOTRUN_HTTP_HTTP_SERVER_H_
#define SPOTRUN_HTTP_HTTP_SERVER_H_

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "base/result.h"
#include "http/http_types.h"

namespace httplib {
class Server;
}

namespace spotrun {

// What the handler sees: HttpRequest::url is the request target as received
// ("/path?query"), with `path` and `query` split out; headers and the whole body.
// Methods are the ones httplib parses: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS.
// httplib's limits, none of which AWS protocols meet: a header with an empty value is
// dropped, and a multipart/form-data body is parsed away (`body` arrives empty).
// Content-Length and Transfer-Encoding in a handler's response are ignored (the server
// computes them), except a Content-Length on a body-less answer to HEAD, which is sent. A
// Range header is left to the handler (httplib's own range handling is off). A handler that throws
// yields a 500 and an error in the log. A response with drop_connection set breaks the connection
// after the headers (see http_types.h).
using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

class HttpServer {
 public:
  struct Options {
    // Address to listen on. Default "127.0.0.1": loopback only.
    std::string host = "127.0.0.1";
    // Port; 0 (the default) picks a free one, see port() after Start. The port is bound
    // with SO_REUSEADDR only, so a second server on a busy port fails to start instead of
    // sharing the port.
    int port = 0;
    // Serve HTTPS with this PEM certificate (chain) and private key. Both empty (the
    // default): plain HTTP.
    std::string tls_certificate_file;
    std::string tls_private_key_file;
    // Threads serving connections; one idle keep-alive connection holds one. Default 8.
    int threads = 8;
    // An idle keep-alive connection is closed after this long. Stop() waits for idle
    // connections up to this long. Default 5 s.
    std::chrono::seconds keep_alive_timeout{5};
    // Requests served on one connection before the server closes it. Default 100.
    int keep_alive_max_requests = 100;
    // Compress answers when the client accepts it (httplib: gzip, or brotli at quality 11 —
    // ~0.5 s for a 2 MB answer). Default false: on loopback it costs far more than it
    // saves, and AWS's EC2 does not compress either.
    bool compress_responses = false;
  };

  explicit HttpServer(Options options);
  HttpServer() : HttpServer(Options()) {}
  ~HttpServer();  // Stop()s
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Without a handler every request gets 501 Not Implemented.
  void SetHandler(HttpHandler handler);

  // Binds and starts listening in a background thread; returns the port. Connections made
  // after Start returns are accepted. Fails when the address is unusable, the port is taken,
  // the TLS files do not load, or the server was already started.
  Result<int> Start();
  // Stops accepting, lets in-flight requests finish and joins every thread. Idempotent.
  void Stop();

  int port() const { return port_; }  // 0 before Start
  // "http://HOST:PORT" (or https), no trailing slash.
  std::string base_url() const;
  // TCP connections accepted so far (each one, whether or not it carried a request).
  int connections_accepted() const { return connections_accepted_.load(); }

 private:
  HttpResponse Dispatch(const HttpRequest& request) const;

  Options options_;
  HttpHandler handler_;
  std::unique_ptr<httplib::Server> server_;
  std::thread listener_;
  int port_ = 0;
  std::atomic<int> connections_accepted_{0};
};

}  // namespace spotrun

#endif  // SPOTRUN_HTTP_HTTP_SERVER_H_
