// DataSet: the text of the market's data files (data/*.tsv, described in data/README.md), either
// compiled into the binary (Embedded) or read from a directory (tests, or data newer than the
// build). A DataSet never parses anything; the catalogs built over it parse lazily. Copies are
// cheap views of the same immutable text; safe to share between threads.
#ifndef SPOTRUN_MARKET_DATA_SET_H_
#define SPOTRUN_MARKET_DATA_SET_H_

#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "base/result.h"

namespace spotrun {

// One file compiled into the binary by cmake/embed_data.cmake.
struct EmbeddedFile {
  std::string_view name;  // "regions.tsv"
  std::string_view (*contents)();
};
// Defined in the generated embedded_files.cc.
std::span<const EmbeddedFile> EmbeddedFiles();

namespace market {

class DataSet {
 public:
  // The files compiled into this binary. Costs nothing: no byte is read until a lookup.
  static DataSet Embedded();
  // Every *.tsv file in `directory`; kNotFound when the directory does not exist.
  static Result<DataSet> FromDirectory(const std::string& directory);

  // The text of file `name`, or kNotFound naming the file and where it was looked for.
  Result<std::string_view> File(std::string_view name) const;
  // Where the files came from: "embedded" or the directory.
  const std::string& origin() const { return origin_; }

 private:
  std::string origin_;
  std::map<std::string, std::string_view, std::less<>> files_;
  std::shared_ptr<const std::map<std::string, std::string>> owned_;  // FromDirectory's text
};

}  // namespace market
}  // namespace spotrun

#endif  // SPOTRUN_MARKET_DATA_SET_H_
