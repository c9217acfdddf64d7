#include "base/clock.h"

#include <fmt/format.h>

#include <charconv>
#include <ctime>
#include <thread>

namespace spotrun {

void RealClock::Sleep(Duration d) {
  if (d > Duration::zero()) std::this_thread::sleep_for(d);
}

FakeClock::FakeClock() : now_(std::chrono::sys_days{std::chrono::year{2026} / 1 / 1}) {}

TimePoint FakeClock::Now() const {
  std::lock_guard lock(mu_);
  return now_;
}

void FakeClock::Sleep(Duration d) {
  std::lock_guard lock(mu_);
  ++sleep_calls_;
  if (d <= Duration::zero()) return;
  now_ += std::chrono::duration_cast<TimePoint::duration>(d);
  slept_ += d;
}

void FakeClock::Advance(Duration d) {
  std::lock_guard lock(mu_);
  now_ += std::chrono::duration_cast<TimePoint::duration>(d);
}

void FakeClock::Set(TimePoint t) {
  std::lock_guard lock(mu_);
  now_ = t;
}

Duration FakeClock::total_slept() const {
  std::lock_guard lock(mu_);
  return slept_;
}

int FakeClock::sleep_calls() const {
  std::lock_guard lock(mu_);
  return sleep_calls_;
}

std::string FormatIso8601(TimePoint t, bool millis) {
  auto secs = std::chrono::floor<std::chrono::seconds>(t);
  std::time_t tt = std::chrono::system_clock::to_time_t(secs);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  std::string out = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", tm.tm_year + 1900,
                                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  if (millis) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t - secs).count();
    out += fmt::format(".{:03}", ms);
  }
  return out + "Z";
}

namespace {
bool ParseInt(std::string_view s, int* out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}
}  // namespace

bool ParseIso8601(std::string_view text, TimePoint* out) {
  // YYYY-MM-DDTHH:MM:SS[.fff][Z|+HH:MM|-HH:MM]
  if (text.size() < 19 || text[4] != '-' || text[7] != '-' ||
      (text[10] != 'T' && text[10] != ' ') || text[13] != ':' || text[16] != ':') {
    return false;
  }
  int y, mo, d, h, mi, s;
  if (!ParseInt(text.substr(0, 4), &y) || !ParseInt(text.substr(5, 2), &mo) ||
      !ParseInt(text.substr(8, 2), &d) || !ParseInt(text.substr(11, 2), &h) ||
      !ParseInt(text.substr(14, 2), &mi) || !ParseInt(text.substr(17, 2), &s)) {
    return false;
  }
  std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month(mo),
                                  std::chrono::day(d)};
  if (!ymd.ok() || h > 23 || mi > 59 || s > 60) return false;
  std::string_view rest = text.substr(19);
  std::chrono::nanoseconds frac{0};
  if (!rest.empty() && rest[0] == '.') {
    size_t n = 1;
    long long value = 0;
    int digits = 0;
    while (n < rest.size() && rest[n] >= '0' && rest[n] <= '9') {
      if (digits < 9) {
        value = value * 10 + (rest[n] - '0');
        ++digits;
      }
      ++n;
    }
    if (n == 1) return false;
    while (digits < 9) {
      value *= 10;
      ++digits;
    }
    frac = std::chrono::nanoseconds(value);
    rest = rest.substr(n);
  }
  std::chrono::minutes offset{0};
  if (rest == "Z" || rest == "z" || rest.empty()) {
  } else if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':') {
    int oh, om;
    if (!ParseInt(rest.substr(1, 2), &oh) || !ParseInt(rest.substr(4, 2), &om)) return false;
    offset = std::chrono::hours(oh) + std::chrono::minutes(om);
    if (rest[0] == '-') offset = -offset;
  } else {
    return false;
  }
  auto tp = std::chrono::sys_days(ymd) + std::chrono::hours(h) + std::chrono::minutes(mi) +
            std::chrono::seconds(s) - offset;
  *out = std::chrono::time_point_cast<TimePoint::duration>(tp) +
         std::chrono::duration_cast<TimePoint::duration>(frac);
  return true;
}

}  // namespace spotrun
