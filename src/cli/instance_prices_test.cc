#include "cli/instance_prices.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "testing/fake_spot_price_history.h"

namespace spotrun {
namespace {

using ::testing::HasSubstr;

const market::Market& TheMarket() {
  static const market::Market* market = new market::Market();
  return *market;
}

TimePoint At(const char* iso) {
  TimePoint t;
  EXPECT_TRUE(ParseIso8601(iso, &t));
  return t;
}

TEST(ResolveInstanceTypesTest, TypeFamilyAndNearestForNeither) {
  const market::InstanceTypeCatalog& catalog = TheMarket().instance_types();
  EXPECT_EQ(*ResolveInstanceTypes(catalog, "m5.large"), std::vector<std::string>{"m5.large"});
  Result<std::vector<std::string>> family = ResolveInstanceTypes(catalog, "m5");
  ASSERT_TRUE(family.ok());
  EXPECT_EQ(family->front(), "m5.large");  // smallest first
  EXPECT_EQ(family->size(), 9u);

  Result<std::vector<std::string>> typo = ResolveInstanceTypes(catalog, "m5.lareg");
  ASSERT_FALSE(typo.ok());
  EXPECT_EQ(typo.status().kind(), ErrorKind::kNotFound);
  EXPECT_THAT(typo.status().message(), HasSubstr("'m5.lareg'"));
  EXPECT_THAT(typo.status().hint(), HasSubstr("m5.large"));

  Result<std::vector<std::string>> family_typo = ResolveInstanceTypes(catalog, "g4dx");
  ASSERT_FALSE(family_typo.ok());
  EXPECT_THAT(family_typo.status().hint(), HasSubstr("g4dn"));
}

TEST(CurrentPricesTest, OnDemandSpotPerZoneSavingsAndInterruptions) {
  testing::FakeSpotPriceHistory ec2;
  ec2.Add("m5.large", "us-east-2a", "0.040000", "2025-12-31T20:00:00Z");
  ec2.Add("m5.large", "us-east-2a", "0.038400", "2025-12-31T23:00:00Z");  // newest: in effect
  ec2.Add("m5.large", "us-east-2b", "0.041000", "2025-12-30T10:00:00Z");
  ec2.Add("m5.xlarge", "us-east-2a", "0.080000", "2025-12-31T10:00:00Z");
  ec2.Add("m5.xlarge", "us-east-2c", "0.070000", "2025-12-31T10:00:00Z");
  FakeClock clock(At("2026-01-01T00:00:00Z"));

  Result<PriceReport> report =
      CurrentPrices(ec2, TheMarket(), "us-east-2", {"m5.large", "m5.xlarge"}, clock);
  ASSERT_TRUE(report.ok()) << report.status().ToString();

  // One question, all pages: StartTime now returns the price in effect in each zone.
  ASSERT_EQ(ec2.requests.size(), 3u);
  EXPECT_EQ(ec2.requests[0].start_time, clock.Now());
  EXPECT_EQ(ec2.requests[0].product_descriptions, std::vector<std::string>{"Linux/UNIX"});
  EXPECT_EQ(ec2.requests[0].instance_types, (std::vector<std::string>{"m5.large", "m5.xlarge"}));
  EXPECT_EQ(ec2.requests[1].next_token, "2");

  EXPECT_EQ(report->zones, (std::vector<std::string>{"us-east-2a", "us-east-2b", "us-east-2c"}));
  ASSERT_EQ(report->types.size(), 2u);
  const InstancePrices& large = report->types[0];
  EXPECT_EQ(large.instance_type, "m5.large");
  EXPECT_EQ(large.on_demand, 0.096);  // AWS price list, us-east-2
  ASSERT_EQ(large.spot.size(), 2u);
  EXPECT_EQ(large.spot[0].availability_zone, "us-east-2a");
  EXPECT_EQ(large.spot[0].price, 0.0384);
  EXPECT_EQ(large.spot[0].since, At("2025-12-31T23:00:00Z"));
  EXPECT_EQ(large.lowest_spot, 0.0384);
  EXPECT_EQ(large.savings_percent, 60);  // 1 - 0.0384 / 0.096
  EXPECT_EQ(large.interruption_frequency, "15-20%");
  ASSERT_EQ(large.notes.size(), 1u);  // no price in us-east-2c, said so
  EXPECT_THAT(large.notes[0], HasSubstr("no Linux/UNIX spot price for m5.large in us-east-2c"));

  const InstancePrices& xlarge = report->types[1];
  EXPECT_EQ(xlarge.lowest_spot, 0.07);
  EXPECT_EQ(xlarge.interruption_frequency, ">20%");
  EXPECT_THAT(xlarge.notes[0], HasSubstr("m5.xlarge in us-east-2b"));
  EXPECT_EQ(report->notes.size(), 2u);
}

TEST(CurrentPricesTest, MissingNumbersStayEmptyWithTheReason) {
  testing::FakeSpotPriceHistory ec2;  // the cloud knows no spot price at all
  FakeClock clock;
  // ap-south-1 has no on-demand price list in the data.
  Result<PriceReport> report =
      CurrentPrices(ec2, TheMarket(), "ap-south-1", {"m5.large", "m5.xlarge"}, clock);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  const InstancePrices& row = report->types[0];
  EXPECT_FALSE(row.on_demand);
  EXPECT_TRUE(row.spot.empty());
  EXPECT_FALSE(row.lowest_spot);
  EXPECT_FALSE(row.savings_percent);
  EXPECT_TRUE(report->zones.empty());
  EXPECT_THAT(row.notes[1],
              HasSubstr("the cloud returned no Linux/UNIX spot price for m5.large in ap-south-1"));
  // The report says each reason once, naming every type it applies to.
  ASSERT_EQ(report->notes.size(), 2u);
  EXPECT_THAT(report->notes[0],
              HasSubstr("on-demand: no on-demand price list for region ap-south-1"));
  EXPECT_THAT(report->notes[1], HasSubstr("spot price for m5.large, m5.xlarge in ap-south-1"));
}

TEST(CurrentPricesTest, AnUnreadablePriceIsLeftOutAndNoted) {
  testing::FakeSpotPriceHistory ec2;
  ec2.Add("m5.large", "us-east-2a", "cheap", "2025-12-31T20:00:00Z");
  FakeClock clock;
  Result<PriceReport> report = CurrentPrices(ec2, TheMarket(), "us-east-2", {"m5.large"}, clock);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->types[0].spot.empty());
  EXPECT_THAT(report->notes[0], HasSubstr("unreadable price 'cheap'"));
}

TEST(CurrentPricesTest, ACloudErrorIsReturned) {
  testing::UnimplementedEc2Api ec2;
  FakeClock clock;
  EXPECT_FALSE(CurrentPrices(ec2, TheMarket(), "us-east-2", {"m5.large"}, clock).ok());
}

}  // namespace
}  // namespace spotrun
