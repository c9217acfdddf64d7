#include "localcloud/ec2_query_decode.h"

#include <string>
#include <string_view>

#include "localcloud/ec2_query_reader.h"

namespace spotrun {
namespace {

constexpr std::string_view kInvalidUserData = "Invalid BASE64 encoding of user data.";

// The members every Describe* with ids, filters and pages shares.
template <typename Request>
Result<Request> DecodeListing(const QueryParams& params, std::string_view ids_prefix,
                              std::vector<std::string> Request::*ids) {
  Ec2QueryReader in(params);
  Request r;
  r.*ids = in.List(ids_prefix);
  r.filters = in.Filters();
  in.Page(r.max_results, r.next_token);
  r.dry_run = in.DryRun();
  return in.Finish(std::move(r));
}

// Start/Stop/Terminate/RebootInstances and CancelSpotInstanceRequests: a required id list.
template <typename Request>
Result<Request> DecodeIds(const QueryParams& params, std::string_view ids_prefix,
                          std::vector<std::string> Request::*ids) {
  Ec2QueryReader in(params);
  Request r;
  r.*ids = in.RequiredList(ids_prefix);
  r.dry_run = in.DryRun();
  return in.Finish(std::move(r));
}

std::optional<InstanceMarketOptionsRequest> ReadMarketOptions(Ec2QueryReader& in) {
  constexpr std::string_view kPrefix = "InstanceMarketOptions";
  if (!in.HasPrefix(kPrefix)) return std::nullopt;
  InstanceMarketOptionsRequest market;
  if (auto type = in.OptionalString("InstanceMarketOptions.MarketType")) market.market_type = *type;
  if (in.HasPrefix("InstanceMarketOptions.SpotOptions")) {
    const std::string p = "InstanceMarketOptions.SpotOptions.";
    SpotMarketOptions spot;
    spot.max_price = in.OptionalString(p + "MaxPrice");
    spot.spot_instance_type = in.OptionalString(p + "SpotInstanceType");
    spot.instance_interruption_behavior = in.OptionalString(p + "InstanceInterruptionBehavior");
    spot.valid_until = in.OptionalTime(p + "ValidUntil");
    market.spot_options = spot;
  }
  return market;
}

InstanceMetadataOptionsRequest ReadMetadataOptions(Ec2QueryReader& in) {
  InstanceMetadataOptionsRequest options;
  options.http_tokens = in.OptionalString("MetadataOptions.HttpTokens").value_or("optional");
  options.http_endpoint = in.OptionalString("MetadataOptions.HttpEndpoint");
  options.http_put_response_hop_limit = in.OptionalInt("MetadataOptions.HttpPutResponseHopLimit");
  options.instance_metadata_tags = in.OptionalString("MetadataOptions.InstanceMetadataTags");
  return options;
}

RequestSpotLaunchSpecification ReadLaunchSpecification(Ec2QueryReader& in) {
  const std::string p = "LaunchSpecification.";
  RequestSpotLaunchSpecification spec;
  spec.image_id = in.RequiredString(p + "ImageId");
  spec.instance_type = in.String(p + "InstanceType");
  spec.key_name = in.OptionalString(p + "KeyName");
  spec.security_group_ids = in.List(p + "SecurityGroupId");
  spec.subnet_id = in.OptionalString(p + "SubnetId");
  spec.availability_zone = in.OptionalString(p + "Placement.AvailabilityZone");
  spec.user_data = in.OptionalBase64(p + "UserData", kInvalidUserData);
  spec.iam_instance_profile = in.IamInstanceProfile(p + "IamInstanceProfile");
  spec.block_device_mappings = in.BlockDeviceMappings(p + "BlockDeviceMapping");
  spec.ebs_optimized = in.OptionalBool(p + "EbsOptimized");
  return spec;
}

}  // namespace

// ---- Regions and zones --------------------------------------------------------------------

Result<DescribeRegionsRequest> DecodeDescribeRegions(const QueryParams& params) {
  Ec2QueryReader in(params);
  DescribeRegionsRequest r;
  r.region_names = in.List("RegionName");
  r.filters = in.Filters();
  r.all_regions = in.OptionalBool("AllRegions");
  r.dry_run = in.DryRun();
  return in.Finish(std::move(r));
}

Result<DescribeAvailabilityZonesRequest> DecodeDescribeAvailabilityZones(
    const QueryParams& params) {
  Ec2QueryReader in(params);
  DescribeAvailabilityZonesRequest r;
  r.zone_names = in.List("ZoneName");
  r.zone_ids = in.List("ZoneId");
  r.filters = in.Filters();
  r.all_availability_zones = in.OptionalBool("AllAvailabilityZones");
  r.dry_run = in.DryRun();
  return in.Finish(std::move(r));
}

// ---- Instances ----------------------------------------------------------------------------

Result<DescribeInstancesRequest> DecodeDescribeInstances(const QueryParams& params) {
  return DecodeListing(params, "InstanceId", &DescribeInstancesRequest::instance_ids);
}

Result<RunInstancesRequest> DecodeRunInstances(const QueryParams& params) {
  Ec2QueryReader in(params);
  RunInstancesRequest r;
  r.image_id = in.RequiredString("ImageId");
  r.instance_type = in.String("InstanceType");
  r.min_count = in.RequiredInt("MinCount");
  r.max_count = in.RequiredInt("MaxCount");
  r.key_name = in.OptionalString("KeyName");
  r.security_group_ids = in.List("SecurityGroupId");
  r.subnet_id = in.OptionalString("SubnetId");
  r.availability_zone = in.OptionalString("Placement.AvailabilityZone");
  r.user_data = in.OptionalBase64("UserData", kInvalidUserData);
  r.iam_instance_profile = in.IamInstanceProfile("IamInstanceProfile");
  r.block_device_mappings = in.BlockDeviceMappings("BlockDeviceMapping");
  r.tag_specifications = in.TagSpecifications();
  r.instance_market_options = ReadMarketOptions(in);
  r.metadata_options = ReadMetadataOptions(in);
  r.instance_initiated_shutdown_behavior = in.OptionalString("InstanceInitiatedShutdownBehavior");
  r.client_token = in.OptionalString("ClientToken");
  r.dry_run = in.DryRun();
  return in.Finish(std::move(r));
}

Result<StartInstancesRequest> DecodeStartInstances(const QueryParams& params) {
  return DecodeIds(params, "InstanceId", &StartInstancesRequest::instance_ids);
}

Result<StopInstancesRequest> DecodeStopInstances(const QueryParams& params) {
  Ec2QueryReader in(params);
  StopInstancesRequest r;
  r.instance_ids = in.RequiredList("InstanceId");
  r.hibernate = in.OptionalBool("Hibernate");
  r.force = in.OptionalBool("Force");
  r.dry_run = in.DryRun();
  return in.Finish(std::move(r));
}

Result<TerminateInstancesRequest> DecodeTerminateInstances(const QueryParams& params) {
  return DecodeIds(params, "InstanceId", &TerminateInstancesRequest::instance_ids);
}

Result<RebootInstancesRequest> DecodeRebootInstances(const QueryParams& params) {
  return DecodeIds(params, "InstanceId", &RebootInstancesRequest::instance_ids);
}

Result<ModifyInstanceAttributeRequest> DecodeModifyInstanceAttribute(const QueryParams& params) {
  Ec2QueryReader in(params);
  ModifyInstanceAttributeRequest r;
  r.instance_id = in.RequiredString("InstanceId");
  r.instance_type = in.OptionalString("InstanceType.Value");
  if (!r.instance_type && in.String("Attribute") == "instanceType") {
    r.instance_type = in.OptionalString("Value");
  }
  r.dry_run = in.DryRun();
  return in.Finish(std::move(r));
}

// ---- Tags ---------------------------------------------------------------------------------

Result<CreateTagsRequest> DecodeCreateTags(const QueryParams& params) {
  Ec2QueryReader in(params);
  CreateTagsRequest r;
  r.resource_ids = in.RequiredList("ResourceId");
  r.tags = in.Tags("Tag");
  if (r.tags.empty()) in.Fail(MissingParameter("Tag"));
  r.dry_run = in.DryRun();
  return in.Finish(std::move(r));
}

Result<DeleteTagsRequest> DecodeDeleteTags(const QueryParams& params) {
  Ec2QueryReader in(params);
  DeleteTagsRequest r;
  r.resource_ids = in.RequiredList("ResourceId");
  for (int i : in.Indices("Tag")) {
    std::string item = "Tag." + std::to_string(i);
    std::string key = in.String(item + ".Key");
    if (std::optional<std::string> value = in.OptionalString(item + ".Value")) {
      r.tags.push_back(Tag{std::move(key), *value});
    } else {
      r.keys.push_back(std::move(key));
    }
  }
  r.dry_run = in.DryRun();
  return in.Finish(std::move(r));
}

Result<DescribeTagsRequest> DecodeDescribeTags(const QueryParams& params) {
  Ec2QueryReader in(params);
  DescribeTagsRequest r;
  r.filters = in.Filters();
  in.Page(r.max_results, r.next_token);
  r.dry_run = in.DryRun();
  return in.Finish(std::move(r));
}

// ---- Images -------------------------------------------------------------------------------

Result<DescribeImagesRequest> DecodeDescribeImages(const QueryParams& params) {
  Ec2QueryReader in(params);
  DescribeImagesRequest r;
  r.image_ids = in.List("ImageId");
  r.owners = in.List("Owner");
  r.filters = in.Filters();
  r.include_deprecated = in.OptionalBool("IncludeDeprecated");
  r.dry_run = in.DryRun();
  return in.Finish(std::move(r));
}

Result<CreateImageRequest> DecodeCreateImage(const QueryParams& params) {
  Ec2QueryReader in(params);
  CreateImageRequest r;
  r.instance_id = in.RequiredString("InstanceId");
  r.name = in.RequiredString("Name");
  r.description = in.OptionalString("Description");
  r.no_reboot = in.OptionalBool("NoReboot");
  r.tag_specifications = in.TagSpecifications();
  r.dry_run = in.DryRun();
  return in.Finish(std::move(r));
}

Result<DeregisterImageRequest> DecodeDeregisterImage(const QueryParams& params) {
  Ec2QueryReader in(params);
  DeregisterImageRequest r;
  r.image_id = in.RequiredString("ImageId");
  r.dry_run = in.DryRun();
  return in.Finish(std::move(r));
}

// ---- Spot ---------------------------------------------------------------------------------

Result<RequestSpotInstancesRequest> DecodeRequestSpotInstances(const QueryParams& params) {
  Ec2QueryReader in(params);
  RequestSpotInstancesRequest r;
  r.launch_specification = ReadLaunchSpecification(in);
  r.spot_price = in.OptionalString("SpotPrice");
  r.instance_count = in.OptionalInt("InstanceCount");
  r.type = in.OptionalString("Type");
  r.valid_until = in.OptionalTime("ValidUntil");
  r.instance_interruption_behavior = in.OptionalString("InstanceInterruptionBehavior");
  r.tag_specifications = in.TagSpecifications();
  r.client_token = in.OptionalString("ClientToken");
  r.dry_run = in.DryRun();
  return in.Finish(std::move(r));
}

Result<DescribeSpotInstanceRequestsRequest> DecodeDescribeSpotInstanceRequests(
    const QueryParams& params) {
  return DecodeListing(params, "SpotInstanceRequestId",
                       &DescribeSpotInstanceRequestsRequest::spot_instance_request_ids);
}

Result<CancelSpotInstanceRequestsRequest> DecodeCancelSpotInstanceRequests(
    const QueryParams& params) {
  return DecodeIds(params, "SpotInstanceRequestId",
                   &CancelSpotInstanceRequestsRequest::spot_instance_request_ids);
}

Result<DescribeSpotPriceHistoryRequest> DecodeDescribeSpotPriceHistory(const QueryParams& params) {
  Ec2QueryReader in(params);
  DescribeSpotPriceHistoryRequest r;
  r.instance_types = in.List("InstanceType");
  r.product_descriptions = in.List("ProductDescription");
  r.start_time = in.OptionalTime("StartTime");
  r.end_time = in.OptionalTime("EndTime");
  r.availability_zone = in.OptionalString("AvailabilityZone");
  r.filters = in.Filters();
  in.Page(r.max_results, r.next_token);
  r.dry_run = in.DryRun();
  return in.Finish(std::move(r));
}

// ---- Instance types -----------------------------------------------------------------------

Result<DescribeInstanceTypesRequest> DecodeDescribeInstanceTypes(const QueryParams& params) {
  return DecodeListing(params, "InstanceType", &DescribeInstanceTypesRequest::instance_types);
}

Result<DescribeInstanceTypeOfferingsRequest> DecodeDescribeInstanceTypeOfferings(
    const QueryParams& params) {
  Ec2QueryReader in(params);
  DescribeInstanceTypeOfferingsRequest r;
  r.location_type = in.OptionalString("LocationType");
  r.filters = in.Filters();
  in.Page(r.max_results, r.next_token);
  r.dry_run = in.DryRun();
  return in.Finish(std::move(r));
}

// ---- Volumes and snapshots ----------------------------------------------------------------

Result<CreateVolumeRequest> DecodeCreateVolume(const QueryParams& params) {
  Ec2QueryReader in(params);
  CreateVolumeRequest r;
  r.availability_zone = in.RequiredString("AvailabilityZone");
  r.size = in.OptionalInt("Size");
  r.volume_type = in.OptionalString("VolumeType");
  r.iops = in.OptionalInt("Iops");
  r.throughput = in.OptionalInt("Throughput");
  r.encrypted = in.OptionalBool("Encrypted");
  r.kms_key_id = in.OptionalString("KmsKeyId");
  r.snapshot_id = in.OptionalString("SnapshotId");
  r.tag_specifications = in.TagSpecifications();
  r.client_token = in.OptionalString("ClientToken");
  r.dry_run = in.DryRun();
  return in.Finish(std::move(r));
}

Result<AttachVolumeRequest> DecodeAttachVolume(const QueryParams& params) {
  Ec2QueryReader in(params);
  AttachVolumeRequest r;
  r.device = in.RequiredString("Device");
  r.instance_id = in.RequiredString("InstanceId");
  r.volume_id = in.RequiredString("VolumeId");
  r.dry_run = in.DryRun();
  return in.Finish(std::move(r));
}

Result<DetachVolumeRequest> DecodeDetachVolume(const QueryParams& params) {
  Ec2QueryReader in(params);
  DetachVolumeRequest r;
  r.volume_id = in.RequiredString("VolumeId");
  r.instance_id = in.OptionalString("InstanceId");
  r.device = in.OptionalString("Device");
  r.force = in.OptionalBool("Force");
  r.dry_run = in.DryRun();
  return in.Finish(std::move(r));
}

Result<DeleteVolumeRequest> DecodeDeleteVolume(const QueryParams& params) {
  Ec2QueryReader in(params);
  DeleteVolumeRequest r;
  r.volume_id = in.RequiredString("VolumeId");
  r.dry_run = in.DryRun();
  return in.Finish(std::move(r));
}

Result<DescribeVolumesRequest> DecodeDescribeVolumes(const QueryParams& params) {
  return DecodeListing(params, "VolumeId", &DescribeVolumesRequest::volume_ids);
}

Result<CreateSnapshotRequest> DecodeCreateSnapshot(const QueryParams& params) {
  Ec2QueryReader in(params);
  CreateSnapshotRequest r;
  r.volume_id = in.RequiredString("VolumeId");
  r.description = in.OptionalString("Description");
  r.tag_specifications = in.TagSpecifications();
  r.dry_run = in.DryRun();
  return in.Finish(std::move(r));
}

Result<DeleteSnapshotRequest> DecodeDeleteSnapshot(const QueryParams& params) {
  Ec2QueryReader in(params);
  DeleteSnapshotRequest r;
  r.snapshot_id = in.RequiredString("SnapshotId");
  r.dry_run = in.DryRun();
  return in.Finish(std::move(r));
}

Result<DescribeSnapshotsRequest> DecodeDescribeSnapshots(const QueryParams& params) {
  Ec2QueryReader in(params);
  DescribeSnapshotsRequest r;
  r.snapshot_ids = in.List("SnapshotId");
  r.owner_ids = in.List("Owner");
  r.filters = in.Filters();
  in.Page(r.max_results, r.next_token);
  r.dry_run = in.DryRun();
  return in.Finish(std::move(r));
}

// ---- Key pairs ----------------------------------------------------------------------------

Result<CreateKeyPairRequest> DecodeCreateKeyPair(const QueryParams& params) {
  Ec2QueryReader in(params);
  CreateKeyPairRequest r;
  r.key_name = in.RequiredString("KeyName");
  r.key_type = in.OptionalString("KeyType");
  r.key_format = in.OptionalString("KeyFormat");
  r.tag_specifications = in.TagSpecifications();
  r.dry_run = in.DryRun();
  return in.Finish(std::move(r));
}

Result<ImportKeyPairRequest> DecodeImportKeyPair(const QueryParams& params) {
  Ec2QueryReader in(params);
  ImportKeyPairRequest r;
  r.key_name = in.RequiredString("KeyName");
  std::string material = in.RequiredString("PublicKeyMaterial");
  if (material.starts_with("ssh-") || material.starts_with("ecdsa-")) {
    r.public_key_material = material;  // sent raw, not base64
  } else if (!material.empty()) {
    r.public_key_material = in.OptionalBase64("PublicKeyMaterial",
                                              "Value for parameter PublicKeyMaterial is invalid. "
                                              "Expecting base64-encoded key material.")
                                .value_or("");
  }
  r.tag_specifications = in.TagSpecifications();
  r.dry_run = in.DryRun();
  return in.Finish(std::move(r));
}

Result<DescribeKeyPairsRequest> DecodeDescribeKeyPairs(const QueryParams& params) {
  Ec2QueryReader in(params);
  DescribeKeyPairsRequest r;
  r.key_names = in.List("KeyName");
  r.key_pair_ids = in.List("KeyPairId");
  r.filters = in.Filters();
  r.include_public_key = in.OptionalBool("IncludePublicKey");
  r.dry_run = in.DryRun();
  return in.Finish(std::move(r));
}

Result<DeleteKeyPairRequest> DecodeDeleteKeyPair(const QueryParams& params) {
  Ec2QueryReader in(params);
  DeleteKeyPairRequest r;
  r.key_name = in.OptionalString("KeyName");
  r.key_pair_id = in.OptionalString("KeyPairId");
  r.dry_run = in.DryRun();
  return in.Finish(std::move(r));
}

// ---- Security groups and networks ---------------------------------------------------------

Result<CreateSecurityGroupRequest> DecodeCreateSecurityGroup(const QueryParams& params) {
  Ec2QueryReader in(params);
  CreateSecurityGroupRequest r;
  r.group_name = in.RequiredString("GroupName");
  r.description = in.RequiredString("GroupDescription");
  r.vpc_id = in.OptionalString("VpcId");
  r.tag_specifications = in.TagSpecifications();
  r.dry_run = in.DryRun();
  return in.Finish(std::move(r));
}

Result<DescribeSecurityGroupsRequest> DecodeDescribeSecurityGroups(const QueryParams& params) {
  Ec2QueryReader in(params);
  DescribeSecurityGroupsRequest r;
  r.group_ids = in.List("GroupId");
  r.group_names = in.List("GroupName");
  r.filters = in.Filters();
  in.Page(r.max_results, r.next_token);
  r.dry_run = in.DryRun();
  return in.Finish(std::move(r));
}

Result<AuthorizeSecurityGroupIngressRequest> DecodeAuthorizeSecurityGroupIngress(
    const QueryParams& params) {
  Ec2QueryReader in(params);
  AuthorizeSecurityGroupIngressRequest r;
  r.group_id = in.OptionalString("GroupId");
  r.group_name = in.OptionalString("GroupName");
  r.ip_permissions = in.IpPermissions();
  if (std::optional<std::string> protocol = in.OptionalString("IpProtocol")) {
    IpPermission p{.ip_protocol = *protocol,
                   .from_port = in.OptionalInt("FromPort"),
                   .to_port = in.OptionalInt("ToPort")};
    if (std::optional<std::string> cidr = in.OptionalString("CidrIp")) {
      p.ip_ranges.push_back(IpRange{*cidr, std::nullopt});
    }
    r.ip_permissions.push_back(std::move(p));
  }
  r.tag_specifications = in.TagSpecifications();
  r.dry_run = in.DryRun();
  return in.Finish(std::move(r));
}

Result<DescribeVpcsRequest> DecodeDescribeVpcs(const QueryParams& params) {
  return DecodeListing(params, "VpcId", &DescribeVpcsRequest::vpc_ids);
}

Result<DescribeSubnetsRequest> DecodeDescribeSubnets(const QueryParams& params) {
  return DecodeListing(params, "SubnetId", &DescribeSubnetsRequest::subnet_ids);
}

}  // namespace spotrun
