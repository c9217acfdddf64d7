#include "http/socket_http_client.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <string_view>
#include <utility>

#include "base/log.h"
#include "http/http_response_reader.h"
#include "http/socket_stream.h"
#include "http/tls_stream.h"

namespace spotrun {

struct SocketHttpClient::Target {
  bool tls = false;
  std::string host;  // for connecting and TLS: no brackets around IPv6
  int port = 0;
  std::string host_header;     // "host", "[::1]:8080": the port only when not the default
  std::string request_target;  // "/path?query", exactly as in the URL
  std::string connection_key;  // "https://host:port"
};

namespace {

// A request body larger than this is written separately from the head instead of being
// copied next to it.
constexpr size_t kInlineBodySize = 16 * 1024;

// The URL as it may appear in an error: no query or fragment, which can carry a presigned
// signature or a session token.
std::string_view WithoutQuery(std::string_view url) {
  return url.substr(0, std::min(url.find('?'), url.find('#')));
}

bool IsToken(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return c > ' ' && c < 127 && std::strchr("\"(),/:;<=>?@[\\]{}", c) == nullptr;
  });
}

// No spaces or control characters: they would end or split the request line.
bool IsPrintable(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u > ' ' && u != 127;
  });
}

Status BadUrl(std::string_view url, std::string_view why) {
  return Status::InvalidArgument(fmt::format("invalid URL \"{}\": {}", WithoutQuery(url), why),
                                 "use an absolute http:// or https:// URL (check the endpoint "
                                 "setting)");
}

bool SendsBody(const HttpRequest& request) {
  const std::string& method = request.method;
  return method != "HEAD" &&
         (!request.body.empty() || method == "POST" || method == "PUT" || method == "PATCH");
}

Status CheckHeaders(const HttpHeaders& headers) {
  for (const auto& [name, value] : headers) {
    if (!IsToken(name) || value.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) {
      return Status::InvalidArgument(
          fmt::format("invalid HTTP header \"{}\"", name),
          "header names are tokens and values hold no line breaks (a bug in the caller)");
    }
  }
  return Status::Ok();
}

}  // namespace

// Splits an absolute http(s) URL; the path and query are kept exactly as given (callers
// percent-encode them, and SigV4 signed them as they are).
Result<SocketHttpClient::Target> SocketHttpClient::ParseTarget(std::string_view url) {
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return BadUrl(url, "no scheme");
  Target target;
  std::string_view scheme = url.substr(0, scheme_end);
  if (HeaderNameEquals(scheme, "https")) {
    target.tls = true;
  } else if (!HeaderNameEquals(scheme, "http")) {
    return BadUrl(url, "only http and https are supported");
  }
  std::string_view rest = url.substr(scheme_end + 3);
  size_t authority_end = std::min(rest.find_first_of("/?#"), rest.size());
  std::string_view authority = rest.substr(0, authority_end);
  std::string_view path = rest.substr(authority_end);
  path = path.substr(0, std::min(path.find('#'), path.size()));
  if (authority.find('@') != std::string_view::npos) {
    return BadUrl(url, "credentials in URLs are not supported");
  }
  std::string_view host = authority;
  std::string_view port;
  if (authority.starts_with('[')) {  // an IPv6 literal: "[::1]:8080"
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return BadUrl(url, "unclosed '[' in the host");
    host = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty() && !after.starts_with(':')) return BadUrl(url, "junk after the host");
    if (!after.empty()) port = after.substr(1);
  } else if (size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty() || !IsPrintable(host)) return BadUrl(url, "no usable host");
  const int default_port = target.tls ? 443 : 80;
  target.port = default_port;
  if (!port.empty()) {
    auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), target.port);
    if (error != std::errc() || end != port.data() + port.size() || target.port < 1 ||
        target.port > 65535) {
      return BadUrl(url, "invalid port");
    }
  }
  if (!IsPrintable(path)) return BadUrl(url, "spaces or control characters in the path");
  target.host = std::string(host);
  const bool bracketed = authority.starts_with('[');
  target.host_header = bracketed ? fmt::format("[{}]", host) : std::string(host);
  if (target.port != default_port) target.host_header += fmt::format(":{}", target.port);
  target.request_target = path.starts_with('/') ? std::string(path) : "/" + std::string(path);
  target.connection_key =
      fmt::format("{}://{}:{}", target.tls ? "https" : "http", target.host_header, target.port);
  return target;
}

SocketHttpClient::SocketHttpClient() : SocketHttpClient(Options()) {}

SocketHttpClient::SocketHttpClient(Options options) : options_(std::move(options)) {
  if (options_.user_agent.empty()) options_.user_agent = "spotrun/" SPOTRUN_VERSION;
}

// Streams first: a TLS stream must not outlive the TlsTrust it handshook with.
SocketHttpClient::~SocketHttpClient() { idle_.clear(); }

Result<std::unique_ptr<ByteStream>> SocketHttpClient::Connect(const Target& target,
                                                              SteadyTime deadline) {
  SPOTRUN_ASSIGN_OR_RETURN(std::unique_ptr<SocketStream> socket,
                           SocketStream::Connect(target.host, target.port, deadline));
  ++connections_opened_;
  if (!target.tls) return std::unique_ptr<ByteStream>(std::move(socket));
  if (tls_trust_ == nullptr) {
    SPOTRUN_ASSIGN_OR_RETURN(tls_trust_, TlsTrust::Load(options_.ca_file));
  }
  SPOTRUN_ASSIGN_OR_RETURN(
      std::unique_ptr<TlsStream> tls,
      TlsStream::Handshake(*tls_trust_, std::move(socket), target.host, deadline));
  return std::unique_ptr<ByteStream>(std::move(tls));
}

Result<HttpResponse> SocketHttpClient::Send(const HttpRequest& request) {
  if (!IsToken(request.method)) {
    return Status::InvalidArgument(fmt::format("invalid HTTP method \"{}\"", request.method));
  }
  SPOTRUN_ASSIGN_OR_RETURN(Target target, ParseTarget(request.url));
  SPOTRUN_RETURN_IF_ERROR(CheckHeaders(request.headers));

  // The request head; Content-Length and Transfer-Encoding are ours, so that the body goes
  // exactly as given.
  std::string head = fmt::format("{} {} HTTP/1.1\r\n", request.method, target.request_target);
  if (!FindHeader(request.headers, "Host")) head += fmt::format("Host: {}\r\n", target.host_header);
  if (!FindHeader(request.headers, "User-Agent")) {
    head += fmt::format("User-Agent: {}\r\n", options_.user_agent);
  }
  for (const auto& [name, value] : request.headers) {
    if (HeaderNameEquals(name, "Content-Length") || HeaderNameEquals(name, "Transfer-Encoding")) {
      continue;
    }
    head.append(name).append(": ").append(value).append("\r\n");
  }
  const bool sends_body = SendsBody(request);
  if (sends_body) head += fmt::format("Content-Length: {}\r\n", request.body.size());
  head += "\r\n";
  const bool inline_body = sends_body && request.body.size() <= kInlineBodySize;
  if (inline_body) head += request.body;

  using std::chrono::milliseconds;
  const milliseconds connect_limit =
      request.connect_timeout.count() > 0 ? request.connect_timeout : options_.connect_timeout;
  const milliseconds total_limit =
      request.total_timeout.count() > 0 ? request.total_timeout : options_.total_timeout;
  const SteadyTime start = std::chrono::steady_clock::now();
  const SteadyTime deadline = start + total_limit;
  const std::string what = fmt::format("{} {}", request.method, WithoutQuery(request.url));
  auto fail = [&](const Status& status, bool exchanging) {
    Status failed = status.WithContext(what);
    if (failed.kind() == ErrorKind::kDeadlineExceeded) {
      failed = failed.WithHint(
          fmt::format("no answer in time (limits: connect {} ms, total {} ms); check the "
                      "network and the endpoint, or retry later",
                      connect_limit.count(), total_limit.count()));
    } else if (exchanging && failed.kind() == ErrorKind::kUnavailable) {
      failed = failed.WithHint("the request may or may not have taken effect; retrying may help");
    }
    LogDebug("http: {}", failed.ToString());
    return failed;
  };

  for (int attempt = 0;; ++attempt) {
    std::unique_ptr<ByteStream> stream;
    if (auto idle = idle_.find(target.connection_key); idle != idle_.end()) {
      stream = std::move(idle->second);
      idle_.erase(idle);
      // Readable while idle: the server closed it (or sent something unasked for).
      if (stream->ReadableWhileIdle()) stream.reset();
    }
    const bool reused = stream != nullptr;
    if (!reused) {
      const SteadyTime connect_deadline =
          std::min(deadline, std::chrono::steady_clock::now() + connect_limit);
      Result<std::unique_ptr<ByteStream>> connected = Connect(target, connect_deadline);
      if (!connected.ok()) return fail(connected.status(), /*exchanging=*/false);
      stream = std::move(connected).value();
    }

    Status sent = stream->Write(head, deadline);
    if (sent.ok() && sends_body && !inline_body) sent = stream->Write(request.body, deadline);
    HttpResponseReader reader(*stream, deadline);
    Result<HttpResponse> response =
        sent.ok()
            ? reader.Read(request.method)
            : Result<HttpResponse>(sent.kind() == ErrorKind::kUnavailable
                                       ? Status::Unavailable(fmt::format(
                                             "could not send the request ({})", sent.message()))
                                       : sent);
    if (response.ok()) {
      if (reader.reusable()) idle_[target.connection_key] = std::move(stream);
      LogDebug("http: {} -> {} ({} bytes)", what, response->status, response->body.size());
      return response;
    }
    // A kept-alive connection the server closed meanwhile fails this way; the request never
    // reached it (or was never answered, which a server closing an idle connection allows).
    if (reused && attempt == 0 && !reader.received_any() &&
        response.status().kind() == ErrorKind::kUnavailable) {
      LogDebug("http: {}: reused connection failed ({}); retrying on a new one", what,
               response.status().message());
      continue;
    }
    return fail(response.status(), /*exchanging=*/true);
  }
}

}  // namespace spotrun
