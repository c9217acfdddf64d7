#include "jobs/duration_text.h"

#include <gtest/gtest.h>

namespace spotrun {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

Duration Parsed(std::string_view text) {
  Result<Duration> d = ParseDurationText(text);
  EXPECT_TRUE(d.ok()) << text << ": " << d.status().ToString();
  return d.value_or(Duration(-1));
}

TEST(DurationTextTest, ParsesSecondsMinutesHoursAndCombinations) {
  EXPECT_EQ(Parsed("90s"), seconds(90));
  EXPECT_EQ(Parsed("10m"), minutes(10));
  EXPECT_EQ(Parsed("1h"), hours(1));
  EXPECT_EQ(Parsed("1h30m"), minutes(90));
  EXPECT_EQ(Parsed("2h15m10s"), hours(2) + minutes(15) + seconds(10));
  EXPECT_EQ(Parsed("1m30s"), seconds(90));
  EXPECT_EQ(Parsed("0s"), Duration::zero());
  EXPECT_EQ(Parsed("0"), Duration::zero());
}

TEST(DurationTextTest, RefusesWhatIsNotADuration) {
  for (std::string_view bad : {"", "90", "10 m", "1.5h", "-5m", "m", "10d", "10ms", "1m1h", "1h1h",
                               "s10", "1h30", "ten minutes", "+5s"}) {
    Result<Duration> d = ParseDurationText(bad);
    ASSERT_FALSE(d.ok()) << bad;
    EXPECT_EQ(d.status().kind(), ErrorKind::kInvalidArgument);
    EXPECT_NE(d.status().message().find("expected"), std::string::npos) << d.status().message();
  }
}

TEST(DurationTextTest, SaysWhenOnlyTheUnitIsMissing) {
  EXPECT_NE(ParseDurationText("90").status().message().find("no unit"), std::string::npos);
}

TEST(DurationTextTest, RefusesAbsurdlyLongDurationsInsteadOfOverflowing) {
  EXPECT_FALSE(ParseDurationText("99999999999999h").ok());
  EXPECT_FALSE(ParseDurationText("87840h1m").ok());  // just over ten years
  EXPECT_TRUE(ParseDurationText("87840h").ok());
}

TEST(DurationTextTest, FormatsTheShortForm) {
  EXPECT_EQ(FormatDurationText(Duration::zero()), "0s");
  EXPECT_EQ(FormatDurationText(seconds(45)), "45s");
  EXPECT_EQ(FormatDurationText(seconds(59) + std::chrono::milliseconds(999)), "59s");
  EXPECT_EQ(FormatDurationText(minutes(58) + seconds(30)), "58m");
  EXPECT_EQ(FormatDurationText(minutes(62)), "1h02m");
  EXPECT_EQ(FormatDurationText(hours(26) + minutes(40)), "26h40m");
  EXPECT_EQ(FormatDurationText(seconds(-5)), "0s");
}

}  // namespace
}  // namespace spotrun
