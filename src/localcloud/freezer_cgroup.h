// FreezerCgroup: one directory of the cgroup v1 freezer hierarchy holding every process of
// one instance. Processes join it at fork (a child writes its pid into cgroup.procs) and
// their descendants stay in it whatever they do — double fork, setsid, nohup — so it gives
// a complete list of the instance's processes, a freeze that stops them all at once
// (Hibernate) and a kill that no fork can race (freeze, SIGKILL, thaw). Owns nothing: the
// directory outlives the object until Remove(). Thread-compatible.
#ifndef SPOTRUN_LOCALCLOUD_FREEZER_CGROUP_H_
#define SPOTRUN_LOCALCLOUD_FREEZER_CGROUP_H_

#include <sys/types.h>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace spotrun {

class FreezerCgroup {
 public:
  // The freezer hierarchy's mount point on Debian and most distributions.
  static constexpr std::string_view kDefaultMount = "/sys/fs/cgroup/freezer";

  // Where the calling process sits in the freezer hierarchy under `mount` (from
  // /proc/self/cgroup), e.g. "/sys/fs/cgroup/freezer" (no trailing slash); kNotFound when there is
  // no v1 freezer hierarchy or it is not mounted at `mount`.
  static Result<std::string> SelfDirectory(std::string_view mount = kDefaultMount);
  // Creates (or opens) the cgroup directory `path` and its missing parents, and checks that
  // this process may move processes into it: kPermissionDenied or kNotFound otherwise.
  static Result<FreezerCgroup> Open(std::string path);

  const std::string& path() const { return path_; }
  // Opens cgroup.procs for writing (O_CLOEXEC). A forked child writes its own pid into it
  // (see instance_init.h) to join before it runs anything.
  Result<int> OpenProcsForWriting() const;
  // The processes in the cgroup now (empty when the directory is gone).
  std::vector<pid_t> Pids() const;
  // Writes FROZEN or THAWED and waits (polling, up to `timeout`) until the kernel reports
  // that state. kDeadlineExceeded when freezing takes longer (a process in uninterruptible
  // sleep can hold it in FREEZING).
  Status Freeze(std::chrono::milliseconds timeout);
  Status Thaw(std::chrono::milliseconds timeout);
  bool Frozen() const;
  // Removes the directory; it must hold no process. Retries until `timeout` while the
  // kernel still counts exiting processes. Ok when it is already gone.
  Status Remove(std::chrono::milliseconds timeout);

 private:
  explicit FreezerCgroup(std::string path) : path_(std::move(path)) {}
  Status SetState(std::string_view state, std::chrono::milliseconds timeout);
  std::string path_;
};

}  // namespace spotrun

#endif  // SPOTRUN_LOCALCLOUD_FREEZER_CGROUP_H_
