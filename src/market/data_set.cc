#include "market/data_set.h"

#include <filesystem>

#include "base/file.h"

namespace spotrun::market {

DataSet DataSet::Embedded() {
  DataSet data;
  data.origin_ = "embedded";
  for (const EmbeddedFile& file : EmbeddedFiles()) {
    data.files_.emplace(std::string(file.name), file.contents());
  }
  return data;
}

Result<DataSet> DataSet::FromDirectory(const std::string& directory) {
  std::error_code error;
  std::filesystem::directory_iterator it(directory, error);
  if (error) {
    return Status::NotFound(
        "cannot read market data directory " + directory + ": " + error.message(),
        "point it at a copy of the repository's data/ folder");
  }
  auto owned = std::make_shared<std::map<std::string, std::string>>();
  for (const auto& entry : it) {
    if (entry.path().extension() != ".tsv") continue;
    SPOTRUN_ASSIGN_OR_RETURN(std::string text, ReadFile(entry.path().string()));
    owned->emplace(entry.path().filename().string(), std::move(text));
  }
  DataSet data;
  data.origin_ = directory;
  for (const auto& [name, text] : *owned) data.files_.emplace(name, text);
  data.owned_ = std::move(owned);
  return data;
}

Result<std::string_view> DataSet::File(std::string_view name) const {
  auto it = files_.find(name);
  if (it == files_.end()) {
    return Status::NotFound("market data file " + std::string(name) + " is missing from " + origin_,
                            "rebuild spotrun, or add the file (see data/README.md)");
  }
  return it->second;
}

}  // namespace spotrun::market
