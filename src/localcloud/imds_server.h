// ImdsServer: the local cloud's Instance Metadata Service, with IMDSv2's session tokens.
// Each instance gets its own listener on its own loopback address (one HttpServer per
// instance, default port 1338), so a request is known to come from that instance by where it
// arrived; its URL "http://ADDRESS:PORT" goes into the instance's
// AWS_EC2_METADATA_SERVICE_ENDPOINT, which the AWS SDKs and CLI read. Content comes from an
// ImdsSource; token expiry follows an injected Clock. Borrows the source and the clock,
// which must outlive it. Thread-safe.
#ifndef SPOTRUN_LOCALCLOUD_IMDS_SERVER_H_
#define SPOTRUN_LOCALCLOUD_IMDS_SERVER_H_

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/result.h"
#include "http/http_server.h"
#include "http/http_types.h"
#include "localcloud/imds_source.h"

namespace spotrun {

class ImdsServer {
 public:
  // IMDS's own limits on a session token's lifetime, in seconds.
  static constexpr int kMinTokenTtlSeconds = 1;
  static constexpr int kMaxTokenTtlSeconds = 21600;
  static constexpr int kDefaultPort = 1338;

  struct Options {
    // Every instance's IMDS listens on this port of the instance's address, unless it is
    // taken there; then on a free port (the endpoint Serve returns says which). Default
    // 1338: not 80, which instances' own web servers may want.
    int preferred_port = kDefaultPort;
    // Connection threads per instance. Default 2.
    int threads = 2;
    // Idle keep-alive connections close after this long (and StopServing waits up to it).
    // Default 2 s.
    std::chrono::seconds keep_alive_timeout{2};
  };

  ImdsServer(ImdsSource& source, Clock& clock, Options options);
  ImdsServer(ImdsSource& source, Clock& clock) : ImdsServer(source, clock, Options()) {}
  ~ImdsServer();  // stops every listener
  ImdsServer(const ImdsServer&) = delete;
  ImdsServer& operator=(const ImdsServer&) = delete;

  // Starts serving `instance_id` on `address` and returns its endpoint URL
  // ("http://127.1.0.7:1338", no trailing slash). Serving the same instance on the same
  // address again returns the running endpoint.
  Result<std::string> Serve(std::string_view instance_id, std::string_view address);
  // Stops the instance's listener and forgets its tokens. Unknown ids are ignored.
  void StopServing(std::string_view instance_id);
  std::optional<std::string> Endpoint(std::string_view instance_id) const;

  // Answers one request as the instance's IMDS would; what the listeners call, public so
  // the rules are tested without sockets. Uses `request.path`, or the path of `url` when
  // that is empty.
  HttpResponse Handle(std::string_view instance_id, const HttpRequest& request);

 private:
  struct Token {
    std::string instance_id;
    TimePoint expires;
  };
  struct Listener {
    std::string address;
    std::unique_ptr<HttpServer> server;
  };

  HttpResponse PutToken(std::string_view instance_id, const HttpRequest& request);
  // nullopt when the request may go on, else the 401 to answer.
  std::optional<HttpResponse> CheckToken(std::string_view instance_id, const HttpRequest& request,
                                         bool required);
  std::string NewTokenText();

  ImdsSource& source_;
  Clock& clock_;
  const Options options_;
  mutable std::mutex mu_;
  std::map<std::string, Listener, std::less<>> listeners_;
  std::map<std::string, Token, std::less<>> tokens_;
  std::random_device random_;
};

}  // namespace spotrun

#endif  // SPOTRUN_LOCALCLOUD_IMDS_SERVER_H_
