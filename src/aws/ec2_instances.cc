// Ec2Client: the instance lifecycle — DescribeInstances, RunInstances, Start/Stop/Terminate/
// RebootInstances and ModifyInstanceAttribute.
#include "aws/ec2_client.h"
#include "aws/ec2_pagination.h"
#include "aws/ec2_params.h"
#include "aws/ec2_xml.h"
#include "base/base64.h"

namespace spotrun {
namespace {

InstanceState ParseInstanceState(pugi::xml_node node) {
  return InstanceState{ToInt(node.child("code")), ChildText(node, "name")};
}

std::vector<InstanceBlockDeviceMapping> ParseInstanceBlockDevices(pugi::xml_node set) {
  return ParseItems(set, [](pugi::xml_node item) {
    InstanceBlockDeviceMapping m;
    m.device_name = ChildText(item, "deviceName");
    pugi::xml_node ebs = item.child("ebs");
    m.volume_id = ChildText(ebs, "volumeId");
    m.status = ChildText(ebs, "status");
    m.attach_time = ToTime(ebs.child("attachTime"));
    m.delete_on_termination = ToBool(ebs.child("deleteOnTermination"));
    return m;
  });
}

InstanceMetadataOptions ParseMetadataOptions(pugi::xml_node node) {
  InstanceMetadataOptions o;
  o.state = ChildText(node, "state");
  o.http_tokens = ChildText(node, "httpTokens");
  o.http_endpoint = ChildText(node, "httpEndpoint");
  o.http_put_response_hop_limit = ToOptionalInt(node.child("httpPutResponseHopLimit"));
  return o;
}

// One pass over the item's children: an instance has ~50 members and this is the hottest
// parser (DescribeInstances of a large account), so avoid a lookup per field.
Instance ParseInstance(pugi::xml_node item) {
  Instance i;
  for (pugi::xml_node c = item.first_child(); c; c = c.next_sibling()) {
    std::string_view n = c.name();
    if (n == "instanceId") {
      i.instance_id = Text(c);
    } else if (n == "instanceType") {
      i.instance_type = Text(c);
    } else if (n == "instanceState") {
      i.state = ParseInstanceState(c);
    } else if (n == "imageId") {
      i.image_id = Text(c);
    } else if (n == "keyName") {
      i.key_name = Text(c);
    } else if (n == "launchTime") {
      i.launch_time = ToTime(c);
    } else if (n == "placement") {
      i.availability_zone = ChildText(c, "availabilityZone");
    } else if (n == "privateIpAddress") {
      i.private_ip_address = Text(c);
    } else if (n == "ipAddress") {
      i.public_ip_address = Text(c);
    } else if (n == "privateDnsName") {
      i.private_dns_name = Text(c);
    } else if (n == "dnsName") {
      i.public_dns_name = Text(c);
    } else if (n == "subnetId") {
      i.subnet_id = Text(c);
    } else if (n == "vpcId") {
      i.vpc_id = Text(c);
    } else if (n == "instanceLifecycle") {
      i.instance_lifecycle = Text(c);
    } else if (n == "spotInstanceRequestId") {
      i.spot_instance_request_id = Text(c);
    } else if (n == "groupSet") {
      i.security_groups = ParseGroups(c);
    } else if (n == "tagSet") {
      i.tags = ParseTags(c);
    } else if (n == "blockDeviceMapping") {
      i.block_device_mappings = ParseInstanceBlockDevices(c);
    } else if (n == "metadataOptions") {
      i.metadata_options = ParseMetadataOptions(c);
    } else if (n == "reason") {
      i.state_transition_reason = Text(c);
    } else if (n == "stateReason") {
      i.state_reason = ParseStateReason(c);
    } else if (n == "architecture") {
      i.architecture = Text(c);
    } else if (n == "iamInstanceProfile") {
      i.iam_instance_profile = IamInstanceProfile{ChildText(c, "arn"), ChildText(c, "id")};
    } else if (n == "rootDeviceName") {
      i.root_device_name = Text(c);
    } else if (n == "rootDeviceType") {
      i.root_device_type = Text(c);
    } else if (n == "platformDetails") {
      i.platform_details = Text(c);
    } else if (n == "clientToken") {
      i.client_token = Text(c);
    }
  }
  return i;
}

// A Reservation, from a reservationSet item or RunInstances' root (same members).
Reservation ParseReservation(pugi::xml_node node) {
  Reservation r;
  r.reservation_id = ChildText(node, "reservationId");
  r.owner_id = ChildText(node, "ownerId");
  r.requester_id = ChildText(node, "requesterId");
  r.instances = ParseItems(node.child("instancesSet"), ParseInstance);
  return r;
}

std::vector<InstanceStateChange> ParseStateChanges(pugi::xml_node root) {
  return ParseItems(root.child("instancesSet"), [](pugi::xml_node item) {
    return InstanceStateChange{ChildText(item, "instanceId"),
                               ParseInstanceState(item.child("currentState")),
                               ParseInstanceState(item.child("previousState"))};
  });
}

void AddMarketOptions(QueryParams& params, const InstanceMarketOptionsRequest& market) {
  params.Set("InstanceMarketOptions.MarketType", market.market_type);
  if (!market.spot_options) return;
  const SpotMarketOptions& spot = *market.spot_options;
  constexpr std::string_view kSpot = "InstanceMarketOptions.SpotOptions.";
  SetOptional(params, std::string(kSpot) + "MaxPrice", spot.max_price);
  SetOptional(params, std::string(kSpot) + "SpotInstanceType", spot.spot_instance_type);
  SetOptional(params, std::string(kSpot) + "InstanceInterruptionBehavior",
              spot.instance_interruption_behavior);
  SetOptional(params, std::string(kSpot) + "ValidUntil", spot.valid_until);
}

void AddMetadataOptions(QueryParams& params, const InstanceMetadataOptionsRequest& options) {
  params.Set("MetadataOptions.HttpTokens", options.http_tokens);
  SetOptional(params, "MetadataOptions.HttpEndpoint", options.http_endpoint);
  SetOptional(params, "MetadataOptions.HttpPutResponseHopLimit",
              options.http_put_response_hop_limit);
  SetOptional(params, "MetadataOptions.InstanceMetadataTags", options.instance_metadata_tags);
}

}  // namespace

Result<DescribeInstancesResponse> Ec2Client::DescribeInstances(
    const DescribeInstancesRequest& request) {
  QueryParams params;
  params.SetList("InstanceId", request.instance_ids);
  AddFilters(params, request.filters);
  SetPage(params, request.max_results, request.next_token);
  SetDryRun(params, request.dry_run);
  return CallEc2(transport_, "DescribeInstances", params, [](pugi::xml_node root) {
    return DescribeInstancesResponse{ParseItems(root.child("reservationSet"), ParseReservation),
                                     NextToken(root)};
  });
}

Result<std::vector<Reservation>> Ec2Client::DescribeInstancesAll(
    const DescribeInstancesRequest& request) {
  return CollectAllPages(
      "DescribeInstances", request, options_.max_pages,
      [this](const DescribeInstancesRequest& r) { return DescribeInstances(r); },
      &DescribeInstancesResponse::reservations);
}

Result<Reservation> Ec2Client::RunInstances(const RunInstancesRequest& request) {
  QueryParams params;
  params.Set("ImageId", request.image_id);
  params.Set("InstanceType", request.instance_type);
  params.SetInt("MinCount", request.min_count);
  params.SetInt("MaxCount", request.max_count);
  SetOptional(params, "KeyName", request.key_name);
  params.SetList("SecurityGroupId", request.security_group_ids);
  SetOptional(params, "SubnetId", request.subnet_id);
  SetOptional(params, "Placement.AvailabilityZone", request.availability_zone);
  if (request.user_data) params.Set("UserData", Base64Encode(*request.user_data));
  AddIamInstanceProfile(params, "IamInstanceProfile", request.iam_instance_profile);
  AddBlockDeviceMappings(params, "BlockDeviceMapping", request.block_device_mappings);
  AddTagSpecifications(params, request.tag_specifications);
  if (request.instance_market_options) AddMarketOptions(params, *request.instance_market_options);
  AddMetadataOptions(params, request.metadata_options);
  SetOptional(params, "InstanceInitiatedShutdownBehavior",
              request.instance_initiated_shutdown_behavior);
  params.Set("ClientToken", ClientTokenOr(request.client_token));
  SetDryRun(params, request.dry_run);
  return CallEc2(transport_, "RunInstances", params, ParseReservation);
}

Result<std::vector<InstanceStateChange>> Ec2Client::StartInstances(
    const StartInstancesRequest& request) {
  QueryParams params;
  params.SetList("InstanceId", request.instance_ids);
  SetDryRun(params, request.dry_run);
  return CallEc2(transport_, "StartInstances", params, ParseStateChanges);
}

Result<std::vector<InstanceStateChange>> Ec2Client::StopInstances(
    const StopInstancesRequest& request) {
  QueryParams params;
  params.SetList("InstanceId", request.instance_ids);
  SetOptional(params, "Hibernate", request.hibernate);
  SetOptional(params, "Force", request.force);
  SetDryRun(params, request.dry_run);
  return CallEc2(transport_, "StopInstances", params, ParseStateChanges);
}

Result<std::vector<InstanceStateChange>> Ec2Client::TerminateInstances(
    const TerminateInstancesRequest& request) {
  QueryParams params;
  params.SetList("InstanceId", request.instance_ids);
  SetDryRun(params, request.dry_run);
  return CallEc2(transport_, "TerminateInstances", params, ParseStateChanges);
}

Status Ec2Client::RebootInstances(const RebootInstancesRequest& request) {
  QueryParams params;
  params.SetList("InstanceId", request.instance_ids);
  SetDryRun(params, request.dry_run);
  return CallEc2(transport_, "RebootInstances", params);
}

Status Ec2Client::ModifyInstanceAttribute(const ModifyInstanceAttributeRequest& request) {
  QueryParams params;
  params.Set("InstanceId", request.instance_id);
  SetOptional(params, "InstanceType.Value", request.instance_type);
  SetDryRun(params, request.dry_run);
  return CallEc2(transport_, "ModifyInstanceAttribute", params);
}

}  // namespace spotrun
