// SocketHttpClient: a lean HttpClient over plain sockets (http) and mbedTLS (https), for the
// on-machine agent, whose idle memory budget libcurl's ~30 libraries would blow. It keeps one
// connection open per scheme, host and port and reuses it across Sends. TLS verification
// (CA chain and host name) is always on. Not thread-safe: one client per thread.
#ifndef SPOTRUN_HTTP_SOCKET_HTTP_CLIENT_H_
#define SPOTRUN_HTTP_SOCKET_HTTP_CLIENT_H_

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "base/result.h"
#include "http/byte_stream.h"
#include "http/http_client.h"
#include "http/http_types.h"

namespace spotrun {

class TlsTrust;

// HTTP/1.1 only. No proxies: the agent talks to IMDS and S3 directly, so proxy variables in
// the environment are ignored. Redirects are not followed. Nothing is added to a request but
// Host (with the port when it is not the scheme's default) and User-Agent unless the caller
// set them, and Content-Length when there is a body or the method is POST, PUT or PATCH
// (a caller's Content-Length or Transfer-Encoding is replaced: the body goes exactly as
// given). No Expect: 100-continue, no Accept-Encoding: responses come uncompressed.
//
// A request that fails on a reused connection before any byte of its answer arrived (the
// server closed the idle connection meanwhile) is sent once more on a new connection;
// no other failure is retried.
class SocketHttpClient final : public HttpClient {
 public:
  struct Options {
    // Time to connect, TLS handshake included, for requests whose connect_timeout is zero.
    // Default 5 s.
    std::chrono::milliseconds connect_timeout{5000};
    // Time for the whole exchange, connecting included, for requests whose total_timeout is
    // zero. Default 60 s.
    std::chrono::milliseconds total_timeout{60000};
    // PEM file of trusted CA certificates (AWS_CA_BUNDLE belongs here). Default empty: the
    // system bundle, /etc/ssl/certs/ca-certificates.crt. Read on the first https request,
    // so an http-only client never parses it. Never turns verification off.
    std::string ca_file;
    // User-Agent header unless the request sets one. Default empty: "spotrun/VERSION".
    std::string user_agent;
  };

  SocketHttpClient();
  explicit SocketHttpClient(Options options);
  ~SocketHttpClient() override;
  SocketHttpClient(const SocketHttpClient&) = delete;
  SocketHttpClient& operator=(const SocketHttpClient&) = delete;

  // Any HTTP status is a success. Transport failures: kUnavailable (DNS, refused, reset,
  // broken transfer, TLS), kDeadlineExceeded (timeouts); a malformed URL, method or header:
  // kInvalidArgument. Messages never include the URL's query (it may hold a presigned
  // signature or token).
  Result<HttpResponse> Send(const HttpRequest& request) override;

  const Options& options() const { return options_; }
  // Connections opened so far (each TCP connect), for tests and diagnostics.
  int connections_opened() const { return connections_opened_; }

 private:
  struct Target;  // the parts of a request's URL
  static Result<Target> ParseTarget(std::string_view url);
  // A new connection to `target`, TLS handshake included.
  Result<std::unique_ptr<ByteStream>> Connect(const Target& target, SteadyTime deadline);
  Options options_;
  std::unique_ptr<TlsTrust> tls_trust_;  // loaded on the first https request
  // Idle connections by "scheme://host:port".
  std::map<std::string, std::unique_ptr<ByteStream>> idle_;
  int connections_opened_ = 0;
};

}  // namespace spotrun

#endif  // SPOTRUN_HTTP_SOCKET_HTTP_CLIENT_H_
