#include "base/temp_dir.h"

#include <stdlib.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>

namespace spotrun {

Result<ScopedTempDir> ScopedTempDir::Create(std::string_view prefix) {
  const char* tmp = std::getenv("TMPDIR");
  std::string templ =
      std::string(tmp && *tmp ? tmp : "/tmp") + "/" + std::string(prefix) + ".XXXXXX";
  if (::mkdtemp(templ.data()) == nullptr) {
    return Status::Internal(
        "cannot create a temporary directory " + templ + ": " + std::strerror(errno),
        "check that TMPDIR (or /tmp) exists and is writable");
  }
  return ScopedTempDir(std::filesystem::path(templ));
}

ScopedTempDir::ScopedTempDir(ScopedTempDir&& other) noexcept : path_(other.Release()) {}

ScopedTempDir& ScopedTempDir::operator=(ScopedTempDir&& other) noexcept {
  if (this != &other) {
    this->~ScopedTempDir();
    path_ = other.Release();
  }
  return *this;
}

ScopedTempDir::~ScopedTempDir() {
  if (path_.empty()) return;
  std::error_code ec;
  // Make everything writable first so read-only files left by tests do not block removal.
  std::filesystem::permissions(path_, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::add, ec);
  std::filesystem::remove_all(path_, ec);
}

std::filesystem::path ScopedTempDir::Release() {
  std::filesystem::path p = std::move(path_);
  path_.clear();
  return p;
}

}  // namespace spotrun
