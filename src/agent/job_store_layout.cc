#include "agent/job_store_layout.h"

#include <fmt/format.h>

#include <charconv>

namespace spotrun {
namespace {

constexpr std::string_view kCheckpoints = "checkpoints/";
constexpr size_t kSeqDigits = 10;

}  // namespace

std::string CheckpointPrefix(int64_t seq) { return fmt::format("checkpoints/{:010d}/", seq); }

std::string CheckpointFileKey(int64_t seq, std::string_view path) {
  return fmt::format("{}files/{}", CheckpointPrefix(seq), path);
}

std::string CheckpointManifestKey(int64_t seq) { return CheckpointPrefix(seq) + "manifest.json"; }

std::optional<int64_t> CheckpointSeqOfKey(std::string_view relative_key) {
  if (!relative_key.starts_with(kCheckpoints)) return std::nullopt;
  std::string_view rest = relative_key.substr(kCheckpoints.size());
  if (rest.size() < kSeqDigits + 1 || rest[kSeqDigits] != '/') return std::nullopt;
  int64_t seq = 0;
  const char* end = rest.data() + kSeqDigits;
  auto [ptr, ec] = std::from_chars(rest.data(), end, seq);
  if (ec != std::errc() || ptr != end || seq < 1) return std::nullopt;
  return seq;
}

std::string EventsPrefix(int attempt) { return fmt::format("events/{:04d}/", attempt); }

std::string EventKey(int attempt, int seq, std::string_view kind) {
  return fmt::format("{}{:06d}-{}.json", EventsPrefix(attempt), seq, kind);
}

std::string LogKey(int attempt) { return fmt::format("logs/attempt-{}.log", attempt); }

std::string HeartbeatKey(int attempt) { return fmt::format("heartbeats/attempt-{}.json", attempt); }

std::string OutputKey(std::string_view path) { return fmt::format("outputs/{}", path); }

std::string JobStoreKey(const S3Location& job, std::string_view relative) {
  if (job.prefix.empty()) return std::string(relative);
  return fmt::format("{}/{}", job.prefix, relative);
}

}  // namespace spotrun
