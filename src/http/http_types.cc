#include "http/http_types.h"

#include <strings.h>

#include <algorithm>

namespace spotrun {

bool HeaderNameEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && ::strncasecmp(a.data(), b.data(), a.size()) == 0;
}

std::optional<std::string> FindHeader(const HttpHeaders& headers, std::string_view name) {
  for (const auto& [k, v] : headers) {
    if (HeaderNameEquals(k, name)) return v;
  }
  return std::nullopt;
}

void SetHeader(HttpHeaders& headers, std::string_view name, std::string_view value) {
  headers.erase(std::remove_if(headers.begin(), headers.end(),
                               [&](const auto& h) { return HeaderNameEquals(h.first, name); }),
                headers.end());
  headers.emplace_back(std::string(name), std::string(value));
}

}  // namespace spotrun
