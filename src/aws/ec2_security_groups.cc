// Ec2Client: CreateSecurityGroup, DescribeSecurityGroups and AuthorizeSecurityGroupIngress.
#include "aws/ec2_client.h"
#include "aws/ec2_pagination.h"
#include "aws/ec2_params.h"
#include "aws/ec2_xml.h"

namespace spotrun {
namespace {

IpPermission ParseIpPermission(pugi::xml_node item) {
  IpPermission p;
  p.ip_protocol = ChildText(item, "ipProtocol");
  p.from_port = ToOptionalInt(item.child("fromPort"));
  p.to_port = ToOptionalInt(item.child("toPort"));
  p.ip_ranges = ParseItems(item.child("ipRanges"), [](pugi::xml_node range) {
    IpRange r{ChildText(range, "cidrIp"), std::nullopt};
    if (pugi::xml_node d = range.child("description")) r.description = Text(d);
    return r;
  });
  return p;
}

SecurityGroup ParseSecurityGroup(pugi::xml_node item) {
  SecurityGroup g;
  g.group_id = ChildText(item, "groupId");
  g.group_name = ChildText(item, "groupName");
  g.description = ChildText(item, "groupDescription");
  g.vpc_id = ChildText(item, "vpcId");
  g.owner_id = ChildText(item, "ownerId");
  g.ip_permissions = ParseItems(item.child("ipPermissions"), ParseIpPermission);
  g.ip_permissions_egress = ParseItems(item.child("ipPermissionsEgress"), ParseIpPermission);
  g.tags = ParseTags(item.child("tagSet"));
  return g;
}

SecurityGroupRule ParseRule(pugi::xml_node item) {
  SecurityGroupRule r;
  r.security_group_rule_id = ChildText(item, "securityGroupRuleId");
  r.group_id = ChildText(item, "groupId");
  r.is_egress = ToBool(item.child("isEgress"));
  r.ip_protocol = ChildText(item, "ipProtocol");
  r.from_port = ToOptionalInt(item.child("fromPort"));
  r.to_port = ToOptionalInt(item.child("toPort"));
  r.cidr_ipv4 = ChildText(item, "cidrIpv4");
  r.description = ChildText(item, "description");
  return r;
}

}  // namespace

Result<CreateSecurityGroupResponse> Ec2Client::CreateSecurityGroup(
    const CreateSecurityGroupRequest& request) {
  QueryParams params;
  params.Set("GroupName", request.group_name);
  params.Set("GroupDescription", request.description);
  SetOptional(params, "VpcId", request.vpc_id);
  AddTagSpecifications(params, request.tag_specifications);
  SetDryRun(params, request.dry_run);
  return CallEc2(transport_, "CreateSecurityGroup", params, [](pugi::xml_node root) {
    return CreateSecurityGroupResponse{ChildText(root, "groupId"), ParseTags(root.child("tagSet"))};
  });
}

Result<DescribeSecurityGroupsResponse> Ec2Client::DescribeSecurityGroups(
    const DescribeSecurityGroupsRequest& request) {
  QueryParams params;
  params.SetList("GroupId", request.group_ids);
  params.SetList("GroupName", request.group_names);
  AddFilters(params, request.filters);
  SetPage(params, request.max_results, request.next_token);
  SetDryRun(params, request.dry_run);
  return CallEc2(transport_, "DescribeSecurityGroups", params, [](pugi::xml_node root) {
    return DescribeSecurityGroupsResponse{
        ParseItems(root.child("securityGroupInfo"), ParseSecurityGroup), NextToken(root)};
  });
}

Result<std::vector<SecurityGroup>> Ec2Client::DescribeSecurityGroupsAll(
    const DescribeSecurityGroupsRequest& request) {
  return CollectAllPages(
      "DescribeSecurityGroups", request, options_.max_pages,
      [this](const DescribeSecurityGroupsRequest& r) { return DescribeSecurityGroups(r); },
      &DescribeSecurityGroupsResponse::security_groups);
}

Result<AuthorizeSecurityGroupIngressResponse> Ec2Client::AuthorizeSecurityGroupIngress(
    const AuthorizeSecurityGroupIngressRequest& request) {
  QueryParams params;
  SetOptional(params, "GroupId", request.group_id);
  SetOptional(params, "GroupName", request.group_name);
  AddIpPermissions(params, request.ip_permissions);
  AddTagSpecifications(params, request.tag_specifications);
  SetDryRun(params, request.dry_run);
  return CallEc2(transport_, "AuthorizeSecurityGroupIngress", params, [](pugi::xml_node root) {
    return AuthorizeSecurityGroupIngressResponse{
        ToOptionalBool(root.child("return")).value_or(true),
        ParseItems(root.child("securityGroupRuleSet"), ParseRule)};
  });
}

}  // namespace spotrun
