#include "agent/agent_event.h"

#include <array>
#include <nlohmann/json.hpp>
#include <utility>

namespace spotrun {
namespace {

using nlohmann::json;

constexpr std::array<std::pair<AgentEventKind, std::string_view>, 12> kKindNames = {{
    {AgentEventKind::kStarted, "started"},
    {AgentEventKind::kCheckpointRestored, "checkpoint-restored"},
    {AgentEventKind::kCheckpointRefused, "checkpoint-refused"},
    {AgentEventKind::kSetupDone, "setup-done"},
    {AgentEventKind::kRunStarted, "run-started"},
    {AgentEventKind::kRebalance, "rebalance"},
    {AgentEventKind::kNotice, "notice"},
    {AgentEventKind::kCheckpointUploaded, "checkpoint-uploaded"},
    {AgentEventKind::kCheckpointFailed, "checkpoint-failed"},
    {AgentEventKind::kRunExited, "run-exited"},
    {AgentEventKind::kOutputsUploaded, "outputs-uploaded"},
    {AgentEventKind::kAgentExit, "agent-exit"},
}};

Status Invalid(std::string_view why) {
  return Status::InvalidArgument("agent event: " + std::string(why),
                                 "the agent and the controller must be the same spotrun "
                                 "version; rerun the job with this spotrun");
}

}  // namespace

std::string_view AgentEventKindName(AgentEventKind kind) {
  for (const auto& [k, name] : kKindNames) {
    if (k == kind) return name;
  }
  return "unknown";
}

std::optional<AgentEventKind> AgentEventKindFromName(std::string_view name) {
  for (const auto& [k, n] : kKindNames) {
    if (n == name) return k;
  }
  return std::nullopt;
}

std::string AgentEventToJson(const AgentEvent& event) {
  json doc = {
      {"attempt", event.attempt},
      {"seq", event.seq},
      {"kind", AgentEventKindName(event.kind)},
      {"time", FormatIso8601(event.time, /*millis=*/true)},
  };
  if (!event.instance_id.empty()) doc["instance_id"] = event.instance_id;
  if (!event.detail.empty()) doc["detail"] = event.detail;
  if (event.exit_code) doc["exit_code"] = *event.exit_code;
  if (event.checkpoint_seq) doc["checkpoint_seq"] = *event.checkpoint_seq;
  // detail may quote a job's output: bytes that are not UTF-8 become U+FFFD, never an error.
  return doc.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<AgentEvent> AgentEventFromJson(std::string_view text) {
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return Invalid("not a JSON object");
  AgentEvent event;
  try {
    event.attempt = doc.at("attempt").get<int>();
    event.seq = doc.at("seq").get<int>();
    const auto& kind_name = doc.at("kind").get_ref<const std::string&>();
    std::optional<AgentEventKind> kind = AgentEventKindFromName(kind_name);
    if (!kind) return Invalid("unknown kind '" + kind_name + "'");
    event.kind = *kind;
    if (!ParseIso8601(doc.at("time").get_ref<const std::string&>(), &event.time)) {
      return Invalid("time is not ISO 8601");
    }
    if (doc.contains("instance_id")) event.instance_id = doc["instance_id"].get<std::string>();
    if (doc.contains("detail")) event.detail = doc["detail"].get<std::string>();
    if (doc.contains("exit_code")) event.exit_code = doc["exit_code"].get<int>();
    if (doc.contains("checkpoint_seq")) {
      event.checkpoint_seq = doc["checkpoint_seq"].get<int64_t>();
    }
  } catch (const json::exception& e) {
    return Invalid(e.what());
  }
  if (event.attempt < 1 || event.seq < 1) return Invalid("attempt and seq count from 1");
  return event;
}

}  // namespace spotrun
