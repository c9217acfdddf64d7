#include "cli/listing.h"

#include <algorithm>

namespace spotrun {
namespace {

std::string Cell(const nlohmann::json& v) {
  if (v.is_null()) return "-";
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

// Display width of UTF-8 text: code points, not bytes.
size_t Width(const std::string& s) {
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

}  // namespace

std::string Listing::RenderTable() const {
  std::vector<size_t> widths;
  for (const Column& c : columns_) widths.push_back(Width(c.header));
  std::vector<std::vector<std::string>> cells;
  for (const auto& row : rows_) {
    std::vector<std::string> line;
    for (size_t i = 0; i < columns_.size(); ++i) {
      line.push_back(i < row.size() ? Cell(row[i]) : "-");
      widths[i] = std::max(widths[i], Width(line.back()));
    }
    cells.push_back(std::move(line));
  }
  auto render_line = [&](const std::vector<std::string>& values) {
    std::string out;
    for (size_t i = 0; i < values.size(); ++i) {
      out += values[i];
      if (i + 1 < values.size()) out.append(widths[i] - Width(values[i]) + 2, ' ');
    }
    return out + "\n";
  };
  std::vector<std::string> headers;
  for (const Column& c : columns_) headers.push_back(c.header);
  std::string out = render_line(headers);
  for (const auto& line : cells) out += render_line(line);
  return out;
}

std::string Listing::RenderJson() const {
  nlohmann::ordered_json array = nlohmann::ordered_json::array();
  for (const auto& row : rows_) {
    nlohmann::ordered_json o = nlohmann::ordered_json::object();
    for (size_t i = 0; i < columns_.size(); ++i) {
      o[columns_[i].key] = i < row.size() ? row[i] : nlohmann::json();
    }
    array.push_back(std::move(o));
  }
  return array.dump(2) + "\n";
}

}  // namespace spotrun
