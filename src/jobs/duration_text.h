// Durations as people write them in job files and read them in summaries: "90s", "10m",
// "1h", "1h30m". ParseDurationText refuses anything else with what was expected;
// FormatDurationText writes the short form spotrun prints ("58m", "1h02m", "45s").
// Pure functions; thread-safe.
#ifndef SPOTRUN_JOBS_DURATION_TEXT_H_
#define SPOTRUN_JOBS_DURATION_TEXT_H_

#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/result.h"

namespace spotrun {

// Whole numbers followed by a unit, units h, m, s in that order, each at most once:
// "90s", "10m", "1h30m", "2h15m10s". A bare "0" is zero. kInvalidArgument otherwise, with a
// message saying what was expected (callers add the file and line).
Result<Duration> ParseDurationText(std::string_view text);

// "45s" under a minute, "58m" under an hour, "1h02m" above (seconds dropped from a minute on).
std::string FormatDurationText(Duration d);

}  // namespace spotrun

#endif  // SPOTRUN_JOBS_DURATION_TEXT_H_
