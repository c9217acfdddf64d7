// HttpRequest and HttpResponse: plain values exchanged between the AWS layer, the HTTP
// client and the HTTP server. Header names compare case-insensitively. A few fields only
// matter on the server side (HttpServer fills `path`/`query`, honours `drop_connection`);
// the client ignores them.
#ifndef SPOTRUN_HTTP_HTTP_TYPES_H_
#define SPOTRUN_HTTP_HTTP_TYPES_H_

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace spotrun {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

// ASCII case-insensitive comparison, as header names compare.
bool HeaderNameEquals(std::string_view a, std::string_view b);
// First value of header `name` (case-insensitive), or nullopt.
std::optional<std::string> FindHeader(const HttpHeaders& headers, std::string_view name);
// Replaces every `name` header (case-insensitive) by one with `value`.
void SetHeader(HttpHeaders& headers, std::string_view name, std::string_view value);

struct HttpRequest {
  std::string method = "GET";
  // What a client sends: absolute, scheme://host[:port]/path[?query].
  // What HttpServer hands a handler: the request target exactly as received, not decoded —
  // normally "/path[?query]" (absolute only when the client talks to it as a proxy).
  std::string url;
  HttpHeaders headers;
  std::string body;
  // Zero means the client's default.
  std::chrono::milliseconds connect_timeout{0};
  std::chrono::milliseconds total_timeout{0};
  // Filled by HttpServer only: `url` split at the first '?', still percent-encoded; `query`
  // has no leading '?'. The client ignores them. (The {} lets designated initializers omit
  // them under -Wextra.)
  std::string path{};
  std::string query{};
};

struct HttpResponse {
  int status = 0;
  HttpHeaders headers;
  std::string body;
  // Server side only, for fault-injection tests: HttpServer sends the status line, the
  // headers and the first half of `body`, then closes the connection, so the client sees a
  // broken transfer of a call that did take effect. Has no effect on HEAD requests.
  bool drop_connection = false;
  std::optional<std::string> Header(std::string_view name) const {
    return FindHeader(headers, name);
  }
};

}  // namespace spotrun

#endif  // SPOTRUN_HTTP_HTTP_TYPES_H_
