#include "market/on_demand_prices.h"

#include <gtest/gtest.h>

namespace spotrun::market {
namespace {

TEST(OnDemandPricesTest, RealPricesFromThe2025PriceList) {
  OnDemandPrices prices(DataSet::Embedded());
  EXPECT_DOUBLE_EQ(prices.HourlyPrice("us-east-1", "m5.large").value_or(0), 0.096);
  EXPECT_DOUBLE_EQ(prices.HourlyPrice("eu-west-1", "m5.large").value_or(0), 0.107);
  EXPECT_DOUBLE_EQ(prices.HourlyPrice("eu-west-3", "m5.large").value_or(0), 0.112);
  EXPECT_DOUBLE_EQ(prices.HourlyPrice("us-east-1", "g4dn.xlarge").value_or(0), 0.526);
  Result<std::vector<std::string>> regions = prices.Regions();
  ASSERT_TRUE(regions.ok());
  EXPECT_EQ(*regions, (std::vector<std::string>{"us-east-1", "us-east-2", "us-west-2", "eu-west-1",
                                                "eu-west-3"}));
}

TEST(OnDemandPricesTest, RegionWithoutPriceListNamesThoseWithOne) {
  Result<double> price = OnDemandPrices(DataSet::Embedded()).HourlyPrice("ap-south-1", "m5.large");
  ASSERT_FALSE(price.ok());
  EXPECT_EQ(price.status().kind(), ErrorKind::kNotFound);
  EXPECT_NE(price.status().hint().find("us-east-1"), std::string::npos);
}

TEST(OnDemandPricesTest, TypoGetsDidYouMean) {
  Result<double> price = OnDemandPrices(DataSet::Embedded()).HourlyPrice("us-east-1", "m5.lareg");
  ASSERT_FALSE(price.ok());
  EXPECT_EQ(price.status().hint(), "did you mean m5.large?");
}

TEST(OnDemandPricesTest, TypeNotSoldInRegionSaysWhereItIs) {
  // c4 is in the us-east-1 price list but not in eu-west-3's.
  Result<double> price = OnDemandPrices(DataSet::Embedded()).HourlyPrice("eu-west-3", "c4.large");
  ASSERT_FALSE(price.ok());
  EXPECT_EQ(price.status().kind(), ErrorKind::kNotFound);
  EXPECT_NE(price.status().hint().find("us-east-1"), std::string::npos);
}

}  // namespace
}  // namespace spotrun::market
