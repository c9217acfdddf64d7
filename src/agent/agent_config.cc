#include "agent/agent_config.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

namespace spotrun {
namespace {

using nlohmann::json;

Status Invalid(std::string_view why) {
  return Status::InvalidArgument("agent config: " + std::string(why),
                                 "the agent's config is written by `spotrun job run`; rerun "
                                 "the job rather than editing it by hand");
}

int64_t Millis(Duration d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

// Reads the JSON field `key` (absent: the default already in `out`), refusing wrong types.
template <typename T>
void Read(const json& doc, const char* key, T& out) {
  if (auto it = doc.find(key); it != doc.end()) out = it->get<T>();
}

void ReadMillis(const json& doc, const char* key, Duration& out) {
  if (auto it = doc.find(key); it != doc.end()) {
    out = std::chrono::milliseconds(it->get<int64_t>());
  }
}

const std::set<std::string, std::less<>>& KnownKeys() {
  static const auto* keys = new std::set<std::string, std::less<>>{"job_id",
                                                                   "attempt",
                                                                   "store",
                                                                   "workdir",
                                                                   "setup",
                                                                   "run",
                                                                   "checkpoint_dir",
                                                                   "checkpoint_every_ms",
                                                                   "checkpoint_signal",
                                                                   "checkpoint_grace_ms",
                                                                   "keep_checkpoints",
                                                                   "outputs",
                                                                   "s3_endpoint",
                                                                   "region",
                                                                   "environment",
                                                                   "poll_interval_ms",
                                                                   "notice_margin_ms",
                                                                   "log_upload_interval_ms",
                                                                   "heartbeat_interval_ms"};
  return *keys;
}

Status Validate(const AgentConfig& c) {
  if (c.job_id.empty()) return Invalid("job_id is missing");
  if (c.attempt < 1) return Invalid("attempt counts from 1");
  if (!c.store.starts_with("s3://")) return Invalid("store must be an s3:// location");
  if (!c.workdir.starts_with('/')) return Invalid("workdir must be an absolute path");
  if (c.run.empty()) return Invalid("run is missing");
  if (!c.checkpoint_dir.empty() && !c.checkpoint_dir.starts_with('/')) {
    return Invalid("checkpoint_dir must be an absolute path");
  }
  if (c.checkpoint_signal < 1 || c.checkpoint_signal > 64) {
    return Invalid("checkpoint_signal must be a signal number (1-64)");
  }
  if (c.keep_checkpoints < 1) return Invalid("keep_checkpoints must be at least 1");
  for (Duration d : {c.checkpoint_every, c.checkpoint_grace, c.poll_interval, c.notice_margin,
                     c.log_upload_interval, c.heartbeat_interval}) {
    if (d < Duration::zero()) return Invalid("durations cannot be negative");
  }
  if (c.poll_interval <= Duration::zero()) return Invalid("poll_interval_ms must be positive");
  if (c.heartbeat_interval <= Duration::zero()) {
    return Invalid("heartbeat_interval_ms must be positive");
  }
  return Status::Ok();
}

}  // namespace

std::string AgentConfigToJson(const AgentConfig& c) {
  json doc = {
      {"job_id", c.job_id},
      {"attempt", c.attempt},
      {"store", c.store},
      {"workdir", c.workdir},
      {"setup", c.setup},
      {"run", c.run},
      {"checkpoint_dir", c.checkpoint_dir},
      {"checkpoint_every_ms", Millis(c.checkpoint_every)},
      {"checkpoint_signal", c.checkpoint_signal},
      {"checkpoint_grace_ms", Millis(c.checkpoint_grace)},
      {"keep_checkpoints", c.keep_checkpoints},
      {"outputs", c.outputs},
      {"s3_endpoint", c.s3_endpoint},
      {"region", c.region},
      {"environment", c.environment},
      {"poll_interval_ms", Millis(c.poll_interval)},
      {"notice_margin_ms", Millis(c.notice_margin)},
      {"log_upload_interval_ms", Millis(c.log_upload_interval)},
      {"heartbeat_interval_ms", Millis(c.heartbeat_interval)},
  };
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

Duration AgentLostAfter(Duration heartbeat_interval) {
  return 3 * heartbeat_interval +
         std::max<Duration>(heartbeat_interval / 2, std::chrono::seconds(5));
}

Result<AgentConfig> AgentConfigFromJson(std::string_view text) {
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return Invalid("not a JSON object");
  for (const auto& [key, value] : doc.items()) {
    if (!KnownKeys().contains(key)) return Invalid("unknown key '" + key + "'");
  }
  AgentConfig c;
  try {
    Read(doc, "job_id", c.job_id);
    Read(doc, "attempt", c.attempt);
    Read(doc, "store", c.store);
    Read(doc, "workdir", c.workdir);
    Read(doc, "setup", c.setup);
    Read(doc, "run", c.run);
    Read(doc, "checkpoint_dir", c.checkpoint_dir);
    ReadMillis(doc, "checkpoint_every_ms", c.checkpoint_every);
    Read(doc, "checkpoint_signal", c.checkpoint_signal);
    ReadMillis(doc, "checkpoint_grace_ms", c.checkpoint_grace);
    Read(doc, "keep_checkpoints", c.keep_checkpoints);
    Read(doc, "outputs", c.outputs);
    Read(doc, "s3_endpoint", c.s3_endpoint);
    Read(doc, "region", c.region);
    Read(doc, "environment", c.environment);
    ReadMillis(doc, "poll_interval_ms", c.poll_interval);
    ReadMillis(doc, "notice_margin_ms", c.notice_margin);
    ReadMillis(doc, "log_upload_interval_ms", c.log_upload_interval);
    ReadMillis(doc, "heartbeat_interval_ms", c.heartbeat_interval);
  } catch (const json::exception& e) {
    return Invalid(e.what());
  }
  SPOTRUN_RETURN_IF_ERROR(Validate(c));
  return c;
}

}  // namespace spotrun
