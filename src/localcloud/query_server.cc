#include "localcloud/query_server.h"

#include <cassert>
#include <optional>

#include "aws/client_token.h"
#include "base/log.h"
#include "localcloud/ec2_error.h"
#include "localcloud/ec2_error_document.h"
#include "localcloud/signing_service.h"

namespace spotrun {
namespace {

constexpr std::string_view kXmlContentType = "text/xml;charset=UTF-8";

HttpServer::Options HttpOptions(const QueryServer::Options& options) {
  HttpServer::Options http;
  http.host = options.host;
  http.port = options.port;
  http.threads = options.threads;
  http.keep_alive_timeout = options.keep_alive_timeout;
  return http;
}

SigV4Verifier::Options VerifierOptions(const QueryServer::Options& options) {
  assert(options.clock != nullptr);
  return SigV4Verifier::Options{.region = options.region,
                                .service = options.service,
                                .credentials = options.credentials,
                                .clock = options.clock,
                                .max_skew = std::chrono::seconds(300)};
}

bool IsAuthParameter(std::string_view key) { return key.starts_with("X-Amz-"); }

// The call's parameters: those of the query (less a pre-signed URL's X-Amz-* ones), then
// those of a form body, which win.
QueryParams ParamsOf(const HttpRequest& request) {
  QueryParams params;
  const QueryParams in_query = QueryParams::Decode(request.query);
  for (const auto& [key, value] : in_query.entries()) {
    if (!IsAuthParameter(key)) params.Set(key, value);
  }
  if (request.method == "POST") {
    const QueryParams in_body = QueryParams::Decode(request.body);
    for (const auto& [key, value] : in_body.entries()) params.Set(key, value);
  }
  return params;
}

bool Take(int& pending) {
  if (pending <= 0) return false;
  --pending;
  return true;
}

}  // namespace

QueryServer::QueryServer(Options options, Handler handler)
    : options_(std::move(options)),
      handler_(std::move(handler)),
      verifier_(VerifierOptions(options_)),
      http_(HttpOptions(options_)) {
  http_.SetHandler([this](const HttpRequest& request) { return Serve(request); });
}

QueryServer::~QueryServer() { Stop(); }

Result<int> QueryServer::Start() {
  Result<int> port = http_.Start();
  if (!port.ok()) {
    return port.status()
        .WithContext("cannot serve the " + options_.service + " API on " + options_.host + ":" +
                     std::to_string(options_.port))
        .WithHint("choose another --listen address or port (port 0 picks a free one)");
  }
  return port;
}

void QueryServer::Stop() { http_.Stop(); }

void QueryServer::ThrottleNext(int calls) {
  std::lock_guard lock(mu_);
  throttle_next_ += calls;
}

void QueryServer::FailNext(int calls) {
  std::lock_guard lock(mu_);
  fail_next_ += calls;
}

void QueryServer::DropConnectionAfterNext(int calls, std::string_view action) {
  std::lock_guard lock(mu_);
  drop_next_ += calls;
  drop_action_ = std::string(action);
}

QueryServer::Fault QueryServer::TakeFault(std::string_view action) {
  std::lock_guard lock(mu_);
  if (Take(throttle_next_)) return Fault::kThrottle;
  if (Take(fail_next_)) return Fault::kInternalError;
  if ((drop_action_.empty() || drop_action_ == action) && Take(drop_next_)) {
    return Fault::kDropAfterEffect;
  }
  return Fault::kNone;
}

const HttpHandler* QueryServer::OtherServiceFor(const HttpRequest& request) const {
  if (options_.other_services.empty()) return nullptr;
  std::string service = SigningServiceOf(request);
  if (service.empty()) {
    const bool query_call = (request.method == "GET" || request.method == "POST") &&
                            (request.path.empty() || request.path == "/");
    if (query_call) return nullptr;
    service = "s3";
  }
  auto found = options_.other_services.find(service);
  return found == options_.other_services.end() ? nullptr : &found->second;
}

HttpResponse QueryServer::Serve(const HttpRequest& request) {
  if (const HttpHandler* other = OtherServiceFor(request)) return (*other)(request);
  // A version-4 UUID, as EC2's request ids are.
  const std::string request_id = RandomClientToken();
  HttpResponse response = ServeCall(request, request_id);
  if (response.status >= 400) {
    LogDebug("{}: {} {} answered {} (request {})", options_.service, request.method, request.path,
             response.status, request_id);
  }
  return response;
}

HttpResponse QueryServer::ServeCall(const HttpRequest& request, const std::string& request_id) {
  if (request.method != "POST" && request.method != "GET") {
    return Ec2ErrorResponse(
        Ec2Error("InvalidAction", "The HTTP method " + request.method +
                                      " is not supported; send the action as a form POST or "
                                      "a GET query."),
        request_id);
  }
  if (Result<std::string> caller = verifier_.Verify(request); !caller.ok()) {
    return Ec2ErrorResponse(caller.status(), request_id);
  }
  const QueryParams params = ParamsOf(request);
  std::optional<std::string> action = params.Get("Action");
  if (!action || action->empty()) {
    return Ec2ErrorResponse(
        Ec2Error("MissingAction", "The request must contain the parameter Action"), request_id);
  }
  std::optional<std::string> version = params.Get("Version");
  if (!version || version->empty()) {
    return Ec2ErrorResponse(
        Ec2Error("MissingParameter", "The request must contain the parameter Version"), request_id);
  }
  const Fault fault = TakeFault(*action);
  if (fault == Fault::kThrottle) {
    return Ec2ErrorResponse(Ec2Error("RequestLimitExceeded", "Request limit exceeded."),
                            request_id);
  }
  if (fault == Fault::kInternalError) {
    return Ec2ErrorResponse(Ec2Error("InternalError", "An internal error has occurred."),
                            request_id);
  }
  Result<std::string> body = handler_(*action, params, request_id);
  HttpResponse response;
  if (body.ok()) {
    response.status = 200;
    response.headers.emplace_back("Content-Type", kXmlContentType);
    response.body = std::move(*body);
  } else {
    response = Ec2ErrorResponse(body.status(), request_id);
  }
  response.drop_connection = fault == Fault::kDropAfterEffect;
  return response;
}

}  // namespace spotrun
