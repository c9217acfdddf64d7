#include "jobs/job_store.h"

#include <fmt/format.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

#include "jobs/job_spec_json.h"

namespace spotrun {
namespace {

// Whether process `pid` of this host still runs: it exists and is not a zombie (a killed
// background controller may wait a while for init to reap it).
bool ProcessLives(int64_t pid) {
  if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) return false;
  std::ifstream stat(fmt::format("/proc/{}/stat", pid));
  std::string line;
  if (!std::getline(stat, line)) return true;  // no /proc: trust kill(2)
  size_t paren = line.rfind(')');
  return paren == std::string::npos || paren + 2 >= line.size() || line[paren + 2] != 'Z';
}

constexpr std::string_view kStateNames[] = {"pending", "launching",     "setting-up", "running",
                                            "notice",  "checkpointing", "recovering", "succeeded",
                                            "failed",  "cancelled"};

int64_t ToMillis(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
TimePoint FromMillis(int64_t ms) { return TimePoint(std::chrono::milliseconds(ms)); }

void BindOptionalTime(Statement& s, int index, const std::optional<TimePoint>& t) {
  if (t) {
    s.Bind(index, ToMillis(*t));
  } else {
    s.BindNull(index);
  }
}
std::optional<TimePoint> OptionalTime(const Statement& s, int index) {
  if (s.ColumnIsNull(index)) return std::nullopt;
  return FromMillis(s.ColumnInt(index));
}

const std::vector<std::string_view>& Migrations() {
  static const std::vector<std::string_view> migrations = {
      R"sql(
CREATE TABLE jobs (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, spec TEXT NOT NULL, local_workdir TEXT NOT NULL,
  region TEXT NOT NULL, state TEXT NOT NULL, attempt INTEGER NOT NULL DEFAULT 0,
  recoveries INTEGER NOT NULL DEFAULT 0, instance_id TEXT NOT NULL DEFAULT '',
  machine_name TEXT NOT NULL DEFAULT '', created INTEGER NOT NULL, updated INTEGER NOT NULL,
  ended INTEGER, result TEXT NOT NULL DEFAULT '', cancel_requested INTEGER NOT NULL DEFAULT 0,
  launch_try INTEGER NOT NULL DEFAULT 0, failed_spot_launches INTEGER NOT NULL DEFAULT 0,
  on_demand INTEGER NOT NULL DEFAULT 0, event_seq INTEGER NOT NULL DEFAULT 0,
  notice_deadline INTEGER, state_since INTEGER);
CREATE TABLE job_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT, job_id TEXT NOT NULL, time INTEGER NOT NULL,
  attempt INTEGER NOT NULL, kind TEXT NOT NULL, state TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT '');
CREATE INDEX job_events_by_job ON job_events (job_id, id);
CREATE TABLE job_attempts (
  job_id TEXT NOT NULL, attempt INTEGER NOT NULL, instance_id TEXT NOT NULL,
  spot_request_id TEXT NOT NULL, instance_type TEXT NOT NULL, zone TEXT NOT NULL,
  market TEXT NOT NULL, started INTEGER NOT NULL, ended INTEGER, end_reason TEXT NOT NULL,
  PRIMARY KEY (job_id, attempt));
CREATE TABLE job_ledger (
  job_id TEXT NOT NULL, attempt INTEGER NOT NULL, instance_type TEXT NOT NULL,
  zone TEXT NOT NULL, market TEXT NOT NULL, price REAL NOT NULL, on_demand_price REAL NOT NULL,
  started INTEGER NOT NULL, ended INTEGER, PRIMARY KEY (job_id, attempt));
CREATE TABLE pool_interruptions (
  job_id TEXT NOT NULL, instance_type TEXT NOT NULL, zone TEXT NOT NULL, time INTEGER NOT NULL);
CREATE TABLE job_controllers (
  job_id TEXT PRIMARY KEY, pid INTEGER NOT NULL, host TEXT NOT NULL, heartbeat INTEGER NOT NULL);
)sql"};
  return migrations;
}

constexpr std::string_view kJobColumns =
    "id, name, spec, local_workdir, region, state, attempt, recoveries, instance_id, "
    "machine_name, created, updated, ended, result, cancel_requested, launch_try, "
    "failed_spot_launches, on_demand, event_seq, notice_deadline, state_since";

Result<JobRecord> ReadJob(const Statement& s) {
  JobRecord job;
  job.id = s.ColumnText(0);
  job.name = s.ColumnText(1);
  SPOTRUN_ASSIGN_OR_RETURN(job.spec, JobSpecFromJson(s.ColumnText(2)));
  job.local_workdir = s.ColumnText(3);
  job.region = s.ColumnText(4);
  std::optional<JobState> state = JobStateFromName(s.ColumnText(5));
  if (!state) {
    return Status::Internal(
        fmt::format("job {} has an unknown state \"{}\"", job.id, s.ColumnText(5)),
        "the job database is from a newer spotrun, or damaged");
  }
  job.state = *state;
  job.attempt = static_cast<int>(s.ColumnInt(6));
  job.recoveries = static_cast<int>(s.ColumnInt(7));
  job.instance_id = s.ColumnText(8);
  job.machine_name = s.ColumnText(9);
  job.created = FromMillis(s.ColumnInt(10));
  job.updated = FromMillis(s.ColumnInt(11));
  job.ended = OptionalTime(s, 12);
  job.result = s.ColumnText(13);
  job.cancel_requested = s.ColumnInt(14) != 0;
  job.launch_try = static_cast<int>(s.ColumnInt(15));
  job.failed_spot_launches = static_cast<int>(s.ColumnInt(16));
  job.on_demand = s.ColumnInt(17) != 0;
  job.event_seq = static_cast<int>(s.ColumnInt(18));
  job.notice_deadline = OptionalTime(s, 19);
  job.state_since = OptionalTime(s, 20);
  return job;
}

std::string NewJobId() {
  std::random_device device;
  std::uniform_int_distribution<uint32_t> dist;
  return fmt::format("j-{:08x}", dist(device));
}

std::string ThisHost() {
  char name[256] = {};
  if (gethostname(name, sizeof(name) - 1) != 0) return "";
  return name;
}

}  // namespace

std::string_view JobStateName(JobState state) { return kStateNames[static_cast<int>(state)]; }

std::optional<JobState> JobStateFromName(std::string_view name) {
  for (size_t i = 0; i < std::size(kStateNames); ++i) {
    if (kStateNames[i] == name) return static_cast<JobState>(i);
  }
  return std::nullopt;
}

bool IsEndState(JobState state) {
  return state == JobState::kSucceeded || state == JobState::kFailed ||
         state == JobState::kCancelled;
}

CostLedger LedgerOf(const std::vector<JobLedgerRow>& rows) {
  std::vector<CostLedgerEntry> entries;
  for (const JobLedgerRow& row : rows) {
    entries.push_back({.instance_id = fmt::format("attempt-{}", row.attempt),
                       .instance_type = row.instance_type,
                       .zone = row.zone,
                       .market = row.market == "spot" ? MarketType::kSpot : MarketType::kOnDemand,
                       .price_per_hour = row.price_per_hour,
                       .on_demand_price_per_hour = row.on_demand_price_per_hour,
                       .start = row.started,
                       .end = row.ended});
  }
  return CostLedger(std::move(entries));
}

JobCost CostOf(const std::vector<JobLedgerRow>& rows, TimePoint now) {
  const CostLedger ledger = LedgerOf(rows);
  auto seconds = [](Duration d) { return std::chrono::duration<double>(d).count(); };
  return {.machine_seconds_spot = seconds(ledger.MachineTime(now, MarketType::kSpot)),
          .machine_seconds_on_demand = seconds(ledger.MachineTime(now, MarketType::kOnDemand)),
          .cost = ledger.Cost(now),
          .on_demand_cost = ledger.OnDemandCost(now)};
}

Result<std::unique_ptr<JobStore>> JobStore::Open(const std::string& path, Clock& clock) {
  SPOTRUN_ASSIGN_OR_RETURN(Database db, Database::Open(path));
  Status migrated = db.Migrate(Migrations());
  if (!migrated.ok()) {
    return migrated.WithContext(fmt::format("preparing the job database {}", path));
  }
  return std::unique_ptr<JobStore>(new JobStore(std::move(db), clock));
}

std::string JobStore::DefaultPath() {
  std::filesystem::path dir;
  if (const char* home = std::getenv("SPOTRUN_HOME"); home && *home) {
    dir = home;
  } else {
    const char* user_home = std::getenv("HOME");
    dir = std::filesystem::path(user_home && *user_home ? user_home : ".") / ".spotrun";
  }
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec)) {
    std::filesystem::create_directories(dir, ec);
    ::chmod(dir.c_str(), 0700);
  }
  return (dir / "jobs.db").string();
}

Result<JobRecord> JobStore::CreateJob(const JobSpec& spec, std::string_view local_workdir,
                                      std::string_view region) {
  JobRecord job;
  job.name = spec.name;
  job.spec = spec;
  job.local_workdir = std::string(local_workdir);
  job.region = std::string(region);
  job.created = job.updated = clock_.Now();
  job.state_since = job.created;
  for (int tries = 0;; ++tries) {
    job.id = NewJobId();
    SPOTRUN_ASSIGN_OR_RETURN(
        Statement insert,
        db_.Prepare("INSERT OR IGNORE INTO jobs (id, name, spec, local_workdir, region, state, "
                    "created, updated, state_since) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    insert.Bind(1, job.id)
        .Bind(2, job.name)
        .Bind(3, JobSpecToJson(spec))
        .Bind(4, job.local_workdir)
        .Bind(5, job.region)
        .Bind(6, JobStateName(job.state))
        .Bind(7, ToMillis(job.created))
        .Bind(8, ToMillis(job.updated))
        .Bind(9, ToMillis(job.created));
    SPOTRUN_RETURN_IF_ERROR(insert.Run());
    if (db_.Changes() == 1) break;
    if (tries > 16) return Status::Internal("could not find a free job id");
  }
  SPOTRUN_RETURN_IF_ERROR(AddEvent(job.id, 0, "submitted", job.local_workdir));
  return job;
}

Result<JobRecord> JobStore::GetJob(std::string_view id) {
  SPOTRUN_ASSIGN_OR_RETURN(
      Statement q, db_.Prepare(fmt::format("SELECT {} FROM jobs WHERE id = ?", kJobColumns)));
  q.Bind(1, id);
  SPOTRUN_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) {
    return Status::NotFound(fmt::format("there is no job {}", id),
                            "`spotrun job ls` lists the jobs and their ids");
  }
  return ReadJob(q);
}

Result<std::vector<JobRecord>> JobStore::ListJobs() {
  SPOTRUN_ASSIGN_OR_RETURN(
      Statement q,
      db_.Prepare(fmt::format("SELECT {} FROM jobs ORDER BY created DESC, id", kJobColumns)));
  std::vector<JobRecord> jobs;
  while (true) {
    SPOTRUN_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    SPOTRUN_ASSIGN_OR_RETURN(JobRecord job, ReadJob(q));
    jobs.push_back(std::move(job));
  }
  return jobs;
}

Status JobStore::UpdateJob(JobRecord& job) {
  job.updated = clock_.Now();
  // cancel_requested is only ever set (RequestCancel), never cleared here: a cancel recorded by
  // another process between our read and this write must survive it.
  SPOTRUN_ASSIGN_OR_RETURN(
      Statement u,
      db_.Prepare("UPDATE jobs SET state = ?, attempt = ?, recoveries = ?, instance_id = ?, "
                  "machine_name = ?, updated = ?, ended = ?, result = ?, "
                  "cancel_requested = MAX(cancel_requested, ?), launch_try = ?, "
                  "failed_spot_launches = ?, on_demand = ?, event_seq = ?, "
                  "notice_deadline = ?, state_since = ? WHERE id = ?"));
  u.Bind(1, JobStateName(job.state))
      .Bind(2, int64_t{job.attempt})
      .Bind(3, int64_t{job.recoveries})
      .Bind(4, job.instance_id)
      .Bind(5, job.machine_name)
      .Bind(6, ToMillis(job.updated));
  BindOptionalTime(u, 7, job.ended);
  u.Bind(8, job.result)
      .Bind(9, int64_t{job.cancel_requested ? 1 : 0})
      .Bind(10, int64_t{job.launch_try})
      .Bind(11, int64_t{job.failed_spot_launches})
      .Bind(12, int64_t{job.on_demand ? 1 : 0})
      .Bind(13, int64_t{job.event_seq});
  BindOptionalTime(u, 14, job.notice_deadline);
  BindOptionalTime(u, 15, job.state_since);
  u.Bind(16, job.id);
  SPOTRUN_RETURN_IF_ERROR(u.Run());
  if (db_.Changes() != 1) return Status::NotFound(fmt::format("there is no job {}", job.id));
  return Status::Ok();
}

Status JobStore::Transition(JobRecord& job, JobState state, std::string_view detail) {
  JobRecord updated = job;
  updated.state = state;
  updated.state_since = clock_.Now();
  if (IsEndState(state)) {
    updated.ended = updated.state_since;
    updated.result = std::string(detail);
  }
  SPOTRUN_RETURN_IF_ERROR(db_.Transaction([&]() -> Status {
    SPOTRUN_RETURN_IF_ERROR(UpdateJob(updated));
    SPOTRUN_ASSIGN_OR_RETURN(
        Statement e, db_.Prepare("INSERT INTO job_events (job_id, time, attempt, kind, state, "
                                 "detail) VALUES (?, ?, ?, 'state', ?, ?)"));
    e.Bind(1, job.id)
        .Bind(2, ToMillis(*updated.state_since))
        .Bind(3, int64_t{updated.attempt})
        .Bind(4, JobStateName(state))
        .Bind(5, detail);
    return e.Run();
  }));
  job = std::move(updated);
  return Status::Ok();
}

Status JobStore::AddEvent(std::string_view job_id, int attempt, std::string_view kind,
                          std::string_view detail) {
  SPOTRUN_ASSIGN_OR_RETURN(Statement e,
                           db_.Prepare("INSERT INTO job_events (job_id, time, attempt, kind, "
                                       "detail) VALUES (?, ?, ?, ?, ?)"));
  e.Bind(1, job_id)
      .Bind(2, ToMillis(clock_.Now()))
      .Bind(3, int64_t{attempt})
      .Bind(4, kind)
      .Bind(5, detail);
  return e.Run();
}

Result<std::vector<JobEvent>> JobStore::Timeline(std::string_view job_id) {
  SPOTRUN_ASSIGN_OR_RETURN(Statement q,
                           db_.Prepare("SELECT id, time, attempt, kind, state, detail FROM "
                                       "job_events WHERE job_id = ? ORDER BY id"));
  q.Bind(1, job_id);
  std::vector<JobEvent> events;
  while (true) {
    SPOTRUN_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    events.push_back({.id = q.ColumnInt(0),
                      .time = FromMillis(q.ColumnInt(1)),
                      .attempt = static_cast<int>(q.ColumnInt(2)),
                      .kind = q.ColumnText(3),
                      .state = q.ColumnText(4),
                      .detail = q.ColumnText(5)});
  }
  return events;
}

Status JobStore::PutAttempt(std::string_view job_id, const JobAttempt& a) {
  SPOTRUN_ASSIGN_OR_RETURN(
      Statement s,
      db_.Prepare("INSERT OR REPLACE INTO job_attempts (job_id, attempt, instance_id, "
                  "spot_request_id, instance_type, zone, market, started, ended, end_reason) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  s.Bind(1, job_id)
      .Bind(2, int64_t{a.attempt})
      .Bind(3, a.instance_id)
      .Bind(4, a.spot_request_id)
      .Bind(5, a.instance_type)
      .Bind(6, a.zone)
      .Bind(7, a.market)
      .Bind(8, ToMillis(a.started));
  BindOptionalTime(s, 9, a.ended);
  s.Bind(10, a.end_reason);
  return s.Run();
}

namespace {
constexpr std::string_view kAttemptColumns =
    "attempt, instance_id, spot_request_id, instance_type, zone, market, started, ended, "
    "end_reason";
JobAttempt ReadAttempt(const Statement& q) {
  return {.attempt = static_cast<int>(q.ColumnInt(0)),
          .instance_id = q.ColumnText(1),
          .spot_request_id = q.ColumnText(2),
          .instance_type = q.ColumnText(3),
          .zone = q.ColumnText(4),
          .market = q.ColumnText(5),
          .started = FromMillis(q.ColumnInt(6)),
          .ended = OptionalTime(q, 7),
          .end_reason = q.ColumnText(8)};
}
}  // namespace

Result<std::optional<JobAttempt>> JobStore::GetAttempt(std::string_view job_id, int attempt) {
  SPOTRUN_ASSIGN_OR_RETURN(
      Statement q,
      db_.Prepare(fmt::format("SELECT {} FROM job_attempts WHERE job_id = ? AND attempt = ?",
                              kAttemptColumns)));
  q.Bind(1, job_id).Bind(2, int64_t{attempt});
  SPOTRUN_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return std::optional<JobAttempt>();
  return std::optional<JobAttempt>(ReadAttempt(q));
}

Result<std::vector<JobAttempt>> JobStore::Attempts(std::string_view job_id) {
  SPOTRUN_ASSIGN_OR_RETURN(
      Statement q,
      db_.Prepare(fmt::format("SELECT {} FROM job_attempts WHERE job_id = ? ORDER BY attempt",
                              kAttemptColumns)));
  q.Bind(1, job_id);
  std::vector<JobAttempt> attempts;
  while (true) {
    SPOTRUN_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    attempts.push_back(ReadAttempt(q));
  }
  return attempts;
}

Status JobStore::OpenLedgerRow(std::string_view job_id, const JobLedgerRow& row) {
  SPOTRUN_ASSIGN_OR_RETURN(
      Statement s,
      db_.Prepare("INSERT OR REPLACE INTO job_ledger (job_id, attempt, instance_type, zone, "
                  "market, price, on_demand_price, started, ended) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  s.Bind(1, job_id)
      .Bind(2, int64_t{row.attempt})
      .Bind(3, row.instance_type)
      .Bind(4, row.zone)
      .Bind(5, row.market)
      .Bind(6, row.price_per_hour)
      .Bind(7, row.on_demand_price_per_hour)
      .Bind(8, ToMillis(row.started));
  BindOptionalTime(s, 9, row.ended);
  return s.Run();
}

Status JobStore::CloseLedgerRow(std::string_view job_id, int attempt, TimePoint ended) {
  SPOTRUN_ASSIGN_OR_RETURN(
      Statement s, db_.Prepare("UPDATE job_ledger SET ended = MAX(started, ?) WHERE job_id = ? "
                               "AND attempt = ? AND ended IS NULL"));
  s.Bind(1, ToMillis(ended)).Bind(2, job_id).Bind(3, int64_t{attempt});
  return s.Run();
}

Result<std::vector<JobLedgerRow>> JobStore::Ledger(std::string_view job_id) {
  SPOTRUN_ASSIGN_OR_RETURN(
      Statement q,
      db_.Prepare("SELECT attempt, instance_type, zone, market, price, on_demand_price, "
                  "started, ended FROM job_ledger WHERE job_id = ? ORDER BY attempt"));
  q.Bind(1, job_id);
  std::vector<JobLedgerRow> rows;
  while (true) {
    SPOTRUN_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    rows.push_back({.attempt = static_cast<int>(q.ColumnInt(0)),
                    .instance_type = q.ColumnText(1),
                    .zone = q.ColumnText(2),
                    .market = q.ColumnText(3),
                    .price_per_hour = q.ColumnDouble(4),
                    .on_demand_price_per_hour = q.ColumnDouble(5),
                    .started = FromMillis(q.ColumnInt(6)),
                    .ended = OptionalTime(q, 7)});
  }
  return rows;
}

Result<JobCost> JobStore::Cost(std::string_view job_id) {
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<JobLedgerRow> rows, Ledger(job_id));
  return CostOf(rows, clock_.Now());
}

Status JobStore::RequestCancel(std::string_view job_id) {
  SPOTRUN_ASSIGN_OR_RETURN(JobRecord job, GetJob(job_id));
  if (IsEndState(job.state)) {
    return Status::FailedPrecondition(
        fmt::format("job {} has ended already ({})", job_id, JobStateName(job.state)),
        fmt::format("`spotrun job show {}` shows how it ended", job_id));
  }
  SPOTRUN_ASSIGN_OR_RETURN(Statement s,
                           db_.Prepare("UPDATE jobs SET cancel_requested = 1 WHERE id = ?"));
  s.Bind(1, job_id);
  SPOTRUN_RETURN_IF_ERROR(s.Run());
  return AddEvent(job_id, job.attempt, "cancel-requested", "");
}

Status JobStore::AddPoolInterruption(std::string_view job_id, const JobPoolInterruption& i) {
  SPOTRUN_ASSIGN_OR_RETURN(Statement s,
                           db_.Prepare("INSERT INTO pool_interruptions (job_id, instance_type, "
                                       "zone, time) VALUES (?, ?, ?, ?)"));
  s.Bind(1, job_id).Bind(2, i.instance_type).Bind(3, i.zone).Bind(4, ToMillis(i.time));
  return s.Run();
}

Result<std::vector<JobPoolInterruption>> JobStore::PoolInterruptions(TimePoint since) {
  SPOTRUN_ASSIGN_OR_RETURN(
      Statement q, db_.Prepare("SELECT instance_type, zone, time FROM pool_interruptions WHERE "
                               "time >= ? ORDER BY time"));
  q.Bind(1, ToMillis(since));
  std::vector<JobPoolInterruption> out;
  while (true) {
    SPOTRUN_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    out.push_back({.instance_type = q.ColumnText(0),
                   .zone = q.ColumnText(1),
                   .time = FromMillis(q.ColumnInt(2))});
  }
  return out;
}

Status JobStore::ClaimController(std::string_view job_id, int64_t pid, std::string_view host,
                                 Duration stale_after) {
  return db_.Transaction([&]() -> Status {
    SPOTRUN_ASSIGN_OR_RETURN(std::optional<JobControllerHeartbeat> current, Controller(job_id));
    if (current && current->pid != pid) {
      bool alive = clock_.Now() - current->heartbeat < stale_after;
      if (alive && current->host == ThisHost() && !ProcessLives(current->pid)) alive = false;
      if (alive) {
        return Status::Unavailable(
            fmt::format("job {} is already run by a controller (pid {} on {})", job_id,
                        current->pid, current->host),
            fmt::format("`spotrun job show {}` follows it; or stop that process first", job_id));
      }
    }
    SPOTRUN_ASSIGN_OR_RETURN(Statement s,
                             db_.Prepare("INSERT OR REPLACE INTO job_controllers (job_id, pid, "
                                         "host, heartbeat) VALUES (?, ?, ?, ?)"));
    s.Bind(1, job_id).Bind(2, pid).Bind(3, host).Bind(4, ToMillis(clock_.Now()));
    return s.Run();
  });
}

Status JobStore::Heartbeat(std::string_view job_id, int64_t pid) {
  SPOTRUN_ASSIGN_OR_RETURN(
      Statement s,
      db_.Prepare("UPDATE job_controllers SET heartbeat = ? WHERE job_id = ? AND pid = ?"));
  s.Bind(1, ToMillis(clock_.Now())).Bind(2, job_id).Bind(3, pid);
  return s.Run();
}

Status JobStore::ReleaseController(std::string_view job_id, int64_t pid) {
  SPOTRUN_ASSIGN_OR_RETURN(Statement s,
                           db_.Prepare("DELETE FROM job_controllers WHERE job_id = ? AND pid = ?"));
  s.Bind(1, job_id).Bind(2, pid);
  return s.Run();
}

Result<std::optional<JobControllerHeartbeat>> JobStore::Controller(std::string_view job_id) {
  SPOTRUN_ASSIGN_OR_RETURN(
      Statement q,
      db_.Prepare("SELECT pid, host, heartbeat FROM job_controllers WHERE job_id = ?"));
  q.Bind(1, job_id);
  SPOTRUN_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return std::optional<JobControllerHeartbeat>();
  return std::optional<JobControllerHeartbeat>(JobControllerHeartbeat{
      .pid = q.ColumnInt(0), .host = q.ColumnText(1), .heartbeat = FromMillis(q.ColumnInt(2))});
}

Result<bool> JobStore::ControllerAlive(std::string_view job_id, Duration stale_after) {
  SPOTRUN_ASSIGN_OR_RETURN(std::optional<JobControllerHeartbeat> c, Controller(job_id));
  if (!c) return false;
  if (clock_.Now() - c->heartbeat >= stale_after) return false;
  if (c->host == ThisHost() && !ProcessLives(c->pid)) {
    return false;
  }
  return true;
}

}  // namespace spotrun
