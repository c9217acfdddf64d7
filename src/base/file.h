// Whole-file reads and atomic writes. WriteFileAtomic writes a sibling temp file, fsyncs and
// renames it over the target, so readers see the old or the new content, never half.
#ifndef SPOTRUN_BASE_FILE_H_
#define SPOTRUN_BASE_FILE_H_

#include <string>
#include <string_view>

#include "base/result.h"

namespace spotrun {

// kNotFound when the file does not exist.
Result<std::string> ReadFile(const std::string& path);
// `mode` applies to a new file (0600 for anything holding a secret); parents are created 0700.
Status WriteFileAtomic(const std::string& path, std::string_view content, int mode = 0644);
// $HOME, or the passwd entry's home when HOME is unset.
std::string HomeDir();
// Expands a leading "~/" to HomeDir().
std::string ExpandHome(std::string_view path);

}  // namespace spotrun

#endif  // SPOTRUN_BASE_FILE_H_
