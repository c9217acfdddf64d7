#include "aws/imds_client.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <nlohmann/json.hpp>

#include "aws/uri_encode.h"
#include "base/log.h"

namespace spotrun {
namespace {

constexpr std::string_view kTokenPath = "api/token";
constexpr std::string_view kTtlHeader = "X-aws-ec2-metadata-token-ttl-seconds";
constexpr std::string_view kTokenHeader = "X-aws-ec2-metadata-token";
constexpr std::chrono::seconds kMaxTokenTtl{21600};

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

std::string_view TrimWhitespace(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::optional<long long> ParseSeconds(std::string_view text) {
  text = TrimWhitespace(text);
  long long v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

// A JSON string member, or nullopt when absent or not a string.
std::optional<std::string> StringMember(const nlohmann::json& doc, const char* name) {
  auto it = doc.find(name);
  if (it == doc.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

// Parses a JSON object; the parser's message names only the byte offset, never the text,
// because some of what IMDS returns is secret.
Result<nlohmann::json> ParseObject(std::string_view body, std::string_view what) {
  try {
    nlohmann::json doc = nlohmann::json::parse(body);
    if (!doc.is_object()) {
      return Status::Internal(fmt::format("{} from instance metadata is not a JSON object", what),
                              "the metadata service answered something unexpected; retry");
    }
    return doc;
  } catch (const nlohmann::json::parse_error& e) {
    return Status::Internal(
        fmt::format("{} from instance metadata is not valid JSON (at byte {})", what, e.byte),
        "the metadata service answered something unexpected; retry");
  }
}

// At most the first 200 bytes of a response, for an error message about its shape.
std::string_view Excerpt(std::string_view body) { return body.substr(0, 200); }

Status UnexpectedStatus(int status, std::string_view path) {
  return Status::Unavailable(
      fmt::format("the instance metadata service answered HTTP {} for /latest/{}", status, path),
      "retry in a moment; if it persists, check the instance's metadata options");
}

}  // namespace

std::string_view InstanceActionName(InstanceAction::Kind kind) {
  switch (kind) {
    case InstanceAction::Kind::kTerminate:
      return "terminate";
    case InstanceAction::Kind::kStop:
      return "stop";
    case InstanceAction::Kind::kHibernate:
      return "hibernate";
  }
  return "";
}

ImdsClient::Options ImdsClient::Options::FromEnvironment(const Environment& env) {
  Options o;
  if (auto endpoint = env.Get("AWS_EC2_METADATA_SERVICE_ENDPOINT")) {
    o.endpoint = *endpoint;
  } else if (auto mode = env.Get("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE");
             mode && EqualsIgnoreCase(*mode, "IPv6")) {
    o.endpoint = "http://[fd00:ec2::254]";
  }
  while (!o.endpoint.empty() && o.endpoint.back() == '/') o.endpoint.pop_back();
  if (auto disabled = env.Get("AWS_EC2_METADATA_DISABLED")) {
    o.disabled = EqualsIgnoreCase(TrimWhitespace(*disabled), "true");
  }
  return o;
}

ImdsClient::ImdsClient(HttpClient& http, Clock& clock, Options options)
    : http_(http), clock_(clock), options_(std::move(options)) {}

int ImdsClient::tokens_fetched() const {
  std::lock_guard<std::mutex> lock(mu_);
  return tokens_fetched_;
}

HttpRequest ImdsClient::MakeRequest(std::string_view method, std::string_view latest_path) const {
  HttpRequest request;
  request.method = std::string(method);
  request.url = fmt::format("{}/latest/{}", options_.endpoint, latest_path);
  request.connect_timeout = options_.connect_timeout;
  request.total_timeout = options_.total_timeout;
  return request;
}

Status ImdsClient::Unreachable(const Status& cause) const {
  return Status::Unavailable(
      fmt::format("cannot reach the instance metadata service at {} (not running on EC2?): {}",
                  options_.endpoint, cause.message()),
      "off EC2, set AWS_EC2_METADATA_DISABLED=true so spotrun stops asking it; "
      "AWS_EC2_METADATA_SERVICE_ENDPOINT points it elsewhere");
}

Result<std::string> ImdsClient::FetchToken() {
  HttpRequest request = MakeRequest("PUT", kTokenPath);
  std::chrono::seconds ttl = std::clamp(options_.token_ttl, std::chrono::seconds(1), kMaxTokenTtl);
  SetHeader(request.headers, kTtlHeader, std::to_string(ttl.count()));
  TimePoint asked_at = clock_.Now();
  Result<HttpResponse> response = http_.Send(request);
  if (!response.ok()) return Unreachable(response.status());
  switch (response->status) {
    case 200:
      break;
    case 400:
      return Status::InvalidArgument(
          fmt::format("the instance metadata service rejected a token TTL of {} s (HTTP 400)",
                      ttl.count()),
          "the TTL must be 1 … 21600 seconds");
    case 403:
      return Status::PermissionDenied(
          "the instance metadata service refused a session token (HTTP 403)",
          "its HTTP endpoint may be disabled for this instance (metadata option "
          "http-endpoint=disabled), or the request went through a proxy");
    case 404:
    case 405:
      return Status::FailedPrecondition(
          fmt::format("the metadata service at {} does not offer IMDSv2 session tokens (HTTP {})",
                      options_.endpoint, response->status),
          "spotrun speaks IMDSv2 only; check AWS_EC2_METADATA_SERVICE_ENDPOINT");
    default:
      return UnexpectedStatus(response->status, kTokenPath);
  }
  std::string token(TrimWhitespace(response->body));
  if (token.empty()) {
    return Status::Unavailable("the instance metadata service returned an empty session token",
                               "retry in a moment");
  }
  // IMDS echoes the TTL it granted; trust it over what was asked when it is sane.
  if (auto granted = response->Header(kTtlHeader)) {
    if (auto seconds = ParseSeconds(*granted); seconds && *seconds > 0) {
      ttl = std::min(ttl, std::chrono::seconds(*seconds));
    }
  }
  std::chrono::seconds margin = std::min(options_.token_refresh_margin, ttl / 2);
  token_ = Token{token, asked_at + ttl - margin};
  ++tokens_fetched_;
  LogDebug("imds: new session token for {} s from {}", ttl.count(), options_.endpoint);
  return token;
}

Result<std::string> ImdsClient::CurrentToken(bool force_new) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!force_new && token_ && clock_.Now() < token_->refresh_at) return token_->value;
  token_.reset();
  return FetchToken();
}

Result<HttpResponse> ImdsClient::Read(std::string_view latest_path) {
  if (options_.disabled) {
    return Status::FailedPrecondition(
        "instance metadata is disabled (AWS_EC2_METADATA_DISABLED=true)",
        "unset AWS_EC2_METADATA_DISABLED to read the instance's metadata");
  }
  for (int attempt = 0;; ++attempt) {
    SPOTRUN_ASSIGN_OR_RETURN(std::string token, CurrentToken(attempt > 0));
    HttpRequest request = MakeRequest("GET", latest_path);
    SetHeader(request.headers, kTokenHeader, token);
    Result<HttpResponse> response = http_.Send(request);
    if (!response.ok()) return Unreachable(response.status());
    if (response->status != 401) return response;
    if (attempt > 0) {
      return Status::PermissionDenied(
          fmt::format("the instance metadata service refused a fresh session token for /latest/{} "
                      "(HTTP 401)",
                      latest_path),
          "check the instance's metadata options (http-tokens, hop limit)");
    }
    LogDebug("imds: session token refused (401) for /latest/{}; fetching a new one", latest_path);
  }
}

Result<std::string> ImdsClient::Get(std::string_view path) {
  std::string latest_path = "meta-data/" + std::string(path);
  SPOTRUN_ASSIGN_OR_RETURN(HttpResponse response, Read(latest_path));
  if (response.status == 404) {
    return Status::NotFound(fmt::format("instance metadata has no item '{}'", path),
                            "see the instance metadata categories in the EC2 user guide");
  }
  if (response.status != 200) return UnexpectedStatus(response.status, latest_path);
  return std::move(response.body);
}

Result<std::string> ImdsClient::InstanceId() { return Get("instance-id"); }
Result<std::string> ImdsClient::InstanceType() { return Get("instance-type"); }
Result<std::string> ImdsClient::AmiId() { return Get("ami-id"); }
Result<std::string> ImdsClient::AvailabilityZone() { return Get("placement/availability-zone"); }
Result<std::string> ImdsClient::Region() { return Get("placement/region"); }
Result<std::string> ImdsClient::LocalIpv4() { return Get("local-ipv4"); }

Result<std::string> ImdsClient::PublicIpv4() {
  Result<std::string> ip = Get("public-ipv4");
  if (!ip.ok() && ip.status().kind() == ErrorKind::kNotFound) {
    return Status::NotFound("this instance has no public IPv4 address",
                            "launch it in a subnet that assigns public addresses, or use its "
                            "private address from inside the VPC");
  }
  return ip;
}

Result<std::optional<InstanceAction>> ImdsClient::SpotInstanceAction() {
  constexpr std::string_view kPath = "meta-data/spot/instance-action";
  SPOTRUN_ASSIGN_OR_RETURN(HttpResponse response, Read(kPath));
  if (response.status == 404) return std::optional<InstanceAction>();
  if (response.status != 200) return UnexpectedStatus(response.status, kPath);
  SPOTRUN_ASSIGN_OR_RETURN(nlohmann::json doc, ParseObject(response.body, "spot/instance-action"));
  std::optional<std::string> action = StringMember(doc, "action");
  std::optional<std::string> time = StringMember(doc, "time");
  InstanceAction notice;
  bool known = false;
  for (auto kind : {InstanceAction::Kind::kTerminate, InstanceAction::Kind::kStop,
                    InstanceAction::Kind::kHibernate}) {
    if (action && *action == InstanceActionName(kind)) {
      notice.action = kind;
      known = true;
    }
  }
  if (!known || !time || !ParseIso8601(*time, &notice.time)) {
    return Status::Internal(
        fmt::format("spot/instance-action from instance metadata is malformed: {}",
                    Excerpt(response.body)),
        "expected {\"action\": \"terminate|stop|hibernate\", \"time\": \"…Z\"}");
  }
  return std::optional<InstanceAction>(notice);
}

Result<std::optional<RebalanceRecommendation>> ImdsClient::RebalanceRecommendation() {
  constexpr std::string_view kPath = "meta-data/events/recommendations/rebalance";
  SPOTRUN_ASSIGN_OR_RETURN(HttpResponse response, Read(kPath));
  if (response.status == 404) return std::optional<spotrun::RebalanceRecommendation>();
  if (response.status != 200) return UnexpectedStatus(response.status, kPath);
  SPOTRUN_ASSIGN_OR_RETURN(nlohmann::json doc,
                           ParseObject(response.body, "events/recommendations/rebalance"));
  spotrun::RebalanceRecommendation recommendation;
  std::optional<std::string> notice_time = StringMember(doc, "noticeTime");
  if (!notice_time || !ParseIso8601(*notice_time, &recommendation.notice_time)) {
    return Status::Internal(
        fmt::format("events/recommendations/rebalance from instance metadata is malformed: {}",
                    Excerpt(response.body)),
        "expected {\"noticeTime\": \"…Z\"}");
  }
  return std::optional<spotrun::RebalanceRecommendation>(recommendation);
}

Result<std::string> ImdsClient::IamRole() {
  Result<std::string> listing = Get("iam/security-credentials/");
  if (!listing.ok() && listing.status().kind() != ErrorKind::kNotFound) return listing.status();
  std::string_view role;
  if (listing.ok()) {
    std::string_view text = *listing;
    role = TrimWhitespace(text.substr(0, text.find('\n')));  // one role per instance profile
  }
  if (role.empty()) {
    return Status::NotFound("no IAM role is attached to this instance",
                            "attach an instance profile to the instance, or give spotrun "
                            "credentials another way (AWS_ACCESS_KEY_ID, a profile)");
  }
  return std::string(role);
}

Result<Credentials> ImdsClient::IamCredentials(std::string_view role) {
  std::string path = "iam/security-credentials/" + UriEncode(role);
  Result<std::string> body = Get(path);
  if (!body.ok() && body.status().kind() == ErrorKind::kNotFound) {
    return Status::NotFound(
        fmt::format("instance metadata has no credentials for IAM role '{}'", role),
        "check the role attached to the instance (its instance profile)");
  }
  if (!body.ok()) return body.status();
  // Never quote this document: it holds the secret key and token.
  SPOTRUN_ASSIGN_OR_RETURN(nlohmann::json doc, ParseObject(*body, "the IAM role's credentials"));
  if (auto code = StringMember(doc, "Code"); code && *code != "Success") {
    return Status::Unavailable(
        fmt::format("instance metadata reports Code={} for the credentials of IAM role '{}'", *code,
                    role),
        "retry in a moment; check the role's trust policy if it persists");
  }
  Credentials c;
  auto access_key = StringMember(doc, "AccessKeyId");
  auto secret_key = StringMember(doc, "SecretAccessKey");
  auto token = StringMember(doc, "Token");
  auto expiration = StringMember(doc, "Expiration");
  TimePoint expires_at;
  if (!access_key || !secret_key || !token || !expiration ||
      !ParseIso8601(*expiration, &expires_at)) {
    return Status::Internal(
        fmt::format("the credentials of IAM role '{}' from instance metadata lack AccessKeyId, "
                    "SecretAccessKey, Token or a valid Expiration",
                    role),
        "retry in a moment");
  }
  c.access_key_id = std::move(*access_key);
  c.secret_access_key = std::move(*secret_key);
  c.session_token = std::move(*token);
  c.expiration = expires_at;
  c.source = fmt::format("instance role {} (IMDS)", role);
  return c;
}

Result<std::string> ImdsClient::UserData() {
  SPOTRUN_ASSIGN_OR_RETURN(HttpResponse response, Read("user-data"));
  if (response.status == 404) return std::string();
  if (response.status != 200) return UnexpectedStatus(response.status, "user-data");
  return std::move(response.body);
}

}  // namespace spotrun
