// ScopedTempDir: a fresh private directory (0700) removed with everything in it when the
// object goes away. Move-only; not thread-safe.
#ifndef SPOTRUN_BASE_TEMP_DIR_H_
#define SPOTRUN_BASE_TEMP_DIR_H_

#include <filesystem>
#include <string_view>

#include "base/result.h"

namespace spotrun {

class ScopedTempDir {
 public:
  // Creates $TMPDIR/PREFIX.XXXXXX (or /tmp when TMPDIR is unset).
  static Result<ScopedTempDir> Create(std::string_view prefix = "spotrun");
  ScopedTempDir(ScopedTempDir&& other) noexcept;
  ScopedTempDir& operator=(ScopedTempDir&& other) noexcept;
  ScopedTempDir(const ScopedTempDir&) = delete;
  ScopedTempDir& operator=(const ScopedTempDir&) = delete;
  ~ScopedTempDir();

  const std::filesystem::path& path() const { return path_; }
  // Keeps the directory on destruction and returns its path.
  std::filesystem::path Release();

 private:
  explicit ScopedTempDir(std::filesystem::path path) : path_(std::move(path)) {}
  std::filesystem::path path_;
};

}  // namespace spotrun

#endif  // SPOTRUN_BASE_TEMP_DIR_H_
