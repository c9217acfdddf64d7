#include "http/curl_http_client.h"

#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <string_view>
#include <utility>

#include "base/log.h"

namespace spotrun {
namespace {

// curl_global_init is not safe to race with other curl calls; a function-local static
// runs it exactly once, on first use. It is never undone: the process ends first.
bool CurlGlobalInit() {
  static const bool ok = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  return ok;
}

struct SlistFree {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Slist = std::unique_ptr<curl_slist, SlistFree>;

struct UrlFree {
  void operator()(CURLU* url) const { curl_url_cleanup(url); }
};
using Url = std::unique_ptr<CURLU, UrlFree>;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

// The URL as it may appear in an error: no query or fragment, which can carry a presigned
// signature or a session token.
std::string_view WithoutQuery(std::string_view url) {
  return url.substr(0, std::min(url.find('?'), url.find('#')));
}

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  static_cast<HttpResponse*>(user)->body.append(data, size * count);
  return size * count;
}

// Called once per header line, status lines included. A new status line (after a
// 100 Continue or a proxy's CONNECT answer) starts the header list afresh.
size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto& headers = static_cast<HttpResponse*>(user)->headers;
  std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    headers.clear();
  } else if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
    if (!headers.empty()) {  // obsolete line folding: continues the previous value
      headers.back().second.append(" ").append(Trim(line));
    }
  } else if (size_t colon = line.find(':'); colon != std::string_view::npos) {
    headers.emplace_back(std::string(Trim(line.substr(0, colon))),
                         std::string(Trim(line.substr(colon + 1))));
  }
  return size * count;
}

bool IsToken(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return c > ' ' && c < 127 && std::strchr("\"(),/:;<=>?@[\\]{}", c) == nullptr;
  });
}

bool IsLoopbackHost(std::string_view host) {
  return host == "localhost" || host.ends_with(".localhost") || host.starts_with("127.") ||
         host == "[::1]";
}

Result<Url> ParseUrl(const HttpRequest& request) {
  Url url(curl_url());
  if (url == nullptr) return Status::Internal("out of memory parsing a URL");
  CURLUcode rc = curl_url_set(url.get(), CURLUPART_URL, request.url.c_str(), 0);
  if (rc != CURLUE_OK) {
    return Status::InvalidArgument(
        fmt::format("invalid URL \"{}\": {}", WithoutQuery(request.url), curl_url_strerror(rc)),
        "use an absolute http:// or https:// URL (check the endpoint setting)");
  }
  return url;
}

std::string UrlPart(CURLU* url, CURLUPart part) {
  char* value = nullptr;
  if (curl_url_get(url, part, &value, 0) != CURLUE_OK || value == nullptr) return "";
  std::string result(value);
  curl_free(value);
  return result;
}

Result<Slist> BuildHeaders(const HttpRequest& request, bool sends_body) {
  Slist list;
  auto append = [&](const std::string& line) {
    curl_slist* grown = curl_slist_append(list.get(), line.c_str());
    if (grown == nullptr) return false;
    list.release();
    list.reset(grown);
    return true;
  };
  for (const auto& [name, value] : request.headers) {
    if (!IsToken(name) || value.find_first_of("\r\n") != std::string::npos) {
      return Status::InvalidArgument(
          fmt::format("invalid HTTP header \"{}\"", name),
          "header names are tokens and values hold no line breaks (a bug in the caller)");
    }
    // curl sends "Name;" as a header with an empty value; "Name:" would remove it.
    if (!append(value.empty() ? name + ";" : name + ": " + value)) {
      return Status::Internal("out of memory building HTTP headers");
    }
  }
  // Suppress curl's own additions unless the caller asked for them: the 100-continue
  // round trip costs up to a second on servers that ignore it, and a body has no
  // implicit form-encoded type.
  if (!FindHeader(request.headers, "Expect") && !append("Expect:")) {
    return Status::Internal("out of memory building HTTP headers");
  }
  if (sends_body && !FindHeader(request.headers, "Content-Type") && !append("Content-Type:")) {
    return Status::Internal("out of memory building HTTP headers");
  }
  return list;
}

long Millis(std::chrono::milliseconds request_value, std::chrono::milliseconds fallback) {
  return static_cast<long>((request_value.count() > 0 ? request_value : fallback).count());
}

// A failed transfer as a Status the retry policy understands.
Status TransportError(CURLcode code, const char* detail, const HttpRequest& request,
                      long connect_timeout_ms, long total_timeout_ms) {
  std::string what = fmt::format("{} {}", request.method, WithoutQuery(request.url));
  std::string why = detail[0] != '\0' ? detail : curl_easy_strerror(code);
  auto message = [&](std::string_view summary) {
    return fmt::format("{}: {} ({})", what, summary, why);
  };
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return Status::DeadlineExceeded(
          message("timed out"),
          fmt::format("no answer in time (limits: connect {} ms, total {} ms); check the "
                      "network and the endpoint, or retry later",
                      connect_timeout_ms, total_timeout_ms));
    case CURLE_COULDNT_CONNECT:
      return Status::Unavailable(message("could not connect"),
                                 "check the endpoint URL and that the server is running and "
                                 "reachable (proxies come from https_proxy/no_proxy)");
    case CURLE_COULDNT_RESOLVE_HOST:
      return Status::Unavailable(message("could not resolve the host name"),
                                 "check the endpoint URL and region, and the network (DNS)");
    case CURLE_COULDNT_RESOLVE_PROXY:
      return Status::Unavailable(message("could not resolve the proxy"),
                                 "check the https_proxy/http_proxy/all_proxy variables");
    case CURLE_GOT_NOTHING:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_BAD_CONTENT_ENCODING:
      return Status::Unavailable(message("the connection broke before the response was complete"),
                                 "the request may or may not have taken effect; retrying may "
                                 "help");
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_CACERT_BADFILE:
      return Status::Unavailable(message("TLS handshake or certificate verification failed"),
                                 "check the endpoint URL, the system clock and the trusted CA "
                                 "certificates (package ca-certificates, or a private CA bundle)");
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
      return Status::InvalidArgument(message("unusable URL"),
                                     "use an absolute http:// or https:// URL");
    case CURLE_OUT_OF_MEMORY:
    case CURLE_BAD_FUNCTION_ARGUMENT:
    case CURLE_UNKNOWN_OPTION:
    case CURLE_WRITE_ERROR:
      return Status::Internal(message("HTTP client failure"));
    default:
      return Status::Unavailable(message("transfer failed"), "retrying may help");
  }
}

}  // namespace

struct CurlHttpClient::Handle {
  Handle() : curl(CurlGlobalInit() ? curl_easy_init() : nullptr) {}
  ~Handle() {
    if (curl != nullptr) curl_easy_cleanup(curl);
  }
  CURL* curl;
};

CurlHttpClient::CurlHttpClient() : CurlHttpClient(Options()) {}

CurlHttpClient::CurlHttpClient(Options options)
    : options_(std::move(options)), handle_(std::make_unique<Handle>()) {
  if (options_.user_agent.empty()) options_.user_agent = "spotrun/" SPOTRUN_VERSION;
}

CurlHttpClient::~CurlHttpClient() = default;

Result<HttpResponse> CurlHttpClient::Send(const HttpRequest& request) {
  CURL* curl = handle_->curl;
  if (curl == nullptr) {
    // curl_library.cc loads libcurl on first use; its message says what is missing.
    return Status::Unavailable(
        fmt::format("libcurl failed to initialise: {}", curl_easy_strerror(CURLE_FAILED_INIT)),
        "install Debian's libcurl4 (apt-get install libcurl4)");
  }
  if (!IsToken(request.method)) {
    return Status::InvalidArgument(fmt::format("invalid HTTP method \"{}\"", request.method));
  }
  SPOTRUN_ASSIGN_OR_RETURN(Url url, ParseUrl(request));
  const std::string& method = request.method;
  const bool sends_body = method != "HEAD" && (!request.body.empty() || method == "POST" ||
                                               method == "PUT" || method == "PATCH");
  SPOTRUN_ASSIGN_OR_RETURN(Slist headers, BuildHeaders(request, sends_body));

  // Back to defaults, keeping the open connections (and the DNS and TLS session caches).
  curl_easy_reset(curl);
  HttpResponse response;
  char error[CURL_ERROR_SIZE] = "";
  const long connect_ms = Millis(request.connect_timeout, options_.connect_timeout);
  const long total_ms = Millis(request.total_timeout, options_.total_timeout);
  curl_easy_setopt(curl, CURLOPT_CURLU, url.get());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM; thread-safe
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, connect_ms);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, total_ms);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);  // the defaults, stated: never off
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!options_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, options_.ca_file.c_str());
  if (options_.accept_compressed) curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
  // Proxy settings stay libcurl's (the environment), except loopback goes direct.
  if (IsLoopbackHost(UrlPart(url.get(), CURLUPART_HOST))) {
    curl_easy_setopt(curl, CURLOPT_PROXY, "");
  }
  curl_easy_setopt(curl, CURLOPT_USERAGENT, options_.user_agent.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &OnBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &OnHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response);
  if (method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else if (sends_body) {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
    if (method != "POST") curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  } else if (method != "GET") {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());  // DELETE and the like
  }

  CURLcode code = curl_easy_perform(curl);
  // Nothing may point at this call's locals once it returns.
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
  curl_easy_setopt(curl, CURLOPT_CURLU, nullptr);
  if (code != CURLE_OK) {
    Status status = TransportError(code, error, request, connect_ms, total_ms);
    LogDebug("http: {}", status.ToString());
    return status;
  }
  long status_code = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status_code);
  response.status = static_cast<int>(status_code);
  LogDebug("http: {} {} -> {} ({} bytes)", method, WithoutQuery(request.url), response.status,
           response.body.size());
  return response;
}

}  // namespace spotrun
