// The choices of a launch against the local cloud's EC2 model: instance type, image, zones.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cloud/image_resolver.h"
#include "cloud/launch_instance_type.h"
#include "cloud/launch_test_fixture.h"
#include "cloud/launch_zones.h"

namespace spotrun {
namespace {

using ::testing::HasSubstr;

class LaunchChoicesTest : public testing::FreshRegionTest {
 protected:
  const market::InstanceTypeCatalog& catalog() { return testing::SharedMarket().instance_types(); }
};

TEST_F(LaunchChoicesTest, KnownTypeGivesItsArchitecture) {
  Result<InstanceTypeInfo> x86 = DescribeLaunchType(*model_, catalog(), "m5.large");
  ASSERT_TRUE(x86.ok()) << x86.status().ToString();
  EXPECT_EQ(LaunchArchitecture(*x86), "x86_64");
  Result<InstanceTypeInfo> arm = DescribeLaunchType(*model_, catalog(), "t4g.micro");
  ASSERT_TRUE(arm.ok()) << arm.status().ToString();
  EXPECT_EQ(LaunchArchitecture(*arm), "arm64");
}

TEST_F(LaunchChoicesTest, UnknownTypeNamesTheNearest) {
  Result<InstanceTypeInfo> type = DescribeLaunchType(*model_, catalog(), "m5.lareg");
  ASSERT_FALSE(type.ok());
  EXPECT_EQ(type.status().kind(), ErrorKind::kNotFound);
  EXPECT_THAT(type.status().message(), HasSubstr("unknown instance type m5.lareg"));
  EXPECT_THAT(type.status().hint(), HasSubstr("m5.large"));
}

TEST_F(LaunchChoicesTest, SimilarTypesAreNeighboursAndSiblings) {
  std::vector<std::string> similar = SimilarInstanceTypes(catalog(), "m5.large");
  ASSERT_FALSE(similar.empty());
  EXPECT_EQ(similar[0], "m5.xlarge");
  for (const std::string& t : similar) EXPECT_NE(t, "m5.large");
}

TEST_F(LaunchChoicesTest, UbuntuIsTheNewestLtsForTheArchitecture) {
  Result<Image> x86 = ResolveImage(*model_, "ubuntu", "x86_64");
  ASSERT_TRUE(x86.ok()) << x86.status().ToString();
  EXPECT_EQ(x86->owner_id, kCanonicalOwnerId);
  EXPECT_THAT(x86->name, HasSubstr("24.04-amd64"));
  Result<Image> arm = ResolveImage(*model_, "ubuntu", "arm64");
  ASSERT_TRUE(arm.ok()) << arm.status().ToString();
  EXPECT_THAT(arm->name, HasSubstr("24.04-arm64"));
}

TEST_F(LaunchChoicesTest, AnIdIsTakenAndAnUnknownNamePointsAtImages) {
  std::string id = ResolveImage(*model_, "ubuntu", "x86_64")->image_id;
  EXPECT_EQ(ResolveImage(*model_, id, "x86_64")->image_id, id);
  Result<Image> missing = ResolveImage(*model_, "ami-00000000000000000", "x86_64");
  EXPECT_EQ(missing.status().kind(), ErrorKind::kNotFound);
  Result<Image> named = ResolveImage(*model_, "my-trainer", "x86_64");
  ASSERT_FALSE(named.ok());
  EXPECT_EQ(named.status().kind(), ErrorKind::kNotFound);
  EXPECT_THAT(named.status().hint(), HasSubstr("spotrun images"));
}

TEST_F(LaunchChoicesTest, SpotZonesAreRankedByCurrentPrice) {
  DefaultNetwork network = FindDefaultNetwork(*model_).value();
  Result<std::vector<LaunchZone>> zones =
      LaunchZones(*model_, network, "m5.large", /*spot=*/true, "", clock_.Now());
  ASSERT_TRUE(zones.ok()) << zones.status().ToString();
  ASSERT_GE(zones->size(), 2u);
  ASSERT_TRUE(zones->front().spot_price.has_value());
  for (size_t n = 1; n < zones->size(); ++n) {
    if (!(*zones)[n].spot_price) continue;
    ASSERT_TRUE((*zones)[n - 1].spot_price);
    EXPECT_LE(*(*zones)[n - 1].spot_price, *(*zones)[n].spot_price);
  }
  for (const LaunchZone& z : *zones) EXPECT_EQ(network.SubnetIn(z.zone)->subnet_id, z.subnet_id);
}

TEST_F(LaunchChoicesTest, AZoneFlagNarrowsToThatZone) {
  DefaultNetwork network = FindDefaultNetwork(*model_).value();
  Result<std::vector<LaunchZone>> zones =
      LaunchZones(*model_, network, "m5.large", true, "us-east-1b", clock_.Now());
  ASSERT_TRUE(zones.ok()) << zones.status().ToString();
  ASSERT_EQ(zones->size(), 1u);
  EXPECT_EQ(zones->front().zone, "us-east-1b");
  Result<std::vector<LaunchZone>> bad =
      LaunchZones(*model_, network, "m5.large", true, "us-east-1z", clock_.Now());
  EXPECT_EQ(bad.status().kind(), ErrorKind::kInvalidArgument);
}

}  // namespace
}  // namespace spotrun
