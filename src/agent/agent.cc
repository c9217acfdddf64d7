#include "agent/agent.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <system_error>
#include <vector>

#include "agent/job_store_layout.h"
#include "base/file.h"
#include "base/log.h"

namespace spotrun {
namespace {

namespace fs = std::filesystem;

constexpr int kSigtermExitCode = 128 + SIGTERM;
// How long a stuck event post waits before the next try, and how often the agent retries the
// last ones before leaving.
constexpr auto kEventRetryInterval = std::chrono::seconds(1);
constexpr int kFinalFlushTries = 5;
constexpr auto kImdsWarningInterval = std::chrono::minutes(1);
// Without a pidfd (kernels before 5.3) the job's exit is noticed by this timer.
constexpr auto kReapInterval = std::chrono::milliseconds(100);

double Seconds(Duration d) { return std::chrono::duration<double>(d).count(); }

}  // namespace

Agent::Agent(AgentConfig config, S3Api& s3, ImdsClient& imds, Clock& clock, Options options)
    : config_(std::move(config)),
      s3_(s3),
      imds_(imds),
      clock_(clock),
      options_(std::move(options)),
      watch_(imds) {}

Agent::~Agent() {
  job_.reset();  // kills and reaps what is left of the job
  if (log_fd_ >= 0) ::close(log_fd_);
}

fs::path Agent::log_path() const {
  return options_.state_dir / fmt::format("attempt-{}.log", config_.attempt);
}

fs::path Agent::done_path() const { return options_.state_dir / "checkpoint-done"; }

Status Agent::Prepare() {
  SPOTRUN_ASSIGN_OR_RETURN(location_, S3Location::Parse(config_.store));
  mailbox_ = std::make_unique<EventMailbox>(s3_, location_);
  CheckpointStore::Options store_options = options_.checkpoint_store;
  store_options.on_progress = [this] { HeartbeatIfDue(); };
  checkpoints_ = std::make_unique<CheckpointStore>(s3_, location_, clock_, store_options);
  std::error_code ec;
  fs::create_directories(options_.state_dir, ec);
  log_fd_ = ::open(log_path().c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (log_fd_ < 0) {
    return Status::FailedPrecondition(
        fmt::format("cannot write the job's log {}: {}", log_path().string(), std::strerror(errno)),
        "the agent's state directory must be writable; check its owner and free space");
  }
  if (!config_.checkpoint_dir.empty()) {
    fs::create_directories(config_.checkpoint_dir, ec);
    if (ec) {
      return Status::FailedPrecondition(
          fmt::format("cannot create the checkpoint dir {}: {}", config_.checkpoint_dir,
                      ec.message()),
          "checkpoint.dir must be a writable path inside the workdir");
    }
    fs::remove(done_path(), ec);
  }
  if (options_.instance_id.empty() && !imds_.disabled()) {
    if (Result<std::string> id = imds_.InstanceId(); id.ok()) options_.instance_id = *id;
  }
  return Status::Ok();
}

Result<int> Agent::Run() {
  SPOTRUN_RETURN_IF_ERROR(Prepare());
  TimePoint now = clock_.Now();
  next_imds_poll_ = now;
  next_log_upload_ = now + config_.log_upload_interval;
  Heartbeat();
  Note(fmt::format("agent started for job {} attempt {} (pid {})", config_.job_id, config_.attempt,
                   ::getpid()));
  Post(AgentEventKind::kStarted, fmt::format("pid {}", ::getpid()));
  if (imds_.disabled()) Note("instance metadata is disabled: no interruption notices");

  Outcome outcome;
  std::string detail;
  bool run_started = false;
  if (Status restored = Restore(); !restored.ok()) {
    // Starting from scratch would redo the work and then store a checkpoint newer than the
    // real one; better that this attempt fails and the controller decides.
    Note("cannot restore the newest checkpoint: " + restored.message());
    UploadLog();
    Post(AgentEventKind::kAgentExit, "cannot restore the newest checkpoint: " + restored.message());
    for (int i = 1; i < kFinalFlushTries && !FlushEvents(); ++i) clock_.Sleep(kEventRetryInterval);
    return restored;
  }
  if (!config_.setup.empty()) {
    Result<Outcome> setup = RunCommand("setup", config_.setup, /*checkpoints=*/false);
    if (!setup.ok()) {
      outcome = {Ending::kExited, 127};
      detail = "setup could not start: " + setup.status().message();
    } else {
      outcome = *setup;
      if (outcome.ending == Ending::kExited && outcome.exit_code != 0) {
        detail = fmt::format("setup failed with exit code {}", outcome.exit_code);
      } else if (outcome.ending == Ending::kExited) {
        Post(AgentEventKind::kSetupDone, {}, 0);
      }
    }
  }
  if (outcome.ending == Ending::kExited && outcome.exit_code == 0 && detail.empty()) {
    run_started = true;
    Result<Outcome> run = RunCommand("run", config_.run, /*checkpoints=*/true);
    if (!run.ok()) {
      outcome = {Ending::kExited, 127};
      detail = "run could not start: " + run.status().message();
    } else {
      outcome = *run;
    }
  }

  int agent_exit_code = outcome.exit_code;
  switch (outcome.ending) {
    case Ending::kExited:
      if (run_started && outcome.exit_code == 0 && detail.empty()) {
        std::string summary;
        if (Status uploaded = UploadOutputs(&summary); uploaded.ok()) {
          Post(AgentEventKind::kOutputsUploaded, summary);
        } else {
          detail = "outputs not uploaded: " + uploaded.message();
          Note(detail);
        }
      }
      break;
    case Ending::kInterrupted:
      detail = "stopped after the interruption notice";
      agent_exit_code = 0;
      break;
    case Ending::kStopped:
      detail = "stopped: the agent was asked to stop (SIGTERM)";
      agent_exit_code = kSigtermExitCode;
      break;
  }
  // The whole log is in the store before the controller hears the run ended (it may
  // terminate the machine as soon as it does).
  Note(fmt::format("agent leaving ({})", detail.empty() ? "the run ended" : detail));
  UploadLog();
  Post(AgentEventKind::kRunExited, detail, outcome.exit_code);
  Post(AgentEventKind::kAgentExit);
  for (int i = 1; i < kFinalFlushTries && !FlushEvents(); ++i) clock_.Sleep(kEventRetryInterval);
  if (!pending_events_.empty()) {
    LogError("agent: {} events could not be posted to {}", pending_events_.size(),
             location_.ToString());
  }
  return agent_exit_code;
}

Status Agent::Restore() {
  if (config_.attempt <= 1 || config_.checkpoint_dir.empty()) return Status::Ok();
  Note("restoring the newest checkpoint into " + config_.checkpoint_dir);
  auto refused = [this](const CheckpointManifest& manifest, const Status& why) {
    Note(fmt::format("checkpoint {} refused: {}", manifest.seq, why.message()));
    Post(AgentEventKind::kCheckpointRefused, why.message(), {}, manifest.seq);
  };
  SPOTRUN_ASSIGN_OR_RETURN(std::optional<CheckpointManifest> restored,
                           checkpoints_->RestoreNewest(config_.checkpoint_dir, refused));
  ::malloc_trim(0);  // a restore reads whole parts; give the memory back
  if (!restored) {
    Note("no complete checkpoint in the store: the job starts from the beginning");
    return Status::Ok();
  }
  Note(fmt::format("restored checkpoint {}", restored->seq));
  Post(AgentEventKind::kCheckpointRestored,
       fmt::format("{} files, {} bytes", restored->files.size(), restored->TotalBytes()), {},
       restored->seq);
  return Status::Ok();
}

Result<Agent::Outcome> Agent::RunCommand(std::string_view what, const std::string& command,
                                         bool checkpoints) {
  JobProcess::Options options;
  // The checkpoint signal goes to the whole process group, which includes the /bin/sh -c that
  // runs the command; its default action would end that shell (and the job with it). A trap
  // keeps the shell alive, and since trapped signals are reset in the commands a shell starts,
  // the job's own processes still get the signal with its default action or their own handler.
  options.command =
      checkpoints ? fmt::format("trap : {}\n{}", config_.checkpoint_signal, command) : command;
  options.workdir = config_.workdir;
  options.env = config_.environment;
  options.env["SPOTRUN_JOB_ID"] = config_.job_id;
  options.env["SPOTRUN_ATTEMPT"] = std::to_string(config_.attempt);
  if (!config_.checkpoint_dir.empty()) {
    options.env["SPOTRUN_CHECKPOINT_DIR"] = config_.checkpoint_dir;
    options.env["SPOTRUN_CHECKPOINT_DONE"] = done_path().string();
  }
  options.log_path = log_path().string();
  Note(fmt::format("{} starting", what));
  SPOTRUN_ASSIGN_OR_RETURN(job_, JobProcess::Start(options));
  if (checkpoints) Post(AgentEventKind::kRunStarted);
  Outcome outcome = Supervise(checkpoints);
  Note(fmt::format("{} exited with code {}", what, outcome.exit_code));
  job_.reset();
  return outcome;
}

Agent::Outcome Agent::Supervise(bool checkpoints) {
  checkpoints = checkpoints && !config_.checkpoint_dir.empty();
  next_checkpoint_.reset();
  if (checkpoints && config_.checkpoint_every > Duration::zero()) {
    next_checkpoint_ = clock_.Now() + config_.checkpoint_every;
  }
  for (;;) {
    if (std::optional<int> code = job_->Reap()) {
      job_->SignalGroup(SIGKILL);  // what it left running in its group
      return {Ending::kExited, *code};
    }
    if (stop_requested_) {
      return {Ending::kStopped, StopJob("the agent was asked to stop (SIGTERM)")};
    }
    TimePoint now = clock_.Now();
    if (now >= next_imds_poll_) PollImds();
    if (notice_) {
      if (checkpoints && !notice_checkpoint_taken_) {
        TakeCheckpoint("interruption notice", NoticeDeadline());
      }
      return {Ending::kInterrupted, StopJob("the machine is being interrupted")};
    }
    if (rebalance_pending_) {
      rebalance_pending_ = false;
      if (checkpoints) {
        TakeCheckpoint("rebalance recommendation", now + config_.checkpoint_grace);
        if (next_checkpoint_) next_checkpoint_ = clock_.Now() + config_.checkpoint_every;
        continue;
      }
    }
    if (next_checkpoint_ && now >= *next_checkpoint_) {
      TakeCheckpoint("periodic", now + config_.checkpoint_grace);
      next_checkpoint_ = clock_.Now() + config_.checkpoint_every;
      continue;
    }
    if (now >= next_log_upload_) {
      UploadLog();
      next_log_upload_ = now + config_.log_upload_interval;
    }
    HeartbeatIfDue();
    bool events_stuck = !FlushEvents();
    TimePoint deadline = std::min({next_imds_poll_, next_log_upload_, next_heartbeat_});
    if (next_checkpoint_) deadline = std::min(deadline, *next_checkpoint_);
    if (events_stuck) deadline = std::min(deadline, now + kEventRetryInterval);
    WaitUntil(deadline);
  }
}

bool Agent::TakeCheckpoint(std::string_view why, TimePoint deadline) {
  const TimePoint started = clock_.Now();
  std::error_code ec;
  fs::remove(done_path(), ec);
  bool for_notice = notice_.has_value();
  Note(fmt::format("checkpoint ({}): signal {} to the job, waiting up to {:.1f} s", why,
                   config_.checkpoint_signal, Seconds(deadline - started)));
  std::string failure;
  if (Status signalled = job_->SignalGroup(config_.checkpoint_signal); !signalled.ok()) {
    failure = signalled.message();
  }
  FlushEvents();  // the notice or rebalance event travels while the job writes
  while (failure.empty()) {
    if (fs::exists(done_path(), ec)) break;
    if (std::optional<int> code = job_->Reap()) {
      failure =
          fmt::format("the job exited (code {}) before it wrote SPOTRUN_CHECKPOINT_DONE", *code);
      break;
    }
    if (stop_requested_) {
      failure = "the agent was asked to stop before the checkpoint was written";
      break;
    }
    TimePoint now = clock_.Now();
    if (now >= deadline) {
      failure = fmt::format("the job did not write SPOTRUN_CHECKPOINT_DONE within {:.1f} s",
                            Seconds(deadline - started));
      break;
    }
    if (now >= next_imds_poll_) {
      PollImds();
      if (notice_ && !for_notice) {  // the notice's deadline now bounds this checkpoint
        for_notice = true;
        deadline = std::min(deadline, NoticeDeadline());
        FlushEvents();
      }
    }
    HeartbeatIfDue();
    WaitUntil(
        std::min({deadline, next_imds_poll_, next_heartbeat_, now + options_.done_check_interval}));
  }
  if (for_notice) notice_checkpoint_taken_ = true;
  if (!failure.empty()) {
    Note("checkpoint failed: " + failure + "; nothing uploaded");
    Post(AgentEventKind::kCheckpointFailed, failure);
    return false;
  }
  Result<CheckpointManifest> manifest =
      checkpoints_->Upload(config_.checkpoint_dir, config_.attempt);
  ::malloc_trim(0);  // uploads read whole parts; an idle agent stays small
  if (!manifest.ok()) {
    Note("checkpoint upload failed: " + manifest.status().message());
    Post(AgentEventKind::kCheckpointFailed, "upload failed: " + manifest.status().message());
    return false;
  }
  Note(fmt::format("checkpoint {} uploaded ({}): {} files, {} bytes in {:.2f} s", manifest->seq,
                   why, manifest->files.size(), manifest->TotalBytes(),
                   Seconds(clock_.Now() - started)));
  Post(AgentEventKind::kCheckpointUploaded,
       fmt::format("{}: {} files, {} bytes", why, manifest->files.size(), manifest->TotalBytes()),
       {}, manifest->seq);
  if (Status pruned = checkpoints_->Prune(config_.keep_checkpoints); !pruned.ok()) {
    LogWarning("agent: cannot prune old checkpoints: {}", pruned.message());
  }
  return true;
}

int Agent::StopJob(std::string_view why) {
  if (std::optional<int> code = job_->Reap()) {
    job_->SignalGroup(SIGKILL);
    return *code;
  }
  Note(fmt::format("stopping the job ({}): SIGTERM to its process group", why));
  job_->SignalGroup(SIGTERM);
  TimePoint deadline = clock_.Now() + options_.stop_grace;
  while (!job_->Reap() && clock_.Now() < deadline) WaitUntil(deadline);
  if (!job_->Reap()) {
    Note(
        fmt::format("the job did not stop within {:.1f} s: SIGKILL", Seconds(options_.stop_grace)));
    job_->SignalGroup(SIGKILL);
    deadline = clock_.Now() + std::chrono::seconds(10);  // SIGKILL cannot be refused
    while (!job_->Reap() && clock_.Now() < deadline) WaitUntil(deadline);
  }
  job_->SignalGroup(SIGKILL);
  return job_->exit_code().value_or(128 + SIGKILL);
}

void Agent::PollImds() {
  TimePoint now = clock_.Now();
  if (imds_.disabled()) {
    next_imds_poll_ = now + std::chrono::hours(24);
    return;
  }
  InterruptionWatch::Seen seen = watch_.Poll();
  next_imds_poll_ = clock_.Now() + config_.poll_interval;
  if (!seen.error.ok() && now - last_imds_warning_ >= kImdsWarningInterval) {
    last_imds_warning_ = now;
    LogWarning("agent: cannot read interruption notices: {}", seen.error.message());
    Note("cannot read interruption notices from instance metadata: " + seen.error.message());
  }
  if (seen.instance_action) {
    notice_ = seen.instance_action;
    std::string detail =
        fmt::format("{} at {}", InstanceActionName(notice_->action), FormatIso8601(notice_->time));
    Note("interruption notice: " + detail);
    Enqueue(AgentEventKind::kNotice, detail);
  }
  if (seen.rebalance) {
    rebalance_pending_ = true;
    std::string detail =
        fmt::format("recommended at {}", FormatIso8601(seen.rebalance->notice_time));
    Note("rebalance recommendation: " + detail);
    Enqueue(AgentEventKind::kRebalance, detail);
  }
}

TimePoint Agent::NoticeDeadline() const {
  TimePoint by_grace = clock_.Now() + config_.checkpoint_grace;
  if (!notice_) return by_grace;
  // The margin keeps the upload clear of the interruption; a notice shorter than usual (the
  // local cloud's tests) gets a quarter of what is left as margin instead.
  Duration left = notice_->time - clock_.Now();
  Duration margin = std::min<Duration>(config_.notice_margin, left / 4);
  return std::min(by_grace, notice_->time - margin);
}

void Agent::UploadLog() {
  struct stat st {};
  if (::stat(log_path().c_str(), &st) != 0 || st.st_size == uploaded_log_size_) return;
  Result<std::string> text = ReadFile(log_path().string());
  if (!text.ok()) {
    LogWarning("agent: cannot read the job's log: {}", text.status().message());
    return;
  }
  PutObjectRequest put{location_.bucket, JobStoreKey(location_, LogKey(config_.attempt)),
                       std::move(*text), "text/plain; charset=utf-8"};
  int64_t size = static_cast<int64_t>(put.body.size());
  if (Result<std::string> etag = s3_.PutObject(put); !etag.ok()) {
    LogWarning("agent: cannot upload the job's log: {}", etag.status().message());
    return;
  }
  uploaded_log_size_ = size;
}

void Agent::Heartbeat() {
  const TimePoint now = clock_.Now();
  next_heartbeat_ = now + config_.heartbeat_interval;
  nlohmann::json body = {{"attempt", config_.attempt},
                         {"seq", ++heartbeat_seq_},
                         {"time", FormatIso8601(now)},
                         {"instance_id", options_.instance_id},
                         {"pid", ::getpid()}};
  PutObjectRequest put{location_.bucket, JobStoreKey(location_, HeartbeatKey(config_.attempt)),
                       body.dump() + "\n", "application/json"};
  // A missed one is not retried: the next comes in an interval, and the controller allows
  // for a few missing (AgentLostAfter).
  if (Result<std::string> etag = s3_.PutObject(put); !etag.ok()) {
    LogWarning("agent: cannot post the heartbeat: {}", etag.status().message());
  }
}

void Agent::HeartbeatIfDue() {
  if (clock_.Now() >= next_heartbeat_) Heartbeat();
}

namespace {

// Uploads one file to `key`, in parts when it is larger than `threshold`, so a big output
// never sits in memory whole.
Status PutFile(S3Api& s3, const std::string& bucket, const std::string& key, const fs::path& path,
               int64_t threshold, int64_t part_size, const std::function<void()>& on_part) {
  std::error_code ec;
  int64_t size = static_cast<int64_t>(fs::file_size(path, ec));
  if (ec) {
    return Status::NotFound(fmt::format("cannot read output {}: {}", path.string(), ec.message()),
                            "check that the job wrote it");
  }
  if (size <= threshold) {
    SPOTRUN_ASSIGN_OR_RETURN(std::string body, ReadFile(path.string()));
    return s3.PutObject({bucket, key, std::move(body)}).status();
  }
  std::ifstream in(path, std::ios::binary);
  SPOTRUN_ASSIGN_OR_RETURN(std::string upload_id, s3.CreateMultipartUpload(bucket, key));
  std::vector<CompletedPart> parts;
  std::string chunk;
  for (int part = 1; in; ++part) {
    chunk.resize(static_cast<size_t>(part_size));
    in.read(chunk.data(), part_size);
    chunk.resize(static_cast<size_t>(in.gcount()));
    if (chunk.empty()) break;
    Result<std::string> etag = s3.UploadPart(bucket, key, upload_id, part, chunk);
    if (!etag.ok()) {
      (void)s3.AbortMultipartUpload(bucket, key, upload_id);
      return etag.status();
    }
    parts.push_back({part, *etag});
    on_part();
  }
  return s3.CompleteMultipartUpload(bucket, key, upload_id, parts).status();
}

}  // namespace

Status Agent::UploadOutputs(std::string* summary) {
  const fs::path workdir = config_.workdir.empty() ? fs::current_path() : fs::path(config_.workdir);
  int files = 0;
  int64_t bytes = 0;
  std::vector<std::string> missing;
  auto put = [&](const fs::path& file) -> Status {
    std::string relative = file.lexically_relative(workdir).generic_string();
    SPOTRUN_RETURN_IF_ERROR(
        PutFile(s3_, location_.bucket, JobStoreKey(location_, OutputKey(relative)), file,
                options_.checkpoint_store.multipart_threshold, options_.checkpoint_store.part_size,
                [this] { HeartbeatIfDue(); }));
    HeartbeatIfDue();
    ++files;
    std::error_code ec;
    bytes += static_cast<int64_t>(fs::file_size(file, ec));
    return Status::Ok();
  };
  for (const std::string& output : config_.outputs) {
    fs::path path = (workdir / output).lexically_normal();
    std::string relative = path.lexically_relative(workdir).generic_string();
    if (relative.empty() || relative.starts_with("..")) {
      return Status::InvalidArgument(fmt::format("output {} is outside the workdir", output),
                                     "list outputs relative to the workdir");
    }
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      for (auto it = fs::recursive_directory_iterator(path, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file(ec)) SPOTRUN_RETURN_IF_ERROR(put(it->path()));
      }
    } else if (fs::is_regular_file(path, ec)) {
      SPOTRUN_RETURN_IF_ERROR(put(path));
    } else {
      missing.push_back(output);
    }
  }
  ::malloc_trim(0);
  *summary = fmt::format("{} files, {} bytes", files, bytes);
  if (!missing.empty()) *summary += fmt::format("; missing: {}", fmt::join(missing, ", "));
  return Status::Ok();
}

Agent::Wake Agent::WaitUntil(TimePoint deadline) {
  pollfd fds[2];
  nfds_t n = 0;
  int job_index = -1, stop_index = -1;
  TimePoint now = clock_.Now();
  if (job_ && !job_->exit_code()) {
    if (job_->exit_fd() >= 0) {
      job_index = static_cast<int>(n);
      fds[n++] = {job_->exit_fd(), POLLIN, 0};
    } else {
      deadline = std::min(deadline, now + kReapInterval);
    }
  }
  if (options_.stop_fd >= 0 && !stop_requested_) {  // once seen, it has done its work
    stop_index = static_cast<int>(n);
    fds[n++] = {options_.stop_fd, POLLIN, 0};
  }
  auto wait = std::chrono::ceil<std::chrono::milliseconds>(deadline - now);
  int timeout = static_cast<int>(std::clamp<int64_t>(wait.count(), 0, INT_MAX));
  int ready = ::poll(fds, n, timeout);
  if (ready <= 0) return Wake::kDeadline;  // timeout, or EINTR: the loop looks again
  if (stop_index >= 0 && fds[stop_index].revents != 0) {
    char buffer[64];  // one read: the fd may be blocking, and poll said it will not block
    [[maybe_unused]] ssize_t n = ::read(options_.stop_fd, buffer, sizeof buffer);
    stop_requested_ = true;
    return Wake::kStop;
  }
  if (job_index >= 0 && fds[job_index].revents != 0) return Wake::kJobExited;
  return Wake::kDeadline;
}

void Agent::Enqueue(AgentEventKind kind, std::string detail, std::optional<int> exit_code,
                    std::optional<int64_t> checkpoint_seq) {
  AgentEvent event;
  event.attempt = config_.attempt;
  event.seq = next_seq_++;
  event.kind = kind;
  event.time = clock_.Now();
  event.instance_id = options_.instance_id;
  event.detail = std::move(detail);
  event.exit_code = exit_code;
  event.checkpoint_seq = checkpoint_seq;
  pending_events_.push_back(std::move(event));
}

void Agent::Post(AgentEventKind kind, std::string detail, std::optional<int> exit_code,
                 std::optional<int64_t> checkpoint_seq) {
  Enqueue(kind, std::move(detail), exit_code, checkpoint_seq);
  FlushEvents();
}

bool Agent::FlushEvents() {
  while (!pending_events_.empty()) {
    if (Status posted = mailbox_->Post(pending_events_.front()); !posted.ok()) {
      LogWarning("agent: cannot post {} (will retry): {}",
                 AgentEventKindName(pending_events_.front().kind), posted.message());
      return false;
    }
    pending_events_.pop_front();
  }
  return true;
}

void Agent::Note(std::string_view line) {
  LogInfo("agent: {}", line);
  if (log_fd_ < 0) return;
  std::string text = fmt::format("[spotrun agent {}] {}\n", FormatIso8601(clock_.Now()), line);
  [[maybe_unused]] ssize_t n = ::write(log_fd_, text.data(), text.size());
}

}  // namespace spotrun
