// A snapshot of the process table read from /proc, and the questions the runtime asks of it:
// which processes descend from a pid, which carry a marker in their environment, whether a
// pid is still alive. Linux only. Free functions over values; thread-safe.
#ifndef SPOTRUN_LOCALCLOUD_PROC_TABLE_H_
#define SPOTRUN_LOCALCLOUD_PROC_TABLE_H_

#include <sys/types.h>

#include <string_view>
#include <vector>

namespace spotrun {

struct ProcEntry {
  pid_t pid = 0;
  pid_t ppid = 0;
  char state = '?';  // /proc/PID/stat's state letter: R, S, D, T, Z, …
};

// Every process visible in /proc. Processes that vanish while being read are left out.
std::vector<ProcEntry> ReadProcTable();

// The pids below `root` (children, their children, …), `root` excluded.
std::vector<pid_t> DescendantsOf(const std::vector<ProcEntry>& table, pid_t root);

// The pids whose initial environment (/proc/PID/environ) holds exactly `variable` (a
// "NAME=value" string). Our own pid is never included.
std::vector<pid_t> ProcessesWithEnvironment(const std::vector<ProcEntry>& table,
                                            std::string_view variable);

// True while `pid` exists and is not a zombie.
bool ProcessAlive(pid_t pid);

}  // namespace spotrun

#endif  // SPOTRUN_LOCALCLOUD_PROC_TABLE_H_
