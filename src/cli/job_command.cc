// spotrun job run FILE [--detach] | ls | show ID | logs ID [-f] | cancel ID | resume ID:
// jobs that survive spot interruptions (jobs/job_controller.h does the work; this file is
// how people start, watch and stop it).
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <filesystem>
#include <memory>

#include "agent/job_store_layout.h"
#include "aws/s3_location.h"
#include "base/file.h"
#include "cli/command.h"
#include "cli/confirmation.h"
#include "cli/job_session.h"
#include "cli/job_text.h"
#include "cli/listing.h"
#include "cli/progress_line.h"
#include "jobs/job_spec.h"

namespace spotrun {
namespace {

struct JobArgs {
  std::string file;
  std::string id;
  bool detach = false;
  bool follow = false;
  int attempt = 0;
  bool no_wait = false;
};

std::atomic<bool> g_stop_requested{false};
extern "C" void OnStopSignal(int) { g_stop_requested.store(true); }

constexpr auto kControllerStartTimeout = std::chrono::seconds(15);
constexpr auto kCancelTimeout = std::chrono::minutes(10);
constexpr auto kPollDelay = std::chrono::milliseconds(500);

int ExitCodeOf(JobState state) {
  switch (state) {
    case JobState::kSucceeded:
      return 0;
    case JobState::kCancelled:
      return 130;
    default:
      return 1;
  }
}

Status CheckTypes(JobSession& session, const JobSpec& spec) {
  for (const std::string& type : spec.resources.types) {
    auto found = session.market().instance_types().Find(type);
    if (!found.ok()) {
      return found.status().WithHint(
          fmt::format("fix resources.types in the job file ({})", found.status().hint()));
    }
  }
  return Status::Ok();
}

// Prints where the job ended and its cost; the command's exit code follows the end state.
Status Finish(Context& ctx, JobSession& session, const std::string& id) {
  SPOTRUN_ASSIGN_OR_RETURN(JobRecord job, session.store().GetJob(id));
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<JobLedgerRow> ledger, session.store().Ledger(id));
  ctx.Print("job {} ({}) {}{}\n", job.id, job.name, JobStateName(job.state),
            job.result.empty() ? "" : ": " + job.result);
  ctx.Print("{}\n", LedgerOf(ledger).Summary(ctx.clock().Now()));
  if (job.state == JobState::kSucceeded && !job.spec.outputs.empty()) {
    ctx.Print("outputs are in {}\n", job.local_workdir);
  }
  if (job.state == JobState::kFailed) {
    ctx.Print("its output: spotrun job logs {}\n", job.id);
  }
  if (IsEndState(job.state)) ctx.set_exit_code(ExitCodeOf(job.state));
  return Status::Ok();
}

// Runs the controller here until the job ends. Ctrl-C (or a hangup) cancels the job and
// cleans up — nothing is left running or billing; --detach is the way to leave a job running.
Status RunInForeground(Context& ctx, JobSession& session, const std::string& id) {
  const bool terminal = ::isatty(::fileno(ctx.err())) != 0;
  ProgressLine progress = ProgressLine::ForStderr(ctx.err(), ctx.clock());
  SPOTRUN_ASSIGN_OR_RETURN(JobRecord job, session.store().GetJob(id));
  progress.Begin(fmt::format("job {} ({})", job.id, job.name));
  JobController::Options options;
  options.on_status = [&](const JobStatus& status) {
    progress.Update(JobStatusText(status, terminal));
  };
  g_stop_requested.store(false);
  options.stop = &g_stop_requested;
  auto previous_int = std::signal(SIGINT, OnStopSignal);
  auto previous_term = std::signal(SIGTERM, OnStopSignal);
  auto previous_hup = std::signal(SIGHUP, OnStopSignal);
  Result<JobState> ended = [&]() -> Result<JobState> {
    SPOTRUN_ASSIGN_OR_RETURN(std::unique_ptr<JobController> controller,
                             session.MakeController(id, std::move(options)));
    return controller->Run();
  }();
  std::signal(SIGINT, previous_int);
  std::signal(SIGTERM, previous_term);
  std::signal(SIGHUP, previous_hup);
  if (!ended.ok()) {
    progress.Abandon();
    return ended.status().WithHint(fmt::format(
        "{}; the job is kept: spotrun job resume {} continues it, spotrun job cancel {} ends it",
        ended.status().hint(), id, id));
  }
  if (!IsEndState(*ended)) {
    progress.Done("stopping");
    fmt::print(ctx.err(),
               "interrupted: cancelling job {} and removing its machine (to leave a job running "
               "without a terminal, start it with `spotrun job run --detach`)\n",
               id);
    SPOTRUN_ASSIGN_OR_RETURN(CloudConnection * cloud, session.cloud());
    SPOTRUN_RETURN_IF_ERROR(CancelJob(session.store(), cloud->ec2(), id).status());
  } else {
    progress.Done(JobStateName(*ended));
  }
  session.DrainNotifications(std::chrono::seconds(30));
  return Finish(ctx, session, id);
}

// The flags that make a background `spotrun job resume` talk to the same cloud as this one.
std::vector<std::string> ResumeArgv(Context& ctx, const std::string& id) {
  std::vector<std::string> argv{"spotrun"};
  auto settings = ctx.settings();
  if (settings.ok()) {
    const Settings& s = **settings;
    if (!s.profile.value.empty()) argv.insert(argv.end(), {"--profile", s.profile.value});
    if (!s.region.value.empty()) argv.insert(argv.end(), {"--region", s.region.value});
    if (!s.endpoint.value.empty()) argv.insert(argv.end(), {"--endpoint", s.endpoint.value});
  }
  argv.insert(argv.end(), {"job", "resume", id});
  return argv;
}

// Starts `spotrun job resume ID` in its own session, detached from this terminal, its output
// in the job's controller log; waits until it has claimed the job.
Status StartInBackground(Context& ctx, JobSession& session, const std::string& id) {
  const std::string log_path = JobControllerLogPath(id);
  std::error_code error;
  std::filesystem::create_directories(std::filesystem::path(log_path).parent_path(), error);
  std::vector<std::string> args = ResumeArgv(ctx, id);
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::fflush(nullptr);
  pid_t child = ::fork();
  if (child < 0) return Status::Internal("cannot start the background controller (fork failed)");
  if (child == 0) {
    // The middle process: a grandchild in a new session, so the controller outlives this
    // terminal and is nobody's zombie.
    if (::fork() != 0) ::_exit(0);
    ::setsid();
    int null_fd = ::open("/dev/null", O_RDONLY);
    int log_fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (null_fd >= 0) ::dup2(null_fd, STDIN_FILENO);
    if (log_fd >= 0) {
      ::dup2(log_fd, STDOUT_FILENO);
      ::dup2(log_fd, STDERR_FILENO);
    }
    ::execv("/proc/self/exe", argv.data());
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(child, &status, 0);

  ProgressLine progress = ProgressLine::ForStderr(ctx.err(), ctx.clock());
  progress.Begin(fmt::format("handing job {} to a background controller", id));
  const TimePoint deadline = ctx.clock().Now() + kControllerStartTimeout;
  while (true) {
    SPOTRUN_ASSIGN_OR_RETURN(bool alive,
                             session.store().ControllerAlive(id, std::chrono::seconds(15)));
    SPOTRUN_ASSIGN_OR_RETURN(JobRecord job, session.store().GetJob(id));
    if (alive || IsEndState(job.state)) break;
    if (ctx.clock().Now() > deadline) {
      progress.Abandon();
      auto log = ReadFile(log_path);
      return Status::Unavailable(
          fmt::format("the background controller of job {} did not start: {}", id,
                      log.ok() && !log->empty() ? *log : "(its log is empty)"),
          fmt::format("see {}; spotrun job resume {} runs it here", log_path, id));
    }
    progress.Update("starting");
    ctx.clock().Sleep(kPollDelay);
  }
  progress.Done("running in the background");
  ctx.Print(
      "job {} runs in the background; its controller's log: {}\n"
      "  spotrun job show {}      where it is\n"
      "  spotrun job logs {} -f   its output\n"
      "  spotrun job cancel {}    stop it and remove its machine\n",
      id, log_path, id, id, id);
  return Status::Ok();
}

// The job's store must be a bucket spotrun can write: made when it does not exist yet.
Status EnsureBucket(Context& ctx, S3Api& s3, const JobSpec& spec) {
  SPOTRUN_ASSIGN_OR_RETURN(S3Location store, S3Location::Parse(spec.checkpoint.store));
  Status there = s3.HeadBucket(store.bucket);
  if (there.ok()) return Status::Ok();
  if (there.kind() != ErrorKind::kNotFound) {
    return there.WithHint(fmt::format(
        "checkpoint.store must be a bucket you can write; check it with aws s3 ls s3://{}",
        store.bucket));
  }
  SPOTRUN_RETURN_IF_ERROR(s3.CreateBucket(store.bucket));
  fmt::print(ctx.err(), "made the bucket s3://{} for the job's checkpoints and logs\n",
             store.bucket);
  return Status::Ok();
}

Status RunJob(Context& ctx, const JobArgs& args) {
  SPOTRUN_ASSIGN_OR_RETURN(JobSpec spec, LoadJobSpec(args.file));
  SPOTRUN_ASSIGN_OR_RETURN(std::unique_ptr<JobSession> session, JobSession::Open(ctx));
  SPOTRUN_RETURN_IF_ERROR(CheckTypes(*session, spec));
  SPOTRUN_ASSIGN_OR_RETURN(CloudConnection * cloud, session->cloud());
  SPOTRUN_RETURN_IF_ERROR(EnsureBucket(ctx, cloud->s3(), spec));
  std::error_code error;
  std::string workdir = std::filesystem::absolute(spec.workdir, error).lexically_normal().string();
  SPOTRUN_ASSIGN_OR_RETURN(JobRecord job,
                           session->store().CreateJob(spec, workdir, cloud->region()));
  ctx.Print("job {} ({}) created\n", job.id, job.name);
  std::fflush(ctx.out());
  if (args.detach) return StartInBackground(ctx, *session, job.id);
  return RunInForeground(ctx, *session, job.id);
}

Status ResumeJob(Context& ctx, const JobArgs& args) {
  SPOTRUN_ASSIGN_OR_RETURN(std::unique_ptr<JobSession> session, JobSession::Open(ctx));
  SPOTRUN_ASSIGN_OR_RETURN(JobRecord job, session->store().GetJob(args.id));
  if (IsEndState(job.state)) return Finish(ctx, *session, job.id);
  if (args.detach) return StartInBackground(ctx, *session, job.id);
  return RunInForeground(ctx, *session, job.id);
}

Status CancelJobCommand(Context& ctx, const JobArgs& args) {
  SPOTRUN_ASSIGN_OR_RETURN(std::unique_ptr<JobSession> session, JobSession::Open(ctx));
  SPOTRUN_ASSIGN_OR_RETURN(JobRecord job, session->store().GetJob(args.id));
  if (IsEndState(job.state)) {
    ctx.Print("job {} has already ended ({})\n", job.id, JobStateName(job.state));
    return Status::Ok();
  }
  SPOTRUN_RETURN_IF_ERROR(Confirm(
      ctx, fmt::format("Cancel job {} ({}) and terminate its machine?", job.id, job.name),
      fmt::format("cancelling job {}", job.id), fmt::format("spotrun -y job cancel {}", job.id)));
  SPOTRUN_ASSIGN_OR_RETURN(CloudConnection * cloud, session->cloud());
  SPOTRUN_ASSIGN_OR_RETURN(job, CancelJob(session->store(), cloud->ec2(), job.id));
  if (!IsEndState(job.state) && !args.no_wait) {
    // A live controller does the cleanup within a tick; wait for it to finish.
    ProgressLine progress = ProgressLine::ForStderr(ctx.err(), ctx.clock());
    progress.Begin(fmt::format("cancelling job {}", job.id));
    const TimePoint deadline = ctx.clock().Now() + kCancelTimeout;
    while (!IsEndState(job.state)) {
      if (ctx.clock().Now() > deadline) {
        progress.Abandon();
        return Status::DeadlineExceeded(
            fmt::format("job {} is still {} after the cancel", job.id, JobStateName(job.state)),
            fmt::format("its controller's log: {}; run spotrun job cancel {} again",
                        JobControllerLogPath(job.id), job.id));
      }
      progress.Update(JobStateName(job.state));
      ctx.clock().Sleep(kPollDelay);
      SPOTRUN_ASSIGN_OR_RETURN(job, session->store().GetJob(job.id));
    }
    progress.Done(JobStateName(job.state));
  }
  return Finish(ctx, *session, job.id);
}

Status ListJobs(Context& ctx) {
  SPOTRUN_ASSIGN_OR_RETURN(std::unique_ptr<JobSession> session, JobSession::Open(ctx));
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<JobRecord> jobs, session->store().ListJobs());
  Listing listing({{"id", "ID"},
                   {"name", "NAME"},
                   {"state", "STATE"},
                   {"attempt", "ATTEMPT"},
                   {"recoveries", "RECOVERIES"},
                   {"machine", "MACHINE"},
                   {"age", "AGE"},
                   {"cost", "COST"},
                   {"savings", "SAVED"},
                   {"controller", "CONTROLLER"}});
  const TimePoint now = ctx.clock().Now();
  for (const JobRecord& job : jobs) {
    SPOTRUN_ASSIGN_OR_RETURN(JobCost cost, session->store().Cost(job.id));
    SPOTRUN_ASSIGN_OR_RETURN(bool alive,
                             session->store().ControllerAlive(job.id, std::chrono::seconds(15)));
    std::string controller = IsEndState(job.state) ? "-" : alive ? "running" : "not running";
    nlohmann::json machine =
        job.machine_name.empty() ? nlohmann::json(nullptr) : nlohmann::json(job.machine_name);
    if (ctx.json()) {
      listing.Add({job.id, job.name, JobStateName(job.state), job.attempt, job.recoveries, machine,
                   FormatIso8601(job.created), cost.cost, cost.savings(), controller});
    } else {
      listing.Add(
          {job.id, job.name, JobStateName(job.state), job.attempt, job.recoveries, machine,
           FormatSpan(job.created, now), FormatUsd(cost.cost),
           cost.on_demand_cost > 0 ? fmt::format("{:.0f} %", cost.savings_fraction() * 100) : "-",
           controller});
    }
  }
  if (!ctx.json() && listing.size() == 0) {
    ctx.Print("no jobs yet: spotrun job run job.yaml starts one (examples/ has one to copy)\n");
    return Status::Ok();
  }
  ctx.Print("{}", listing.Render(ctx.json()));
  return Status::Ok();
}

Status ShowJob(Context& ctx, const JobArgs& args) {
  SPOTRUN_ASSIGN_OR_RETURN(std::unique_ptr<JobSession> session, JobSession::Open(ctx));
  JobStore& store = session->store();
  SPOTRUN_ASSIGN_OR_RETURN(JobRecord job, store.GetJob(args.id));
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<JobAttempt> attempts, store.Attempts(job.id));
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<JobLedgerRow> ledger, store.Ledger(job.id));
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<JobEvent> timeline, store.Timeline(job.id));
  const JobCost cost = CostOf(ledger, ctx.clock().Now());
  if (!ctx.json()) {
    ctx.Print("{}", JobDetailsText(job, attempts, LedgerOf(ledger), timeline, ctx.clock().Now()));
    return Status::Ok();
  }
  nlohmann::json out{{"id", job.id},
                     {"name", job.name},
                     {"state", JobStateName(job.state)},
                     {"result", job.result},
                     {"created", FormatIso8601(job.created)},
                     {"ended", job.ended ? nlohmann::json(FormatIso8601(*job.ended)) : nullptr},
                     {"workdir", job.local_workdir},
                     {"attempt", job.attempt},
                     {"recoveries", job.recoveries},
                     {"cost",
                      {{"usd", cost.cost},
                       {"on_demand_usd", cost.on_demand_cost},
                       {"savings_usd", cost.savings()},
                       {"spot_seconds", cost.machine_seconds_spot},
                       {"on_demand_seconds", cost.machine_seconds_on_demand}}}};
  out["machines"] = nlohmann::json::array();
  for (const JobAttempt& a : attempts) {
    out["machines"].push_back(
        {{"attempt", a.attempt},
         {"instance", a.instance_id},
         {"type", a.instance_type},
         {"zone", a.zone},
         {"market", a.market},
         {"started", FormatIso8601(a.started)},
         {"ended", a.ended ? nlohmann::json(FormatIso8601(*a.ended)) : nullptr},
         {"end_reason", a.end_reason}});
  }
  out["timeline"] = nlohmann::json::array();
  for (const JobEvent& e : timeline) {
    out["timeline"].push_back({{"time", FormatIso8601(e.time)},
                               {"attempt", e.attempt},
                               {"kind", e.kind},
                               {"state", e.state},
                               {"detail", e.detail}});
  }
  ctx.Print("{}\n", out.dump(2));
  return Status::Ok();
}

// The bytes of one attempt's log from `offset` on; empty when it has none (yet).
Result<std::string> LogFrom(S3Api& s3, const S3Location& job_location, int attempt,
                            int64_t offset) {
  auto head = s3.HeadObject(job_location.bucket, JobStoreKey(job_location, LogKey(attempt)));
  if (!head.ok()) {
    if (head.status().kind() == ErrorKind::kNotFound) return std::string();
    return head.status();
  }
  if (head->size <= offset) return std::string();
  SPOTRUN_ASSIGN_OR_RETURN(GetObjectResponse got,
                           s3.GetObject({.bucket = job_location.bucket,
                                         .key = JobStoreKey(job_location, LogKey(attempt)),
                                         .range = std::make_pair(offset, head->size - 1)}));
  return got.body;
}

Status ShowLogs(Context& ctx, const JobArgs& args) {
  SPOTRUN_ASSIGN_OR_RETURN(std::unique_ptr<JobSession> session, JobSession::Open(ctx));
  SPOTRUN_ASSIGN_OR_RETURN(JobRecord job, session->store().GetJob(args.id));
  SPOTRUN_ASSIGN_OR_RETURN(S3Location store, S3Location::Parse(job.spec.checkpoint.store));
  const S3Location location = store.Child(job.id);
  SPOTRUN_ASSIGN_OR_RETURN(CloudConnection * cloud, session->cloud());
  S3Api& s3 = cloud->s3();
  int attempt = args.attempt > 0 ? args.attempt : 1;
  int64_t offset = 0;
  bool header_printed = false;
  while (true) {
    SPOTRUN_ASSIGN_OR_RETURN(std::string text, LogFrom(s3, location, attempt, offset));
    if (!text.empty()) {
      if (!header_printed && args.attempt == 0 && job.attempt > 1) {
        ctx.Print("==> attempt {} <==\n", attempt);
      }
      header_printed = true;
      ctx.Print("{}", text);
      std::fflush(ctx.out());
      offset += static_cast<int64_t>(text.size());
    }
    SPOTRUN_ASSIGN_OR_RETURN(job, session->store().GetJob(args.id));
    const bool later_attempt = args.attempt == 0 && attempt < job.attempt;
    if (text.empty() && later_attempt) {
      // This attempt's log is complete once a later attempt exists; move on.
      ++attempt;
      offset = 0;
      header_printed = false;
      continue;
    }
    if (!args.follow) {
      if (later_attempt) continue;
      break;
    }
    if (text.empty() && IsEndState(job.state) && !later_attempt) break;
    if (text.empty()) ctx.clock().Sleep(std::chrono::seconds(1));
  }
  if (offset == 0 && !header_printed && !args.follow) {
    fmt::print(ctx.err(), "job {} has no output yet (it is {})\n", job.id, JobStateName(job.state));
  }
  return Status::Ok();
}

}  // namespace

CommandRun DefineJobCommand(CLI::App& app) {
  auto args = std::make_shared<JobArgs>();
  app.require_subcommand(1);
  CLI::App* run = app.add_subcommand(
      "run", "Run a job file to completion on spot machines, surviving interruptions");
  run->add_option("file", args->file, "The job file (YAML)")->required()->type_name("FILE");
  run->add_flag("--detach,-d", args->detach,
                "Hand the job to a background controller and return (it outlives the terminal)");
  CLI::App* ls = app.add_subcommand("ls", "List jobs with their state, cost and savings");
  CLI::App* show =
      app.add_subcommand("show", "A job's machines, cost and savings, and timeline of events");
  CLI::App* logs = app.add_subcommand("logs", "A job's output (setup and run), from every machine");
  logs->add_flag("--follow,-f", args->follow, "Keep printing as the job writes, until it ends");
  logs->add_option("--attempt", args->attempt, "Only this attempt's output")
      ->type_name("N")
      ->check(CLI::PositiveNumber);
  CLI::App* cancel =
      app.add_subcommand("cancel", "Stop a job: terminate its machine, cancel its spot request");
  cancel->add_flag("--no-wait", args->no_wait,
                   "Return once the running controller has been told (do not wait for it)");
  CLI::App* resume = app.add_subcommand(
      "resume", "Run the controller of a job that lost it (after a crash or a reboot)");
  resume->add_flag("--detach,-d", args->detach, "In the background, as job run --detach");
  for (CLI::App* sub : {show, logs, cancel, resume}) {
    sub->add_option("id", args->id, "The job's id (spotrun job ls)")->required()->type_name("ID");
  }
  for (CLI::App* sub : {run, ls, show, logs, cancel, resume}) sub->fallthrough();
  app.footer(
      "A job file names what to run and where to keep checkpoints:\n"
      "  name: train\n"
      "  resources: {types: [g4dn.xlarge, g5.xlarge], spot: true}\n"
      "  run: python train.py --resume-from \"$SPOTRUN_CHECKPOINT_DIR\"\n"
      "  checkpoint: {dir: ckpt, store: s3://my-bucket/train, every: 10m}\n"
      "  outputs: [results/]\n"
      "When EC2 gives notice (or recommends a rebalance) the agent on the machine sends the job\n"
      "SIGUSR1; the job writes its checkpoint into $SPOTRUN_CHECKPOINT_DIR and touches\n"
      "$SPOTRUN_CHECKPOINT_DONE; the agent uploads it, and the controller relaunches in the\n"
      "best other pool (or on-demand) and resumes from it. See examples/sum-of-squares.\n\n"
      "Examples:\n"
      "  spotrun job run examples/sum-of-squares/job.yaml\n"
      "  spotrun job run --detach job.yaml && spotrun job logs j-1a2b3c4d -f\n"
      "  spotrun job ls\n"
      "  spotrun job show j-1a2b3c4d\n"
      "  spotrun -y job cancel j-1a2b3c4d\n");
  return [args, run, ls, show, logs, cancel](Context& ctx) -> Status {
    if (run->parsed()) return RunJob(ctx, *args);
    if (ls->parsed()) return ListJobs(ctx);
    if (show->parsed()) return ShowJob(ctx, *args);
    if (logs->parsed()) return ShowLogs(ctx, *args);
    if (cancel->parsed()) return CancelJobCommand(ctx, *args);
    return ResumeJob(ctx, *args);
  };
}

}  // namespace spotrun
