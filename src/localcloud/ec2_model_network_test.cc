#include <gtest/gtest.h>

#include "localcloud/ec2_resources_test_fixture.h"

namespace spotrun {
namespace {

class NetworkTest : public Ec2ResourcesTest {
 protected:
  void SetUp() override {
    Ec2ResourcesTest::SetUp();
    Start();
  }
};

TEST_F(NetworkTest, NewStateHasTheDefaultVpcWithOneSubnetPerZone) {
  Result<DescribeVpcsResponse> vpcs = model_->DescribeVpcs({});
  ASSERT_TRUE(vpcs.ok());
  ASSERT_EQ(vpcs->vpcs.size(), 1u);
  const Vpc& vpc = vpcs->vpcs[0];
  EXPECT_EQ(vpc.cidr_block, "172.31.0.0/16");
  EXPECT_TRUE(vpc.is_default);
  EXPECT_EQ(vpc.state, "available");
  EXPECT_EQ(vpc.owner_id, Ec2Model::kDefaultOwnerId);

  Result<DescribeSubnetsResponse> subnets = model_->DescribeSubnets({});
  ASSERT_TRUE(subnets.ok());
  ASSERT_EQ(subnets->subnets.size(), 6u);  // us-east-1a … us-east-1f
  std::map<std::string, const Subnet*> by_zone;
  for (const Subnet& s : subnets->subnets) by_zone[s.availability_zone] = &s;
  EXPECT_EQ(by_zone["us-east-1a"]->cidr_block, "172.31.0.0/20");
  EXPECT_EQ(by_zone["us-east-1a"]->availability_zone_id, "use1-az1");
  EXPECT_EQ(by_zone["us-east-1b"]->cidr_block, "172.31.16.0/20");
  EXPECT_EQ(by_zone["us-east-1f"]->cidr_block, "172.31.80.0/20");
  for (const Subnet& s : subnets->subnets) {
    EXPECT_TRUE(s.default_for_az);
    EXPECT_EQ(s.vpc_id, vpc.vpc_id);
    EXPECT_EQ(s.available_ip_address_count, 4091);
  }
}

TEST_F(NetworkTest, DefaultSecurityGroupAllowsAllEgress) {
  Result<DescribeSecurityGroupsResponse> groups =
      model_->DescribeSecurityGroups({.group_names = {"default"}});
  ASSERT_TRUE(groups.ok()) << groups.status().ToString();
  ASSERT_EQ(groups->security_groups.size(), 1u);
  const SecurityGroup& group = groups->security_groups[0];
  EXPECT_EQ(group.vpc_id, DefaultVpcId());
  ASSERT_EQ(group.ip_permissions_egress.size(), 1u);
  EXPECT_EQ(group.ip_permissions_egress[0].ip_protocol, "-1");
  EXPECT_EQ(group.ip_permissions_egress[0].ip_ranges[0].cidr_ip, "0.0.0.0/0");
}

TEST_F(NetworkTest, SubnetFilters) {
  Result<DescribeSubnetsResponse> one = model_->DescribeSubnets(
      {.filters = {{"availability-zone", {"us-east-1c"}}, {"default-for-az", {"true"}}}});
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one->subnets.size(), 1u);
  EXPECT_EQ(one->subnets[0].cidr_block, "172.31.32.0/20");
  Result<DescribeSubnetsResponse> by_vpc =
      model_->DescribeSubnets({.filters = {{"vpc-id", {DefaultVpcId()}}}});
  EXPECT_EQ(by_vpc->subnets.size(), 6u);
  Result<DescribeSubnetsResponse> by_id =
      model_->DescribeSubnets({.filters = {{"subnet-id", {one->subnets[0].subnet_id}}}});
  EXPECT_EQ(by_id->subnets.size(), 1u);
  EXPECT_EQ(CodeOf(model_->DescribeSubnets({.subnet_ids = {"subnet-12345678"}})),
            "InvalidSubnetID.NotFound");
  EXPECT_EQ(CodeOf(model_->DescribeSubnets({.filters = {{"bogus", {"x"}}}})),
            "InvalidParameterValue");
}

TEST_F(NetworkTest, SubnetPagination) {
  Result<DescribeSubnetsResponse> first = model_->DescribeSubnets({.max_results = 5});
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->subnets.size(), 5u);
  ASSERT_FALSE(first->next_token.empty());
  Result<DescribeSubnetsResponse> second =
      model_->DescribeSubnets({.max_results = 5, .next_token = first->next_token});
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->subnets.size(), 1u);
  EXPECT_TRUE(second->next_token.empty());
  EXPECT_EQ(CodeOf(model_->DescribeSubnets({.max_results = 4})), "InvalidParameterValue");
}

TEST_F(NetworkTest, VpcFilters) {
  EXPECT_EQ(model_->DescribeVpcs({.filters = {{"is-default", {"true"}}}})->vpcs.size(), 1u);
  EXPECT_EQ(model_->DescribeVpcs({.filters = {{"is-default", {"false"}}}})->vpcs.size(), 0u);
  EXPECT_EQ(model_->DescribeVpcs({.filters = {{"cidr", {"172.31.*"}}}})->vpcs.size(), 1u);
  EXPECT_EQ(model_->DescribeVpcs({.filters = {{"state", {"available"}}}})->vpcs.size(), 1u);
  EXPECT_EQ(model_->DescribeVpcs({.filters = {{"vpc-id", {DefaultVpcId()}}}})->vpcs.size(), 1u);
  EXPECT_EQ(CodeOf(model_->DescribeVpcs({.vpc_ids = {"vpc-00000000"}})), "InvalidVpcID.NotFound");
}

TEST_F(NetworkTest, CreateSecurityGroupInTheDefaultVpc) {
  Result<CreateSecurityGroupResponse> made =
      model_->CreateSecurityGroup({.group_name = "web",
                                   .description = "web servers",
                                   .tag_specifications = {{"security-group", {{"Name", "web"}}}}});
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  EXPECT_TRUE(made->group_id.starts_with("sg-"));
  EXPECT_EQ(made->tags, (std::vector<Tag>{{"Name", "web"}}));
  Result<DescribeSecurityGroupsResponse> groups =
      model_->DescribeSecurityGroups({.group_ids = {made->group_id}});
  ASSERT_TRUE(groups.ok());
  EXPECT_EQ(groups->security_groups[0].vpc_id, DefaultVpcId());
  EXPECT_EQ(groups->security_groups[0].description, "web servers");
  EXPECT_EQ(groups->security_groups[0].ip_permissions_egress.size(), 1u);
}

TEST_F(NetworkTest, CreateSecurityGroupErrors) {
  ASSERT_TRUE(model_->CreateSecurityGroup({.group_name = "web", .description = "d"}).ok());
  EXPECT_EQ(CodeOf(model_->CreateSecurityGroup({.group_name = "web", .description = "d"})),
            "InvalidGroup.Duplicate");
  EXPECT_EQ(CodeOf(model_->CreateSecurityGroup({.group_name = "default", .description = "d"})),
            "InvalidGroup.Reserved");
  EXPECT_EQ(CodeOf(model_->CreateSecurityGroup({.group_name = "x"})), "MissingParameter");
  EXPECT_EQ(CodeOf(model_->CreateSecurityGroup({.group_name = "sg-1", .description = "d"})),
            "InvalidParameterValue");
  EXPECT_EQ(CodeOf(model_->CreateSecurityGroup(
                {.group_name = "y", .description = "d", .vpc_id = "vpc-12345678"})),
            "InvalidVpcID.NotFound");
  EXPECT_EQ(
      CodeOf(model_->CreateSecurityGroup({.group_name = "y", .description = "d", .dry_run = true})),
      "DryRunOperation");
  EXPECT_EQ(
      model_->DescribeSecurityGroups({.filters = {{"group-name", {"y"}}}})->security_groups.size(),
      0u);
}

TEST_F(NetworkTest, DescribeSecurityGroupsFiltersAndErrors) {
  ASSERT_TRUE(model_->CreateSecurityGroup({.group_name = "web", .description = "d"}).ok());
  ASSERT_TRUE(model_->CreateSecurityGroup({.group_name = "db", .description = "d"}).ok());
  EXPECT_EQ(model_->DescribeSecurityGroups({.filters = {{"group-name", {"w*", "db"}}}})
                ->security_groups.size(),
            2u);
  EXPECT_EQ(model_->DescribeSecurityGroups({.filters = {{"vpc-id", {DefaultVpcId()}}}})
                ->security_groups.size(),
            3u);
  EXPECT_EQ(CodeOf(model_->DescribeSecurityGroups({.group_ids = {"sg-12345678"}})),
            "InvalidGroup.NotFound");
  EXPECT_EQ(CodeOf(model_->DescribeSecurityGroups({.group_ids = {"nope"}})),
            "InvalidGroupId.Malformed");
  EXPECT_EQ(CodeOf(model_->DescribeSecurityGroups({.group_names = {"nope"}})),
            "InvalidGroup.NotFound");
}

TEST_F(NetworkTest, AuthorizeIngressAddsRulesAndRefusesDuplicates) {
  std::string id = model_->CreateSecurityGroup({.group_name = "ssh", .description = "d"})->group_id;
  AuthorizeSecurityGroupIngressRequest request{
      .group_id = id,
      .ip_permissions = {{"tcp", 22, 22, {{"203.0.113.7/32", "me"}, {"198.51.100.0/24", {}}}}}};
  Result<AuthorizeSecurityGroupIngressResponse> added =
      model_->AuthorizeSecurityGroupIngress(request);
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  EXPECT_TRUE(added->return_value);
  ASSERT_EQ(added->security_group_rules.size(), 2u);
  EXPECT_TRUE(added->security_group_rules[0].security_group_rule_id.starts_with("sgr-"));
  EXPECT_EQ(added->security_group_rules[0].cidr_ipv4, "203.0.113.7/32");
  EXPECT_EQ(added->security_group_rules[0].description, "me");
  EXPECT_FALSE(added->security_group_rules[0].is_egress);

  SecurityGroup group = model_->DescribeSecurityGroups({.group_ids = {id}})->security_groups[0];
  ASSERT_EQ(group.ip_permissions.size(), 1u);
  EXPECT_EQ(group.ip_permissions[0].ip_ranges.size(), 2u);

  Result<AuthorizeSecurityGroupIngressResponse> again =
      model_->AuthorizeSecurityGroupIngress(request);
  EXPECT_EQ(CodeOf(again), "InvalidPermission.Duplicate");
  EXPECT_NE(again.status().message().find("203.0.113.7/32"), std::string::npos);
  // Protocol numbers name the same protocol.
  EXPECT_EQ(CodeOf(model_->AuthorizeSecurityGroupIngress(
                {.group_id = id, .ip_permissions = {{"6", 22, 22, {{"203.0.113.7/32", {}}}}}})),
            "InvalidPermission.Duplicate");
}

TEST_F(NetworkTest, AuthorizeIngressValidation) {
  std::string id = model_->CreateSecurityGroup({.group_name = "g", .description = "d"})->group_id;
  auto with = [&](IpPermission p) {
    return CodeOf(model_->AuthorizeSecurityGroupIngress({.group_id = id, .ip_permissions = {p}}));
  };
  EXPECT_EQ(with({"tcp", 22, 22, {{"10.0.0.0/33", {}}}}), "InvalidParameterValue");
  EXPECT_EQ(with({"tcp", 22, 22, {{"10.0.0/8", {}}}}), "InvalidParameterValue");
  EXPECT_EQ(with({"tcp", 80, 22, {{"10.0.0.0/8", {}}}}), "InvalidParameterValue");
  EXPECT_EQ(with({"tcp", {}, {}, {{"10.0.0.0/8", {}}}}), "InvalidParameterValue");
  EXPECT_EQ(with({"gre", 1, 1, {{"10.0.0.0/8", {}}}}), "InvalidParameterValue");
  EXPECT_EQ(CodeOf(model_->AuthorizeSecurityGroupIngress({.group_id = id})), "MissingParameter");
  EXPECT_EQ(
      CodeOf(model_->AuthorizeSecurityGroupIngress(
          {.group_id = "sg-12345678", .ip_permissions = {{"-1", {}, {}, {{"10.0.0.0/8", {}}}}}})),
      "InvalidGroup.NotFound");
  EXPECT_EQ(CodeOf(model_->AuthorizeSecurityGroupIngress(
                {.group_id = id,
                 .ip_permissions = {{"-1", {}, {}, {{"10.0.0.0/8", {}}}}},
                 .dry_run = true})),
            "DryRunOperation");
  EXPECT_TRUE(model_->DescribeSecurityGroups({.group_ids = {id}})
                  ->security_groups[0]
                  .ip_permissions.empty());
  // By name (default VPC), all traffic.
  EXPECT_EQ(with({"-1", {}, {}, {{"10.0.0.0/8", {}}}}), "");
  EXPECT_EQ(
      CodeOf(model_->AuthorizeSecurityGroupIngress(
          {.group_name = "default", .ip_permissions = {{"udp", 53, 53, {{"10.0.0.0/8", {}}}}}})),
      "");
}

}  // namespace
}  // namespace spotrun
