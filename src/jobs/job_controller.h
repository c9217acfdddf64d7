// JobController: drives one job to its end — pending → launching → setting-up → running →
// notice → checkpointing → recovering → launching … → succeeded | failed | cancelled — in a
// single-threaded deadline loop. Each tick it reads the agent's events (EventMailbox) and,
// independently, what EC2 says of the attempt's machine (instance state, spot request status),
// so a dead agent cannot hide a lost machine. Every transition is written to the JobStore
// before it is acted on; a new controller over the same store (after a crash or SIGKILL)
// adopts the attempt's tagged machine instead of launching a second one (RunInstances'
// ClientToken is a function of job, attempt and try). Borrows everything it is given; not
// thread-safe (RequestStop's flag may be set from a signal handler).
#ifndef SPOTRUN_JOBS_JOB_CONTROLLER_H_
#define SPOTRUN_JOBS_JOB_CONTROLLER_H_

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "agent/agent_config.h"
#include "aws/ec2_api.h"
#include "aws/s3_api.h"
#include "base/clock.h"
#include "base/result.h"
#include "base/status.h"
#include "cloud/machine.h"
#include "cloud/ssh_identity.h"
#include "jobs/job_machine_setup.h"
#include "jobs/job_store.h"
#include "jobs/notification.h"
#include "market/market.h"
#include "market/pool_ranking.h"

namespace spotrun {

// Tags on a job's machine and its spot request (besides the managed tags and Name).
inline constexpr std::string_view kJobTag = "spotrun:job";
inline constexpr std::string_view kAttemptTag = "spotrun:attempt";

// What the live status line shows; passed to Options::on_status after every tick.
struct JobStatus {
  std::string job_id{};
  std::string name{};
  JobState state = JobState::kPending;
  std::string machine{};      // "NAME-ATTEMPT"; empty while there is none
  std::string instance_id{};  // empty while there is none
  std::string instance_type{};
  std::string zone{};
  std::string market{};  // "spot" | "on-demand"
  int attempt = 0;
  int recoveries = 0;
  Duration elapsed{};    // since the job was created
  JobCost cost{};        // so far
  std::string detail{};  // the latest thing that happened, e.g. "checkpoint 3 uploaded"
};

class JobController {
 public:
  struct Dependencies {
    JobStore& store;
    Ec2Api& ec2;
    S3Api& s3;  // the job's store (checkpoint.store): mailbox, outputs
    Clock& clock;
    const market::Market& market;
    JobMachineSetup& setup;
  };

  struct Options {
    SshIdentity identity;  // the key pair machines are launched with
    Duration tick = std::chrono::seconds(1);
    // The tick while a machine is coming or going (launching, notice, checkpointing): those
    // seconds are the job's downtime, and the few extra EC2 and mailbox reads are cheap.
    Duration transition_tick = std::chrono::milliseconds(250);
    // Called after every tick with where the job is.
    std::function<void(const JobStatus&)> on_status{};
    // Webhook notifications (start, notice, recovered, …, the final one with cost and savings).
    std::function<void(const Notification&)> notify{};
    // Set (e.g. by a SIGINT handler) to make Run return after the current tick. The job is not
    // cancelled: a later controller resumes it.
    const std::atomic<bool>* stop = nullptr;
    // The controller's identity in the store's heartbeat (pid of this process by default).
    int64_t pid = 0;
    std::string host{};
    Duration heartbeat_stale_after = std::chrono::seconds(15);
    // Whether sshd of a machine answers (default: SshReady with a 2 s timeout).
    std::function<bool(const Instance&)> ssh_ready{};
    Duration launch_timeout = std::chrono::minutes(10);  // launching → ssh ready
    // After a notice without the agent's checkpoint-uploaded or agent-exit, recovery starts
    // at the notice's time at the latest; this is the bound when the time is unknown.
    Duration notice_wait = std::chrono::minutes(2);
    // Where the job lives on its machine: ROOT/JOB_ID/work (workdir, checkpoint dir inside).
    std::string remote_root = "/home/ubuntu/spotrun-jobs";
    // Copied into every attempt's AgentConfig: s3_endpoint, region, environment (the local
    // cloud's keys), poll_interval, notice_margin, log_upload_interval.
    AgentConfig agent_defaults{};
    market::PoolRankingOptions ranking{};
    // The range the ssh security group opens port 22 to (DefaultSshCidr); nullopt: keep the
    // group's existing rule.
    std::optional<std::string> ssh_cidr{};
  };

  JobController(Dependencies deps, std::string job_id, Options options);
  ~JobController();
  JobController(const JobController&) = delete;
  JobController& operator=(const JobController&) = delete;

  // Claims the job (heartbeat), then ticks until the job ends or *options.stop is set.
  // Returns the job's state at return. A job already ended returns at once (nothing resumed).
  // Errors: the job does not exist, another live controller runs it, the store fails.
  Result<JobState> Run();

  // One step of the loop (Run calls it every `tick`); true once the job has ended. Tests call
  // it directly and may drop the controller between any two calls ("SIGKILL").
  Result<bool> Tick();

  // Where the job is now (also what on_status gets).
  Result<JobStatus> CurrentStatus();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// `spotrun job cancel`: records the cancel. When a live controller runs the job it acts on it
// within a tick; otherwise this cleans up itself — terminates the attempt's machine, cancels
// its spot request, closes the ledger and moves the job to cancelled. An ended job is left
// alone (returned as it is).
Result<JobRecord> CancelJob(JobStore& store, Ec2Api& ec2, std::string_view job_id,
                            Duration heartbeat_stale_after = std::chrono::seconds(15));

// Deterministic ClientToken of RunInstances for (job, attempt, try): a restarted controller
// retrying the same launch gets the same machine, never a second one.
std::string JobClientToken(std::string_view job_id, int attempt, int launch_try);

}  // namespace spotrun

#endif  // SPOTRUN_JOBS_JOB_CONTROLLER_H_
