#include "localcloud/imds_server.h"

#include <fmt/format.h>

#include <charconv>
#include <set>
#include <vector>

#include "base/log.h"

namespace spotrun {
namespace {

constexpr std::string_view kTokenPath = "/latest/api/token";
constexpr std::string_view kTtlHeader = "X-aws-ec2-metadata-token-ttl-seconds";
constexpr std::string_view kTokenHeader = "X-aws-ec2-metadata-token";

HttpResponse Answer(int status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.headers = {{"Content-Type", "text/plain"}, {"Server", "EC2ws"}};
  response.body = std::move(body);
  return response;
}

HttpResponse NotFound() { return Answer(404, "404 - Not Found\n"); }

// The listing of directory `dir` ("" or ending in '/'), or nullopt when nothing is in it.
std::optional<std::string> Listing(const ImdsView& view, std::string_view dir) {
  auto explicit_listing = view.entries.find(dir);
  if (!dir.empty() && explicit_listing != view.entries.end()) return explicit_listing->second;
  std::set<std::string> names;
  for (auto it = view.entries.lower_bound(dir);
       it != view.entries.end() && std::string_view(it->first).starts_with(dir); ++it) {
    std::string_view rest = std::string_view(it->first).substr(dir.size());
    if (rest.empty()) continue;  // the directory's own override
    size_t slash = rest.find('/');
    names.insert(std::string(slash == std::string_view::npos ? rest : rest.substr(0, slash + 1)));
  }
  if (names.empty()) return std::nullopt;
  std::string out;
  for (const std::string& name : names) {
    if (!out.empty()) out += '\n';
    out += name;
  }
  return out;
}

HttpResponse Lookup(const ImdsView& view, std::string_view path) {
  if (path == "/") return Answer(200, "latest");
  if (path == "/latest") path = "/latest/";
  if (!path.starts_with("/latest/")) return NotFound();
  std::string_view rel = path.substr(std::string_view("/latest/").size());
  if (rel.empty() || rel.ends_with('/')) {
    std::optional<std::string> listing = Listing(view, rel);
    return listing ? Answer(200, std::move(*listing)) : NotFound();
  }
  auto leaf = view.entries.find(rel);
  if (leaf != view.entries.end()) return Answer(200, leaf->second);
  // IMDS lists a directory asked for without its trailing slash, too.
  std::optional<std::string> listing = Listing(view, std::string(rel) + "/");
  return listing ? Answer(200, std::move(*listing)) : NotFound();
}

}  // namespace

ImdsServer::ImdsServer(ImdsSource& source, Clock& clock, Options options)
    : source_(source), clock_(clock), options_(options) {}

ImdsServer::~ImdsServer() {
  std::map<std::string, Listener, std::less<>> listeners;
  {
    std::lock_guard lock(mu_);
    listeners.swap(listeners_);
  }
  for (auto& [id, listener] : listeners) listener.server->Stop();
}

Result<std::string> ImdsServer::Serve(std::string_view instance_id, std::string_view address) {
  {
    std::lock_guard lock(mu_);
    auto it = listeners_.find(instance_id);
    if (it != listeners_.end() && it->second.address == address) {
      return it->second.server->base_url();
    }
  }
  StopServing(instance_id);
  auto start = [&](int port) -> Result<std::unique_ptr<HttpServer>> {
    HttpServer::Options http;
    http.host = std::string(address);
    http.port = port;
    http.threads = options_.threads;
    http.keep_alive_timeout = options_.keep_alive_timeout;
    auto server = std::make_unique<HttpServer>(http);
    server->SetHandler([this, id = std::string(instance_id)](const HttpRequest& request) {
      return Handle(id, request);
    });
    SPOTRUN_RETURN_IF_ERROR(server->Start().status());
    return server;
  };
  Result<std::unique_ptr<HttpServer>> server = start(options_.preferred_port);
  if (!server.ok() && options_.preferred_port != 0) server = start(0);
  if (!server.ok()) {
    return server.status().WithContext(fmt::format("IMDS of instance {}", instance_id));
  }
  std::string endpoint = (*server)->base_url();
  std::lock_guard lock(mu_);
  listeners_[std::string(instance_id)] = Listener{std::string(address), std::move(*server)};
  LogInfo("local cloud: IMDS of {} at {}", instance_id, endpoint);
  return endpoint;
}

void ImdsServer::StopServing(std::string_view instance_id) {
  std::unique_ptr<HttpServer> server;
  {
    std::lock_guard lock(mu_);
    auto it = listeners_.find(instance_id);
    if (it != listeners_.end()) {
      server = std::move(it->second.server);
      listeners_.erase(it);
    }
    std::erase_if(tokens_,
                  [&](const auto& entry) { return entry.second.instance_id == instance_id; });
  }
  if (server) server->Stop();  // outside the lock: in-flight requests call Handle
}

std::optional<std::string> ImdsServer::Endpoint(std::string_view instance_id) const {
  std::lock_guard lock(mu_);
  auto it = listeners_.find(instance_id);
  if (it == listeners_.end()) return std::nullopt;
  return it->second.server->base_url();
}

std::string ImdsServer::NewTokenText() {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string token = "AQAEA";  // what real tokens begin with; nothing depends on it
  std::uniform_int_distribution<int> pick(0, 63);
  for (int i = 0; i < 51; ++i) token += kAlphabet[pick(random_)];
  return token;
}

HttpResponse ImdsServer::PutToken(std::string_view instance_id, const HttpRequest& request) {
  // IMDS refuses token requests that went through a proxy, so that a token cannot leave
  // the instance.
  if (FindHeader(request.headers, "X-Forwarded-For")) return Answer(403, "Forbidden\n");
  std::optional<std::string> ttl_text = FindHeader(request.headers, kTtlHeader);
  int ttl = 0;
  if (ttl_text) {
    auto [end, ec] = std::from_chars(ttl_text->data(), ttl_text->data() + ttl_text->size(), ttl);
    if (ec != std::errc() || end != ttl_text->data() + ttl_text->size()) ttl = 0;
  }
  if (ttl < kMinTokenTtlSeconds || ttl > kMaxTokenTtlSeconds) {
    return Answer(400, fmt::format("400 - Bad Request: {} must be between {} and {}\n", kTtlHeader,
                                   kMinTokenTtlSeconds, kMaxTokenTtlSeconds));
  }
  TimePoint now = clock_.Now();
  std::lock_guard lock(mu_);
  std::erase_if(tokens_, [&](const auto& entry) { return entry.second.expires <= now; });
  std::string token = NewTokenText();
  tokens_[token] = Token{std::string(instance_id), now + std::chrono::seconds(ttl)};
  HttpResponse response = Answer(200, token);
  response.headers.emplace_back(std::string(kTtlHeader), std::to_string(ttl));
  return response;
}

std::optional<HttpResponse> ImdsServer::CheckToken(std::string_view instance_id,
                                                   const HttpRequest& request, bool required) {
  std::optional<std::string> token = FindHeader(request.headers, kTokenHeader);
  if (!token) {
    if (!required) return std::nullopt;  // IMDSv1, allowed by HttpTokens=optional
    return Answer(401, "401 - Unauthorized\n");
  }
  // A token given is checked even where IMDSv1 is allowed, as IMDS does.
  std::lock_guard lock(mu_);
  auto it = tokens_.find(*token);
  if (it == tokens_.end() || it->second.instance_id != instance_id ||
      it->second.expires <= clock_.Now()) {
    return Answer(401, "401 - Unauthorized\n");
  }
  return std::nullopt;
}

HttpResponse ImdsServer::Handle(std::string_view instance_id, const HttpRequest& request) {
  std::string_view path = request.path;
  if (path.empty()) path = std::string_view(request.url).substr(0, request.url.find('?'));
  if (path == kTokenPath) {
    if (request.method != "PUT") return Answer(405, "405 - Method Not Allowed\n");
    return PutToken(instance_id, request);
  }
  if (request.method != "GET" && request.method != "HEAD") {
    return Answer(405, "405 - Method Not Allowed\n");
  }
  std::optional<ImdsView> view = source_.Lookup(instance_id);
  if (!view) return NotFound();
  if (std::optional<HttpResponse> refused =
          CheckToken(instance_id, request, view->http_tokens_required)) {
    return *refused;
  }
  return Lookup(*view, path);
}

}  // namespace spotrun
