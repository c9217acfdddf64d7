// How the job commands print a job: the live status line and `job show`. Pure functions of the
// store's records; thread-safe.
#ifndef SPOTRUN_CLI_JOB_TEXT_H_
#define SPOTRUN_CLI_JOB_TEXT_H_

#include <string>
#include <vector>

#include "base/clock.h"
#include "jobs/job_controller.h"
#include "jobs/job_store.h"

namespace spotrun {

// The live status line's stage: "running on sum-of-squares-2 (m5.large spot us-east-1b),
// attempt 2, 1 recovery". With `with_cost`, ", $0.0012 so far" is added (the line on a
// terminal redraws; logs get a line only when the rest changes).
std::string JobStatusText(const JobStatus& status, bool with_cost);

// "2h 05m" between two times (the job's age, an attempt's length).
std::string FormatSpan(TimePoint from, TimePoint to);

// `job show`: the job, its attempts, cost (the ledger's summary) and timeline, as text.
std::string JobDetailsText(const JobRecord& job, const std::vector<JobAttempt>& attempts,
                           const CostLedger& ledger, const std::vector<JobEvent>& timeline,
                           TimePoint now);

}  // namespace spotrun

#endif  // SPOTRUN_CLI_JOB_TEXT_H_
