#include "base/clock.h"

#include <gtest/gtest.h>

namespace spotrun {
namespace {

using std::chrono::seconds;

TEST(FakeClockTest, SleepAdvancesVirtualTimeOnly) {
  FakeClock clock;
  TimePoint start = clock.Now();
  clock.Sleep(std::chrono::hours(2));
  EXPECT_EQ(clock.Now() - start, std::chrono::hours(2));
  EXPECT_EQ(clock.total_slept(), std::chrono::hours(2));
  EXPECT_EQ(clock.sleep_calls(), 1);
  clock.SleepUntil(start);  // in the past: no-op
  EXPECT_EQ(clock.Now() - start, std::chrono::hours(2));
}

TEST(FakeClockTest, StartsAtAFixedDate) {
  FakeClock clock;
  EXPECT_EQ(FormatIso8601(clock.Now()), "2026-01-01T00:00:00Z");
}

TEST(Iso8601Test, FormatAndParseRoundTrip) {
  TimePoint t;
  ASSERT_TRUE(ParseIso8601("2022-05-31T19:25:56+00:00", &t));
  EXPECT_EQ(FormatIso8601(t), "2022-05-31T19:25:56Z");
  ASSERT_TRUE(ParseIso8601("2021-01-08T10:00:00.250Z", &t));
  EXPECT_EQ(FormatIso8601(t, true), "2021-01-08T10:00:00.250Z");
  ASSERT_TRUE(ParseIso8601("2021-01-08T12:00:00+02:00", &t));
  EXPECT_EQ(FormatIso8601(t), "2021-01-08T10:00:00Z");
}

TEST(Iso8601Test, RejectsMalformed) {
  TimePoint t;
  EXPECT_FALSE(ParseIso8601("", &t));
  EXPECT_FALSE(ParseIso8601("2021-13-08T10:00:00Z", &t));
  EXPECT_FALSE(ParseIso8601("2021-02-30T10:00:00Z", &t));
  EXPECT_FALSE(ParseIso8601("2021-01-08 10:00", &t));
  EXPECT_FALSE(ParseIso8601("2021-01-08T10:00:00Q", &t));
}

}  // namespace
}  // namespace spotrun
