// Ec2Client: the network spotrun launches into — DescribeVpcs and DescribeSubnets.
#include "aws/ec2_client.h"
#include "aws/ec2_pagination.h"
#include "aws/ec2_params.h"
#include "aws/ec2_xml.h"

namespace spotrun {
namespace {

Vpc ParseVpc(pugi::xml_node item) {
  Vpc v;
  v.vpc_id = ChildText(item, "vpcId");
  v.cidr_block = ChildText(item, "cidrBlock");
  v.state = ChildText(item, "state");
  v.is_default = ToBool(item.child("isDefault"));
  v.owner_id = ChildText(item, "ownerId");
  v.tags = ParseTags(item.child("tagSet"));
  return v;
}

Subnet ParseSubnet(pugi::xml_node item) {
  Subnet s;
  s.subnet_id = ChildText(item, "subnetId");
  s.vpc_id = ChildText(item, "vpcId");
  s.availability_zone = ChildText(item, "availabilityZone");
  s.availability_zone_id = ChildText(item, "availabilityZoneId");
  s.cidr_block = ChildText(item, "cidrBlock");
  s.state = ChildText(item, "state");
  s.available_ip_address_count = ToInt(item.child("availableIpAddressCount"));
  s.default_for_az = ToBool(item.child("defaultForAz"));
  s.map_public_ip_on_launch = ToBool(item.child("mapPublicIpOnLaunch"));
  s.tags = ParseTags(item.child("tagSet"));
  return s;
}

}  // namespace

Result<DescribeVpcsResponse> Ec2Client::DescribeVpcs(const DescribeVpcsRequest& request) {
  QueryParams params;
  params.SetList("VpcId", request.vpc_ids);
  AddFilters(params, request.filters);
  SetPage(params, request.max_results, request.next_token);
  SetDryRun(params, request.dry_run);
  return CallEc2(transport_, "DescribeVpcs", params, [](pugi::xml_node root) {
    return DescribeVpcsResponse{ParseItems(root.child("vpcSet"), ParseVpc), NextToken(root)};
  });
}

Result<std::vector<Vpc>> Ec2Client::DescribeVpcsAll(const DescribeVpcsRequest& request) {
  return CollectAllPages(
      "DescribeVpcs", request, options_.max_pages,
      [this](const DescribeVpcsRequest& r) { return DescribeVpcs(r); },
      &DescribeVpcsResponse::vpcs);
}

Result<DescribeSubnetsResponse> Ec2Client::DescribeSubnets(const DescribeSubnetsRequest& request) {
  QueryParams params;
  params.SetList("SubnetId", request.subnet_ids);
  AddFilters(params, request.filters);
  SetPage(params, request.max_results, request.next_token);
  SetDryRun(params, request.dry_run);
  return CallEc2(transport_, "DescribeSubnets", params, [](pugi::xml_node root) {
    return DescribeSubnetsResponse{ParseItems(root.child("subnetSet"), ParseSubnet),
                                   NextToken(root)};
  });
}

Result<std::vector<Subnet>> Ec2Client::DescribeSubnetsAll(const DescribeSubnetsRequest& request) {
  return CollectAllPages(
      "DescribeSubnets", request, options_.max_pages,
      [this](const DescribeSubnetsRequest& r) { return DescribeSubnets(r); },
      &DescribeSubnetsResponse::subnets);
}

}  // namespace spotrun
