#include "aws/http_date.h"

#include <ctime>

namespace spotrun {

std::string FormatHttpDate(TimePoint time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(
      std::chrono::time_point_cast<std::chrono::seconds>(time));
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[64];
  const size_t n = std::strftime(text, sizeof(text), "%a, %d %b %Y %H:%M:%S GMT", &utc);
  return std::string(text, n);
}

bool ParseHttpDate(std::string_view text, TimePoint* out) {
  const std::string copy(text);
  std::tm utc{};
  const char* end = strptime(copy.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &utc);
  if (end == nullptr || *end != '\0') return false;
  *out = std::chrono::system_clock::from_time_t(timegm(&utc));
  return true;
}

}  // namespace spotrun
