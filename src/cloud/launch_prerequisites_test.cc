// First-run setup against the local cloud's EC2 model: default network, key pair, ssh group.
#include "cloud/launch_prerequisites.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cloud/launch_test_fixture.h"
#include "cloud/managed_tags.h"

namespace spotrun {
namespace {

using ::testing::HasSubstr;

class LaunchPrerequisitesTest : public testing::FreshRegionTest {};

TEST_F(LaunchPrerequisitesTest, FindsTheDefaultVpcAndASubnetPerZone) {
  Result<DefaultNetwork> network = FindDefaultNetwork(*model_);
  ASSERT_TRUE(network.ok()) << network.status().ToString();
  EXPECT_THAT(network->vpc_id, ::testing::StartsWith("vpc-"));
  ASSERT_GE(network->subnets.size(), 2u);
  EXPECT_EQ(network->subnets[0].availability_zone, "us-east-1a");
  ASSERT_NE(network->SubnetIn("us-east-1b"), nullptr);
  EXPECT_EQ(network->SubnetIn("us-east-1b")->vpc_id, network->vpc_id);
  EXPECT_EQ(network->SubnetIn("mars-1a"), nullptr);
}

TEST_F(LaunchPrerequisitesTest, NoDefaultVpcSaysHowToMakeOne) {
  model_.reset();
  Ec2State state;
  state.region = "us-east-1";
  state.owner_id = "000000000000";
  Ec2Model::Deps deps{clock_, runtime_, testing::SharedMarket(), [] { return 0.5; }, pool_.get()};
  model_ = std::move(Ec2Model::Create(std::move(state), deps, {})).value();
  Result<DefaultNetwork> network = FindDefaultNetwork(*model_);
  ASSERT_FALSE(network.ok());
  EXPECT_EQ(network.status().kind(), ErrorKind::kFailedPrecondition);
  EXPECT_THAT(network.status().message(), HasSubstr("no default VPC"));
  EXPECT_THAT(network.status().hint(), HasSubstr("aws ec2 create-default-vpc"));
}

TEST_F(LaunchPrerequisitesTest, ImportsTheKeyOnceTaggedManaged) {
  ASSERT_TRUE(EnsureKeyPair(*model_, Identity()).ok());
  ASSERT_TRUE(EnsureKeyPair(*model_, Identity()).ok());
  Result<std::vector<KeyPairInfo>> keys =
      model_->DescribeKeyPairs({.key_names = {Identity().key_pair_name}});
  ASSERT_TRUE(keys.ok()) << keys.status().ToString();
  ASSERT_EQ(keys->size(), 1u);
  EXPECT_EQ(FindTag(keys->front().tags, kManagedTag), "true");
}

TEST_F(LaunchPrerequisitesTest, LoopbackEndpointsGetLoopbackCidrOthersNone) {
  EXPECT_EQ(DefaultSshCidr("http://127.0.0.1:7700"), "127.0.0.1/32");
  EXPECT_EQ(DefaultSshCidr("http://localhost:7700/"), "127.0.0.1/32");
  EXPECT_EQ(DefaultSshCidr("https://ec2.us-east-1.amazonaws.com"), std::nullopt);
}

TEST_F(LaunchPrerequisitesTest, NormalizesCidrs) {
  EXPECT_EQ(NormalizeCidr("203.0.113.7").value(), "203.0.113.7/32");
  EXPECT_EQ(NormalizeCidr("203.0.113.0/24").value(), "203.0.113.0/24");
  EXPECT_EQ(NormalizeCidr("0.0.0.0/0").value(), "0.0.0.0/0");
  EXPECT_FALSE(NormalizeCidr("203.0.113.7/33").ok());
  EXPECT_FALSE(NormalizeCidr("my-laptop").ok());
}

TEST_F(LaunchPrerequisitesTest, MakesTheSshGroupOnceWithOnePort22Rule) {
  std::string vpc = FindDefaultNetwork(*model_)->vpc_id;
  Result<std::string> first = EnsureSshSecurityGroup(*model_, vpc, "127.0.0.1/32");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  Result<std::string> second = EnsureSshSecurityGroup(*model_, vpc, "127.0.0.1/32");
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(*first, *second);
  // Without a CIDR the existing rule is enough (a second launch against AWS).
  EXPECT_EQ(EnsureSshSecurityGroup(*model_, vpc, std::nullopt).value(), *first);
  Result<DescribeSecurityGroupsResponse> groups = model_->DescribeSecurityGroups(
      {.filters = {{"group-name", {std::string(kSshSecurityGroupName)}}}});
  ASSERT_EQ(groups->security_groups.size(), 1u);
  const SecurityGroup& group = groups->security_groups.front();
  EXPECT_EQ(FindTag(group.tags, kManagedTag), "true");
  ASSERT_EQ(group.ip_permissions.size(), 1u);
  EXPECT_EQ(group.ip_permissions[0].from_port, 22);
  ASSERT_EQ(group.ip_permissions[0].ip_ranges.size(), 1u);
  EXPECT_EQ(group.ip_permissions[0].ip_ranges[0].cidr_ip, "127.0.0.1/32");
}

TEST_F(LaunchPrerequisitesTest, WithoutCidrOrRuleAsksForSshCidrAndNeverOpensToAll) {
  std::string vpc = FindDefaultNetwork(*model_)->vpc_id;
  Result<std::string> group = EnsureSshSecurityGroup(*model_, vpc, std::nullopt);
  ASSERT_FALSE(group.ok());
  EXPECT_THAT(group.status().hint(), HasSubstr("--ssh-cidr"));
  Result<DescribeSecurityGroupsResponse> groups = model_->DescribeSecurityGroups(
      {.filters = {{"group-name", {std::string(kSshSecurityGroupName)}}}});
  EXPECT_TRUE(groups->security_groups.empty());
}

TEST_F(LaunchPrerequisitesTest, ANewCidrIsAddedToTheExistingGroup) {
  std::string vpc = FindDefaultNetwork(*model_)->vpc_id;
  std::string id = EnsureSshSecurityGroup(*model_, vpc, "127.0.0.1/32").value();
  EXPECT_EQ(EnsureSshSecurityGroup(*model_, vpc, "203.0.113.7/32").value(), id);
  Result<DescribeSecurityGroupsResponse> groups =
      model_->DescribeSecurityGroups({.group_ids = {id}});
  size_t ranges = 0;
  for (const IpPermission& p : groups->security_groups.front().ip_permissions) {
    ranges += p.ip_ranges.size();
  }
  EXPECT_EQ(ranges, 2u);
}

}  // namespace
}  // namespace spotrun
