#include "jobs/duration_text.h"

#include <fmt/format.h>

#include <charconv>
#include <cstdint>
#include <limits>

namespace spotrun {
namespace {

constexpr std::string_view kExpected = "a whole number and a unit, such as 90s, 10m, 1h or 1h30m";

Status Malformed(std::string_view text) {
  return Status::InvalidArgument(
      fmt::format("\"{}\" is not a duration; expected {}", text, kExpected));
}

int UnitRank(char unit) {
  switch (unit) {
    case 'h':
      return 0;
    case 'm':
      return 1;
    case 's':
      return 2;
    default:
      return -1;
  }
}

int64_t UnitSeconds(char unit) { return unit == 'h' ? 3600 : unit == 'm' ? 60 : 1; }

}  // namespace

Result<Duration> ParseDurationText(std::string_view text) {
  if (text == "0") return Duration::zero();
  if (text.empty()) return Status::InvalidArgument(fmt::format("empty; expected {}", kExpected));
  // Ten years in seconds is plenty and keeps the sum far from overflowing nanoseconds.
  constexpr int64_t kMaxSeconds = int64_t{10} * 366 * 24 * 3600;
  int64_t seconds = 0;
  int last_rank = -1;
  const char* p = text.data();
  const char* end = text.data() + text.size();
  while (p != end) {
    int64_t value = 0;
    auto [next, ec] = std::from_chars(p, end, value);
    if (ec != std::errc() || next == p || value < 0) return Malformed(text);
    if (next == end) {
      return Status::InvalidArgument(
          fmt::format("\"{}\" has no unit; expected {}", text, kExpected));
    }
    int rank = UnitRank(*next);
    if (rank < 0) return Malformed(text);
    if (rank <= last_rank) {
      return Status::InvalidArgument(fmt::format(
          "\"{}\" repeats a unit or has them out of order; expected {} (h, then m, then s)", text,
          kExpected));
    }
    if (value > kMaxSeconds / UnitSeconds(*next)) {
      return Status::InvalidArgument(
          fmt::format("\"{}\" is too long; expected {}", text, "at most ten years"));
    }
    seconds += value * UnitSeconds(*next);
    last_rank = rank;
    p = next + 1;
  }
  if (seconds > kMaxSeconds) {
    return Status::InvalidArgument(
        fmt::format("\"{}\" is too long; expected {}", text, "at most ten years"));
  }
  return Duration(std::chrono::seconds(seconds));
}

std::string FormatDurationText(Duration d) {
  int64_t total = std::chrono::duration_cast<std::chrono::seconds>(d).count();
  if (total < 0) total = 0;
  if (total < 60) return fmt::format("{}s", total);
  int64_t minutes = total / 60;
  if (minutes < 60) return fmt::format("{}m", minutes);
  return fmt::format("{}h{:02}m", minutes / 60, minutes % 60);
}

}  // namespace spotrun
