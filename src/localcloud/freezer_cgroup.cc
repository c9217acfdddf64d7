#include "localcloud/freezer_cgroup.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>

#include "base/file.h"
#include "localcloud/poll_until.h"

namespace spotrun {
namespace {

std::string Trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

Status WriteControlFile(const std::string& path, std::string_view value) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) {
    return Status::Internal("cannot open " + path + ": " + std::strerror(errno));
  }
  ssize_t n = ::write(fd, value.data(), value.size());
  int e = errno;
  ::close(fd);
  if (n != static_cast<ssize_t>(value.size())) {
    return Status::Internal("cannot write " + std::string(value) + " to " + path + ": " +
                            std::strerror(e));
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> FreezerCgroup::SelfDirectory(std::string_view mount) {
  if (::access((std::string(mount) + "/cgroup.procs").c_str(), F_OK) != 0) {
    return Status::NotFound("no cgroup v1 freezer hierarchy at " + std::string(mount));
  }
  SPOTRUN_ASSIGN_OR_RETURN(std::string self, ReadFile("/proc/self/cgroup"));
  std::string_view rest = self;
  while (!rest.empty()) {
    std::string_view line = rest.substr(0, rest.find('\n'));
    rest.remove_prefix(std::min(rest.size(), line.size() + 1));
    // "6:freezer:/some/path": the controllers field is a comma-separated list.
    size_t first = line.find(':');
    size_t second = line.find(':', first + 1);
    if (first == std::string_view::npos || second == std::string_view::npos) continue;
    std::string_view controllers = line.substr(first + 1, second - first - 1);
    std::string_view path = line.substr(second + 1);
    while (!controllers.empty()) {
      std::string_view c = controllers.substr(0, controllers.find(','));
      if (c == "freezer") return std::string(mount) + std::string(path == "/" ? "" : path);
      controllers.remove_prefix(std::min(controllers.size(), c.size() + 1));
    }
  }
  return Status::NotFound("this process is in no cgroup v1 freezer hierarchy");
}

Result<FreezerCgroup> FreezerCgroup::Open(std::string path) {
  std::error_code ec;
  std::filesystem::create_directories(path, ec);
  if (ec) {
    return Status::PermissionDenied("cannot create the freezer cgroup " + path + ": " +
                                    ec.message());
  }
  FreezerCgroup cgroup(std::move(path));
  if (::access((cgroup.path_ + "/freezer.state").c_str(), R_OK | W_OK) != 0 ||
      ::access((cgroup.path_ + "/cgroup.procs").c_str(), W_OK) != 0) {
    return Status::PermissionDenied("cannot control the freezer cgroup " + cgroup.path_);
  }
  return cgroup;
}

Result<int> FreezerCgroup::OpenProcsForWriting() const {
  std::string procs = path_ + "/cgroup.procs";
  int fd = ::open(procs.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return Status::Internal("cannot open " + procs + ": " + std::strerror(errno));
  return fd;
}

std::vector<pid_t> FreezerCgroup::Pids() const {
  std::vector<pid_t> pids;
  Result<std::string> procs = ReadFile(path_ + "/cgroup.procs");
  if (!procs.ok()) return pids;
  std::string_view rest = *procs;
  while (!rest.empty()) {
    std::string_view line = rest.substr(0, rest.find('\n'));
    rest.remove_prefix(std::min(rest.size(), line.size() + 1));
    pid_t pid = 0;
    auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), pid);
    if (ec == std::errc() && pid > 0) pids.push_back(pid);
  }
  return pids;
}

bool FreezerCgroup::Frozen() const {
  Result<std::string> state = ReadFile(path_ + "/freezer.state");
  return state.ok() && Trimmed(*state) == "FROZEN";
}

Status FreezerCgroup::SetState(std::string_view state, std::chrono::milliseconds timeout) {
  std::string file = path_ + "/freezer.state";
  SPOTRUN_RETURN_IF_ERROR(WriteControlFile(file, state));
  bool reached = PollUntil(timeout, [&] {
    Result<std::string> now = ReadFile(file);
    if (!now.ok()) return false;
    if (Trimmed(*now) == state) return true;
    // The kernel retries a freeze only when asked again.
    (void)WriteControlFile(file, state);
    return false;
  });
  if (!reached) {
    return Status::DeadlineExceeded("the freezer cgroup " + path_ + " did not reach " +
                                    std::string(state));
  }
  return Status::Ok();
}

Status FreezerCgroup::Freeze(std::chrono::milliseconds timeout) {
  return SetState("FROZEN", timeout);
}

Status FreezerCgroup::Thaw(std::chrono::milliseconds timeout) {
  return SetState("THAWED", timeout);
}

Status FreezerCgroup::Remove(std::chrono::milliseconds timeout) {
  int last_errno = 0;
  bool removed = PollUntil(timeout, [&] {
    if (::rmdir(path_.c_str()) == 0 || errno == ENOENT) return true;
    last_errno = errno;
    return false;
  });
  if (!removed) {
    return Status::Internal("cannot remove the freezer cgroup " + path_ + ": " +
                            std::strerror(last_errno));
  }
  return Status::Ok();
}

}  // namespace spotrun
