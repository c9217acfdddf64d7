// A parser for the INI dialect of ~/.aws/config, ~/.aws/credentials and spotrun's own
// ~/.config/spotrun/config: "[section]" headers, "key = value" lines, '#' and ';' comments,
// and AWS's indented sub-properties ("s3 =\n  max_concurrent_requests = 10"), kept as
// "s3.max_concurrent_requests". Immutable after parsing.
#ifndef SPOTRUN_BASE_INI_FILE_H_
#define SPOTRUN_BASE_INI_FILE_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace spotrun {

class IniFile {
 public:
  using Section = std::map<std::string, std::string>;

  // A malformed line is an InvalidArgument naming the line number.
  static Result<IniFile> Parse(std::string_view text, std::string_view origin = "<text>");
  // A missing file is an empty IniFile, not an error.
  static Result<IniFile> Load(const std::string& path);

  bool HasSection(std::string_view section) const;
  const Section* Find(std::string_view section) const;
  std::optional<std::string> Get(std::string_view section, std::string_view key) const;
  std::vector<std::string> SectionNames() const;

  // Mutation for writers (the local cloud writes a profile); Serialize keeps section order.
  void Set(std::string_view section, std::string_view key, std::string_view value);
  std::string Serialize() const;

 private:
  std::vector<std::string> order_;
  std::map<std::string, Section, std::less<>> sections_;
};

}  // namespace spotrun

#endif  // SPOTRUN_BASE_INI_FILE_H_
