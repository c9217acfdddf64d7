#include "aws/query_params.h"

#include "aws/uri_encode.h"

namespace spotrun {

void QueryParams::Set(std::string_view key, std::string_view value) {
  params_[std::string(key)] = std::string(value);
}

void QueryParams::SetInt(std::string_view key, long long value) { Set(key, std::to_string(value)); }

void QueryParams::SetBool(std::string_view key, bool value) { Set(key, value ? "true" : "false"); }

void QueryParams::SetList(std::string_view prefix, const std::vector<std::string>& values) {
  for (size_t i = 0; i < values.size(); ++i) {
    Set(std::string(prefix) + "." + std::to_string(i + 1), values[i]);
  }
}

void QueryParams::AddFilter(std::string_view name, const std::vector<std::string>& values) {
  std::string prefix = "Filter." + std::to_string(++filters_);
  Set(prefix + ".Name", name);
  SetList(prefix + ".Value", values);
}

std::optional<std::string> QueryParams::Get(std::string_view key) const {
  auto it = params_.find(std::string(key));
  if (it == params_.end()) return std::nullopt;
  return it->second;
}

std::string QueryParams::Encode() const {
  std::string out;
  for (const auto& [k, v] : params_) {
    if (!out.empty()) out.push_back('&');
    out += UriEncode(k);
    out.push_back('=');
    out += UriEncode(v);
  }
  return out;
}

QueryParams QueryParams::Decode(std::string_view form) {
  QueryParams p;
  while (!form.empty()) {
    size_t amp = form.find('&');
    std::string_view pair = form.substr(0, amp);
    form = amp == std::string_view::npos ? std::string_view() : form.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string key = UriDecode(pair.substr(0, eq), true);
    std::string value = eq == std::string_view::npos ? "" : UriDecode(pair.substr(eq + 1), true);
    p.params_[key] = value;
  }
  return p;
}

}  // namespace spotrun
