#include <gtest/gtest.h>

#include "localcloud/ec2_resources_test_fixture.h"

namespace spotrun {
namespace {

class CatalogTest : public Ec2ResourcesTest {
 protected:
  void SetUp() override {
    Ec2ResourcesTest::SetUp();
    Start();
  }
};

TEST_F(CatalogTest, DescribeRegions) {
  Result<std::vector<Region>> regions = model_->DescribeRegions({});
  ASSERT_TRUE(regions.ok()) << regions.status().ToString();
  auto it = std::find_if(regions->begin(), regions->end(),
                         [](const Region& r) { return r.region_name == "eu-west-3"; });
  ASSERT_NE(it, regions->end());
  EXPECT_EQ(it->endpoint, "ec2.eu-west-3.amazonaws.com");
  EXPECT_EQ(it->opt_in_status, "opt-in-not-required");
  for (const Region& r : *regions) EXPECT_FALSE(r.region_name.starts_with("cn-"));
  Result<std::vector<Region>> one = model_->DescribeRegions({.region_names = {"us-east-2"}});
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ(model_->DescribeRegions({.filters = {{"region-name", {"eu-*"}}}})->size() > 3, true);
  EXPECT_EQ(CodeOf(model_->DescribeRegions({.region_names = {"mars-1"}})), "InvalidParameterValue");
  EXPECT_EQ(CodeOf(model_->DescribeRegions({.dry_run = true})), "DryRunOperation");
}

TEST_F(CatalogTest, DescribeAvailabilityZonesOfTheModelsRegion) {
  Result<std::vector<AvailabilityZone>> zones = model_->DescribeAvailabilityZones({});
  ASSERT_TRUE(zones.ok());
  ASSERT_EQ(zones->size(), 6u);
  EXPECT_EQ(zones->at(0).zone_name, "us-east-1a");
  EXPECT_EQ(zones->at(0).zone_id, "use1-az1");
  EXPECT_EQ(zones->at(0).state, "available");
  EXPECT_EQ(zones->at(0).region_name, "us-east-1");
  EXPECT_EQ(model_->DescribeAvailabilityZones({.zone_ids = {"use1-az2"}})->at(0).zone_name,
            "us-east-1b");
  EXPECT_EQ(model_->DescribeAvailabilityZones({.filters = {{"zone-name", {"us-east-1[ab]", "*f"}}}})
                ->size(),
            1u);
  EXPECT_EQ(CodeOf(model_->DescribeAvailabilityZones({.zone_names = {"us-west-2a"}})),
            "InvalidParameterValue");
}

TEST_F(CatalogTest, DescribeInstanceTypes) {
  Result<DescribeInstanceTypesResponse> m5 =
      model_->DescribeInstanceTypes({.instance_types = {"m5.large"}});
  ASSERT_TRUE(m5.ok()) << m5.status().ToString();
  ASSERT_EQ(m5->instance_types.size(), 1u);
  const InstanceTypeInfo& info = m5->instance_types[0];
  EXPECT_EQ(info.default_vcpus, 2);
  EXPECT_EQ(info.memory_mib, 8192);
  EXPECT_EQ(info.supported_architectures, (std::vector<std::string>{"x86_64"}));
  EXPECT_TRUE(info.current_generation);
  EXPECT_TRUE(info.SupportsSpot());

  Result<DescribeInstanceTypesResponse> t4 =
      model_->DescribeInstanceTypes({.instance_types = {"g4dn.xlarge"}});
  ASSERT_TRUE(t4.ok());
  ASSERT_EQ(t4->instance_types[0].gpus.size(), 1u);
  EXPECT_EQ(t4->instance_types[0].gpus[0].name, "T4");
  EXPECT_EQ(t4->instance_types[0].GpuCount(), 1);

  EXPECT_EQ(CodeOf(model_->DescribeInstanceTypes({.instance_types = {"m5.huge", "x9.tiny"}})),
            "InvalidInstanceType");
  EXPECT_EQ(CodeOf(model_->DescribeInstanceTypes({.max_results = 101})), "InvalidParameterValue");
  EXPECT_EQ(CodeOf(model_->DescribeInstanceTypes({.max_results = 4})), "InvalidParameterValue");
}

TEST_F(CatalogTest, DescribeInstanceTypesFilters) {
  Result<DescribeInstanceTypesResponse> m5 = model_->DescribeInstanceTypes(
      {.filters = {{"instance-type", {"m5.*"}}, {"vcpu-info.default-vcpus", {"2", "4"}}}});
  ASSERT_TRUE(m5.ok());
  std::vector<std::string> names;
  for (const InstanceTypeInfo& t : m5->instance_types) names.push_back(t.instance_type);
  EXPECT_EQ(names, (std::vector<std::string>{"m5.large", "m5.xlarge"}));
  Result<DescribeInstanceTypesResponse> arm = model_->DescribeInstanceTypes(
      {.filters = {{"processor-info.supported-architecture", {"arm64"}},
                   {"memory-info.size-in-mib", {"8192"}},
                   {"instance-type", {"m6g.*"}}}});
  ASSERT_TRUE(arm.ok());
  ASSERT_EQ(arm->instance_types.size(), 1u);
  EXPECT_EQ(arm->instance_types[0].instance_type, "m6g.large");
  EXPECT_GT(model_->DescribeInstanceTypes({.filters = {{"current-generation", {"false"}}}})
                ->instance_types.size(),
            0u);
  EXPECT_EQ(CodeOf(model_->DescribeInstanceTypes({.filters = {{"colour", {"x"}}}})),
            "InvalidParameterValue");
}

TEST_F(CatalogTest, DescribeInstanceTypesPages) {
  std::set<std::string> seen;
  std::optional<std::string> token;
  int pages = 0;
  do {
    Result<DescribeInstanceTypesResponse> page = model_->DescribeInstanceTypes(
        {.filters = {{"instance-type", {"c5*"}}}, .max_results = 5, .next_token = token});
    ASSERT_TRUE(page.ok());
    for (const InstanceTypeInfo& t : page->instance_types) {
      EXPECT_TRUE(seen.insert(t.instance_type).second) << t.instance_type;
    }
    token = page->next_token;
    ++pages;
  } while (!token->empty() && pages < 100);
  EXPECT_GT(pages, 1);
  EXPECT_TRUE(seen.contains("c5.large"));
  EXPECT_EQ(seen.size(), model_->DescribeInstanceTypes({.filters = {{"instance-type", {"c5*"}}}})
                             ->instance_types.size());
}

TEST_F(CatalogTest, DescribeInstanceTypeOfferings) {
  Result<DescribeInstanceTypeOfferingsResponse> region =
      model_->DescribeInstanceTypeOfferings({.filters = {{"instance-type", {"m5.large"}}}});
  ASSERT_TRUE(region.ok()) << region.status().ToString();
  ASSERT_EQ(region->instance_type_offerings.size(), 1u);
  EXPECT_EQ(region->instance_type_offerings[0].location_type, "region");
  EXPECT_EQ(region->instance_type_offerings[0].location, "us-east-1");

  Result<DescribeInstanceTypeOfferingsResponse> zones = model_->DescribeInstanceTypeOfferings(
      {.location_type = "availability-zone", .filters = {{"instance-type", {"m5.large"}}}});
  ASSERT_TRUE(zones.ok());
  EXPECT_EQ(zones->instance_type_offerings.size(), 6u);  // priced in us-east-1: every zone
  Result<DescribeInstanceTypeOfferingsResponse> ids = model_->DescribeInstanceTypeOfferings(
      {.location_type = "availability-zone-id",
       .filters = {{"instance-type", {"m5.large"}}, {"location", {"use1-az4"}}}});
  ASSERT_TRUE(ids.ok());
  ASSERT_EQ(ids->instance_type_offerings.size(), 1u);
  EXPECT_EQ(ids->instance_type_offerings[0].location, "use1-az4");

  Result<DescribeInstanceTypeOfferingsResponse> page = model_->DescribeInstanceTypeOfferings(
      {.location_type = "availability-zone", .max_results = 5});
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->instance_type_offerings.size(), 5u);
  EXPECT_FALSE(page->next_token.empty());
  EXPECT_EQ(CodeOf(model_->DescribeInstanceTypeOfferings({.location_type = "planet"})),
            "InvalidParameterValue");
}

}  // namespace
}  // namespace spotrun
