#include "base/scaled_clock.h"

#include <gtest/gtest.h>

namespace spotrun {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

TEST(ScaledClockTest, StartsAtTheBaseClocksPresent) {
  FakeClock base;
  ScaledClock clock(base, 60);
  EXPECT_EQ(clock.Now(), base.Now());
  EXPECT_EQ(clock.start(), base.Now());
}

TEST(ScaledClockTest, RunsScaleTimesFasterThanTheBase) {
  FakeClock base;
  const TimePoint start = base.Now();
  ScaledClock clock(base, 60, start);
  base.Advance(seconds(1));
  EXPECT_EQ(clock.Now(), start + minutes(1));
  base.Advance(seconds(2));
  EXPECT_EQ(clock.Now(), start + minutes(3));
}

TEST(ScaledClockTest, ScalesFromTheGivenStartNotFromTheBasesEpoch) {
  FakeClock base;
  const TimePoint start = base.Now() - seconds(10);  // started ten base seconds ago
  ScaledClock clock(base, 6, start);
  EXPECT_EQ(clock.Now(), start + minutes(1));
}

TEST(ScaledClockTest, FractionalScaleSlowsTimeDown) {
  FakeClock base;
  const TimePoint start = base.Now();
  ScaledClock clock(base, 0.5, start);
  base.Advance(seconds(10));
  EXPECT_EQ(clock.Now(), start + seconds(5));
}

TEST(ScaledClockTest, ScaleOneIsTheBaseClock) {
  FakeClock base;
  ScaledClock clock(base, 1);
  base.Advance(milliseconds(1234));
  EXPECT_EQ(clock.Now(), base.Now());
}

TEST(ScaledClockTest, SleepWaitsTheScaledDownTimeOnTheBase) {
  FakeClock base;
  const TimePoint start = base.Now();
  ScaledClock clock(base, 120, start);
  clock.Sleep(minutes(2));  // the two-minute spot notice takes one real second
  EXPECT_EQ(base.total_slept(), seconds(1));
  EXPECT_EQ(clock.Now(), start + minutes(2));
}

TEST(ScaledClockTest, SleepUntilReachesTheTarget) {
  FakeClock base;
  const TimePoint start = base.Now();
  ScaledClock clock(base, 10, start);
  clock.SleepUntil(start + seconds(30));
  EXPECT_EQ(base.total_slept(), seconds(3));
  EXPECT_EQ(clock.Now(), start + seconds(30));
}

TEST(ScaledClockTest, NonPositiveSleepDoesNotTouchTheBase) {
  FakeClock base;
  ScaledClock clock(base, 10);
  clock.Sleep(seconds(-1));
  clock.Sleep(Duration::zero());
  EXPECT_EQ(base.sleep_calls(), 0);
}

}  // namespace
}  // namespace spotrun
