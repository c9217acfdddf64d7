// The request and response shapes of Ec2Client's operations, one struct per EC2 action, with
// fields named after the API's members. Optional members are std::optional (or empty lists)
// and are not sent when unset; spotrun's safe defaults (IMDSv2 required, encrypted volumes)
// are the field defaults. Every member has an initializer so that designated initializers
// ({.volume_id = "vol-1"}) may leave any out under -Wextra. Value types: copy freely.
#ifndef SPOTRUN_AWS_EC2_REQUESTS_H_
#define SPOTRUN_AWS_EC2_REQUESTS_H_

#include <optional>
#include <string>
#include <vector>

#include "aws/ec2_types.h"
#include "base/clock.h"

namespace spotrun {

// ---- Regions and zones --------------------------------------------------------------------

struct DescribeRegionsRequest {
  std::vector<std::string> region_names{};
  std::vector<Filter> filters{};
  std::optional<bool> all_regions{};  // include regions not opted in
  bool dry_run = false;
};

struct DescribeAvailabilityZonesRequest {
  std::vector<std::string> zone_names{};
  std::vector<std::string> zone_ids{};
  std::vector<Filter> filters{};
  std::optional<bool> all_availability_zones{};
  bool dry_run = false;
};

// ---- Instances ----------------------------------------------------------------------------

struct DescribeInstancesRequest {
  std::vector<std::string> instance_ids{};
  std::vector<Filter> filters{};
  std::optional<int> max_results{};  // 5..1000; not allowed together with instance_ids
  std::optional<std::string> next_token{};
  bool dry_run = false;
};

struct DescribeInstancesResponse {
  std::vector<Reservation> reservations{};
  std::string next_token{};  // empty on the last page
};

struct IamInstanceProfileSpecification {
  std::optional<std::string> arn{};
  std::optional<std::string> name{};
};

// SpotMarketOptions of RunInstances' InstanceMarketOptions.
struct SpotMarketOptions {
  std::optional<std::string> max_price{};           // USD/hour; unset = on-demand price cap
  std::optional<std::string> spot_instance_type{};  // "one-time" | "persistent"
  std::optional<std::string> instance_interruption_behavior{};  // "terminate" | "stop" | …
  std::optional<TimePoint> valid_until{};                       // persistent requests only
};

struct InstanceMarketOptionsRequest {
  std::string market_type = "spot";
  std::optional<SpotMarketOptions> spot_options{};
};

struct InstanceMetadataOptionsRequest {
  std::string http_tokens = "required";  // spotrun's default: IMDSv2 only
  std::optional<std::string> http_endpoint{};
  std::optional<int> http_put_response_hop_limit{};
  std::optional<std::string> instance_metadata_tags{};  // "enabled" lets the agent read tags
};

struct RunInstancesRequest {
  std::string image_id{};
  std::string instance_type{};
  int min_count = 1;
  int max_count = 1;
  std::optional<std::string> key_name{};
  std::vector<std::string> security_group_ids{};
  std::optional<std::string> subnet_id{};
  std::optional<std::string> availability_zone{};  // Placement.AvailabilityZone
  std::optional<std::string> user_data{};          // raw; sent base64-encoded
  std::optional<IamInstanceProfileSpecification> iam_instance_profile{};
  std::vector<BlockDeviceMapping> block_device_mappings{};
  std::vector<TagSpecification> tag_specifications{};
  std::optional<InstanceMarketOptionsRequest> instance_market_options{};  // set for spot
  InstanceMetadataOptionsRequest metadata_options{};
  std::optional<std::string> instance_initiated_shutdown_behavior{};  // "stop" | "terminate"
  std::optional<std::string> client_token{};  // idempotency; one is generated when unset
  bool dry_run = false;
};

struct StartInstancesRequest {
  std::vector<std::string> instance_ids{};
  bool dry_run = false;
};

struct StopInstancesRequest {
  std::vector<std::string> instance_ids{};
  std::optional<bool> hibernate{};
  std::optional<bool> force{};
  bool dry_run = false;
};

struct TerminateInstancesRequest {
  std::vector<std::string> instance_ids{};
  bool dry_run = false;
};

struct RebootInstancesRequest {
  std::vector<std::string> instance_ids{};
  bool dry_run = false;
};

// ModifyInstanceAttribute for the attributes spotrun changes (the instance must be stopped
// to change its type).
struct ModifyInstanceAttributeRequest {
  std::string instance_id{};
  std::optional<std::string> instance_type{};  // InstanceType.Value
  bool dry_run = false;
};

// ---- Tags ---------------------------------------------------------------------------------

struct CreateTagsRequest {
  std::vector<std::string> resource_ids{};
  std::vector<Tag> tags{};
  bool dry_run = false;
};

struct DeleteTagsRequest {
  std::vector<std::string> resource_ids{};
  std::vector<std::string> keys{};  // deleted whatever their value
  std::vector<Tag> tags{};          // deleted only where the value matches
  bool dry_run = false;
};

struct DescribeTagsRequest {
  std::vector<Filter> filters{};
  std::optional<int> max_results{};
  std::optional<std::string> next_token{};
  bool dry_run = false;
};

struct DescribeTagsResponse {
  std::vector<TagDescription> tags{};
  std::string next_token{};
};

// ---- Images -------------------------------------------------------------------------------

struct DescribeImagesRequest {
  std::vector<std::string> image_ids{};
  std::vector<std::string> owners{};  // "self", "amazon", account ids
  std::vector<Filter> filters{};
  std::optional<bool> include_deprecated{};
  bool dry_run = false;
};

struct CreateImageRequest {
  std::string instance_id{};
  std::string name{};
  std::optional<std::string> description{};
  std::optional<bool> no_reboot{};
  std::vector<TagSpecification> tag_specifications{};
  bool dry_run = false;
};

struct DeregisterImageRequest {
  std::string image_id{};
  bool dry_run = false;
};

// ---- Spot ---------------------------------------------------------------------------------

// RequestSpotLaunchSpecification. The legacy API has no MetadataOptions: prefer
// RunInstances with InstanceMarketOptions, which does.
struct RequestSpotLaunchSpecification {
  std::string image_id{};
  std::string instance_type{};
  std::optional<std::string> key_name{};
  std::vector<std::string> security_group_ids{};
  std::optional<std::string> subnet_id{};
  std::optional<std::string> availability_zone{};  // Placement.AvailabilityZone
  std::optional<std::string> user_data{};          // raw; sent base64-encoded
  std::optional<IamInstanceProfileSpecification> iam_instance_profile{};
  std::vector<BlockDeviceMapping> block_device_mappings{};
  std::optional<bool> ebs_optimized{};
};

struct RequestSpotInstancesRequest {
  RequestSpotLaunchSpecification launch_specification{};
  std::optional<std::string> spot_price{};  // unset = capped at the on-demand price
  std::optional<int> instance_count{};
  std::optional<std::string> type{};  // "one-time" | "persistent"
  std::optional<TimePoint> valid_until{};
  std::optional<std::string> instance_interruption_behavior{};
  std::vector<TagSpecification> tag_specifications{};  // resource type "spot-instances-request"
  std::optional<std::string> client_token{};           // generated when unset
  bool dry_run = false;
};

struct DescribeSpotInstanceRequestsRequest {
  std::vector<std::string> spot_instance_request_ids{};
  std::vector<Filter> filters{};
  std::optional<int> max_results{};
  std::optional<std::string> next_token{};
  bool dry_run = false;
};

struct DescribeSpotInstanceRequestsResponse {
  std::vector<SpotInstanceRequest> spot_instance_requests{};
  std::string next_token{};
};

struct CancelSpotInstanceRequestsRequest {
  std::vector<std::string> spot_instance_request_ids{};
  bool dry_run = false;
};

struct DescribeSpotPriceHistoryRequest {
  std::vector<std::string> instance_types{};
  std::vector<std::string> product_descriptions{};  // "Linux/UNIX", …
  std::optional<TimePoint> start_time{};
  std::optional<TimePoint> end_time{};
  std::optional<std::string> availability_zone{};
  std::vector<Filter> filters{};
  std::optional<int> max_results{};
  std::optional<std::string> next_token{};
  bool dry_run = false;
};

struct DescribeSpotPriceHistoryResponse {
  std::vector<SpotPrice> spot_price_history{};
  std::string next_token{};
};

// ---- Instance types -----------------------------------------------------------------------

struct DescribeInstanceTypesRequest {
  std::vector<std::string> instance_types{};
  std::vector<Filter> filters{};
  std::optional<int> max_results{};  // 5..100
  std::optional<std::string> next_token{};
  bool dry_run = false;
};

struct DescribeInstanceTypesResponse {
  std::vector<InstanceTypeInfo> instance_types{};
  std::string next_token{};
};

struct DescribeInstanceTypeOfferingsRequest {
  std::optional<std::string> location_type{};  // "region" | "availability-zone" | …-id
  std::vector<Filter> filters{};
  std::optional<int> max_results{};
  std::optional<std::string> next_token{};
  bool dry_run = false;
};

struct DescribeInstanceTypeOfferingsResponse {
  std::vector<InstanceTypeOffering> instance_type_offerings{};
  std::string next_token{};
};

// ---- Volumes and snapshots ----------------------------------------------------------------

struct CreateVolumeRequest {
  std::string availability_zone{};
  std::optional<int> size{};  // GiB; required unless snapshot_id
  std::optional<std::string> volume_type{};
  std::optional<int> iops{};
  std::optional<int> throughput{};
  std::optional<bool> encrypted = true;  // spotrun's default: encrypted
  std::optional<std::string> kms_key_id{};
  std::optional<std::string> snapshot_id{};
  std::vector<TagSpecification> tag_specifications{};
  std::optional<std::string> client_token{};  // generated when unset
  bool dry_run = false;
};

struct AttachVolumeRequest {
  std::string volume_id{};
  std::string instance_id{};
  std::string device{};  // "/dev/sdf"
  bool dry_run = false;
};

struct DetachVolumeRequest {
  std::string volume_id{};
  std::optional<std::string> instance_id{};
  std::optional<std::string> device{};
  std::optional<bool> force{};
  bool dry_run = false;
};

struct DeleteVolumeRequest {
  std::string volume_id{};
  bool dry_run = false;
};

struct DescribeVolumesRequest {
  std::vector<std::string> volume_ids{};
  std::vector<Filter> filters{};
  std::optional<int> max_results{};
  std::optional<std::string> next_token{};
  bool dry_run = false;
};

struct DescribeVolumesResponse {
  std::vector<Volume> volumes{};
  std::string next_token{};
};

struct CreateSnapshotRequest {
  std::string volume_id{};
  std::optional<std::string> description{};
  std::vector<TagSpecification> tag_specifications{};
  bool dry_run = false;
};

struct DeleteSnapshotRequest {
  std::string snapshot_id{};
  bool dry_run = false;
};

struct DescribeSnapshotsRequest {
  std::vector<std::string> snapshot_ids{};
  std::vector<std::string> owner_ids{};  // OwnerIds, sent as Owner.N: "self", account ids
  std::vector<Filter> filters{};
  std::optional<int> max_results{};
  std::optional<std::string> next_token{};
  bool dry_run = false;
};

struct DescribeSnapshotsResponse {
  std::vector<Snapshot> snapshots{};
  std::string next_token{};
};

// ---- Key pairs ----------------------------------------------------------------------------

struct CreateKeyPairRequest {
  std::string key_name{};
  std::optional<std::string> key_type{};    // "rsa" | "ed25519"
  std::optional<std::string> key_format{};  // "pem" | "ppk"
  std::vector<TagSpecification> tag_specifications{};
  bool dry_run = false;
};

struct ImportKeyPairRequest {
  std::string key_name{};
  std::string public_key_material{};  // the OpenSSH public key line; sent base64-encoded
  std::vector<TagSpecification> tag_specifications{};
  bool dry_run = false;
};

struct DescribeKeyPairsRequest {
  std::vector<std::string> key_names{};
  std::vector<std::string> key_pair_ids{};
  std::vector<Filter> filters{};
  std::optional<bool> include_public_key{};
  bool dry_run = false;
};

struct DeleteKeyPairRequest {
  std::optional<std::string> key_name{};
  std::optional<std::string> key_pair_id{};
  bool dry_run = false;
};

// ---- Security groups and networks ---------------------------------------------------------

struct CreateSecurityGroupRequest {
  std::string group_name{};
  std::string description{};  // GroupDescription; required by EC2
  std::optional<std::string> vpc_id{};
  std::vector<TagSpecification> tag_specifications{};
  bool dry_run = false;
};

struct CreateSecurityGroupResponse {
  std::string group_id{};
  std::vector<Tag> tags{};
};

struct DescribeSecurityGroupsRequest {
  std::vector<std::string> group_ids{};
  std::vector<std::string> group_names{};  // default VPC only
  std::vector<Filter> filters{};
  std::optional<int> max_results{};
  std::optional<std::string> next_token{};
  bool dry_run = false;
};

struct DescribeSecurityGroupsResponse {
  std::vector<SecurityGroup> security_groups{};
  std::string next_token{};
};

struct AuthorizeSecurityGroupIngressRequest {
  std::optional<std::string> group_id{};
  std::optional<std::string> group_name{};  // default VPC only
  std::vector<IpPermission> ip_permissions{};
  std::vector<TagSpecification> tag_specifications{};  // resource type "security-group-rule"
  bool dry_run = false;
};

struct AuthorizeSecurityGroupIngressResponse {
  bool return_value = false;  // <return>
  std::vector<SecurityGroupRule> security_group_rules{};
};

struct DescribeVpcsRequest {
  std::vector<std::string> vpc_ids{};
  std::vector<Filter> filters{};
  std::optional<int> max_results{};
  std::optional<std::string> next_token{};
  bool dry_run = false;
};

struct DescribeVpcsResponse {
  std::vector<Vpc> vpcs{};
  std::string next_token{};
};

struct DescribeSubnetsRequest {
  std::vector<std::string> subnet_ids{};
  std::vector<Filter> filters{};
  std::optional<int> max_results{};
  std::optional<std::string> next_token{};
  bool dry_run = false;
};

struct DescribeSubnetsResponse {
  std::vector<Subnet> subnets{};
  std::string next_token{};
};

}  // namespace spotrun

#endif  // SPOTRUN_AWS_EC2_REQUESTS_H_
