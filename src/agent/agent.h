// Agent: one attempt of a job on its machine (`spotrun agent CONFIG`). Restores the newest
// checkpoint (attempt > 1), runs setup then run as their own process groups, polls IMDSv2 for
// the interruption notice and rebalance recommendation, takes checkpoints (periodic, early on
// rebalance, on notice) by the protocol in job_store_layout.h / checkpoint_store.h, uploads
// the attempt's log as it grows and the outputs on success, and reports every step to the
// controller through the job's store (EventMailbox). While it lives it overwrites its
// heartbeat (job_store_layout.h) every heartbeat_interval — also between the parts of long
// checkpoint uploads and restores — so the controller can tell a dead agent on a live machine.
//
// One thread, one deadline loop: compute the next deadline (IMDS poll, log upload, periodic
// checkpoint, checkpoint or stop deadline), poll() on the job's pidfd and the stop fd until
// then, act. Every time is read from the injected Clock, but the waits are real (the job is a
// real process), so the Clock must move with real time (RealClock in production and tests).
// Borrows the S3Api, ImdsClient and Clock; not thread-safe.
#ifndef SPOTRUN_AGENT_AGENT_H_
#define SPOTRUN_AGENT_AGENT_H_

#include <chrono>
#include <deque>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "agent/agent_config.h"
#include "agent/agent_event.h"
#include "agent/checkpoint_store.h"
#include "agent/event_mailbox.h"
#include "agent/interruption_watch.h"
#include "agent/job_process.h"
#include "aws/imds_client.h"
#include "aws/s3_api.h"
#include "aws/s3_location.h"
#include "base/clock.h"
#include "base/result.h"

namespace spotrun {

class Agent {
 public:
  struct Options {
    // Where the attempt's log (attempt-N.log) and the checkpoint DONE file live. Required.
    std::filesystem::path state_dir;
    // Readable: stop the job gracefully and leave (StopSignals::fd(): SIGTERM to the agent).
    // -1: none.
    int stop_fd = -1;
    // SIGTERM to the job's group, then SIGKILL after this long.
    Duration stop_grace = std::chrono::seconds(5);
    // How often the DONE file is looked for while a checkpoint is being written.
    Duration done_check_interval = std::chrono::milliseconds(50);
    // The machine's id for the events; empty: asked from IMDS (left empty when it cannot say).
    std::string instance_id;
    CheckpointStore::Options checkpoint_store{};
  };

  Agent(AgentConfig config, S3Api& s3, ImdsClient& imds, Clock& clock, Options options);
  ~Agent();
  Agent(const Agent&) = delete;
  Agent& operator=(const Agent&) = delete;

  // Runs the attempt to its end and returns the agent's exit code: 0 when it left after an
  // interruption notice, the run's (or failed setup's) exit code otherwise, 128+15 when it
  // was stopped. An error only when it could not start at all (bad store, unwritable state
  // dir); the job never ran then.
  Result<int> Run();

  // Where the job's output is written (state_dir/attempt-N.log).
  std::filesystem::path log_path() const;
  std::filesystem::path done_path() const;  // SPOTRUN_CHECKPOINT_DONE

 private:
  enum class Ending { kExited, kInterrupted, kStopped };
  struct Outcome {
    Ending ending = Ending::kExited;
    int exit_code = 0;
  };
  enum class Wake { kDeadline, kJobExited, kStop };

  Status Prepare();
  Status Restore();
  Result<Outcome> RunCommand(std::string_view what, const std::string& command, bool checkpoints);
  Outcome Supervise(bool checkpoints);
  // Signals the job and waits for DONE until `deadline` (pulled in by a notice seen meanwhile);
  // true when a checkpoint was uploaded.
  bool TakeCheckpoint(std::string_view why, TimePoint deadline);
  int StopJob(std::string_view why);
  void PollImds();
  TimePoint NoticeDeadline() const;
  // Uploads the whole log when it grew since the last upload (S3 has no append).
  void UploadLog();
  // Overwrites the attempt's heartbeat object; HeartbeatIfDue does so when the interval passed.
  void Heartbeat();
  void HeartbeatIfDue();
  Status UploadOutputs(std::string* summary);
  Wake WaitUntil(TimePoint deadline);

  void Post(AgentEventKind kind, std::string detail = {}, std::optional<int> exit_code = {},
            std::optional<int64_t> checkpoint_seq = {});
  void Enqueue(AgentEventKind kind, std::string detail = {}, std::optional<int> exit_code = {},
               std::optional<int64_t> checkpoint_seq = {});
  bool FlushEvents();
  // A line from the agent itself in the job's log, so `job logs` tells the whole story.
  void Note(std::string_view line);

  AgentConfig config_;
  S3Api& s3_;
  ImdsClient& imds_;
  Clock& clock_;
  Options options_;

  S3Location location_;
  std::unique_ptr<EventMailbox> mailbox_;
  std::unique_ptr<CheckpointStore> checkpoints_;
  InterruptionWatch watch_;
  std::unique_ptr<JobProcess> job_;
  int log_fd_ = -1;

  std::deque<AgentEvent> pending_events_;
  int next_seq_ = 1;

  TimePoint next_imds_poll_{};
  TimePoint next_log_upload_{};
  TimePoint next_heartbeat_{};
  int64_t heartbeat_seq_ = 0;
  std::optional<TimePoint> next_checkpoint_;
  TimePoint last_imds_warning_{};
  int64_t uploaded_log_size_ = -1;

  std::optional<InstanceAction> notice_;
  bool notice_checkpoint_taken_ = false;  // a checkpoint that saw the notice has run
  bool rebalance_pending_ = false;
  bool stop_requested_ = false;
};

}  // namespace spotrun

#endif  // SPOTRUN_AGENT_AGENT_H_
