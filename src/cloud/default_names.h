// The names spotrun gives what it makes when the user names nothing: an image frozen from a
// machine, a snapshot of a volume — "<what it came from>-<UTC yyyymmdd-hhmm>", which is a
// valid AMI name for every valid machine name. Pure functions; thread-safe.
#ifndef SPOTRUN_CLOUD_DEFAULT_NAMES_H_
#define SPOTRUN_CLOUD_DEFAULT_NAMES_H_

#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"

namespace spotrun {

// "20261123-1726" for 2026-11-23T17:26:…Z.
std::string UtcStamp(TimePoint t);
// "SOURCE-yyyymmdd-hhmm".
std::string StampedName(std::string_view source, TimePoint t);
// "2026-11-23 17:26" for listings; "-" for no time.
std::string ListingTime(const std::optional<TimePoint>& t);

}  // namespace spotrun

#endif  // SPOTRUN_CLOUD_DEFAULT_NAMES_H_
