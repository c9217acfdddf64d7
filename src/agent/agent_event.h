// AgentEvent: one report from a job's agent to its controller, posted to the job's store
// (events/ATTEMPT/SEQ-KIND.json) so it survives the machine and needs no inbound connection
// to the controller. `seq` counts from 1 within an attempt. JSON round-trips exactly (time
// to the millisecond).
// Value type.
#ifndef SPOTRUN_AGENT_AGENT_EVENT_H_
#define SPOTRUN_AGENT_AGENT_EVENT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/result.h"

namespace spotrun {

enum class AgentEventKind {
  kStarted,             // the agent runs on the machine
  kCheckpointRestored,  // checkpoint_seq restored into the checkpoint dir
  kCheckpointRefused,   // checkpoint_seq failed verification; detail says why
  kSetupDone,           // setup exited 0 (exit_code) — or kRunExited with the setup's code
  kRunStarted,
  kRebalance,           // IMDS: events/recommendations/rebalance appeared
  kNotice,              // IMDS: spot/instance-action appeared; detail: "terminate at T"
  kCheckpointUploaded,  // checkpoint_seq is complete in the store
  kCheckpointFailed,    // the job did not write its checkpoint in time, or upload failed
  kRunExited,           // exit_code: the run's (or setup's) exit status; 128+N for signal N
  kOutputsUploaded,
  kAgentExit,  // the agent is leaving: nothing more will come for this attempt
};

std::string_view AgentEventKindName(AgentEventKind kind);  // "checkpoint-uploaded" …
std::optional<AgentEventKind> AgentEventKindFromName(std::string_view name);

struct AgentEvent {
  int attempt = 0;
  int seq = 0;
  AgentEventKind kind = AgentEventKind::kStarted;
  TimePoint time{};
  std::string instance_id{};
  std::string detail{};
  std::optional<int> exit_code{};
  std::optional<int64_t> checkpoint_seq{};
};

std::string AgentEventToJson(const AgentEvent& event);
Result<AgentEvent> AgentEventFromJson(std::string_view json);

}  // namespace spotrun

#endif  // SPOTRUN_AGENT_AGENT_EVENT_H_
