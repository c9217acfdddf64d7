// Clock: the only way spotrun reads the time or waits. RealClock uses the system clock and
// really sleeps; FakeClock is virtual time for tests and simulations: Sleep advances it at
// once, so nothing waits for real. RealClock is thread-safe; FakeClock is thread-safe too
// (a mutex guards its time) so loopback-server tests may share one.
#ifndef SPOTRUN_BASE_CLOCK_H_
#define SPOTRUN_BASE_CLOCK_H_

#include <chrono>
#include <mutex>
#include <string>

namespace spotrun {

using TimePoint = std::chrono::system_clock::time_point;
using Duration = std::chrono::nanoseconds;

class Clock {
 public:
  virtual ~Clock() = default;
  // Wall-clock time (UTC); what SigV4, expirations and schedules are computed from.
  virtual TimePoint Now() const = 0;
  // Waits for `d` (real clock) or advances virtual time by `d` (fake clock).
  virtual void Sleep(Duration d) = 0;
  void SleepUntil(TimePoint t) {
    TimePoint now = Now();
    if (t > now) Sleep(t - now);
  }
};

class RealClock final : public Clock {
 public:
  TimePoint Now() const override { return std::chrono::system_clock::now(); }
  void Sleep(Duration d) override;
};

class FakeClock final : public Clock {
 public:
  // Starts at 2026-01-01T00:00:00Z unless told otherwise, so test output is stable.
  FakeClock();
  explicit FakeClock(TimePoint start) : now_(start) {}
  TimePoint Now() const override;
  void Sleep(Duration d) override;  // advances; records the total slept
  void Advance(Duration d);
  void Set(TimePoint t);
  Duration total_slept() const;
  int sleep_calls() const;

 private:
  mutable std::mutex mu_;
  TimePoint now_;
  Duration slept_{0};
  int sleep_calls_ = 0;
};

// ISO 8601 / RFC 3339 in UTC with a Z: "2026-01-01T00:00:00Z" (or ".123Z" with millis).
std::string FormatIso8601(TimePoint t, bool millis = false);
// Parses "2026-01-01T00:00:00Z", "…T00:00:00.123Z" and "…T00:00:00+00:00"; false if malformed.
bool ParseIso8601(std::string_view text, TimePoint* out);

}  // namespace spotrun

#endif  // SPOTRUN_BASE_CLOCK_H_
