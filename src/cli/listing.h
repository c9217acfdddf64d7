// Listing: rows of named columns printed as an aligned table (for people) or as a JSON
// array of objects with stable lowercase keys (for scripts, `-o json`). Not thread-safe.
#ifndef SPOTRUN_CLI_LISTING_H_
#define SPOTRUN_CLI_LISTING_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace spotrun {

struct Column {
  std::string key;     // JSON key, e.g. "name"
  std::string header;  // table header, e.g. "NAME"
};

class Listing {
 public:
  explicit Listing(std::vector<Column> columns) : columns_(std::move(columns)) {}
  // One value per column; strings, numbers, booleans or null (shown as "-" in tables).
  void Add(std::vector<nlohmann::json> row) { rows_.push_back(std::move(row)); }
  size_t size() const { return rows_.size(); }

  std::string RenderTable() const;
  std::string RenderJson() const;  // pretty-printed array, newline-terminated
  std::string Render(bool json) const { return json ? RenderJson() : RenderTable(); }

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<nlohmann::json>> rows_;
};

}  // namespace spotrun

#endif  // SPOTRUN_CLI_LISTING_H_
