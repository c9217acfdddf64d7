// QueryServer: the local cloud's HTTP front door for an AWS Query-protocol service (EC2).
// It takes form POSTs (and GETs with the parameters in the query), verifies their SigV4
// signature, requires Action and Version, gives each call a request id, hands the action to
// a handler and answers its XML, or EC2's error document with the error's HTTP status. What
// the actions do is the handler's business. For testing clients it injects faults on
// demand: throttling, 500s, and connections dropped after a call took effect.
// Owns its HttpServer; borrows the clock (Options::clock), which must outlive it. Start and
// Stop from one thread; everything else is thread-safe, and the handler runs on several
// connection threads at once, so it must be thread-safe.
#ifndef SPOTRUN_LOCALCLOUD_QUERY_SERVER_H_
#define SPOTRUN_LOCALCLOUD_QUERY_SERVER_H_

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "aws/credentials.h"
#include "aws/query_params.h"
#include "base/clock.h"
#include "base/result.h"
#include "http/http_server.h"
#include "http/http_types.h"
#include "localcloud/sigv4_verifier.h"

namespace spotrun {

class QueryServer {
 public:
  // Runs one call: the response XML body (which should carry `request_id` as EC2's
  // <requestId> does), or an error Status made with Ec2Error (localcloud/ec2_error.h).
  using Handler = std::function<Result<std::string>(
      std::string_view action, const QueryParams& params, std::string_view request_id)>;

  struct Options {
    // Address to listen on. Default "127.0.0.1".
    std::string host = "127.0.0.1";
    // Port; 0 (the default) picks a free one: see port() after Start.
    int port = 0;
    // Connection threads. Default 8.
    int threads = 8;
    // How long an idle keep-alive connection is kept (and Stop waits for one). Default 5 s.
    std::chrono::seconds keep_alive_timeout{5};
    // The region and signing name requests must be signed for. Default us-east-1, ec2.
    std::string region = "us-east-1";
    std::string service = "ec2";
    // The accepted access keys (see SigV4Verifier::Options::credentials).
    std::vector<Credentials> credentials;
    // The server's time, for SigV4's clock-skew check. Required.
    Clock* clock = nullptr;
    // Other services on the same port, by signing name (e.g. "s3" for the S3 REST API): a
    // request whose credential scope names one goes to its handler as received, untouched
    // by the Query protocol. So does an unsigned request that cannot be a Query call (a
    // method other than GET and POST, or a path other than "/"), to the "s3" handler when
    // there is one, so S3 clients get S3's error documents. Handlers must be thread-safe.
    std::map<std::string, HttpHandler, std::less<>> other_services{};
  };

  QueryServer(Options options, Handler handler);
  ~QueryServer();  // Stop()s
  QueryServer(const QueryServer&) = delete;
  QueryServer& operator=(const QueryServer&) = delete;

  // Binds and starts serving; returns the bound port. Fails when the address is unusable or
  // the port taken (with a hint), or when already started.
  Result<int> Start();
  // Lets in-flight calls finish and stops. Idempotent.
  void Stop();
  int port() const { return http_.port(); }  // 0 before Start
  // "http://HOST:PORT", what clients take as their endpoint URL.
  std::string endpoint() const { return http_.base_url(); }

  // What the server answers one HTTP request (the same path real connections take; tests
  // may call it directly).
  HttpResponse Serve(const HttpRequest& request);

  // Fault injection. Each applies to the next `calls` calls that pass authentication and
  // name an Action and Version, and adds to what is still pending. Checked in this order:
  // throttled calls get RequestLimitExceeded (503) and failed ones InternalError (500),
  // both without running the handler; a dropped call runs the handler, then the response
  // breaks off after its headers, so the client sees a transport failure of a call that did
  // take effect (and, retrying, makes it a second time).
  void ThrottleNext(int calls);
  void FailNext(int calls);
  // With `action` ("RunInstances"), only calls of that action count and are dropped.
  void DropConnectionAfterNext(int calls, std::string_view action = {});

 private:
  enum class Fault { kNone, kThrottle, kInternalError, kDropAfterEffect };
  // The handler of another service the request is for, or null for a Query call.
  const HttpHandler* OtherServiceFor(const HttpRequest& request) const;
  Fault TakeFault(std::string_view action);
  HttpResponse ServeCall(const HttpRequest& request, const std::string& request_id);

  Options options_;
  Handler handler_;
  SigV4Verifier verifier_;
  HttpServer http_;

  std::mutex mu_;  // guards the pending fault counts
  int throttle_next_ = 0;
  int fail_next_ = 0;
  int drop_next_ = 0;
  std::string drop_action_;  // empty: any action
};

}  // namespace spotrun

#endif  // SPOTRUN_LOCALCLOUD_QUERY_SERVER_H_
