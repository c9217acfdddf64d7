// JobSpec as JSON: how the job store keeps a job's spec, so a controller started later (after
// a crash, or `spotrun job resume`) runs exactly what was submitted, whatever became of the
// job file. Durations are whole milliseconds. Pure functions; thread-safe.
#ifndef SPOTRUN_JOBS_JOB_SPEC_JSON_H_
#define SPOTRUN_JOBS_JOB_SPEC_JSON_H_

#include <string>
#include <string_view>

#include "base/result.h"
#include "jobs/job_spec.h"

namespace spotrun {

std::string JobSpecToJson(const JobSpec& spec);
Result<JobSpec> JobSpecFromJson(std::string_view json);

}  // namespace spotrun

#endif  // SPOTRUN_JOBS_JOB_SPEC_JSON_H_
