// StartInstanceInit: forks the "init" of one instance — a small process that stays a copy
// of this one (no exec), becomes a child subreaper (PR_SET_CHILD_SUBREAPER), starts the
// instance's programs (sshd, user data) and then only reaps. Every process the instance
// makes descends from it, and an orphan (double fork, setsid, nohup) is re-parented to it
// instead of to pid 1, so walking the process tree below it finds them all; it exits once
// it has no child left. The caller owns the returned pid and must waitpid() it.
// Thread-safe: after fork the child calls only async-signal-safe functions.
#ifndef SPOTRUN_LOCALCLOUD_INSTANCE_INIT_H_
#define SPOTRUN_LOCALCLOUD_INSTANCE_INIT_H_

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

#include "base/result.h"

namespace spotrun {

struct InitProgram {
  std::vector<std::string> argv;           // argv[0] must be an absolute path (no PATH search)
  std::map<std::string, std::string> env;  // the whole environment
  std::string cwd = "/";
  // stdout and stderr are appended to this file (created 0600); empty: /dev/null.
  std::string output_file;
};

struct InitSpec {
  std::vector<InitProgram> programs;
  // When >= 0, an fd open for writing on a cgroup's cgroup.procs: the init writes its pid
  // there before it starts anything, so it and all its descendants are in that cgroup.
  int cgroup_procs_fd = -1;
  std::string name = "spotrun-init";  // the init's process name (comm), at most 15 bytes
};

// Returns the init's pid once it runs (and has joined the cgroup), or the reason it could
// not start: a program's file missing, an output file not writable, the cgroup refusing.
Result<pid_t> StartInstanceInit(const InitSpec& spec);

}  // namespace spotrun

#endif  // SPOTRUN_LOCALCLOUD_INSTANCE_INIT_H_
