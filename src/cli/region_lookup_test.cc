#include "cli/region_lookup.h"

#include <gtest/gtest.h>

namespace spotrun {
namespace {

const market::RegionCatalog& Catalog() {
  static const market::RegionCatalog* catalog =
      new market::RegionCatalog(market::DataSet::Embedded());
  return *catalog;
}

TEST(RegionLookupTest, NoTextListsEveryRegion) {
  Result<std::vector<market::Region>> all = LookUpRegions(Catalog(), "");
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  EXPECT_EQ(all->size(), Catalog().Regions()->size());
}

TEST(RegionLookupTest, OhioNamesUsEast2NotTheIsolatedPartition) {
  Result<std::vector<market::Region>> ohio = LookUpRegions(Catalog(), "Ohio");
  ASSERT_TRUE(ohio.ok());
  ASSERT_EQ(ohio->size(), 2u);  // us-east-2 and us-isob-east-1
  std::optional<market::Region> named = NamedRegion(*ohio, "Ohio");
  ASSERT_TRUE(named);
  EXPECT_EQ(named->code, "us-east-2");
}

TEST(RegionLookupTest, ExactCodeAndSingleMatchAreNamed) {
  EXPECT_EQ(NamedRegion(*LookUpRegions(Catalog(), "frankfurt"), "frankfurt")->code, "eu-central-1");
  EXPECT_EQ(NamedRegion(*LookUpRegions(Catalog(), "us-east-1"), "us-east-1")->code, "us-east-1");
  EXPECT_EQ(NamedRegion(*LookUpRegions(Catalog(), "Beijing"), "Beijing")->code, "cn-north-1");
}

TEST(RegionLookupTest, SeveralCommercialMatchesAreAmbiguous) {
  Result<std::vector<market::Region>> eu = LookUpRegions(Catalog(), "eu-west");
  ASSERT_TRUE(eu.ok());
  EXPECT_EQ(eu->size(), 3u);
  EXPECT_FALSE(NamedRegion(*eu, "eu-west"));
}

TEST(RegionLookupTest, NoMatchIsNotFoundWithTheNearestRegions) {
  Result<std::vector<market::Region>> typo = LookUpRegions(Catalog(), "Ohoi");
  ASSERT_FALSE(typo.ok());
  EXPECT_EQ(typo.status().kind(), ErrorKind::kNotFound);
  EXPECT_EQ(typo.status().message(), "no region matches 'Ohoi'");
  EXPECT_NE(typo.status().hint().find("us-east-2 (US East (Ohio))"), std::string::npos);

  Result<std::vector<market::Region>> code = LookUpRegions(Catalog(), "us-est-2");
  ASSERT_FALSE(code.ok());
  EXPECT_NE(code.status().hint().find("us-east-2"), std::string::npos);

  Result<std::vector<market::Region>> none = LookUpRegions(Catalog(), "Atlantis");
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().hint().find("'spotrun region' lists every region"), std::string::npos);
}

}  // namespace
}  // namespace spotrun
