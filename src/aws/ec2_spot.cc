// Ec2Client: spot requests (RequestSpotInstances, DescribeSpotInstanceRequests,
// CancelSpotInstanceRequests) and DescribeSpotPriceHistory.
#include "aws/ec2_client.h"
#include "aws/ec2_pagination.h"
#include "aws/ec2_params.h"
#include "aws/ec2_xml.h"
#include "base/base64.h"

namespace spotrun {
namespace {

SpotLaunchSpecification ParseLaunchSpecification(pugi::xml_node node) {
  SpotLaunchSpecification s;
  s.image_id = ChildText(node, "imageId");
  s.instance_type = ChildText(node, "instanceType");
  s.key_name = ChildText(node, "keyName");
  s.availability_zone = ChildText(node.child("placement"), "availabilityZone");
  s.subnet_id = ChildText(node, "subnetId");
  s.security_groups = ParseGroups(node.child("groupSet"));
  return s;
}

SpotInstanceRequest ParseSpotInstanceRequest(pugi::xml_node item) {
  SpotInstanceRequest r;
  r.spot_instance_request_id = ChildText(item, "spotInstanceRequestId");
  r.state = ChildText(item, "state");
  pugi::xml_node status = item.child("status");
  r.status.code = ChildText(status, "code");
  r.status.message = ChildText(status, "message");
  r.status.update_time = ToTime(status.child("updateTime"));
  r.type = ChildText(item, "type");
  r.spot_price = ChildText(item, "spotPrice");
  r.instance_id = ChildText(item, "instanceId");
  r.launch_specification = ParseLaunchSpecification(item.child("launchSpecification"));
  r.instance_interruption_behavior = ChildText(item, "instanceInterruptionBehavior");
  r.launched_availability_zone = ChildText(item, "launchedAvailabilityZone");
  r.product_description = ChildText(item, "productDescription");
  r.valid_until = ToTime(item.child("validUntil"));
  r.create_time = ToTime(item.child("createTime"));
  r.fault = ParseStateReason(item.child("fault"));
  r.tags = ParseTags(item.child("tagSet"));
  return r;
}

SpotPrice ParseSpotPrice(pugi::xml_node item) {
  SpotPrice p;
  p.availability_zone = ChildText(item, "availabilityZone");
  p.instance_type = ChildText(item, "instanceType");
  p.product_description = ChildText(item, "productDescription");
  p.spot_price = ChildText(item, "spotPrice");
  p.timestamp = ToTime(item.child("timestamp")).value_or(TimePoint());
  return p;
}

void AddLaunchSpecification(QueryParams& params, const RequestSpotLaunchSpecification& spec) {
  const std::string p = "LaunchSpecification.";
  params.Set(p + "ImageId", spec.image_id);
  params.Set(p + "InstanceType", spec.instance_type);
  SetOptional(params, p + "KeyName", spec.key_name);
  params.SetList(p + "SecurityGroupId", spec.security_group_ids);
  SetOptional(params, p + "SubnetId", spec.subnet_id);
  SetOptional(params, p + "Placement.AvailabilityZone", spec.availability_zone);
  if (spec.user_data) params.Set(p + "UserData", Base64Encode(*spec.user_data));
  AddIamInstanceProfile(params, p + "IamInstanceProfile", spec.iam_instance_profile);
  AddBlockDeviceMappings(params, p + "BlockDeviceMapping", spec.block_device_mappings);
  SetOptional(params, p + "EbsOptimized", spec.ebs_optimized);
}

}  // namespace

Result<std::vector<SpotInstanceRequest>> Ec2Client::RequestSpotInstances(
    const RequestSpotInstancesRequest& request) {
  QueryParams params;
  AddLaunchSpecification(params, request.launch_specification);
  SetOptional(params, "SpotPrice", request.spot_price);
  SetOptional(params, "InstanceCount", request.instance_count);
  SetOptional(params, "Type", request.type);
  SetOptional(params, "ValidUntil", request.valid_until);
  SetOptional(params, "InstanceInterruptionBehavior", request.instance_interruption_behavior);
  AddTagSpecifications(params, request.tag_specifications);
  params.Set("ClientToken", ClientTokenOr(request.client_token));
  SetDryRun(params, request.dry_run);
  return CallEc2(transport_, "RequestSpotInstances", params, [](pugi::xml_node root) {
    return ParseItems(root.child("spotInstanceRequestSet"), ParseSpotInstanceRequest);
  });
}

Result<DescribeSpotInstanceRequestsResponse> Ec2Client::DescribeSpotInstanceRequests(
    const DescribeSpotInstanceRequestsRequest& request) {
  QueryParams params;
  params.SetList("SpotInstanceRequestId", request.spot_instance_request_ids);
  AddFilters(params, request.filters);
  SetPage(params, request.max_results, request.next_token);
  SetDryRun(params, request.dry_run);
  return CallEc2(transport_, "DescribeSpotInstanceRequests", params, [](pugi::xml_node root) {
    return DescribeSpotInstanceRequestsResponse{
        ParseItems(root.child("spotInstanceRequestSet"), ParseSpotInstanceRequest),
        NextToken(root)};
  });
}

Result<std::vector<SpotInstanceRequest>> Ec2Client::DescribeSpotInstanceRequestsAll(
    const DescribeSpotInstanceRequestsRequest& request) {
  return CollectAllPages(
      "DescribeSpotInstanceRequests", request, options_.max_pages,
      [this](const DescribeSpotInstanceRequestsRequest& r) {
        return DescribeSpotInstanceRequests(r);
      },
      &DescribeSpotInstanceRequestsResponse::spot_instance_requests);
}

Result<std::vector<CancelledSpotInstanceRequest>> Ec2Client::CancelSpotInstanceRequests(
    const CancelSpotInstanceRequestsRequest& request) {
  QueryParams params;
  params.SetList("SpotInstanceRequestId", request.spot_instance_request_ids);
  SetDryRun(params, request.dry_run);
  return CallEc2(transport_, "CancelSpotInstanceRequests", params, [](pugi::xml_node root) {
    return ParseItems(root.child("spotInstanceRequestSet"), [](pugi::xml_node item) {
      return CancelledSpotInstanceRequest{ChildText(item, "spotInstanceRequestId"),
                                          ChildText(item, "state")};
    });
  });
}

Result<DescribeSpotPriceHistoryResponse> Ec2Client::DescribeSpotPriceHistory(
    const DescribeSpotPriceHistoryRequest& request) {
  QueryParams params;
  params.SetList("InstanceType", request.instance_types);
  params.SetList("ProductDescription", request.product_descriptions);
  SetOptional(params, "StartTime", request.start_time);
  SetOptional(params, "EndTime", request.end_time);
  SetOptional(params, "AvailabilityZone", request.availability_zone);
  AddFilters(params, request.filters);
  SetPage(params, request.max_results, request.next_token);
  SetDryRun(params, request.dry_run);
  return CallEc2(transport_, "DescribeSpotPriceHistory", params, [](pugi::xml_node root) {
    return DescribeSpotPriceHistoryResponse{
        ParseItems(root.child("spotPriceHistorySet"), ParseSpotPrice), NextToken(root)};
  });
}

Result<std::vector<SpotPrice>> Ec2Client::DescribeSpotPriceHistoryAll(
    const DescribeSpotPriceHistoryRequest& request) {
  return CollectAllPages(
      "DescribeSpotPriceHistory", request, options_.max_pages,
      [this](const DescribeSpotPriceHistoryRequest& r) { return DescribeSpotPriceHistory(r); },
      &DescribeSpotPriceHistoryResponse::spot_price_history);
}

}  // namespace spotrun
