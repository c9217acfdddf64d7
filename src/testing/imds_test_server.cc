#include "testing/imds_test_server.h"

#include <fmt/format.h>

#include <charconv>
#include <nlohmann/json.hpp>
#include <set>

namespace spotrun::testing {
namespace {

constexpr std::string_view kTtlHeader = "X-aws-ec2-metadata-token-ttl-seconds";
constexpr std::string_view kTokenHeader = "X-aws-ec2-metadata-token";
constexpr int kMaxTtl = 21600;

HttpResponse Text(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers.emplace_back("Content-Type", "text/plain");
  return r;
}

// IMDS answers errors with a small HTML page; the status is what clients act on.
HttpResponse Error(int status, std::string_view reason) {
  HttpResponse r =
      Text(status, fmt::format("<html><body><h1>{} - {}</h1></body></html>\n", status, reason));
  SetHeader(r.headers, "Content-Type", "text/html");
  return r;
}

// The path of an absolute URL ("http://host:port/latest/…?q" → "/latest/…"), or the text.
std::string_view PathOf(std::string_view url) {
  if (size_t scheme = url.find("://"); scheme != std::string_view::npos) {
    size_t slash = url.find('/', scheme + 3);
    url = slash == std::string_view::npos ? "/" : url.substr(slash);
  }
  return url.substr(0, url.find('?'));
}

std::optional<int> ParseInt(std::string_view text) {
  int v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

}  // namespace

ImdsTestServer::ImdsTestServer(const Clock& clock) : clock_(clock) {
  items_ = {
      {"meta-data/ami-id", "ami-0abcdef1234567890"},
      {"meta-data/instance-id", "i-0123456789abcdef0"},
      {"meta-data/instance-type", "m5.large"},
      {"meta-data/local-ipv4", "172.31.16.10"},
      {"meta-data/placement/availability-zone", "us-east-1a"},
      {"meta-data/placement/region", "us-east-1"},
  };
}

ImdsTestServer::~ImdsTestServer() { Stop(); }

HttpResponse ImdsTestServer::Handle(const HttpRequest& request) {
  std::lock_guard<std::mutex> lock(mu_);
  return HandleLocked(request.method, PathOf(request.url), request.headers);
}

HttpResponse ImdsTestServer::HandleLocked(std::string_view method, std::string_view path,
                                          const HttpHeaders& headers) {
  constexpr std::string_view kLatest = "/latest/";
  if (path == "/latest/api/token") {
    if (method != "PUT") return Error(405, "Method Not Allowed");
    return IssueToken(headers);
  }
  if (method != "GET" && method != "HEAD") return Error(405, "Method Not Allowed");
  std::optional<std::string> token = FindHeader(headers, kTokenHeader);
  std::optional<TimePoint> expiry;
  if (token) {
    auto it = tokens_.find(*token);
    if (it != tokens_.end() && clock_.Now() < it->second) expiry = it->second;
  }
  if ((token && !expiry) || (!token && tokens_required_)) {
    ++unauthorized_;
    return Error(401, "Unauthorized");
  }
  ++metadata_requests_;
  if (path.substr(0, kLatest.size()) != kLatest) return Error(404, "Not Found");
  HttpResponse response = Lookup(path.substr(kLatest.size()));
  if (expiry) {
    auto left = std::chrono::duration_cast<std::chrono::seconds>(*expiry - clock_.Now());
    response.headers.emplace_back(std::string(kTtlHeader), std::to_string(left.count()));
  }
  return response;
}

HttpResponse ImdsTestServer::IssueToken(const HttpHeaders& headers) {
  // IMDS refuses token requests that went through a proxy.
  if (FindHeader(headers, "X-Forwarded-For")) return Error(403, "Forbidden");
  std::optional<std::string> ttl_text = FindHeader(headers, kTtlHeader);
  std::optional<int> ttl = ttl_text ? ParseInt(*ttl_text) : std::nullopt;
  if (!ttl || *ttl < 1 || *ttl > kMaxTtl) return Error(400, "Bad Request");
  std::string token = fmt::format("AQAEA{:08d}-imdsv2-session-token", ++tokens_issued_);
  tokens_[token] = clock_.Now() + std::chrono::seconds(*ttl);
  last_token_ttl_ = *ttl;
  HttpResponse r = Text(200, token);
  r.headers.emplace_back(std::string(kTtlHeader), std::to_string(*ttl));
  return r;
}

HttpResponse ImdsTestServer::Lookup(std::string_view path) const {
  if (auto it = items_.find(std::string(path)); it != items_.end()) return Text(200, it->second);
  // A directory ("meta-data/", "meta-data/iam/security-credentials/") lists its children,
  // sub-directories with a trailing slash.
  if (path.empty() || path.back() != '/') return Error(404, "Not Found");
  std::set<std::string> children;
  for (auto it = items_.lower_bound(std::string(path));
       it != items_.end() && it->first.compare(0, path.size(), path) == 0; ++it) {
    std::string_view rest = std::string_view(it->first).substr(path.size());
    size_t slash = rest.find('/');
    children.insert(
        std::string(slash == std::string_view::npos ? rest : rest.substr(0, slash + 1)));
  }
  if (children.empty()) return Error(404, "Not Found");
  std::string listing;
  for (const std::string& child : children) listing += (listing.empty() ? "" : "\n") + child;
  return Text(200, listing);
}

void ImdsTestServer::SetMetadata(std::string_view path, std::string_view value) {
  std::lock_guard<std::mutex> lock(mu_);
  items_["meta-data/" + std::string(path)] = std::string(value);
}

void ImdsTestServer::RemoveMetadata(std::string_view path) {
  std::lock_guard<std::mutex> lock(mu_);
  items_.erase("meta-data/" + std::string(path));
}

void ImdsTestServer::SetUserData(std::string_view data) {
  std::lock_guard<std::mutex> lock(mu_);
  items_["user-data"] = std::string(data);
}

void ImdsTestServer::SetSpotInstanceAction(std::string_view action, TimePoint time) {
  nlohmann::json doc = {{"action", action}, {"time", FormatIso8601(time)}};
  SetMetadata("spot/instance-action", doc.dump());
  // EC2 also publishes the termination time for terminating notices.
  if (action == "terminate") SetMetadata("spot/termination-time", FormatIso8601(time));
}

void ImdsTestServer::ClearSpotInstanceAction() {
  RemoveMetadata("spot/instance-action");
  RemoveMetadata("spot/termination-time");
}

void ImdsTestServer::SetRebalanceRecommendation(TimePoint notice_time) {
  nlohmann::json doc = {{"noticeTime", FormatIso8601(notice_time)}};
  SetMetadata("events/recommendations/rebalance", doc.dump());
}

void ImdsTestServer::SetIamRole(std::string_view role, const ImdsRoleCredentials& credentials) {
  nlohmann::json doc = {
      {"Code", "Success"},
      {"LastUpdated", FormatIso8601(clock_.Now())},
      {"Type", "AWS-HMAC"},
      {"AccessKeyId", credentials.access_key_id},
      {"SecretAccessKey", credentials.secret_access_key},
      {"Token", credentials.token},
      {"Expiration", FormatIso8601(credentials.expiration)},
  };
  std::lock_guard<std::mutex> lock(mu_);
  for (auto it = items_.lower_bound("meta-data/iam/");
       it != items_.end() && it->first.rfind("meta-data/iam/", 0) == 0;) {
    it = items_.erase(it);
  }
  items_["meta-data/iam/info"] =
      nlohmann::json{
          {"Code", "Success"},
          {"InstanceProfileArn",
           fmt::format("arn:aws:iam::123456789012:instance-profile/{}", role)},
      }
          .dump();
  items_["meta-data/iam/security-credentials/" + std::string(role)] = doc.dump(2);
}

void ImdsTestServer::SetTokensRequired(bool required) {
  std::lock_guard<std::mutex> lock(mu_);
  tokens_required_ = required;
}

void ImdsTestServer::RevokeTokens() {
  std::lock_guard<std::mutex> lock(mu_);
  tokens_.clear();
}

int ImdsTestServer::tokens_issued() const {
  std::lock_guard<std::mutex> lock(mu_);
  return tokens_issued_;
}

int ImdsTestServer::unauthorized_requests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return unauthorized_;
}

int ImdsTestServer::metadata_requests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return metadata_requests_;
}

int ImdsTestServer::last_token_ttl() const {
  std::lock_guard<std::mutex> lock(mu_);
  return last_token_ttl_;
}

Status ImdsTestServer::Start() {
  if (server_) return Status::FailedPrecondition("the IMDS test server is already running");
  HttpServer::Options options;
  options.keep_alive_timeout = std::chrono::seconds(1);  // so Stop() never waits long
  server_ = std::make_unique<HttpServer>(options);
  server_->SetHandler([this](const HttpRequest& request) { return Handle(request); });
  Result<int> port = server_->Start();
  if (!port.ok()) {
    server_.reset();
    return port.status().WithContext("the IMDS test server");
  }
  return Status::Ok();
}

void ImdsTestServer::Stop() {
  if (server_) server_->Stop();
  server_.reset();
}

std::string ImdsTestServer::endpoint() const { return server_ ? server_->base_url() : ""; }

}  // namespace spotrun::testing
