#include "localcloud/ec2_response_xml.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "aws/ec2_client.h"
#include "base/clock.h"
#include "base/subprocess.h"
#include "localcloud/ec2_response_xml_writer.h"
#include "testing/ec2_output_model.h"
#include "testing/ec2_query_model.h"
#include "testing/fake_query_transport.h"

namespace spotrun {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

constexpr std::string_view kRequestId = "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE";

// ---- Helpers ------------------------------------------------------------------------------

TimePoint At(std::string_view iso8601) {
  TimePoint t;
  EXPECT_TRUE(ParseIso8601(iso8601, &t)) << iso8601;
  return t;
}

std::string Show(const std::optional<TimePoint>& t) { return t ? FormatIso8601(*t, true) : "-"; }

const testing::Ec2OutputModel& OutputModel() {
  static const testing::Ec2OutputModel* model = [] {
    auto loaded = testing::Ec2OutputModel::Load(std::string(testing::kBotocoreEc2ModelDir) +
                                                "/service-2.json");
    return loaded ? new testing::Ec2OutputModel(std::move(*loaded)) : nullptr;
  }();
  if (!model) ADD_FAILURE() << "botocore's EC2 model is missing (install python3-botocore)";
  return *model;
}

// Every element of `xml` is a member of `action`'s output shape in botocore's model.
void ExpectInModel(const std::string& action, const std::string& xml) {
  EXPECT_THAT(OutputModel().Validate(action, xml), IsEmpty()) << xml;
}

// Answers `action` with `xml` through the real Ec2Client and returns what `call` parses.
template <typename Call>
auto ThroughClient(std::string_view action, const std::string& xml, Call call) {
  testing::FakeQueryTransport transport;
  transport.Answer(action, xml);
  Ec2Client client(transport);
  return call(client);
}

#define EXPECT_SAME(field) EXPECT_EQ(got.field, want.field) << #field
#define EXPECT_SAME_TIME(field) EXPECT_EQ(Show(got.field), Show(want.field)) << #field

template <typename T, typename Compare>
void ExpectEach(const std::vector<T>& got, const std::vector<T>& want, Compare compare) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    SCOPED_TRACE(::testing::Message() << "item " << i);
    compare(got[i], want[i]);
  }
}

// ---- Field-by-field equality --------------------------------------------------------------

void ExpectEq(const GroupIdentifier& got, const GroupIdentifier& want) {
  EXPECT_SAME(group_id);
  EXPECT_SAME(group_name);
}

void ExpectEq(const std::optional<StateReason>& got, const std::optional<StateReason>& want) {
  ASSERT_EQ(got.has_value(), want.has_value());
  if (!got) return;
  EXPECT_EQ(got->code, want->code);
  EXPECT_EQ(got->message, want->message);
}

void ExpectEq(const InstanceState& got, const InstanceState& want) {
  EXPECT_SAME(code);
  EXPECT_SAME(name);
}

void ExpectEq(const InstanceBlockDeviceMapping& got, const InstanceBlockDeviceMapping& want) {
  EXPECT_SAME(device_name);
  EXPECT_SAME(volume_id);
  EXPECT_SAME(status);
  EXPECT_SAME_TIME(attach_time);
  EXPECT_SAME(delete_on_termination);
}

void ExpectEq(const Instance& got, const Instance& want) {
  EXPECT_SAME(instance_id);
  EXPECT_SAME(instance_type);
  ExpectEq(got.state, want.state);
  EXPECT_SAME(image_id);
  EXPECT_SAME(key_name);
  EXPECT_SAME_TIME(launch_time);
  EXPECT_SAME(availability_zone);
  EXPECT_SAME(private_ip_address);
  EXPECT_SAME(public_ip_address);
  EXPECT_SAME(private_dns_name);
  EXPECT_SAME(public_dns_name);
  EXPECT_SAME(subnet_id);
  EXPECT_SAME(vpc_id);
  EXPECT_SAME(instance_lifecycle);
  EXPECT_SAME(spot_instance_request_id);
  ExpectEach(got.security_groups, want.security_groups,
             [](const GroupIdentifier& g, const GroupIdentifier& w) { ExpectEq(g, w); });
  EXPECT_SAME(tags);
  ExpectEach(got.block_device_mappings, want.block_device_mappings,
             [](const auto& g, const auto& w) { ExpectEq(g, w); });
  EXPECT_SAME(metadata_options.state);
  EXPECT_SAME(metadata_options.http_tokens);
  EXPECT_SAME(metadata_options.http_endpoint);
  EXPECT_SAME(metadata_options.http_put_response_hop_limit);
  EXPECT_SAME(state_transition_reason);
  ExpectEq(got.state_reason, want.state_reason);
  EXPECT_SAME(architecture);
  ASSERT_EQ(got.iam_instance_profile.has_value(), want.iam_instance_profile.has_value());
  if (got.iam_instance_profile) {
    EXPECT_SAME(iam_instance_profile->arn);
    EXPECT_SAME(iam_instance_profile->id);
  }
  EXPECT_SAME(root_device_name);
  EXPECT_SAME(root_device_type);
  EXPECT_SAME(platform_details);
  EXPECT_SAME(client_token);
}

void ExpectEq(const Reservation& got, const Reservation& want) {
  EXPECT_SAME(reservation_id);
  EXPECT_SAME(owner_id);
  EXPECT_SAME(requester_id);
  ExpectEach(got.instances, want.instances,
             [](const Instance& g, const Instance& w) { ExpectEq(g, w); });
}

void ExpectEq(const InstanceStateChange& got, const InstanceStateChange& want) {
  EXPECT_SAME(instance_id);
  ExpectEq(got.current_state, want.current_state);
  ExpectEq(got.previous_state, want.previous_state);
}

void ExpectEq(const SpotInstanceRequest& got, const SpotInstanceRequest& want) {
  EXPECT_SAME(spot_instance_request_id);
  EXPECT_SAME(state);
  EXPECT_SAME(status.code);
  EXPECT_SAME(status.message);
  EXPECT_SAME_TIME(status.update_time);
  EXPECT_SAME(type);
  EXPECT_SAME(spot_price);
  EXPECT_SAME(instance_id);
  EXPECT_SAME(launch_specification.image_id);
  EXPECT_SAME(launch_specification.instance_type);
  EXPECT_SAME(launch_specification.key_name);
  EXPECT_SAME(launch_specification.availability_zone);
  EXPECT_SAME(launch_specification.subnet_id);
  ExpectEach(got.launch_specification.security_groups, want.launch_specification.security_groups,
             [](const GroupIdentifier& g, const GroupIdentifier& w) { ExpectEq(g, w); });
  EXPECT_SAME(instance_interruption_behavior);
  EXPECT_SAME(launched_availability_zone);
  EXPECT_SAME(product_description);
  EXPECT_SAME_TIME(valid_until);
  EXPECT_SAME_TIME(create_time);
  ExpectEq(got.fault, want.fault);
  EXPECT_SAME(tags);
}

void ExpectEq(const EbsBlockDevice& got, const EbsBlockDevice& want) {
  EXPECT_SAME(volume_size);
  EXPECT_SAME(volume_type);
  EXPECT_SAME(iops);
  EXPECT_SAME(throughput);
  EXPECT_SAME(encrypted);
  EXPECT_SAME(delete_on_termination);
  EXPECT_SAME(snapshot_id);
  EXPECT_SAME(kms_key_id);
}

void ExpectEq(const BlockDeviceMapping& got, const BlockDeviceMapping& want) {
  EXPECT_SAME(device_name);
  ASSERT_EQ(got.ebs.has_value(), want.ebs.has_value());
  if (got.ebs) ExpectEq(*got.ebs, *want.ebs);
  EXPECT_SAME(virtual_name);
  EXPECT_SAME(no_device);
}

void ExpectEq(const Image& got, const Image& want) {
  EXPECT_SAME(image_id);
  EXPECT_SAME(name);
  EXPECT_SAME(description);
  EXPECT_SAME(state);
  EXPECT_SAME(owner_id);
  EXPECT_SAME(architecture);
  EXPECT_SAME_TIME(creation_date);
  EXPECT_SAME(root_device_name);
  EXPECT_SAME(root_device_type);
  EXPECT_SAME(virtualization_type);
  EXPECT_SAME(platform_details);
  EXPECT_SAME(is_public);
  ExpectEq(got.state_reason, want.state_reason);
  ExpectEach(got.block_device_mappings, want.block_device_mappings,
             [](const BlockDeviceMapping& g, const BlockDeviceMapping& w) { ExpectEq(g, w); });
  EXPECT_SAME(tags);
}

void ExpectEq(const VolumeAttachment& got, const VolumeAttachment& want) {
  EXPECT_SAME(volume_id);
  EXPECT_SAME(instance_id);
  EXPECT_SAME(device);
  EXPECT_SAME(state);
  EXPECT_SAME_TIME(attach_time);
  EXPECT_SAME(delete_on_termination);
}

void ExpectEq(const Volume& got, const Volume& want) {
  EXPECT_SAME(volume_id);
  EXPECT_SAME(size);
  EXPECT_SAME(volume_type);
  EXPECT_SAME(state);
  EXPECT_SAME(availability_zone);
  EXPECT_SAME_TIME(create_time);
  EXPECT_SAME(encrypted);
  EXPECT_SAME(iops);
  EXPECT_SAME(throughput);
  EXPECT_SAME(snapshot_id);
  ExpectEach(got.attachments, want.attachments,
             [](const VolumeAttachment& g, const VolumeAttachment& w) { ExpectEq(g, w); });
  EXPECT_SAME(tags);
}

void ExpectEq(const Snapshot& got, const Snapshot& want) {
  EXPECT_SAME(snapshot_id);
  EXPECT_SAME(volume_id);
  EXPECT_SAME(volume_size);
  EXPECT_SAME(state);
  EXPECT_SAME(state_message);
  EXPECT_SAME(progress);
  EXPECT_SAME_TIME(start_time);
  EXPECT_SAME(description);
  EXPECT_SAME(owner_id);
  EXPECT_SAME(encrypted);
  EXPECT_SAME(tags);
}

void ExpectEq(const KeyPairInfo& got, const KeyPairInfo& want) {
  EXPECT_SAME(key_pair_id);
  EXPECT_SAME(key_name);
  EXPECT_SAME(key_fingerprint);
  EXPECT_SAME(key_type);
  EXPECT_SAME(public_key);
  EXPECT_SAME_TIME(create_time);
  EXPECT_SAME(tags);
}

void ExpectEq(const IpPermission& got, const IpPermission& want) {
  EXPECT_SAME(ip_protocol);
  EXPECT_SAME(from_port);
  EXPECT_SAME(to_port);
  ExpectEach(got.ip_ranges, want.ip_ranges, [](const IpRange& got, const IpRange& want) {
    EXPECT_SAME(cidr_ip);
    EXPECT_SAME(description);
  });
}

void ExpectEq(const SecurityGroup& got, const SecurityGroup& want) {
  EXPECT_SAME(group_id);
  EXPECT_SAME(group_name);
  EXPECT_SAME(description);
  EXPECT_SAME(vpc_id);
  EXPECT_SAME(owner_id);
  auto same = [](const IpPermission& g, const IpPermission& w) { ExpectEq(g, w); };
  ExpectEach(got.ip_permissions, want.ip_permissions, same);
  ExpectEach(got.ip_permissions_egress, want.ip_permissions_egress, same);
  EXPECT_SAME(tags);
}

void ExpectEq(const SecurityGroupRule& got, const SecurityGroupRule& want) {
  EXPECT_SAME(security_group_rule_id);
  EXPECT_SAME(group_id);
  EXPECT_SAME(is_egress);
  EXPECT_SAME(ip_protocol);
  EXPECT_SAME(from_port);
  EXPECT_SAME(to_port);
  EXPECT_SAME(cidr_ipv4);
  EXPECT_SAME(description);
}

void ExpectEq(const InstanceTypeInfo& got, const InstanceTypeInfo& want) {
  EXPECT_SAME(instance_type);
  EXPECT_SAME(default_vcpus);
  EXPECT_SAME(default_cores);
  EXPECT_SAME(memory_mib);
  ExpectEach(got.gpus, want.gpus, [](const GpuDeviceInfo& got, const GpuDeviceInfo& want) {
    EXPECT_SAME(name);
    EXPECT_SAME(manufacturer);
    EXPECT_SAME(count);
    EXPECT_SAME(memory_mib);
  });
  EXPECT_SAME(total_gpu_memory_mib);
  EXPECT_SAME(supported_architectures);
  EXPECT_SAME(supported_usage_classes);
  EXPECT_SAME(current_generation);
  EXPECT_SAME(bare_metal);
  EXPECT_SAME(burstable_performance_supported);
  EXPECT_SAME(hibernation_supported);
  EXPECT_SAME(hypervisor);
  EXPECT_SAME(network_performance);
  EXPECT_SAME(instance_storage_gb);
  EXPECT_SAME(sustained_clock_speed_ghz);
}

// ---- Fully populated values ---------------------------------------------------------------

// Tag values with every character XML escapes, and a key with a colon (spotrun's own tags).
std::vector<Tag> Tags() {
  return {{"Name", "web & <db> \"main\" 'one'"}, {"spotrun:job", "job-42"}, {"empty", ""}};
}

Instance FullInstance(int n) {
  std::string suffix = std::to_string(1000 + n);
  return Instance{
      .instance_id = "i-0abcdef000000" + suffix,
      .instance_type = "g4dn.12xlarge",
      .state = {16, "running"},
      .image_id = "ami-0123456789abcdef0",
      .key_name = "spotrun-key",
      .launch_time = At("2026-01-02T03:04:05.678Z"),
      .availability_zone = "us-east-1b",
      .private_ip_address = "10.0.1." + std::to_string(n % 250),
      .public_ip_address = "127.0.3." + std::to_string(n % 250),
      .private_dns_name = "ip-10-0-1-7.ec2.internal",
      .public_dns_name = "ec2-127-0-3-7.compute-1.amazonaws.com",
      .subnet_id = "subnet-0aa11bb22cc33dd44",
      .vpc_id = "vpc-0123abcd",
      .instance_lifecycle = "spot",
      .spot_instance_request_id = "sir-abcd" + suffix,
      .security_groups = {{"sg-0a1b2c3d", "spotrun"}, {"sg-0e0e0e0e", "default"}},
      .tags = Tags(),
      .block_device_mappings = {{"/dev/xvda", "vol-0root" + suffix, "attached",
                                 At("2026-01-02T03:04:06.001Z"), true},
                                {"/dev/sdf", "vol-0data" + suffix, "attaching", std::nullopt,
                                 false}},
      .metadata_options = {.state = "applied",
                           .http_tokens = "required",
                           .http_endpoint = "enabled",
                           .http_put_response_hop_limit = 2},
      .state_transition_reason = "User initiated (2026-01-02 03:04:05 GMT)",
      .state_reason = StateReason{"Client.UserInitiatedShutdown",
                                  "Client.UserInitiatedShutdown: User initiated shutdown"},
      .architecture = "x86_64",
      .iam_instance_profile =
          IamInstanceProfile{"arn:aws:iam::123456789012:instance-profile/spotrun",
                             "AIPAJQABLZS4A3QDU576Q"},
      .root_device_name = "/dev/xvda",
      .root_device_type = "ebs",
      .platform_details = "Linux/UNIX",
      .client_token = "0b9f4c1e-5d1a-4a3c-9e5e-" + suffix,
  };
}

Reservation FullReservation(int instances) {
  Reservation r{.reservation_id = "r-0123456789abcdef0",
                .owner_id = "123456789012",
                .requester_id = "940372691376"};
  for (int n = 0; n < instances; ++n) r.instances.push_back(FullInstance(n));
  return r;
}

SpotInstanceRequest FullSpotRequest() {
  return SpotInstanceRequest{
      .spot_instance_request_id = "sir-0a1b2c3d",
      .state = "active",
      .status = {"fulfilled", "Your spot request is fulfilled.", At("2026-01-02T03:04:07.000Z")},
      .type = "persistent",
      .spot_price = "0.526000",
      .instance_id = "i-0abcdef0000001000",
      .launch_specification = {.image_id = "ami-0123456789abcdef0",
                               .instance_type = "g4dn.xlarge",
                               .key_name = "spotrun-key",
                               .availability_zone = "us-east-1b",
                               .subnet_id = "subnet-0aa11bb22cc33dd44",
                               .security_groups = {{"sg-0a1b2c3d", "spotrun"}}},
      .instance_interruption_behavior = "stop",
      .launched_availability_zone = "us-east-1b",
      .product_description = "Linux/UNIX",
      .valid_until = At("2026-01-09T03:04:05.000Z"),
      .create_time = At("2026-01-02T03:04:05.250Z"),
      .fault = StateReason{"capacity-not-available", "There is no capacity."},
      .tags = Tags(),
  };
}

Image FullImage() {
  return Image{
      .image_id = "ami-0fedcba9876543210",
      .name = "spotrun/base <2026>",
      .description = "Ubuntu 24.04 & spotrun's agent",
      .state = "available",
      .owner_id = "099720109477",
      .architecture = "arm64",
      .creation_date = At("2025-12-31T23:59:59.999Z"),
      .root_device_name = "/dev/sda1",
      .root_device_type = "ebs",
      .virtualization_type = "hvm",
      .platform_details = "Linux/UNIX",
      .is_public = true,
      .state_reason = StateReason{"Server.Pending", "pending"},
      .block_device_mappings =
          {{.device_name = "/dev/sda1",
            .ebs = EbsBlockDevice{.volume_size = 8,
                                  .volume_type = "gp3",
                                  .iops = 3000,
                                  .throughput = 125,
                                  .encrypted = true,
                                  .delete_on_termination = true,
                                  .snapshot_id = "snap-0123456789abcdef0",
                                  .kms_key_id = "arn:aws:kms:us-east-1:123456789012:key/abcd"}},
           {.device_name = "/dev/sdb", .virtual_name = "ephemeral0"},
           {.device_name = "/dev/sdc", .no_device = ""}},
      .tags = Tags(),
  };
}

Volume FullVolume() {
  return Volume{
      .volume_id = "vol-0123456789abcdef0",
      .size = 100,
      .volume_type = "gp3",
      .state = "in-use",
      .availability_zone = "us-east-1b",
      .create_time = At("2026-01-02T03:00:00.125Z"),
      .encrypted = true,
      .iops = 3000,
      .throughput = 250,
      .snapshot_id = "snap-0123456789abcdef0",
      .attachments = {{"vol-0123456789abcdef0", "i-0abcdef0000001000", "/dev/sdf", "attached",
                       At("2026-01-02T03:05:00.000Z"), false},
                      {"vol-0123456789abcdef0", "i-0abcdef0000001001", "/dev/sdg", "detaching",
                       std::nullopt, true}},
      .tags = Tags(),
  };
}

Snapshot FullSnapshot() {
  return Snapshot{
      .snapshot_id = "snap-0123456789abcdef0",
      .volume_id = "vol-0123456789abcdef0",
      .volume_size = 100,
      .state = "completed",
      .state_message = "done",
      .progress = "100%",
      .start_time = At("2026-01-02T04:00:00.500Z"),
      .description = "nightly <checkpoint> & more",
      .owner_id = "123456789012",
      .encrypted = true,
      .tags = Tags(),
  };
}

KeyPairInfo FullKeyPairInfo() {
  return KeyPairInfo{
      .key_pair_id = "key-0123456789abcdef0",
      .key_name = "spotrun-key",
      .key_fingerprint = "SHA256:7xvJ/2R2b1gDx8bKkU0s4S6q8Pq3c1VZ7wCtvQ5mT4E=",
      .key_type = "ed25519",
      .public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBv spotrun",
      .create_time = At("2026-01-01T00:00:00.000Z"),
      .tags = Tags(),
  };
}

SecurityGroup FullSecurityGroup() {
  return SecurityGroup{
      .group_id = "sg-0a1b2c3d",
      .group_name = "spotrun",
      .description = "spotrun's SSH access <managed>",
      .vpc_id = "vpc-0123abcd",
      .owner_id = "123456789012",
      .ip_permissions = {{"tcp", 22, 22, {{"203.0.113.0/24", "office & home"}, {"0.0.0.0/0", {}}}},
                         {"icmp", -1, -1, {}}},
      .ip_permissions_egress = {{"-1", std::nullopt, std::nullopt, {{"0.0.0.0/0", {}}}}},
      .tags = Tags(),
  };
}

InstanceTypeInfo FullInstanceType() {
  return InstanceTypeInfo{
      .instance_type = "g4dn.12xlarge",
      .default_vcpus = 48,
      .default_cores = 24,
      .memory_mib = 196608,
      .gpus = {{"T4", "NVIDIA", 4, 16384}},
      .total_gpu_memory_mib = 65536,
      .supported_architectures = {"x86_64"},
      .supported_usage_classes = {"on-demand", "spot"},
      .current_generation = true,
      .bare_metal = false,
      .burstable_performance_supported = false,
      .hibernation_supported = true,
      .hypervisor = "nitro",
      .network_performance = "50 Gigabit",
      .instance_storage_gb = 900,
      .sustained_clock_speed_ghz = 2.5,
  };
}

// ---- The writer ---------------------------------------------------------------------------

TEST(Ec2ResponseXmlTest, ReturnTrueIsAwsDocumentExactly) {
  EXPECT_EQ(WriteReturnTrueResponse("RebootInstances", kRequestId),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<RebootInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
            "<requestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</requestId>"
            "<return>true</return></RebootInstancesResponse>");
}

TEST(Ec2ResponseXmlTest, EscapesTextAndReplacesWhatXmlCannotCarry) {
  std::string out;
  AppendXmlEscaped(out, "a&b<c>d\"e'f\rg\nh\ti\x01j");
  EXPECT_EQ(out, "a&amp;b&lt;c&gt;d&quot;e&apos;f&#13;g\nh\ti\xEF\xBF\xBDj");
  out.clear();
  AppendXmlEscaped(out, "plain");
  EXPECT_EQ(out, "plain");
}

TEST(Ec2ResponseXmlTest, TimesHaveMillisecondsAndZ) {
  std::string out;
  AppendEc2Time(out, At("2026-01-02T03:04:05.678Z"));
  EXPECT_EQ(out, "2026-01-02T03:04:05.678Z");
  out.clear();
  AppendEc2Time(out, TimePoint{});
  EXPECT_EQ(out, "1970-01-01T00:00:00.000Z");
  out.clear();
  // Sub-millisecond precision is truncated, as EC2 only has milliseconds.
  AppendEc2Time(out, At("2024-02-29T23:59:59.000Z") + std::chrono::microseconds(999999));
  EXPECT_EQ(out, "2024-02-29T23:59:59.999Z");
}

TEST(Ec2ResponseXmlTest, EmptyResultWritesEmptySetAndNoNextToken) {
  std::string xml = WriteDescribeInstancesResponse(kRequestId, {});
  EXPECT_THAT(xml, HasSubstr("<reservationSet/>"));
  EXPECT_THAT(xml, Not(HasSubstr("nextToken")));
  ExpectInModel("DescribeInstances", xml);
}

TEST(Ec2ResponseXmlTest, InstanceStateIsCodeAndName) {
  std::string xml =
      WriteStopInstancesResponse(kRequestId, {{"i-1", {64, "stopping"}, {16, "running"}}});
  EXPECT_THAT(xml, HasSubstr("<instancesSet><item><instanceId>i-1</instanceId>"
                             "<currentState><code>64</code><name>stopping</name></currentState>"
                             "<previousState><code>16</code><name>running</name></previousState>"
                             "</item></instancesSet>"));
}

TEST(Ec2ResponseXmlTest, StartsWithDeclarationAndNamespacedRoot) {
  std::string xml = WriteCreateImageResponse(kRequestId, "ami-1");
  EXPECT_THAT(xml, StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CreateImageResponse "
                              "xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>"));
}

// ---- Round trips through the real Ec2Client, for every action -----------------------------

class Ec2ResponseXmlReturnTrueTest : public ::testing::TestWithParam<const char*> {};

TEST_P(Ec2ResponseXmlReturnTrueTest, ClientAcceptsAndModelHasIt) {
  std::string action = GetParam();
  std::string xml = WriteReturnTrueResponse(action, kRequestId);
  ExpectInModel(action, xml);
  Status status = ThroughClient(action, xml, [&](Ec2Client& c) -> Status {
    if (action == "RebootInstances") return c.RebootInstances({.instance_ids = {"i-1"}});
    if (action == "ModifyInstanceAttribute") return c.ModifyInstanceAttribute({});
    if (action == "CreateTags") return c.CreateTags({});
    if (action == "DeleteTags") return c.DeleteTags({});
    if (action == "DeregisterImage") return c.DeregisterImage({});
    if (action == "DeleteVolume") return c.DeleteVolume({});
    if (action == "DeleteSnapshot") return c.DeleteSnapshot({});
    if (action == "DeleteKeyPair") return c.DeleteKeyPair({.key_name = "k"});
    return Status::Internal("unknown action " + action);
  });
  EXPECT_TRUE(status.ok()) << status.ToString();
}

INSTANTIATE_TEST_SUITE_P(Actions, Ec2ResponseXmlReturnTrueTest,
                         ::testing::Values("RebootInstances", "ModifyInstanceAttribute",
                                           "CreateTags", "DeleteTags", "DeregisterImage",
                                           "DeleteVolume", "DeleteSnapshot", "DeleteKeyPair"));

TEST(Ec2ResponseXmlTest, DescribeRegions) {
  std::vector<Region> want = {{"us-east-1", "ec2.us-east-1.amazonaws.com", "opt-in-not-required"},
                              {"af-south-1", "ec2.af-south-1.amazonaws.com", "not-opted-in"}};
  std::string xml = WriteDescribeRegionsResponse(kRequestId, want);
  ExpectInModel("DescribeRegions", xml);
  auto got =
      ThroughClient("DescribeRegions", xml, [](Ec2Client& c) { return c.DescribeRegions({}); });
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ExpectEach(*got, want, [](const Region& got, const Region& want) {
    EXPECT_SAME(region_name);
    EXPECT_SAME(endpoint);
    EXPECT_SAME(opt_in_status);
  });
}

TEST(Ec2ResponseXmlTest, DescribeAvailabilityZones) {
  std::vector<AvailabilityZone> want = {{"us-east-1a", "use1-az6", "available", "us-east-1",
                                         "availability-zone", "opt-in-not-required"},
                                        {"us-east-1-bos-1a", "use1-bos1-az1", "available",
                                         "us-east-1", "local-zone", "not-opted-in"}};
  std::string xml = WriteDescribeAvailabilityZonesResponse(kRequestId, want);
  ExpectInModel("DescribeAvailabilityZones", xml);
  auto got = ThroughClient("DescribeAvailabilityZones", xml,
                           [](Ec2Client& c) { return c.DescribeAvailabilityZones({}); });
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ExpectEach(*got, want, [](const AvailabilityZone& got, const AvailabilityZone& want) {
    EXPECT_SAME(zone_name);
    EXPECT_SAME(zone_id);
    EXPECT_SAME(state);
    EXPECT_SAME(region_name);
    EXPECT_SAME(zone_type);
    EXPECT_SAME(opt_in_status);
  });
}

TEST(Ec2ResponseXmlTest, DescribeInstances) {
  Reservation on_demand = FullReservation(1);
  on_demand.reservation_id = "r-0ffffffffffffffff";
  on_demand.requester_id.clear();
  on_demand.instances[0].instance_lifecycle.clear();
  on_demand.instances[0].spot_instance_request_id.clear();
  on_demand.instances[0].iam_instance_profile.reset();
  on_demand.instances[0].state_reason.reset();
  on_demand.instances[0].public_dns_name.clear();
  on_demand.instances[0].metadata_options.http_put_response_hop_limit.reset();
  DescribeInstancesResponse want{{FullReservation(3), on_demand}, "token/with+special=chars&"};
  std::string xml = WriteDescribeInstancesResponse(kRequestId, want);
  ExpectInModel("DescribeInstances", xml);
  auto got =
      ThroughClient("DescribeInstances", xml, [](Ec2Client& c) { return c.DescribeInstances({}); });
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ExpectEach(got->reservations, want.reservations,
             [](const Reservation& g, const Reservation& w) { ExpectEq(g, w); });
  EXPECT_EQ(got->next_token, want.next_token);
}

TEST(Ec2ResponseXmlTest, RunInstances) {
  Reservation want = FullReservation(2);
  std::string xml = WriteRunInstancesResponse(kRequestId, want);
  ExpectInModel("RunInstances", xml);
  EXPECT_THAT(xml, HasSubstr("<amiLaunchIndex>1</amiLaunchIndex>"));
  auto got = ThroughClient("RunInstances", xml, [](Ec2Client& c) { return c.RunInstances({}); });
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ExpectEq(*got, want);
}

TEST(Ec2ResponseXmlTest, StartStopTerminateInstances) {
  std::vector<InstanceStateChange> want = {{"i-1", {0, "pending"}, {80, "stopped"}},
                                           {"i-2", {32, "shutting-down"}, {16, "running"}}};
  struct Case {
    const char* action;
    std::string (*write)(std::string_view, const std::vector<InstanceStateChange>&);
  };
  for (const Case& c : {Case{"StartInstances", WriteStartInstancesResponse},
                        Case{"StopInstances", WriteStopInstancesResponse},
                        Case{"TerminateInstances", WriteTerminateInstancesResponse}}) {
    SCOPED_TRACE(c.action);
    std::string action = c.action;
    std::string xml = c.write(kRequestId, want);
    ExpectInModel(action, xml);
    auto got = ThroughClient(action, xml, [&](Ec2Client& client) {
      if (action == "StartInstances") return client.StartInstances({});
      if (action == "StopInstances") return client.StopInstances({});
      return client.TerminateInstances({});
    });
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    ExpectEach(*got, want,
               [](const InstanceStateChange& g, const InstanceStateChange& w) { ExpectEq(g, w); });
  }
}

TEST(Ec2ResponseXmlTest, DescribeTags) {
  DescribeTagsResponse want{{{"i-1", "instance", "Name", "a & b"},
                             {"sir-1", "spot-instances-request", "spotrun:job", ""}},
                            "next"};
  std::string xml = WriteDescribeTagsResponse(kRequestId, want);
  ExpectInModel("DescribeTags", xml);
  auto got = ThroughClient("DescribeTags", xml, [](Ec2Client& c) { return c.DescribeTags({}); });
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ExpectEach(got->tags, want.tags, [](const TagDescription& got, const TagDescription& want) {
    EXPECT_SAME(resource_id);
    EXPECT_SAME(resource_type);
    EXPECT_SAME(key);
    EXPECT_SAME(value);
  });
  EXPECT_EQ(got->next_token, "next");
}

TEST(Ec2ResponseXmlTest, DescribeImages) {
  Image bare{.image_id = "ami-1", .name = "n", .state = "pending", .owner_id = "123456789012"};
  std::vector<Image> want = {FullImage(), bare};
  std::string xml = WriteDescribeImagesResponse(kRequestId, want);
  ExpectInModel("DescribeImages", xml);
  auto got =
      ThroughClient("DescribeImages", xml, [](Ec2Client& c) { return c.DescribeImages({}); });
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ExpectEach(*got, want, [](const Image& g, const Image& w) { ExpectEq(g, w); });
}

TEST(Ec2ResponseXmlTest, CreateImage) {
  std::string xml = WriteCreateImageResponse(kRequestId, "ami-0fedcba9876543210");
  ExpectInModel("CreateImage", xml);
  auto got = ThroughClient("CreateImage", xml, [](Ec2Client& c) { return c.CreateImage({}); });
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(*got, "ami-0fedcba9876543210");
}

TEST(Ec2ResponseXmlTest, RequestSpotInstances) {
  SpotInstanceRequest open{
      .spot_instance_request_id = "sir-2",
      .state = "open",
      .status = {"pending-evaluation", "Your request is pending.", {}},
      .type = "one-time",
      .launch_specification = {.image_id = "ami-1", .instance_type = "t3.micro"}};
  std::vector<SpotInstanceRequest> want = {FullSpotRequest(), open};
  std::string xml = WriteRequestSpotInstancesResponse(kRequestId, want);
  ExpectInModel("RequestSpotInstances", xml);
  auto got = ThroughClient("RequestSpotInstances", xml,
                           [](Ec2Client& c) { return c.RequestSpotInstances({}); });
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ExpectEach(*got, want,
             [](const SpotInstanceRequest& g, const SpotInstanceRequest& w) { ExpectEq(g, w); });
}

TEST(Ec2ResponseXmlTest, DescribeSpotInstanceRequests) {
  DescribeSpotInstanceRequestsResponse want{{FullSpotRequest()}, "page-2"};
  std::string xml = WriteDescribeSpotInstanceRequestsResponse(kRequestId, want);
  ExpectInModel("DescribeSpotInstanceRequests", xml);
  auto got = ThroughClient("DescribeSpotInstanceRequests", xml,
                           [](Ec2Client& c) { return c.DescribeSpotInstanceRequests({}); });
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ExpectEach(got->spot_instance_requests, want.spot_instance_requests,
             [](const SpotInstanceRequest& g, const SpotInstanceRequest& w) { ExpectEq(g, w); });
  EXPECT_EQ(got->next_token, "page-2");
}

TEST(Ec2ResponseXmlTest, CancelSpotInstanceRequests) {
  std::vector<CancelledSpotInstanceRequest> want = {{"sir-1", "cancelled"}, {"sir-2", "closed"}};
  std::string xml = WriteCancelSpotInstanceRequestsResponse(kRequestId, want);
  ExpectInModel("CancelSpotInstanceRequests", xml);
  auto got = ThroughClient("CancelSpotInstanceRequests", xml,
                           [](Ec2Client& c) { return c.CancelSpotInstanceRequests({}); });
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ExpectEach(*got, want,
             [](const CancelledSpotInstanceRequest& got, const CancelledSpotInstanceRequest& want) {
               EXPECT_SAME(spot_instance_request_id);
               EXPECT_SAME(state);
             });
}

TEST(Ec2ResponseXmlTest, DescribeSpotPriceHistory) {
  DescribeSpotPriceHistoryResponse want{
      {{"us-east-1b", "g4dn.xlarge", "Linux/UNIX", "0.157800", At("2022-05-31T19:25:56.000Z")},
       {"us-east-1c", "m5.large", "Windows", "0.031200", At("2022-05-31T18:20:41.000Z")}},
      "tok"};
  std::string xml = WriteDescribeSpotPriceHistoryResponse(kRequestId, want);
  ExpectInModel("DescribeSpotPriceHistory", xml);
  auto got = ThroughClient("DescribeSpotPriceHistory", xml,
                           [](Ec2Client& c) { return c.DescribeSpotPriceHistory({}); });
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ExpectEach(got->spot_price_history, want.spot_price_history,
             [](const SpotPrice& got, const SpotPrice& want) {
               EXPECT_SAME(availability_zone);
               EXPECT_SAME(instance_type);
               EXPECT_SAME(product_description);
               EXPECT_SAME(spot_price);
               EXPECT_EQ(FormatIso8601(got.timestamp), FormatIso8601(want.timestamp));
             });
  EXPECT_EQ(got->next_token, "tok");
}

TEST(Ec2ResponseXmlTest, DescribeInstanceTypes) {
  InstanceTypeInfo metal{.instance_type = "m5.metal",
                         .default_vcpus = 96,
                         .memory_mib = 393216,
                         .supported_architectures = {"x86_64"},
                         .supported_usage_classes = {"on-demand"},
                         .bare_metal = true};
  DescribeInstanceTypesResponse want{{FullInstanceType(), metal}, "more"};
  std::string xml = WriteDescribeInstanceTypesResponse(kRequestId, want);
  ExpectInModel("DescribeInstanceTypes", xml);
  auto got = ThroughClient("DescribeInstanceTypes", xml,
                           [](Ec2Client& c) { return c.DescribeInstanceTypes({}); });
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ExpectEach(got->instance_types, want.instance_types,
             [](const InstanceTypeInfo& g, const InstanceTypeInfo& w) { ExpectEq(g, w); });
  EXPECT_EQ(got->next_token, "more");
}

TEST(Ec2ResponseXmlTest, DescribeInstanceTypeOfferings) {
  DescribeInstanceTypeOfferingsResponse want{
      {{"g4dn.xlarge", "availability-zone", "us-east-1b"}, {"m5.large", "region", "us-east-1"}},
      "n2"};
  std::string xml = WriteDescribeInstanceTypeOfferingsResponse(kRequestId, want);
  ExpectInModel("DescribeInstanceTypeOfferings", xml);
  auto got = ThroughClient("DescribeInstanceTypeOfferings", xml,
                           [](Ec2Client& c) { return c.DescribeInstanceTypeOfferings({}); });
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ExpectEach(got->instance_type_offerings, want.instance_type_offerings,
             [](const InstanceTypeOffering& got, const InstanceTypeOffering& want) {
               EXPECT_SAME(instance_type);
               EXPECT_SAME(location_type);
               EXPECT_SAME(location);
             });
  EXPECT_EQ(got->next_token, "n2");
}

TEST(Ec2ResponseXmlTest, CreateVolume) {
  Volume want = FullVolume();
  want.state = "creating";
  want.attachments.clear();
  std::string xml = WriteCreateVolumeResponse(kRequestId, want);
  ExpectInModel("CreateVolume", xml);
  auto got = ThroughClient("CreateVolume", xml, [](Ec2Client& c) { return c.CreateVolume({}); });
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ExpectEq(*got, want);
}

TEST(Ec2ResponseXmlTest, AttachAndDetachVolume) {
  VolumeAttachment want = FullVolume().attachments[0];
  for (std::string action : {"AttachVolume", "DetachVolume"}) {
    SCOPED_TRACE(action);
    std::string xml = action == "AttachVolume" ? WriteAttachVolumeResponse(kRequestId, want)
                                               : WriteDetachVolumeResponse(kRequestId, want);
    ExpectInModel(action, xml);
    auto got = ThroughClient(action, xml, [&](Ec2Client& c) {
      return action == "AttachVolume" ? c.AttachVolume({}) : c.DetachVolume({});
    });
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    ExpectEq(*got, want);
  }
}

TEST(Ec2ResponseXmlTest, DescribeVolumes) {
  Volume bare{.volume_id = "vol-2",
              .size = 8,
              .volume_type = "gp2",
              .state = "available",
              .availability_zone = "us-east-1a"};
  DescribeVolumesResponse want{{FullVolume(), bare}, "v2"};
  std::string xml = WriteDescribeVolumesResponse(kRequestId, want);
  ExpectInModel("DescribeVolumes", xml);
  auto got =
      ThroughClient("DescribeVolumes", xml, [](Ec2Client& c) { return c.DescribeVolumes({}); });
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ExpectEach(got->volumes, want.volumes, [](const Volume& g, const Volume& w) { ExpectEq(g, w); });
  EXPECT_EQ(got->next_token, "v2");
}

TEST(Ec2ResponseXmlTest, CreateSnapshot) {
  Snapshot want = FullSnapshot();
  want.state = "pending";
  want.progress = "";
  std::string xml = WriteCreateSnapshotResponse(kRequestId, want);
  ExpectInModel("CreateSnapshot", xml);
  auto got =
      ThroughClient("CreateSnapshot", xml, [](Ec2Client& c) { return c.CreateSnapshot({}); });
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ExpectEq(*got, want);
}

TEST(Ec2ResponseXmlTest, DescribeSnapshots) {
  DescribeSnapshotsResponse want{{FullSnapshot()}, "s2"};
  std::string xml = WriteDescribeSnapshotsResponse(kRequestId, want);
  ExpectInModel("DescribeSnapshots", xml);
  auto got =
      ThroughClient("DescribeSnapshots", xml, [](Ec2Client& c) { return c.DescribeSnapshots({}); });
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ExpectEach(got->snapshots, want.snapshots,
             [](const Snapshot& g, const Snapshot& w) { ExpectEq(g, w); });
  EXPECT_EQ(got->next_token, "s2");
}

TEST(Ec2ResponseXmlTest, CreateKeyPairCarriesTheMaterialIntact) {
  KeyPair want{.key_pair_id = "key-0123456789abcdef0",
               .key_name = "spotrun-key",
               .key_fingerprint = "1f:51:ae:28:bf:89:e9:d8:1f:25:5d:37:2d:7d:b8:ca:9f:f5:f1:6f",
               .key_material =
                   "-----BEGIN OPENSSH PRIVATE KEY-----\n"
                   "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtz\n"
                   "c2gtZWQyNTUxOQAAACDr+/=\n"
                   "-----END OPENSSH PRIVATE KEY-----\n",
               .tags = Tags()};
  std::string xml = WriteCreateKeyPairResponse(kRequestId, want);
  ExpectInModel("CreateKeyPair", xml);
  auto got = ThroughClient("CreateKeyPair", xml, [](Ec2Client& c) { return c.CreateKeyPair({}); });
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->key_pair_id, want.key_pair_id);
  EXPECT_EQ(got->key_name, want.key_name);
  EXPECT_EQ(got->key_fingerprint, want.key_fingerprint);
  EXPECT_EQ(got->key_material, want.key_material);
  EXPECT_EQ(got->tags, want.tags);
}

TEST(Ec2ResponseXmlTest, ImportKeyPairCarriesWhatAwsCarries) {
  KeyPairInfo full = FullKeyPairInfo();
  std::string xml = WriteImportKeyPairResponse(kRequestId, full);
  ExpectInModel("ImportKeyPair", xml);
  EXPECT_THAT(xml, Not(HasSubstr("publicKey")));
  auto got = ThroughClient("ImportKeyPair", xml, [](Ec2Client& c) { return c.ImportKeyPair({}); });
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  KeyPairInfo want = full;  // ImportKeyPairResult: id, name, fingerprint and tags only
  want.key_type.clear();
  want.public_key.clear();
  want.create_time.reset();
  ExpectEq(*got, want);
}

TEST(Ec2ResponseXmlTest, DescribeKeyPairs) {
  KeyPairInfo bare{.key_pair_id = "key-2", .key_name = "k2", .key_fingerprint = "ab:cd"};
  std::vector<KeyPairInfo> want = {FullKeyPairInfo(), bare};
  std::string xml = WriteDescribeKeyPairsResponse(kRequestId, want);
  ExpectInModel("DescribeKeyPairs", xml);
  auto got =
      ThroughClient("DescribeKeyPairs", xml, [](Ec2Client& c) { return c.DescribeKeyPairs({}); });
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ExpectEach(*got, want, [](const KeyPairInfo& g, const KeyPairInfo& w) { ExpectEq(g, w); });
}

TEST(Ec2ResponseXmlTest, CreateSecurityGroup) {
  CreateSecurityGroupResponse want{"sg-0a1b2c3d", Tags()};
  std::string xml = WriteCreateSecurityGroupResponse(kRequestId, want);
  ExpectInModel("CreateSecurityGroup", xml);
  auto got = ThroughClient("CreateSecurityGroup", xml,
                           [](Ec2Client& c) { return c.CreateSecurityGroup({}); });
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->group_id, want.group_id);
  EXPECT_EQ(got->tags, want.tags);
}

TEST(Ec2ResponseXmlTest, DescribeSecurityGroups) {
  SecurityGroup bare{.group_id = "sg-2",
                     .group_name = "default",
                     .description = "default VPC",
                     .owner_id = "123456789012"};
  DescribeSecurityGroupsResponse want{{FullSecurityGroup(), bare}, "g2"};
  std::string xml = WriteDescribeSecurityGroupsResponse(kRequestId, want);
  ExpectInModel("DescribeSecurityGroups", xml);
  auto got = ThroughClient("DescribeSecurityGroups", xml,
                           [](Ec2Client& c) { return c.DescribeSecurityGroups({}); });
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ExpectEach(got->security_groups, want.security_groups,
             [](const SecurityGroup& g, const SecurityGroup& w) { ExpectEq(g, w); });
  EXPECT_EQ(got->next_token, "g2");
}

TEST(Ec2ResponseXmlTest, AuthorizeSecurityGroupIngress) {
  AuthorizeSecurityGroupIngressResponse want{
      true,
      {{"sgr-0a1b2c3d", "sg-0a1b2c3d", false, "tcp", 22, 22, "203.0.113.0/24", "ssh <office>"},
       {"sgr-0e0e0e0e", "sg-0a1b2c3d", true, "-1", std::nullopt, std::nullopt, "0.0.0.0/0", ""}}};
  std::string xml = WriteAuthorizeSecurityGroupIngressResponse(kRequestId, want);
  ExpectInModel("AuthorizeSecurityGroupIngress", xml);
  auto got = ThroughClient("AuthorizeSecurityGroupIngress", xml,
                           [](Ec2Client& c) { return c.AuthorizeSecurityGroupIngress({}); });
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_TRUE(got->return_value);
  ExpectEach(got->security_group_rules, want.security_group_rules,
             [](const SecurityGroupRule& g, const SecurityGroupRule& w) { ExpectEq(g, w); });
}

TEST(Ec2ResponseXmlTest, DescribeVpcs) {
  DescribeVpcsResponse want{
      {{"vpc-0123abcd", "172.31.0.0/16", "available", true, "123456789012", Tags()},
       {"vpc-2", "10.0.0.0/16", "pending", false, "123456789012", {}}},
      "p2"};
  std::string xml = WriteDescribeVpcsResponse(kRequestId, want);
  ExpectInModel("DescribeVpcs", xml);
  auto got = ThroughClient("DescribeVpcs", xml, [](Ec2Client& c) { return c.DescribeVpcs({}); });
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ExpectEach(got->vpcs, want.vpcs, [](const Vpc& got, const Vpc& want) {
    EXPECT_SAME(vpc_id);
    EXPECT_SAME(cidr_block);
    EXPECT_SAME(state);
    EXPECT_SAME(is_default);
    EXPECT_SAME(owner_id);
    EXPECT_SAME(tags);
  });
  EXPECT_EQ(got->next_token, "p2");
}

TEST(Ec2ResponseXmlTest, DescribeSubnets) {
  DescribeSubnetsResponse want{
      {{"subnet-0aa11bb22cc33dd44", "vpc-0123abcd", "us-east-1b", "use1-az1", "172.31.16.0/20",
        "available", 4091, true, true, Tags()},
       {"subnet-2",
        "vpc-2",
        "us-east-1a",
        "use1-az6",
        "10.0.0.0/24",
        "pending",
        251,
        false,
        false,
        {}}},
      "n"};
  std::string xml = WriteDescribeSubnetsResponse(kRequestId, want);
  ExpectInModel("DescribeSubnets", xml);
  auto got =
      ThroughClient("DescribeSubnets", xml, [](Ec2Client& c) { return c.DescribeSubnets({}); });
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ExpectEach(got->subnets, want.subnets, [](const Subnet& got, const Subnet& want) {
    EXPECT_SAME(subnet_id);
    EXPECT_SAME(vpc_id);
    EXPECT_SAME(availability_zone);
    EXPECT_SAME(availability_zone_id);
    EXPECT_SAME(cidr_block);
    EXPECT_SAME(state);
    EXPECT_SAME(available_ip_address_count);
    EXPECT_SAME(default_for_az);
    EXPECT_SAME(map_public_ip_on_launch);
    EXPECT_SAME(tags);
  });
  EXPECT_EQ(got->next_token, "n");
}

// ---- boto3's own parser ------------------------------------------------------------------

// botocore's EC2 response parser (what the aws CLI and boto3 use) run over `xml`; the parsed
// dict as JSON (timestamps as ISO strings), or nullopt when python3-botocore is unavailable.
std::optional<nlohmann::json> ParseWithBotocore(const std::string& action, const std::string& xml) {
  constexpr const char* kScript = R"(
import json, sys, botocore.parsers, botocore.session
model = botocore.session.get_session().get_service_model('ec2')
parsed = botocore.parsers.create_parser('ec2').parse(
    {'body': sys.stdin.buffer.read(), 'headers': {}, 'status_code': 200},
    model.operation_model(sys.argv[1]).output_shape)
print(json.dumps(parsed, default=lambda t: t.isoformat()))
)";
  SubprocessOptions options;
  options.argv = {"python3", "-c", kScript, action};
  options.stdin_data = xml;
  options.timeout = std::chrono::seconds(60);
  Result<SubprocessResult> run = RunSubprocess(options);
  if (!run.ok() || !run->success()) {
    ADD_FAILURE() << "python3 botocore: "
                  << (run.ok() ? run->stderr_text : run.status().ToString());
    return std::nullopt;
  }
  return nlohmann::json::parse(run->stdout_text);
}

TEST(Ec2ResponseXmlTest, Boto3ParsesRunInstances) {
  Reservation reservation = FullReservation(1);
  auto parsed =
      ParseWithBotocore("RunInstances", WriteRunInstancesResponse(kRequestId, reservation));
  ASSERT_TRUE(parsed);
  const nlohmann::json& r = *parsed;
  EXPECT_EQ(r["ResponseMetadata"]["RequestId"], kRequestId);
  EXPECT_EQ(r["ReservationId"], "r-0123456789abcdef0");
  const nlohmann::json& i = r["Instances"][0];
  EXPECT_EQ(i["InstanceId"], reservation.instances[0].instance_id);
  EXPECT_EQ(i["State"], nlohmann::json({{"Code", 16}, {"Name", "running"}}));
  EXPECT_THAT(i["LaunchTime"].get<std::string>(), StartsWith("2026-01-02T03:04:05.678"));
  EXPECT_EQ(i["Placement"]["AvailabilityZone"], "us-east-1b");
  EXPECT_EQ(i["InstanceLifecycle"], "spot");
  EXPECT_EQ(i["Tags"][0]["Value"], "web & <db> \"main\" 'one'");
  EXPECT_EQ(i["BlockDeviceMappings"][0]["Ebs"]["DeleteOnTermination"], true);
  EXPECT_EQ(i["MetadataOptions"]["HttpPutResponseHopLimit"], 2);
  EXPECT_EQ(i["SecurityGroups"][1]["GroupName"], "default");
}

TEST(Ec2ResponseXmlTest, Boto3ParsesSpotRequestsAndInstanceTypes) {
  auto spot = ParseWithBotocore(
      "DescribeSpotInstanceRequests",
      WriteDescribeSpotInstanceRequestsResponse(kRequestId, {{FullSpotRequest()}, "page-2"}));
  ASSERT_TRUE(spot);
  const nlohmann::json& s = (*spot)["SpotInstanceRequests"][0];
  EXPECT_EQ(s["Status"]["Code"], "fulfilled");
  EXPECT_EQ(s["LaunchSpecification"]["Placement"]["AvailabilityZone"], "us-east-1b");
  EXPECT_EQ(s["InstanceInterruptionBehavior"], "stop");
  EXPECT_EQ((*spot)["NextToken"], "page-2");
  auto types =
      ParseWithBotocore("DescribeInstanceTypes",
                        WriteDescribeInstanceTypesResponse(kRequestId, {{FullInstanceType()}, ""}));
  ASSERT_TRUE(types);
  const nlohmann::json& t = (*types)["InstanceTypes"][0];
  EXPECT_EQ(t["GpuInfo"]["Gpus"][0]["MemoryInfo"]["SizeInMiB"], 16384);
  EXPECT_EQ(t["ProcessorInfo"]["SustainedClockSpeedInGhz"], 2.5);
  EXPECT_EQ(t["SupportedUsageClasses"], nlohmann::json({"on-demand", "spot"}));
  EXPECT_FALSE(types->contains("NextToken"));
}

// ---- The model checker itself -------------------------------------------------------------

TEST(Ec2ResponseXmlTest, ModelCheckerRejectsUnknownElementsAndBadValues) {
  std::string xml = testing::Ec2Answer(
      "DescribeVolumes",
      "<volumeSet><item><volumeId>vol-1</volumeId><sizeGiB>8</sizeGiB><size>eight</size>"
      "<status>mounted</status><createTime>2026-01-01T00:00:00Z</createTime>"
      "<encrypted>yes</encrypted></item><volume/></volumeSet>");
  std::vector<std::string> errors = OutputModel().Validate("DescribeVolumes", xml);
  EXPECT_THAT(errors, ::testing::UnorderedElementsAre(HasSubstr("<sizeGiB>"), HasSubstr("eight"),
                                                      HasSubstr("mounted"),
                                                      HasSubstr("2026-01-01T00:00:00Z"),
                                                      HasSubstr("yes"), HasSubstr("<volume>")));
}

// ---- Speed --------------------------------------------------------------------------------

// The server's benchmark answers DescribeInstances for 1,000 instances; encoding must stay a
// small part of that. Logs the time (wall clock, this build's optimisation level).
TEST(Ec2ResponseXmlTest, DescribeInstancesOfAThousandInstancesIsFast) {
  DescribeInstancesResponse response;
  for (int r = 0; r < 100; ++r) {
    Reservation reservation = FullReservation(10);
    reservation.reservation_id = "r-" + std::to_string(r);
    response.reservations.push_back(std::move(reservation));
  }
  constexpr int kRounds = 20;
  size_t bytes = 0;
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kRounds; ++i)
    bytes = WriteDescribeInstancesResponse(kRequestId, response).size();
  auto elapsed = std::chrono::steady_clock::now() - start;
  double ms = std::chrono::duration<double, std::milli>(elapsed).count() / kRounds;
  RecordProperty("encode_ms_per_1000_instances", std::to_string(ms));
  std::printf("DescribeInstances, 1,000 instances: %.2f ms per document, %zu bytes\n", ms, bytes);
  EXPECT_LT(ms, 500.0);  // generous for Debug under sanitizers; Release is ~100x below
  std::string xml = WriteDescribeInstancesResponse(kRequestId, response);
  auto got =
      ThroughClient("DescribeInstances", xml, [](Ec2Client& c) { return c.DescribeInstances({}); });
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(InstancesOf(got->reservations).size(), 1000u);
}

}  // namespace
}  // namespace spotrun
