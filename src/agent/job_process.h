// JobProcess: one of a job's shell commands (setup or run) started as `/bin/sh -c TEXT` in
// its own process group, in the job's workdir, with stdout and stderr appended to the
// attempt's log file. The agent signals the whole group (checkpoint signal, SIGTERM, SIGKILL)
// and learns of the exit through a pidfd it can poll alongside its other waits. The
// destructor kills what is left of the group and reaps the shell, so no zombie outlives it.
// Owns the child and the pidfd; not thread-safe.
#ifndef SPOTRUN_AGENT_JOB_PROCESS_H_
#define SPOTRUN_AGENT_JOB_PROCESS_H_

#include <sys/types.h>

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "base/result.h"
#include "base/status.h"

namespace spotrun {

class JobProcess {
 public:
  struct Options {
    std::string command;  // shell text, run by /bin/sh -c
    std::string workdir;  // empty: the agent's own
    // Set on top of the agent's environment.
    std::map<std::string, std::string> env;
    std::string log_path;  // stdout and stderr are appended here (created 0600)
  };

  // kNotFound when the workdir is missing; kInternal when the shell cannot be started.
  static Result<std::unique_ptr<JobProcess>> Start(const Options& options);
  ~JobProcess();
  JobProcess(const JobProcess&) = delete;
  JobProcess& operator=(const JobProcess&) = delete;

  pid_t pid() const { return pid_; }
  // Readable once the shell has exited; -1 when the kernel has no pidfds (before 5.3), in which
  // case the caller must poll Reap() on a short timer instead.
  int exit_fd() const { return pidfd_; }

  // Sends `signal` to every process of the group (the shell and what it started). Sending to
  // a group that is gone is not an error.
  Status SignalGroup(int signal);
  // Reaps the shell if it has exited (never blocks); the exit code, 128+N for signal N.
  std::optional<int> Reap();
  std::optional<int> exit_code() const { return exit_code_; }

 private:
  JobProcess(pid_t pid, int pidfd) : pid_(pid), pidfd_(pidfd) {}

  pid_t pid_;  // also the process group id
  int pidfd_;
  std::optional<int> exit_code_;
};

}  // namespace spotrun

#endif  // SPOTRUN_AGENT_JOB_PROCESS_H_
