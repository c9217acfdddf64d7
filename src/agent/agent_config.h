// AgentConfig: everything `spotrun agent` needs to run one attempt of a job on its machine,
// written by the controller as JSON (0600) next to the workdir and read by the agent at
// start. Durations are whole milliseconds in JSON. Value type.
#ifndef SPOTRUN_AGENT_AGENT_CONFIG_H_
#define SPOTRUN_AGENT_AGENT_CONFIG_H_

#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"

namespace spotrun {

struct AgentConfig {
  std::string job_id;
  int attempt = 1;
  std::string store;            // the job's location, "s3://bucket/prefix/JOB_ID"
  std::string workdir;          // absolute, on the machine; setup and run start here
  std::string setup;            // shell text, may be empty
  std::string run;              // shell text
  std::string checkpoint_dir;   // absolute, on the machine; empty: the job keeps no checkpoints
  Duration checkpoint_every{};  // zero: only on rebalance and notice
  int checkpoint_signal = 10;   // SIGUSR1
  Duration checkpoint_grace = std::chrono::seconds(90);
  int keep_checkpoints = 3;
  std::vector<std::string> outputs;  // relative to workdir
  // How the agent reaches S3 and IMDS. Empty: AWS's defaults (the regional endpoint, the
  // instance role's credentials through IMDS, http://169.254.169.254).
  std::string s3_endpoint;
  std::string region;
  // Extra environment for setup and run and for the agent's own AWS clients (the local
  // cloud's keys travel here; on AWS the instance role is used instead).
  std::map<std::string, std::string> environment;
  // IMDS polling and the safety margin kept before the notice's deadline. 0.9 s rather than
  // a round second: a notice lands at a random phase of the poll, so the slowest is one
  // interval plus the request and the signal; at 1 s the p99 was 1002 ms (agent_bench),
  // at 0.9 s a notice reaches the job within a second (issue 6's target).
  Duration poll_interval = std::chrono::milliseconds(900);
  Duration notice_margin = std::chrono::seconds(15);
  Duration log_upload_interval = std::chrono::seconds(5);
  // How often the agent overwrites its heartbeat in the store (job_store_layout.h): one PUT,
  // so 30 s costs ~2,900 requests a day. The controller takes an agent silent for
  // AgentLostAfter(this) as lost.
  Duration heartbeat_interval = std::chrono::seconds(30);
};

// How long the controller waits without a heartbeat or an event before it takes the agent
// as lost: three intervals (two PUTs may fail or be slow) plus slack for a slow store.
Duration AgentLostAfter(Duration heartbeat_interval);

std::string AgentConfigToJson(const AgentConfig& config);
Result<AgentConfig> AgentConfigFromJson(std::string_view json);

}  // namespace spotrun

#endif  // SPOTRUN_AGENT_AGENT_CONFIG_H_
