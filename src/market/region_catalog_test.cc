#include "market/region_catalog.h"

#include <gtest/gtest.h>

namespace spotrun::market {
namespace {

const RegionCatalog& Catalog() {
  static const RegionCatalog* catalog = new RegionCatalog(DataSet::Embedded());
  return *catalog;
}

TEST(RegionCatalogTest, ListsRegionsWithPlaceNames) {
  Result<std::vector<Region>> regions = Catalog().Regions();
  ASSERT_TRUE(regions.ok()) << regions.status().ToString();
  EXPECT_GE(regions->size(), 33u);  // every advisor region at least
  Result<Region> ohio = Catalog().FindRegion("us-east-2");
  ASSERT_TRUE(ohio.ok());
  EXPECT_EQ(ohio->name, "US East (Ohio)");
  EXPECT_EQ(ohio->partition, "aws");
  // Newer than Debian's botocore: known from the advisor, without a place name.
  Result<Region> israel = Catalog().FindRegion("il-central-1");
  ASSERT_TRUE(israel.ok());
  EXPECT_EQ(israel->name, "");
  EXPECT_EQ(Catalog().FindRegion("cn-north-1")->partition, "aws-cn");
}

TEST(RegionCatalogTest, FindRegionsByPlaceOrCode) {
  Result<std::vector<Region>> ohio = Catalog().FindRegions("Ohio");
  ASSERT_TRUE(ohio.ok());
  ASSERT_FALSE(ohio->empty());
  EXPECT_EQ(ohio->front().code, "us-east-2");  // before us-isob-east-1 "US ISOB East (Ohio)"
  EXPECT_EQ(Catalog().FindRegions("frankfurt")->front().code, "eu-central-1");
  EXPECT_EQ(Catalog().FindRegions("VIRGINIA")->front().code, "us-east-1");
  EXPECT_EQ(Catalog().FindRegions("us-east-1")->front().code, "us-east-1");
  EXPECT_TRUE(Catalog().FindRegions("Atlantis")->empty());
}

TEST(RegionCatalogTest, UnknownRegionSuggestsTheNearest) {
  Result<Region> region = Catalog().FindRegion("us-est-1");
  ASSERT_FALSE(region.ok());
  EXPECT_EQ(region.status().kind(), ErrorKind::kNotFound);
  EXPECT_EQ(region.status().hint(), "did you mean us-east-1?");
}

TEST(RegionCatalogTest, UsEast2ZonesAreTheDescribeAvailabilityZonesFixture) {
  Result<std::vector<AvailabilityZone>> zones = Catalog().Zones("us-east-2");
  ASSERT_TRUE(zones.ok());
  ASSERT_EQ(zones->size(), 3u);
  EXPECT_EQ((*zones)[0].name, "us-east-2a");
  EXPECT_EQ((*zones)[0].id, "use2-az1");
  EXPECT_EQ((*zones)[2].name, "us-east-2c");
  EXPECT_EQ((*zones)[2].id, "use2-az3");
}

TEST(RegionCatalogTest, OtherZonesFollowTheZoneIdsOfThePriceData) {
  Result<std::vector<AvailabilityZone>> zones = Catalog().Zones("us-east-1");
  ASSERT_TRUE(zones.ok());
  ASSERT_EQ(zones->size(), 6u);  // use1-az1 .. use1-az6
  EXPECT_EQ((*zones)[5].name, "us-east-1f");
  EXPECT_EQ((*zones)[5].id, "use1-az6");
  // ap-northeast-1 has no az3 in the data: names stay consecutive.
  Result<AvailabilityZone> c = Catalog().FindZone("ap-northeast-1c");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->id, "apne1-az4");
}

TEST(RegionCatalogTest, FindZoneByNameOrId) {
  Result<AvailabilityZone> by_id = Catalog().FindZone("euw3-az1");
  ASSERT_TRUE(by_id.ok());
  EXPECT_EQ(by_id->name, "eu-west-3a");
  EXPECT_EQ(by_id->region, "eu-west-3");
  Result<AvailabilityZone> typo = Catalog().FindZone("us-east-1z");
  ASSERT_FALSE(typo.ok());
  EXPECT_EQ(typo.status().kind(), ErrorKind::kNotFound);
}

TEST(RegionCatalogTest, RegionWithoutZonesSaysWhichHaveThem) {
  Result<std::vector<AvailabilityZone>> zones = Catalog().Zones("mx-central-1");
  ASSERT_FALSE(zones.ok());
  EXPECT_NE(zones.status().hint().find("us-east-1"), std::string::npos);
}

}  // namespace
}  // namespace spotrun::market
