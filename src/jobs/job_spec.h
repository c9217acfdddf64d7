// JobSpec: a job file (YAML) as values. ParseJobSpec refuses unknown keys, wrong types and
// impossible values before anything is launched, naming the file, line and column, what was
// found and what was expected. Defaults are filled in, so the rest of spotrun never sees an
// unset field. Value type.
#ifndef SPOTRUN_JOBS_JOB_SPEC_H_
#define SPOTRUN_JOBS_JOB_SPEC_H_

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"

namespace spotrun {

struct JobResources {
  std::vector<std::string> types;  // at least one; the controller ranks their pools
  bool spot = true;
  std::optional<double> max_price{};  // USD/hour; unset: capped at on-demand
  std::optional<int> disk_gib{};
  std::vector<std::string> zones{};  // empty: every zone of the region
  // The IAM instance profile (a name, or its ARN) the machines run with: on AWS the agent
  // reaches the job's S3 store with its role. Empty: none (the local cloud hands the agent
  // its own keys instead).
  std::string instance_profile{};
};

struct JobCheckpoint {
  std::string dir;    // relative to workdir; empty: the job keeps no checkpoints
  std::string store;  // "s3://bucket/prefix" (required: logs and events go there)
  Duration every{};   // zero: only on rebalance and notice
  int signal = 10;    // SIGUSR1; "SIGUSR1", "USR1" or a number in the file
  Duration grace = std::chrono::seconds(90);  // for the job to write its checkpoint
  int keep = 3;
};

enum class OnDemandFallback {
  kNever,
  kAfterFailedSpotLaunches,  // "after-N-failed-spot-launches"
  kAlways,                   // "always": every recovery goes on-demand
};

struct JobRecovery {
  int max_recoveries = 20;
  OnDemandFallback on_demand_fallback = OnDemandFallback::kAfterFailedSpotLaunches;
  int failed_spot_launches = 2;  // N of after-N-failed-spot-launches
};

struct JobNotify {
  std::string discord;  // webhook URLs; empty: not used
  std::string slack;
};

struct JobSpec {
  std::string name;
  JobResources resources;
  std::string image = "ubuntu";
  std::string workdir = ".";  // relative to the job file's directory, or absolute
  std::string setup;
  std::string run;
  JobCheckpoint checkpoint;
  std::vector<std::string> outputs;  // relative to workdir
  JobRecovery recovery;
  JobNotify notify;
  std::map<std::string, std::string> env;
};

// `file_name` is only for messages ("job.yaml:7:3: …").
Result<JobSpec> ParseJobSpec(std::string_view yaml, std::string_view file_name);
// Reads and parses a file; a relative workdir is resolved against the file's directory.
Result<JobSpec> LoadJobSpec(const std::string& path);

}  // namespace spotrun

#endif  // SPOTRUN_JOBS_JOB_SPEC_H_
