#include "market/recorded_spot_prices.h"

#include <gtest/gtest.h>

namespace spotrun::market {
namespace {

class RecordedSpotPricesTest : public ::testing::Test {
 protected:
  RegionCatalog regions_{DataSet::Embedded()};
  RecordedSpotPrices recorded_{DataSet::Embedded(), regions_};
};

TEST_F(RecordedSpotPricesTest, LongestSeriesWinsForAPool) {
  // use1-az1 = us-east-1a: the 2021 month (48 events) rather than the 2022 hours.
  Result<std::shared_ptr<const SpotPriceSeries>> s = recorded_.ForPool("use1-az1", "m5.large");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_NE(*s, nullptr);
  EXPECT_EQ((*s)->source(), "spot-prices-2021-m5-large-us-east-1.tsv");
  EXPECT_EQ((*s)->events().size(), 48u);
  EXPECT_DOUBLE_EQ((*s)->events().front().price, 0.0407);
  EXPECT_EQ(FormatIso8601((*s)->events().front().timestamp), "2021-01-08T21:51:23Z");
  EXPECT_DOUBLE_EQ((*s)->events().back().price, 0.0423);
}

TEST_F(RecordedSpotPricesTest, EachFileOfTheDataIsReadable) {
  auto source_of = [&](std::string_view zone_id, std::string_view type) {
    Result<std::shared_ptr<const SpotPriceSeries>> s = recorded_.ForPool(zone_id, type);
    return s.ok() && *s ? (*s)->source() : std::string("none");
  };
  EXPECT_EQ(source_of("apne1-az4", "m5.large"), "spot-prices-2022-05-all-regions.tsv");
  EXPECT_EQ(source_of("euw3-az1", "c5.2xlarge"), "spot-prices-2020-eu-west-3a.tsv");
  EXPECT_EQ(source_of("use1-az2", "r5.16xlarge"), "spot-prices-2023-04-19-skypilot.tsv");
  EXPECT_EQ(source_of("usw2-az2", "p3.2xlarge"), "spot-prices-2023-04-22-skypilot.tsv");
  EXPECT_EQ(source_of("use2-az3", "m5.large"), "none");
}

TEST_F(RecordedSpotPricesTest, ForTypeListsEveryRecordedZone) {
  Result<std::shared_ptr<const RecordedSpotPrices::SeriesByZone>> all =
      recorded_.ForType("m5.large");
  ASSERT_TRUE(all.ok());
  EXPECT_TRUE((*all)->contains("apne1-az1"));
  EXPECT_TRUE((*all)->contains("use1-az6"));   // us-east-1f of the 2021 month
  EXPECT_FALSE((*all)->contains("use1-az5"));  // no us-east-1e in any file
  EXPECT_TRUE((*recorded_.ForType("no.such"))->empty());
}

}  // namespace
}  // namespace spotrun::market
