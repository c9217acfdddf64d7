#include "cloud/default_names.h"

#include <fmt/format.h>

#include <ctime>

namespace spotrun {
namespace {

std::tm Utc(TimePoint t) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(t);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  return utc;
}

}  // namespace

std::string UtcStamp(TimePoint t) {
  std::tm u = Utc(t);
  return fmt::format("{:04}{:02}{:02}-{:02}{:02}", u.tm_year + 1900, u.tm_mon + 1, u.tm_mday,
                     u.tm_hour, u.tm_min);
}

std::string StampedName(std::string_view source, TimePoint t) {
  return fmt::format("{}-{}", source, UtcStamp(t));
}

std::string ListingTime(const std::optional<TimePoint>& t) {
  if (!t) return "-";
  std::tm u = Utc(*t);
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}", u.tm_year + 1900, u.tm_mon + 1, u.tm_mday,
                     u.tm_hour, u.tm_min);
}

}  // namespace spotrun
