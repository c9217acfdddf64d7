#include "market/instance_type_catalog.h"

#include <gtest/gtest.h>

namespace spotrun::market {
namespace {

const InstanceTypeCatalog& Catalog() {
  static const InstanceTypeCatalog* catalog = new InstanceTypeCatalog(DataSet::Embedded());
  return *catalog;
}

TEST(InstanceTypeCatalogTest, DescribesRealTypes) {
  Result<InstanceTypeInfo> m5 = Catalog().Find("m5.large");
  ASSERT_TRUE(m5.ok()) << m5.status().ToString();
  EXPECT_EQ(m5->family, "m5");
  EXPECT_EQ(m5->vcpu, 2);
  EXPECT_EQ(m5->memory_mib, 8192);
  EXPECT_EQ(m5->architecture, Architecture::kX86_64);
  EXPECT_FALSE(m5->has_gpu());
  EXPECT_EQ(m5->gpu_count, 0);

  Result<InstanceTypeInfo> g4dn = Catalog().Find("g4dn.12xlarge");  // DescribeInstanceTypes
  ASSERT_TRUE(g4dn.ok());
  EXPECT_EQ(g4dn->gpu_count, 4);
  EXPECT_EQ(g4dn->gpu_manufacturer, "NVIDIA");
  EXPECT_EQ(g4dn->gpu_name, "T4");
  EXPECT_EQ(g4dn->gpu_memory_mib, 65536);

  Result<InstanceTypeInfo> g5 = Catalog().Find("g5.xlarge");  // gpu.json
  ASSERT_TRUE(g5.ok());
  EXPECT_EQ(g5->gpu_count, 1);
  EXPECT_EQ(g5->gpu_name, "A10G");
  EXPECT_EQ(g5->architecture, Architecture::kUnknown);  // no source, no naming rule
}

TEST(InstanceTypeCatalogTest, ArchitectureFromAwsNamingWhereNoApiAnswer) {
  EXPECT_EQ(Catalog().Find("c7g.large")->architecture, Architecture::kArm64);
  EXPECT_EQ(Catalog().Find("m7i.large")->architecture, Architecture::kX86_64);
  EXPECT_EQ(Catalog().Find("t4g.micro")->architecture, Architecture::kArm64);  // from the API
  EXPECT_EQ(Catalog().Find("a1.large")->architecture, Architecture::kArm64);   // from the API
  EXPECT_EQ(ArchitectureName(Architecture::kArm64), "arm64");
}

TEST(InstanceTypeCatalogTest, GpuJsonMistakesAreNotTrusted) {
  Result<InstanceTypeInfo> p5 = Catalog().Find("p5.48xlarge");
  ASSERT_TRUE(p5.ok());
  EXPECT_TRUE(p5->has_gpu());
  EXPECT_FALSE(p5->gpu_count.has_value());  // gpu.json's 192 is the vCPU count
  Result<InstanceTypeInfo> p4d = Catalog().Find("p4d.24xlarge");
  EXPECT_EQ(p4d->gpu_count, 8);  // DescribeInstanceTypes, not gpu.json's 96
  EXPECT_EQ(Catalog().Find("g6e.xlarge")->gpu_name, "");   // gpu.json says L4, wrongly
  EXPECT_FALSE(Catalog().Find("inf1.xlarge")->has_gpu());  // accelerators are not GPUs
}

TEST(InstanceTypeCatalogTest, NearestTypesForTypos) {
  Result<std::vector<std::string>> near = Catalog().NearestTypes("m5.lareg");
  ASSERT_TRUE(near.ok());
  ASSERT_FALSE(near->empty());
  EXPECT_EQ(near->front(), "m5.large");
  EXPECT_EQ(Catalog().NearestTypes("G4DN.XLARGE")->front(), "g4dn.xlarge");
  EXPECT_TRUE(Catalog().NearestTypes("quantum-computer")->empty());

  Result<InstanceTypeInfo> typo = Catalog().Find("m5.lareg");
  ASSERT_FALSE(typo.ok());
  EXPECT_EQ(typo.status().kind(), ErrorKind::kNotFound);
  EXPECT_EQ(typo.status().hint(), "did you mean m5.large?");
}

TEST(InstanceTypeCatalogTest, FamilySmallestFirst) {
  Result<std::vector<InstanceTypeInfo>> g4dn = Catalog().Family("g4dn");
  ASSERT_TRUE(g4dn.ok());
  ASSERT_EQ(g4dn->size(), 7u);
  EXPECT_EQ(g4dn->front().name, "g4dn.xlarge");
  EXPECT_EQ(g4dn->back().name, "g4dn.metal");
  EXPECT_TRUE(Catalog().Family("zz9")->empty());
}

TEST(InstanceTypeCatalogTest, MatchingRequirements) {
  InstanceRequirements needs;
  needs.min_vcpu = 4;
  needs.min_memory_mib = 16384;
  needs.min_gpus = 1;
  needs.gpu_name = "t4";
  Result<std::vector<InstanceTypeInfo>> found = Catalog().Matching(needs);
  ASSERT_TRUE(found.ok());
  ASSERT_FALSE(found->empty());
  EXPECT_EQ(found->front().name, "g4dn.xlarge");
  for (const InstanceTypeInfo& t : *found) EXPECT_EQ(t.gpu_name, "T4") << t.name;

  InstanceRequirements arm;
  arm.architecture = Architecture::kArm64;
  arm.min_vcpu = 2;
  Result<std::vector<InstanceTypeInfo>> arm_types = Catalog().Matching(arm);
  ASSERT_TRUE(arm_types.ok());
  EXPECT_FALSE(arm_types->empty());
  for (const InstanceTypeInfo& t : *arm_types) {
    EXPECT_EQ(t.architecture, Architecture::kArm64);
    EXPECT_GE(t.vcpu, 2);
  }
}

}  // namespace
}  // namespace spotrun::market
