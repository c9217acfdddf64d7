// HttpRequest and HttpResponse: plain values exchanged between the AWS layer, the HTTP
// client and the HTTP server. Header names compare case-insensitively.
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

// First value of header `name` (case-insensitive), or nullopt.
std::optional<std::string> FindHeader(const HttpHeaders& headers, std::string_view name);
// Replaces every `name` header (case-insensitive) by one with `value`.
void SetHeader(HttpHeaders& headers, std::string_view name, std::string_view value);

struct HttpRequest {
  std::string method = "GET";
  std::string url;  // absolute: scheme://host[:port]/path[?query]
  HttpHeaders headers;
  std::string body;
  // Zero means the client's default.
  std::chrono::milliseconds connect_timeout{0};
  std::chrono::milliseconds total_timeout{0};
};

struct HttpResponse {
  int status = 0;
  HttpHeaders headers;
  std::string body;
  std::optional<std::string> Header(std::string_view name) const {
    return FindHeader(headers, name);
  }
};

}  // namespace spotrun

#endif  // SPOTRUN_HTTP_HTTP_TYPES_H_
