// SshJobMachineSetup: JobMachineSetup over the system ssh and rsync, as `spotrun exec` and
// `sync` log in (cloud/ssh_target.h). On the machine, everything of a job lives under
// ~/spotrun/JOB_ID: bin/spotrun (the agent: this very binary, copied with rsync so an
// unchanged one is not sent again), work/ (the synced workdir, .spotrunignore files honoured
// as rsync dir-merge filters), agent-N.json (0600), agent-N.log and agent-N.pid. A relative
// workdir or checkpoint_dir in the AgentConfig is taken under the remote home (an empty
// workdir means ~/spotrun/JOB_ID/work). An agent
// is started at most once per attempt on a machine: a second Start for the same attempt
// finds the pid file and leaves the agent alone, running or finished (its events say how
// it ended). Borrows the Clock; not thread-safe.
#ifndef SPOTRUN_JOBS_JOB_MACHINE_SETUP_SSH_H_
#define SPOTRUN_JOBS_JOB_MACHINE_SETUP_SSH_H_

#include <string>

#include "base/clock.h"
#include "cloud/remote_script.h"
#include "cloud/ssh_target.h"
#include "jobs/job_machine_setup.h"

namespace spotrun {

struct SshJobMachineSetupOptions {
  SshLogin login;
  std::string agent_binary;  // the local spotrun to copy; default /proc/self/exe's target
  RemoteScriptOptions remote{};
};

class SshJobMachineSetup final : public JobMachineSetup {
 public:
  SshJobMachineSetup(Clock& clock, SshJobMachineSetupOptions options);

  Status Start(const Machine& machine, const std::string& local_workdir,
               const AgentConfig& config) override;

 private:
  // Makes ~/spotrun/JOB_ID/bin and the workdir on the machine in one round trip; returns the
  // remote home directory.
  Result<std::string> MakeJobDirs(const SshTarget& target, const std::string& job_id,
                                  const std::string& workdir);
  Status Rsync(const SshTarget& target, std::vector<std::string> args);

  Clock& clock_;
  SshJobMachineSetupOptions options_;
};

// The shell script that writes the config and starts the agent unless this attempt's agent
// was started before (exposed for tests). Paths are absolute.
std::string AgentStartScript(const std::string& job_dir, int attempt,
                             const std::string& config_json);

}  // namespace spotrun

#endif  // SPOTRUN_JOBS_JOB_MACHINE_SETUP_SSH_H_
