#include "cli/daily_minimum_prices.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "testing/fake_spot_price_history.h"

namespace spotrun {
namespace {

using ::testing::HasSubstr;

TimePoint At(const char* iso) {
  TimePoint t;
  EXPECT_TRUE(ParseIso8601(iso, &t));
  return t;
}

TEST(DailyMinimumPricesTest, OneTypeHasAColumnPerZoneAndCarriesThePriceInEffect) {
  testing::FakeSpotPriceHistory ec2;
  // In effect before the window opens (DescribeSpotPriceHistory returns it for StartTime).
  ec2.Add("m5.large", "us-east-2a", "0.040000", "2025-12-29T12:00:00Z");
  ec2.Add("m5.large", "us-east-2a", "0.035000", "2025-12-30T08:00:00Z");
  ec2.Add("m5.large", "us-east-2a", "0.045000", "2025-12-30T20:00:00Z");
  ec2.Add("m5.large", "us-east-2b", "0.050000", "2025-12-31T06:00:00Z");
  FakeClock clock(At("2026-01-01T09:30:00Z"));

  Result<DailyMinimumTable> table = DailyMinimumPrices(ec2, "us-east-2", {"m5.large"}, 3, clock);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ(ec2.requests[0].start_time, At("2025-12-30T00:00:00Z"));  // 3 days, today included
  EXPECT_EQ(ec2.requests[0].end_time, clock.Now());

  EXPECT_EQ(table->days, (std::vector<std::string>{"2025-12-30", "2025-12-31", "2026-01-01"}));
  ASSERT_EQ(table->series.size(), 2u);
  EXPECT_EQ(table->series[0].label, "us-east-2a");
  EXPECT_EQ(table->series[1].availability_zone, "us-east-2b");
  using P = std::optional<double>;
  EXPECT_EQ(table->minimum[0], (std::vector<P>{0.035, std::nullopt}));  // 0.04 until 08:00
  EXPECT_EQ(table->minimum[1], (std::vector<P>{0.045, 0.05}));          // carried over
  EXPECT_EQ(table->minimum[2], (std::vector<P>{0.045, 0.05}));
  ASSERT_EQ(table->notes.size(), 1u);
  EXPECT_EQ(table->notes[0],
            "us-east-2b: no price known on 2025-12-30 (the cloud's history starts later)");
}

TEST(DailyMinimumPricesTest, AFamilyHasAColumnPerTypeWithItsCheapestZone) {
  testing::FakeSpotPriceHistory ec2;
  ec2.Add("m5.large", "us-east-2a", "0.040000", "2025-12-31T00:00:00Z");
  ec2.Add("m5.large", "us-east-2b", "0.030000", "2025-12-31T12:00:00Z");
  ec2.Add("m5.xlarge", "us-east-2a", "0.080000", "2025-12-30T00:00:00Z");
  FakeClock clock(At("2026-01-01T00:00:00Z"));

  Result<DailyMinimumTable> table = DailyMinimumPrices(
      ec2, "us-east-2", {"m5.large", "m5.xlarge", "m5.2xlarge", "m5.metal"}, 1, clock);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ(table->days, std::vector<std::string>{"2026-01-01"});
  ASSERT_EQ(table->series.size(), 2u);  // m5.2xlarge and m5.metal have no price at all
  EXPECT_EQ(table->series[0].label, "m5.large");
  EXPECT_EQ(table->series[0].availability_zone, "");
  EXPECT_EQ(table->minimum[0], (std::vector<std::optional<double>>{0.03, 0.08}));
  ASSERT_EQ(table->notes.size(), 1u);
  EXPECT_THAT(table->notes[0],
              HasSubstr("m5.2xlarge, m5.metal: the cloud returned no Linux/UNIX spot price"));
}

TEST(DailyMinimumPricesTest, DaysOutOfRangeAreAUsageError) {
  testing::FakeSpotPriceHistory ec2;
  FakeClock clock;
  for (int days : {0, -1, 91}) {
    Result<DailyMinimumTable> table =
        DailyMinimumPrices(ec2, "us-east-2", {"m5.large"}, days, clock);
    ASSERT_FALSE(table.ok());
    EXPECT_EQ(table.status().kind(), ErrorKind::kInvalidArgument);
    EXPECT_THAT(table.status().hint(), HasSubstr("from 1 to 90"));
  }
  EXPECT_TRUE(ec2.requests.empty());
}

}  // namespace
}  // namespace spotrun
