// JobMachineSetup: what the controller does on a job's machine once sshd answers — copy the
// agent (this spotrun binary) to it, sync the job's workdir (honouring .spotrunignore), write
// the AgentConfig (0600) and start `spotrun agent CONFIG` detached from the ssh session, so it
// outlives it. Every step is idempotent: after a controller restart Start may be called again
// for the same machine and attempt, and an agent already running for it is left alone.
// SshJobMachineSetup (job_machine_setup_ssh.h) is the real one; tests use fakes.
#ifndef SPOTRUN_JOBS_JOB_MACHINE_SETUP_H_
#define SPOTRUN_JOBS_JOB_MACHINE_SETUP_H_

#include <string>

#include "agent/agent_config.h"
#include "base/status.h"
#include "cloud/machine.h"

namespace spotrun {

class JobMachineSetup {
 public:
  virtual ~JobMachineSetup() = default;
  // `local_workdir` is synced to config.workdir on the machine.
  virtual Status Start(const Machine& machine, const std::string& local_workdir,
                       const AgentConfig& config) = 0;
};

}  // namespace spotrun

#endif  // SPOTRUN_JOBS_JOB_MACHINE_SETUP_H_
