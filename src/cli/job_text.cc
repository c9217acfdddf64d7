#include "cli/job_text.h"

#include <fmt/format.h>

#include "cli/listing.h"
#include "cli/machine_text.h"
#include "jobs/cost_ledger.h"

namespace spotrun {
namespace {

std::string Time(TimePoint t) {
  std::string iso = FormatIso8601(t);  // 2026-11-23T21:08:15Z
  return iso.size() >= 19 ? iso.substr(0, 10) + " " + iso.substr(11, 8) : iso;
}

}  // namespace

std::string JobStatusText(const JobStatus& status, bool with_cost) {
  std::string text(JobStateName(status.state));
  if (!status.machine.empty()) {
    text += fmt::format(" on {}", status.machine);
    if (!status.instance_type.empty()) {
      text += fmt::format(" ({} {}{}{})", status.instance_type, status.market,
                          status.zone.empty() ? "" : " ", status.zone);
    }
  }
  if (status.attempt > 0) text += fmt::format(", attempt {}", status.attempt);
  if (status.recoveries > 0) {
    text += fmt::format(", {} recover{}", status.recoveries, status.recoveries == 1 ? "y" : "ies");
  }
  if (!status.detail.empty()) text += ": " + status.detail;
  if (with_cost) text += fmt::format(", {} so far", FormatUsd(status.cost.cost));
  return text;
}

std::string FormatSpan(TimePoint from, TimePoint to) {
  return FormatUptime(to > from ? to - from : Duration{0});
}

std::string JobDetailsText(const JobRecord& job, const std::vector<JobAttempt>& attempts,
                           const CostLedger& ledger, const std::vector<JobEvent>& timeline,
                           TimePoint now) {
  std::string out;
  out += fmt::format("job        {} ({})\n", job.id, job.name);
  out += fmt::format("state      {}{}\n", JobStateName(job.state),
                     job.result.empty() ? "" : " — " + job.result);
  out +=
      fmt::format("created    {} ({} {})\n", Time(job.created), job.ended ? "ran" : "running for",
                  FormatSpan(job.created, job.ended.value_or(now)));
  out += fmt::format("workdir    {}\n", job.local_workdir);
  out += fmt::format("store      {}/{}\n", job.spec.checkpoint.store, job.id);
  out += fmt::format("recoveries {}\n", job.recoveries);
  out += fmt::format("{}\n", ledger.Summary(now));
  if (!attempts.empty()) {
    Listing machines({{"attempt", "ATTEMPT"},
                      {"instance", "INSTANCE"},
                      {"type", "TYPE"},
                      {"zone", "ZONE"},
                      {"market", "MARKET"},
                      {"started", "STARTED"},
                      {"ran", "RAN"},
                      {"ended", "ENDED"}});
    for (const JobAttempt& a : attempts) {
      machines.Add({a.attempt, a.instance_id, a.instance_type, a.zone, a.market, Time(a.started),
                    FormatSpan(a.started, a.ended.value_or(now)),
                    a.ended ? nlohmann::json(a.end_reason) : nlohmann::json("running")});
    }
    out += "\nmachines\n" + machines.RenderTable();
  }
  if (!timeline.empty()) {
    out += "\ntimeline\n";
    for (const JobEvent& e : timeline) {
      std::string what = e.kind == "state" ? "→ " + e.state : e.kind;
      out += fmt::format("  {}  #{}  {}{}{}\n", Time(e.time), e.attempt, what,
                         e.detail.empty() ? "" : ": ", e.detail);
    }
  }
  return out;
}

}  // namespace spotrun
