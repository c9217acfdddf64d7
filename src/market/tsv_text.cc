#include "market/tsv_text.h"

#include <charconv>

namespace spotrun::market {
namespace {

// Offset of the start of the first row keyed `key`, or npos.
size_t FindRowStart(std::string_view text, std::string_view key) {
  size_t pos = 0;
  while ((pos = text.find(key, pos)) != std::string_view::npos) {
    bool line_start = pos == 0 || text[pos - 1] == '\n';
    size_t end = pos + key.size();
    if (line_start && end < text.size() && text[end] == '\t') return pos;
    pos = end;
  }
  return std::string_view::npos;
}

template <typename T>
bool ParseWhole(std::string_view field, T* out) {
  if (field.empty()) return false;
  auto [ptr, ec] = std::from_chars(field.data(), field.data() + field.size(), *out);
  return ec == std::errc() && ptr == field.data() + field.size();
}

}  // namespace

std::vector<std::string_view> SplitFields(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    if (tab == std::string_view::npos) {
      fields.push_back(line.substr(start));
      return fields;
    }
    fields.push_back(line.substr(start, tab - start));
    start = tab + 1;
  }
}

std::string_view HeaderLine(std::string_view text) { return text.substr(0, text.find('\n')); }

std::vector<std::string_view> BodyLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t pos = text.find('\n');
  while (pos != std::string_view::npos && pos + 1 < text.size()) {
    size_t end = text.find('\n', pos + 1);
    std::string_view line = text.substr(
        pos + 1, end == std::string_view::npos ? std::string_view::npos : end - pos - 1);
    if (!line.empty()) lines.push_back(line);
    pos = end;
  }
  return lines;
}

std::string_view FindRow(std::string_view text, std::string_view key) {
  size_t start = FindRowStart(text, key);
  if (start == std::string_view::npos || start == 0) return {};  // row 0 is the header
  size_t end = text.find('\n', start);
  return text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
}

std::string_view RowBlock(std::string_view text, std::string_view key) {
  size_t start = FindRowStart(text, key);
  if (start == std::string_view::npos || start == 0) return {};
  size_t end = start;
  while (end < text.size()) {
    std::string_view rest = text.substr(end);
    if (rest.substr(0, key.size()) != key || rest.size() <= key.size() ||
        rest[key.size()] != '\t') {
      break;
    }
    size_t newline = text.find('\n', end);
    end = newline == std::string_view::npos ? text.size() : newline + 1;
  }
  std::string_view block = text.substr(start, end - start);
  if (!block.empty() && block.back() == '\n') block.remove_suffix(1);
  return block;
}

bool ParseDouble(std::string_view field, double* out) { return ParseWhole(field, out); }
bool ParseInt(std::string_view field, int* out) { return ParseWhole(field, out); }
bool ParseInt64(std::string_view field, long long* out) { return ParseWhole(field, out); }

Status BadRow(std::string_view file, std::string_view row, std::string_view what) {
  return Status::Internal(std::string(file) + ": " + std::string(what) + " in row \"" +
                              std::string(row.substr(0, 80)) + "\"",
                          "the market data is damaged; rebuild spotrun from a clean checkout");
}

}  // namespace spotrun::market
