// The EC2 resources spotrun reads, as plain structs named and shaped like EC2's own API
// (Instance, Reservation, SpotInstanceRequest, …). Only the members spotrun uses are kept;
// strings hold EC2's values as sent ("running", "one-time", "0.031200"). Value types: copy
// freely, no synchronisation needed. Members carry `{}` so designated initializers may omit
// any under -Wextra.
#ifndef SPOTRUN_AWS_EC2_TYPES_H_
#define SPOTRUN_AWS_EC2_TYPES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"

namespace spotrun {

struct Tag {
  std::string key{};
  std::string value{};
  bool operator==(const Tag&) const = default;
};

// The value of the tag `key`, or nullopt when absent.
std::optional<std::string> FindTag(const std::vector<Tag>& tags, std::string_view key);

struct Filter {
  std::string name{};  // e.g. "instance-state-name", "tag:spotrun:managed"
  std::vector<std::string> values{};
};

// TagSpecification: tags applied by a create call to the resources it makes.
struct TagSpecification {
  std::string resource_type{};  // "instance", "volume", "spot-instances-request", "image", …
  std::vector<Tag> tags{};
};

struct GroupIdentifier {
  std::string group_id{};
  std::string group_name{};
};

struct StateReason {
  std::string code{};  // e.g. "Server.SpotInstanceTermination"
  std::string message{};
};

// EbsBlockDevice, as sent in launch requests and returned for images.
struct EbsBlockDevice {
  std::optional<int> volume_size{};  // GiB
  std::optional<std::string> volume_type{};
  std::optional<int> iops{};
  std::optional<int> throughput{};  // MiB/s, gp3 only
  std::optional<bool> encrypted{};
  std::optional<bool> delete_on_termination{};
  std::optional<std::string> snapshot_id{};
  std::optional<std::string> kms_key_id{};
};

struct BlockDeviceMapping {
  std::string device_name{};  // "/dev/xvda"
  std::optional<EbsBlockDevice> ebs{};
  std::optional<std::string> virtual_name{};  // "ephemeral0"
  std::optional<std::string> no_device{};
};

// InstanceBlockDeviceMapping: a volume attached to an instance.
struct InstanceBlockDeviceMapping {
  std::string device_name{};
  std::string volume_id{};
  std::string status{};  // "attaching" | "attached" | "detaching" | "detached"
  std::optional<TimePoint> attach_time{};
  bool delete_on_termination = false;
};

struct InstanceState {
  int code = 0;  // 0 pending, 16 running, 32 shutting-down, 48 terminated, 64 stopping, 80 stopped
  std::string name{};  // "pending", "running", …
};

struct InstanceMetadataOptions {
  std::string state{};      // "pending" | "applied"
  std::string http_tokens;  // "required" (IMDSv2 only) | "optional"
  std::string http_endpoint{};
  std::optional<int> http_put_response_hop_limit{};
};

struct IamInstanceProfile {
  std::string arn{};
  std::string id{};
};

struct Instance {
  std::string instance_id{};
  std::string instance_type{};
  InstanceState state{};
  std::string image_id{};
  std::string key_name{};
  std::optional<TimePoint> launch_time{};
  std::string availability_zone{};  // Placement.AvailabilityZone
  std::string private_ip_address{};
  std::string public_ip_address{};
  std::string private_dns_name{};
  std::string public_dns_name{};
  std::string subnet_id{};
  std::string vpc_id{};
  std::string instance_lifecycle;  // "spot", "scheduled", "capacity-block" or empty (on-demand)
  std::string spot_instance_request_id{};
  std::vector<GroupIdentifier> security_groups{};
  std::vector<Tag> tags{};
  std::vector<InstanceBlockDeviceMapping> block_device_mappings{};
  InstanceMetadataOptions metadata_options{};
  std::string state_transition_reason;  // "User initiated (2026-01-01 00:00:00 GMT)"
  std::optional<StateReason> state_reason{};
  std::string architecture{};  // "x86_64" | "arm64" | …
  std::optional<IamInstanceProfile> iam_instance_profile{};
  std::string root_device_name{};
  std::string root_device_type{};  // "ebs" | "instance-store"
  std::string platform_details{};  // "Linux/UNIX"
  std::string client_token{};

  bool IsSpot() const { return instance_lifecycle == "spot"; }
};

struct Reservation {
  std::string reservation_id{};
  std::string owner_id{};
  std::string requester_id{};
  std::vector<Instance> instances{};
};

// The instances of all reservations, in order.
std::vector<Instance> InstancesOf(const std::vector<Reservation>& reservations);

// InstanceStateChange: one entry of Start/Stop/TerminateInstances' answer.
struct InstanceStateChange {
  std::string instance_id{};
  InstanceState current_state{};
  InstanceState previous_state{};
};

// SpotInstanceStatus: the request's progress code
// (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/spot-request-status.html).
struct SpotInstanceStatus {
  std::string code{};  // "pending-evaluation", "fulfilled", "price-too-low", …
  std::string message{};
  std::optional<TimePoint> update_time{};
};

// LaunchSpecification, as EC2 returns it inside a SpotInstanceRequest.
struct SpotLaunchSpecification {
  std::string image_id{};
  std::string instance_type{};
  std::string key_name{};
  std::string availability_zone{};  // Placement.AvailabilityZone
  std::string subnet_id{};
  std::vector<GroupIdentifier> security_groups{};
};

struct SpotInstanceRequest {
  std::string spot_instance_request_id{};
  std::string state{};  // "open" | "active" | "closed" | "cancelled" | "failed"
  SpotInstanceStatus status{};
  std::string type{};        // "one-time" | "persistent"
  std::string spot_price{};  // the maximum price, as sent
  std::string instance_id{};
  SpotLaunchSpecification launch_specification{};
  std::string instance_interruption_behavior{};  // "terminate" | "stop" | "hibernate"
  std::string launched_availability_zone{};
  std::string product_description{};
  std::optional<TimePoint> valid_until{};
  std::optional<TimePoint> create_time{};
  std::optional<StateReason> fault{};
  std::vector<Tag> tags{};
};

// CancelledSpotInstanceRequest.
struct CancelledSpotInstanceRequest {
  std::string spot_instance_request_id{};
  std::string state{};
};

struct Image {
  std::string image_id{};
  std::string name{};
  std::string description{};
  std::string state{};  // "pending" | "available" | "failed" | …
  std::string owner_id{};
  std::string architecture{};
  std::optional<TimePoint> creation_date{};
  std::string root_device_name{};
  std::string root_device_type{};
  std::string virtualization_type{};
  std::string platform_details{};
  bool is_public = false;
  std::optional<StateReason> state_reason{};
  std::vector<BlockDeviceMapping> block_device_mappings{};
  std::vector<Tag> tags{};
};

// VolumeAttachment: also the answer of AttachVolume and DetachVolume.
struct VolumeAttachment {
  std::string volume_id{};
  std::string instance_id{};
  std::string device{};
  std::string state{};  // "attaching" | "attached" | "detaching" | "detached" | "busy"
  std::optional<TimePoint> attach_time{};
  bool delete_on_termination = false;
};

struct Volume {
  std::string volume_id{};
  int size = 0;  // GiB
  std::string volume_type{};
  std::string state{};  // "creating" | "available" | "in-use" | "deleting" | "deleted" | "error"
  std::string availability_zone{};
  std::optional<TimePoint> create_time{};
  bool encrypted = false;
  std::optional<int> iops{};
  std::optional<int> throughput{};
  std::string snapshot_id{};
  std::vector<VolumeAttachment> attachments{};
  std::vector<Tag> tags{};
};

struct Snapshot {
  std::string snapshot_id{};
  std::string volume_id{};
  int volume_size = 0;  // GiB
  std::string state{};  // "pending" | "completed" | "error" | …
  std::string state_message{};
  std::string progress{};  // "100%"
  std::optional<TimePoint> start_time{};
  std::string description{};
  std::string owner_id{};
  bool encrypted = false;
  std::vector<Tag> tags{};
};

// KeyPairInfo: a key pair as DescribeKeyPairs and ImportKeyPair return it (no private key).
struct KeyPairInfo {
  std::string key_pair_id{};
  std::string key_name{};
  std::string key_fingerprint{};
  std::string key_type{};  // "rsa" | "ed25519"
  std::string public_key{};
  std::optional<TimePoint> create_time{};
  std::vector<Tag> tags{};
};

// KeyPair: CreateKeyPair's answer, holding the only copy of the private key. Never log it.
struct KeyPair {
  std::string key_pair_id{};
  std::string key_name{};
  std::string key_fingerprint{};
  std::string key_material{};  // PEM or OpenSSH private key
  std::vector<Tag> tags{};
};

struct IpRange {
  std::string cidr_ip{};
  std::optional<std::string> description{};
};

struct IpPermission {
  std::string ip_protocol{};  // "tcp" | "udp" | "icmp" | "-1"
  std::optional<int> from_port{};
  std::optional<int> to_port{};
  std::vector<IpRange> ip_ranges{};
};

struct SecurityGroup {
  std::string group_id{};
  std::string group_name{};
  std::string description{};
  std::string vpc_id{};
  std::string owner_id{};
  std::vector<IpPermission> ip_permissions{};
  std::vector<IpPermission> ip_permissions_egress{};
  std::vector<Tag> tags{};
};

// SecurityGroupRule, as AuthorizeSecurityGroupIngress returns the rules it added.
struct SecurityGroupRule {
  std::string security_group_rule_id{};
  std::string group_id{};
  bool is_egress = false;
  std::string ip_protocol{};
  std::optional<int> from_port{};
  std::optional<int> to_port{};
  std::string cidr_ipv4{};
  std::string description{};
};

struct Vpc {
  std::string vpc_id{};
  std::string cidr_block{};
  std::string state{};
  bool is_default = false;
  std::string owner_id{};
  std::vector<Tag> tags{};
};

struct Subnet {
  std::string subnet_id{};
  std::string vpc_id{};
  std::string availability_zone{};
  std::string availability_zone_id{};
  std::string cidr_block{};
  std::string state{};
  int available_ip_address_count = 0;
  bool default_for_az = false;
  bool map_public_ip_on_launch = false;
  std::vector<Tag> tags{};
};

struct Region {
  std::string region_name{};
  std::string endpoint{};
  std::string opt_in_status{};
};

struct AvailabilityZone {
  std::string zone_name;  // "us-east-1a" (differs per account)
  std::string zone_id;    // "use1-az4" (the same everywhere)
  std::string state{};    // "available" | …
  std::string region_name{};
  std::string zone_type{};  // "availability-zone" | "local-zone" | "wavelength-zone"
  std::string opt_in_status{};
};

// SpotPrice: one price-change event of DescribeSpotPriceHistory.
struct SpotPrice {
  std::string availability_zone{};
  std::string instance_type{};
  std::string product_description{};  // "Linux/UNIX", "Windows", …
  std::string spot_price;             // USD per hour, exactly as sent ("0.031200")
  TimePoint timestamp{};
};

struct GpuDeviceInfo {
  std::string name{};          // "T4"
  std::string manufacturer{};  // "NVIDIA"
  int count = 0;
  int memory_mib = 0;  // per GPU
};

struct InstanceTypeInfo {
  std::string instance_type{};
  int default_vcpus = 0;
  int default_cores = 0;
  int64_t memory_mib = 0;
  std::vector<GpuDeviceInfo> gpus{};
  int total_gpu_memory_mib = 0;
  std::vector<std::string> supported_architectures{};  // "x86_64", "arm64", "i386"
  std::vector<std::string> supported_usage_classes{};  // "on-demand", "spot"
  bool current_generation = false;
  bool bare_metal = false;
  bool burstable_performance_supported = false;
  bool hibernation_supported = false;
  std::string hypervisor{};
  std::string network_performance{};  // "Up to 5 Gigabit"
  int64_t instance_storage_gb = 0;    // 0 without instance store
  std::optional<double> sustained_clock_speed_ghz{};

  int GpuCount() const;
  bool SupportsSpot() const;
};

struct InstanceTypeOffering {
  std::string instance_type{};
  std::string location_type{};  // "region" | "availability-zone" | "availability-zone-id"
  std::string location{};
};

// TagDescription: one row of DescribeTags.
struct TagDescription {
  std::string resource_id{};
  std::string resource_type{};
  std::string key{};
  std::string value{};
};

}  // namespace spotrun

#endif  // SPOTRUN_AWS_EC2_TYPES_H_
