// JobStore: every job spotrun runs, in SQLite (~/.spotrun/jobs.db; ":memory:" or a temp file
// in tests) — the job and its spec, its state and the controller's progress, the timeline of
// states and events, its attempts (one machine each), the cost ledger, a pending cancel, the
// pools it saw interrupted and the heartbeat of the controller running it. The controller
// writes every transition here before acting on it, so a new controller resumes from it.
// Owns its Database and borrows the Clock; one JobStore per thread (SQLite serialises writers
// across processes: the controller and the CLI share the file).
#ifndef SPOTRUN_JOBS_JOB_STORE_H_
#define SPOTRUN_JOBS_JOB_STORE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "base/status.h"
#include "jobs/cost_ledger.h"
#include "jobs/job_spec.h"
#include "store/database.h"

namespace spotrun {

enum class JobState {
  kPending,
  kLaunching,
  kSettingUp,
  kRunning,
  kNotice,
  kCheckpointing,
  kRecovering,
  kSucceeded,
  kFailed,
  kCancelled,
};

std::string_view JobStateName(JobState state);  // "pending", "setting-up", …
std::optional<JobState> JobStateFromName(std::string_view name);
// succeeded, failed or cancelled: nothing runs, nothing is resumed.
bool IsEndState(JobState state);

struct JobRecord {
  std::string id{};    // "j-" + 8 hex digits
  std::string name{};  // spec.name
  JobSpec spec{};
  std::string local_workdir{};  // absolute, on the controller's side; outputs land here
  std::string region{};
  JobState state = JobState::kPending;
  int attempt = 0;             // the current attempt, 1-based; 0 before the first launch
  int recoveries = 0;          // how many times a lost machine was replaced
  std::string instance_id{};   // the current attempt's machine; empty while there is none
  std::string machine_name{};  // "NAME-ATTEMPT"
  TimePoint created{};
  TimePoint updated{};
  std::optional<TimePoint> ended{};
  std::string result{};  // at the end: what happened ("exit 0", "run exited 1", "cancelled", …)
  bool cancel_requested = false;

  // The controller's progress within the attempt (so a restarted one picks up exactly here).
  int launch_try = 0;            // RunInstances tries of this attempt (part of the ClientToken)
  int failed_spot_launches = 0;  // consecutive spot launches that found no capacity anywhere
  bool on_demand = false;        // the current attempt runs (or will launch) on-demand
  int event_seq = 0;             // the last agent event of this attempt the controller handled
  std::optional<TimePoint> notice_deadline{};  // the instance-action's time, during a notice
  std::optional<TimePoint> state_since{};      // when `state` was entered
};

// One line of a job's timeline: a state transition (kind "state", state set) or an event —
// an agent report ("checkpoint-uploaded", …), something EC2 showed ("ec2"), a recovery, a
// notification, a cancel request.
struct JobEvent {
  int64_t id = 0;
  TimePoint time{};
  int attempt = 0;
  std::string kind{};
  std::string state{};  // for kind "state": the state entered
  std::string detail{};
};

// One machine of a job.
struct JobAttempt {
  int attempt = 0;
  std::string instance_id{};
  std::string spot_request_id{};  // empty on-demand
  std::string instance_type{};
  std::string zone{};
  std::string market{};  // "spot" | "on-demand"
  TimePoint started{};
  std::optional<TimePoint> ended{};
  // How it ended: "succeeded", "failed", "interrupted", "lost", "cancelled", "launch-failed".
  std::string end_reason{};
};

// Cost ledger: one row per attempt's machine, opened at launch and closed when it ends.
struct JobLedgerRow {
  int attempt = 0;
  std::string instance_type{};
  std::string zone{};
  std::string market{};                 // "spot" | "on-demand"
  double price_per_hour = 0;            // what this machine cost, USD/h (spot price at launch)
  double on_demand_price_per_hour = 0;  // the same type on-demand, USD/h (for savings)
  TimePoint started{};
  std::optional<TimePoint> ended{};  // open rows count until `now`
};

struct JobCost {
  double machine_seconds_spot = 0;
  double machine_seconds_on_demand = 0;
  double cost = 0;            // USD
  double on_demand_cost = 0;  // the same hours on-demand, USD
  double savings() const { return on_demand_cost - cost; }
  double savings_fraction() const { return on_demand_cost > 0 ? savings() / on_demand_cost : 0; }
};
// The rows as a CostLedger (one entry per attempt), which does the sums.
CostLedger LedgerOf(const std::vector<JobLedgerRow>& rows);
// Sums `rows`; open rows count until `now`.
JobCost CostOf(const std::vector<JobLedgerRow>& rows, TimePoint now);

// A pool (type, zone) a job's machine was interrupted in; it rests in the ranking.
struct JobPoolInterruption {
  std::string instance_type{};
  std::string zone{};
  TimePoint time{};
};

// The controller process running a job, as it last reported itself.
struct JobControllerHeartbeat {
  int64_t pid = 0;
  std::string host{};
  TimePoint heartbeat{};
};

class JobStore {
 public:
  // Opens (creating and migrating) the database at `path`; ":memory:" for a throwaway one.
  static Result<std::unique_ptr<JobStore>> Open(const std::string& path, Clock& clock);
  // ~/.spotrun/jobs.db (the directory made 0700 when missing), or $SPOTRUN_HOME/jobs.db.
  static std::string DefaultPath();

  // Records a new job (pending) and returns it with its fresh id.
  Result<JobRecord> CreateJob(const JobSpec& spec, std::string_view local_workdir,
                              std::string_view region);
  // NotFound (hint: `spotrun job ls`) when there is no such job.
  Result<JobRecord> GetJob(std::string_view id);
  // Newest first.
  Result<std::vector<JobRecord>> ListJobs();
  // Writes every field of `job` (by id) and sets `updated`.
  Status UpdateJob(JobRecord& job);
  // Moves `job` to `state` (setting state_since, and ended/result for an end state), writes it
  // and adds the transition to the timeline, in one transaction.
  Status Transition(JobRecord& job, JobState state, std::string_view detail);

  Status AddEvent(std::string_view job_id, int attempt, std::string_view kind,
                  std::string_view detail);
  Result<std::vector<JobEvent>> Timeline(std::string_view job_id);

  // Inserts or replaces the attempt (job id, attempt number).
  Status PutAttempt(std::string_view job_id, const JobAttempt& attempt);
  Result<std::optional<JobAttempt>> GetAttempt(std::string_view job_id, int attempt);
  Result<std::vector<JobAttempt>> Attempts(std::string_view job_id);

  // Opens the ledger row of an attempt (replacing one already open for it).
  Status OpenLedgerRow(std::string_view job_id, const JobLedgerRow& row);
  // Closes the attempt's row at `ended` (no-op when it is closed or absent).
  Status CloseLedgerRow(std::string_view job_id, int attempt, TimePoint ended);
  Result<std::vector<JobLedgerRow>> Ledger(std::string_view job_id);
  Result<JobCost> Cost(std::string_view job_id);  // CostOf(Ledger, now)

  // Records that the job should be cancelled. Works whether or not a controller runs: a
  // running one acts on it within a tick. An ended job is left as it is (FailedPrecondition).
  Status RequestCancel(std::string_view job_id);

  Status AddPoolInterruption(std::string_view job_id, const JobPoolInterruption& interruption);
  // Interruptions of every job at or after `since` (pools rest for every job).
  Result<std::vector<JobPoolInterruption>> PoolInterruptions(TimePoint since);

  // The running controller says it is alive. Claim fails (Unavailable, naming the pid) when
  // another pid's heartbeat is fresher than `stale_after`; Release forgets the claim.
  Status ClaimController(std::string_view job_id, int64_t pid, std::string_view host,
                         Duration stale_after);
  Status Heartbeat(std::string_view job_id, int64_t pid);
  Status ReleaseController(std::string_view job_id, int64_t pid);
  Result<std::optional<JobControllerHeartbeat>> Controller(std::string_view job_id);
  // A controller's heartbeat is fresher than `stale_after` (and, on this host, its pid lives).
  Result<bool> ControllerAlive(std::string_view job_id, Duration stale_after);

  Clock& clock() { return clock_; }
  Database& database() { return db_; }

 private:
  JobStore(Database db, Clock& clock) : db_(std::move(db)), clock_(clock) {}
  Database db_;
  Clock& clock_;
};

}  // namespace spotrun

#endif  // SPOTRUN_JOBS_JOB_STORE_H_
