// Decoding is the inverse of Ec2Client's serialisation: every action's fully populated request
// goes out through the real client, comes back through its decoder, and goes out again with
// exactly the same parameters (so no member is dropped); the key actions are also checked
// field by field. Then parameters exactly as boto3 sends them, and the errors.
#include "localcloud/ec2_query_decode.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <initializer_list>
#include <string>
#include <utility>

#include "aws/aws_error.h"
#include "aws/ec2_client.h"
#include "testing/fake_query_transport.h"

namespace spotrun {
namespace {

using ::spotrun::testing::Ec2Answer;
using ::spotrun::testing::FakeQueryTransport;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Optional;

const TimePoint kT0 = std::chrono::sys_days{std::chrono::year{2026} / 3 / 1};
const TimePoint kT1 = kT0 + std::chrono::hours(30) + std::chrono::seconds(7);

// The parameters Ec2Client sends for `request`.
template <typename Request, typename Answer>
QueryParams Wire(Answer (Ec2Api::*call)(const Request&), const Request& request) {
  FakeQueryTransport transport;
  transport.SetHandler([](std::string_view action, const QueryParams&) -> Result<std::string> {
    return Ec2Answer(action);
  });
  Ec2Client client(transport);
  (void)(client.*call)(request);
  return transport.last_call().params;
}

// Sends `request`, decodes it, and expects the decoded request to send the same parameters.
template <typename Request, typename Answer>
Request RoundTrip(Answer (Ec2Api::*call)(const Request&),
                  Result<Request> (*decode)(const QueryParams&), const Request& request) {
  QueryParams sent = Wire(call, request);
  Result<Request> decoded = decode(sent);
  EXPECT_TRUE(decoded.ok()) << decoded.status().ToString();
  if (!decoded.ok()) return Request{};
  EXPECT_EQ(Wire(call, *decoded).entries(), sent.entries());
  return *decoded;
}

QueryParams Params(std::initializer_list<std::pair<std::string_view, std::string_view>> pairs) {
  QueryParams params;
  for (const auto& [key, value] : pairs) params.Set(key, value);
  return params;
}

void ExpectEc2Error(const Status& status, std::string_view code, std::string_view message) {
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), code) << status.ToString();
  EXPECT_THAT(status.message(), HasSubstr(std::string(message)));
}

std::vector<Filter> Filters() {
  return {{"instance-state-name", {"pending", "running"}}, {"tag:spotrun:managed", {"true"}}};
}

std::vector<Tag> Tags() { return {{"Name", "train-1"}, {"spotrun:managed", "true"}}; }

std::vector<TagSpecification> TagSpecs(std::string resource_type) {
  return {{resource_type, Tags()}, {"volume", {{"spotrun:job", "j-1"}}}};
}

std::vector<BlockDeviceMapping> BlockDevices() {
  EbsBlockDevice root{.volume_size = 100,
                      .volume_type = "gp3",
                      .iops = 4000,
                      .throughput = 250,
                      .encrypted = true,
                      .delete_on_termination = false,
                      .snapshot_id = "snap-1",
                      .kms_key_id = "alias/k"};
  return {{.device_name = "/dev/xvda", .ebs = root},
          {.device_name = "/dev/sdb", .virtual_name = "ephemeral0"},
          {.device_name = "/dev/sdc", .no_device = ""}};
}

void ExpectBlockDevices(const std::vector<BlockDeviceMapping>& got) {
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].device_name, "/dev/xvda");
  ASSERT_TRUE(got[0].ebs);
  EXPECT_THAT(got[0].ebs->volume_size, Optional(100));
  EXPECT_THAT(got[0].ebs->volume_type, Optional(std::string("gp3")));
  EXPECT_THAT(got[0].ebs->iops, Optional(4000));
  EXPECT_THAT(got[0].ebs->throughput, Optional(250));
  EXPECT_THAT(got[0].ebs->encrypted, Optional(true));
  EXPECT_THAT(got[0].ebs->delete_on_termination, Optional(false));
  EXPECT_THAT(got[0].ebs->snapshot_id, Optional(std::string("snap-1")));
  EXPECT_THAT(got[0].ebs->kms_key_id, Optional(std::string("alias/k")));
  EXPECT_FALSE(got[1].ebs);
  EXPECT_THAT(got[1].virtual_name, Optional(std::string("ephemeral0")));
  EXPECT_THAT(got[2].no_device, Optional(std::string("")));
}

void ExpectTagSpecs(const std::vector<TagSpecification>& got, std::string_view resource_type) {
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].resource_type, resource_type);
  EXPECT_EQ(got[0].tags, Tags());
  EXPECT_EQ(got[1].resource_type, "volume");
  EXPECT_THAT(got[1].tags, ElementsAre(Tag{"spotrun:job", "j-1"}));
}

void ExpectFilters(const std::vector<Filter>& got) {
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].name, "instance-state-name");
  EXPECT_THAT(got[0].values, ElementsAre("pending", "running"));
  EXPECT_EQ(got[1].name, "tag:spotrun:managed");
  EXPECT_THAT(got[1].values, ElementsAre("true"));
}

// ---- Round trips, one per action ----------------------------------------------------------

TEST(Ec2QueryDecodeTest, RunInstancesRoundTrip) {
  RunInstancesRequest request{
      .image_id = "ami-1",
      .instance_type = "m5.large",
      .min_count = 2,
      .max_count = 3,
      .key_name = "k1",
      .security_group_ids = {"sg-1", "sg-2"},
      .subnet_id = "subnet-1",
      .availability_zone = "us-east-1a",
      .user_data = std::string("#!/bin/sh\necho hi\0\xff", 19),
      .iam_instance_profile = IamInstanceProfileSpecification{.arn = "arn:p", .name = "p"},
      .block_device_mappings = BlockDevices(),
      .tag_specifications = TagSpecs("instance"),
      .instance_market_options =
          InstanceMarketOptionsRequest{
              .market_type = "spot",
              .spot_options = SpotMarketOptions{.max_price = "0.05",
                                                .spot_instance_type = "persistent",
                                                .instance_interruption_behavior = "stop",
                                                .valid_until = kT1}},
      .metadata_options = {.http_tokens = "required",
                           .http_endpoint = "enabled",
                           .http_put_response_hop_limit = 2,
                           .instance_metadata_tags = "enabled"},
      .instance_initiated_shutdown_behavior = "terminate",
      .client_token = "tok-1",
      .dry_run = true};
  RunInstancesRequest got = RoundTrip(&Ec2Api::RunInstances, &DecodeRunInstances, request);
  EXPECT_EQ(got.image_id, "ami-1");
  EXPECT_EQ(got.instance_type, "m5.large");
  EXPECT_EQ(got.min_count, 2);
  EXPECT_EQ(got.max_count, 3);
  EXPECT_THAT(got.key_name, Optional(std::string("k1")));
  EXPECT_THAT(got.security_group_ids, ElementsAre("sg-1", "sg-2"));
  EXPECT_THAT(got.subnet_id, Optional(std::string("subnet-1")));
  EXPECT_THAT(got.availability_zone, Optional(std::string("us-east-1a")));
  EXPECT_EQ(got.user_data, request.user_data);
  ASSERT_TRUE(got.iam_instance_profile);
  EXPECT_THAT(got.iam_instance_profile->arn, Optional(std::string("arn:p")));
  EXPECT_THAT(got.iam_instance_profile->name, Optional(std::string("p")));
  ExpectBlockDevices(got.block_device_mappings);
  ExpectTagSpecs(got.tag_specifications, "instance");
  ASSERT_TRUE(got.instance_market_options);
  EXPECT_EQ(got.instance_market_options->market_type, "spot");
  ASSERT_TRUE(got.instance_market_options->spot_options);
  const SpotMarketOptions& spot = *got.instance_market_options->spot_options;
  EXPECT_THAT(spot.max_price, Optional(std::string("0.05")));
  EXPECT_THAT(spot.spot_instance_type, Optional(std::string("persistent")));
  EXPECT_THAT(spot.instance_interruption_behavior, Optional(std::string("stop")));
  EXPECT_THAT(spot.valid_until, Optional(kT1));
  EXPECT_EQ(got.metadata_options.http_tokens, "required");
  EXPECT_THAT(got.metadata_options.http_endpoint, Optional(std::string("enabled")));
  EXPECT_THAT(got.metadata_options.http_put_response_hop_limit, Optional(2));
  EXPECT_THAT(got.metadata_options.instance_metadata_tags, Optional(std::string("enabled")));
  EXPECT_THAT(got.instance_initiated_shutdown_behavior, Optional(std::string("terminate")));
  EXPECT_THAT(got.client_token, Optional(std::string("tok-1")));
  EXPECT_TRUE(got.dry_run);
}

TEST(Ec2QueryDecodeTest, RunInstancesMinimalLeavesOptionalsUnset) {
  RunInstancesRequest got = RoundTrip(&Ec2Api::RunInstances, &DecodeRunInstances,
                                      {.image_id = "ami-1", .client_token = "t"});
  EXPECT_FALSE(got.key_name);
  EXPECT_FALSE(got.user_data);
  EXPECT_FALSE(got.iam_instance_profile);
  EXPECT_FALSE(got.instance_market_options);
  EXPECT_TRUE(got.block_device_mappings.empty());
  EXPECT_FALSE(got.dry_run);
}

TEST(Ec2QueryDecodeTest, RequestSpotInstancesRoundTrip) {
  RequestSpotInstancesRequest request{
      .launch_specification = {.image_id = "ami-2",
                               .instance_type = "c5.large",
                               .key_name = "k2",
                               .security_group_ids = {"sg-3"},
                               .subnet_id = "subnet-2",
                               .availability_zone = "us-east-1b",
                               .user_data = "echo spot",
                               .iam_instance_profile =
                                   IamInstanceProfileSpecification{.name = "role"},
                               .block_device_mappings = BlockDevices(),
                               .ebs_optimized = true},
      .spot_price = "0.031",
      .instance_count = 2,
      .type = "persistent",
      .valid_until = kT1,
      .instance_interruption_behavior = "hibernate",
      .tag_specifications = TagSpecs("spot-instances-request"),
      .client_token = "ct-1",
      .dry_run = true};
  RequestSpotInstancesRequest got =
      RoundTrip(&Ec2Api::RequestSpotInstances, &DecodeRequestSpotInstances, request);
  const RequestSpotLaunchSpecification& spec = got.launch_specification;
  EXPECT_EQ(spec.image_id, "ami-2");
  EXPECT_EQ(spec.instance_type, "c5.large");
  EXPECT_THAT(spec.key_name, Optional(std::string("k2")));
  EXPECT_THAT(spec.security_group_ids, ElementsAre("sg-3"));
  EXPECT_THAT(spec.subnet_id, Optional(std::string("subnet-2")));
  EXPECT_THAT(spec.availability_zone, Optional(std::string("us-east-1b")));
  EXPECT_THAT(spec.user_data, Optional(std::string("echo spot")));
  ASSERT_TRUE(spec.iam_instance_profile);
  EXPECT_FALSE(spec.iam_instance_profile->arn);
  EXPECT_THAT(spec.iam_instance_profile->name, Optional(std::string("role")));
  ExpectBlockDevices(spec.block_device_mappings);
  EXPECT_THAT(spec.ebs_optimized, Optional(true));
  EXPECT_THAT(got.spot_price, Optional(std::string("0.031")));
  EXPECT_THAT(got.instance_count, Optional(2));
  EXPECT_THAT(got.type, Optional(std::string("persistent")));
  EXPECT_THAT(got.valid_until, Optional(kT1));
  EXPECT_THAT(got.instance_interruption_behavior, Optional(std::string("hibernate")));
  ExpectTagSpecs(got.tag_specifications, "spot-instances-request");
  EXPECT_THAT(got.client_token, Optional(std::string("ct-1")));
  EXPECT_TRUE(got.dry_run);
}

TEST(Ec2QueryDecodeTest, DescribeInstancesRoundTrip) {
  DescribeInstancesRequest got =
      RoundTrip(&Ec2Api::DescribeInstances, &DecodeDescribeInstances,
                {.filters = Filters(), .max_results = 50, .next_token = "page-2", .dry_run = true});
  ExpectFilters(got.filters);
  EXPECT_THAT(got.max_results, Optional(50));
  EXPECT_THAT(got.next_token, Optional(std::string("page-2")));
  EXPECT_TRUE(got.dry_run);
  got = RoundTrip(&Ec2Api::DescribeInstances, &DecodeDescribeInstances,
                  {.instance_ids = {"i-1", "i-2"}});
  EXPECT_THAT(got.instance_ids, ElementsAre("i-1", "i-2"));
  EXPECT_FALSE(got.max_results);
  EXPECT_FALSE(got.next_token);
}

TEST(Ec2QueryDecodeTest, ListsAndFiltersKeepTheirOrderPastNine) {
  DescribeInstancesRequest request;
  for (int i = 1; i <= 12; ++i) {
    request.instance_ids.push_back("i-" + std::to_string(i));
    request.filters.push_back(
        {"tag:k" + std::to_string(i), {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"}});
  }
  DescribeInstancesRequest got =
      RoundTrip(&Ec2Api::DescribeInstances, &DecodeDescribeInstances, request);
  EXPECT_EQ(got.instance_ids, request.instance_ids);
  ASSERT_EQ(got.filters.size(), 12u);
  EXPECT_EQ(got.filters[9].name, "tag:k10");
  EXPECT_EQ(got.filters[9].values, request.filters[9].values);
}

TEST(Ec2QueryDecodeTest, CreateVolumeRoundTrip) {
  CreateVolumeRequest got = RoundTrip(&Ec2Api::CreateVolume, &DecodeCreateVolume,
                                      {.availability_zone = "us-east-1c",
                                       .size = 200,
                                       .volume_type = "io2",
                                       .iops = 6000,
                                       .throughput = 500,
                                       .encrypted = false,
                                       .kms_key_id = "alias/x",
                                       .snapshot_id = "snap-9",
                                       .tag_specifications = TagSpecs("volume"),
                                       .client_token = "cv",
                                       .dry_run = true});
  EXPECT_EQ(got.availability_zone, "us-east-1c");
  EXPECT_THAT(got.size, Optional(200));
  EXPECT_THAT(got.volume_type, Optional(std::string("io2")));
  EXPECT_THAT(got.iops, Optional(6000));
  EXPECT_THAT(got.throughput, Optional(500));
  EXPECT_THAT(got.encrypted, Optional(false));
  EXPECT_THAT(got.kms_key_id, Optional(std::string("alias/x")));
  EXPECT_THAT(got.snapshot_id, Optional(std::string("snap-9")));
  ExpectTagSpecs(got.tag_specifications, "volume");
  EXPECT_THAT(got.client_token, Optional(std::string("cv")));
  EXPECT_TRUE(got.dry_run);
}

TEST(Ec2QueryDecodeTest, AuthorizeSecurityGroupIngressRoundTrip) {
  AuthorizeSecurityGroupIngressRequest got = RoundTrip(
      &Ec2Api::AuthorizeSecurityGroupIngress, &DecodeAuthorizeSecurityGroupIngress,
      {.group_id = "sg-1",
       .group_name = "web",
       .ip_permissions = {{.ip_protocol = "tcp",
                           .from_port = 22,
                           .to_port = 22,
                           .ip_ranges = {{"203.0.113.7/32", "me"}, {"198.51.100.0/24", {}}}},
                          {.ip_protocol = "-1", .ip_ranges = {{"10.0.0.0/8", {}}}}},
       .tag_specifications = TagSpecs("security-group-rule"),
       .dry_run = true});
  EXPECT_THAT(got.group_id, Optional(std::string("sg-1")));
  EXPECT_THAT(got.group_name, Optional(std::string("web")));
  ASSERT_EQ(got.ip_permissions.size(), 2u);
  const IpPermission& ssh = got.ip_permissions[0];
  EXPECT_EQ(ssh.ip_protocol, "tcp");
  EXPECT_THAT(ssh.from_port, Optional(22));
  EXPECT_THAT(ssh.to_port, Optional(22));
  ASSERT_EQ(ssh.ip_ranges.size(), 2u);
  EXPECT_EQ(ssh.ip_ranges[0].cidr_ip, "203.0.113.7/32");
  EXPECT_THAT(ssh.ip_ranges[0].description, Optional(std::string("me")));
  EXPECT_EQ(ssh.ip_ranges[1].cidr_ip, "198.51.100.0/24");
  EXPECT_FALSE(ssh.ip_ranges[1].description);
  EXPECT_EQ(got.ip_permissions[1].ip_protocol, "-1");
  EXPECT_FALSE(got.ip_permissions[1].from_port);
  ExpectTagSpecs(got.tag_specifications, "security-group-rule");
  EXPECT_TRUE(got.dry_run);
}

TEST(Ec2QueryDecodeTest, DescribeSpotPriceHistoryRoundTrip) {
  DescribeSpotPriceHistoryRequest got =
      RoundTrip(&Ec2Api::DescribeSpotPriceHistory, &DecodeDescribeSpotPriceHistory,
                {.instance_types = {"m5.large", "c5.large"},
                 .product_descriptions = {"Linux/UNIX", "Windows"},
                 .start_time = kT0,
                 .end_time = kT1,
                 .availability_zone = "us-east-1a",
                 .filters = Filters(),
                 .max_results = 100,
                 .next_token = "n",
                 .dry_run = true});
  EXPECT_THAT(got.instance_types, ElementsAre("m5.large", "c5.large"));
  EXPECT_THAT(got.product_descriptions, ElementsAre("Linux/UNIX", "Windows"));
  EXPECT_THAT(got.start_time, Optional(kT0));
  EXPECT_THAT(got.end_time, Optional(kT1));
  EXPECT_THAT(got.availability_zone, Optional(std::string("us-east-1a")));
  ExpectFilters(got.filters);
  EXPECT_THAT(got.max_results, Optional(100));
  EXPECT_THAT(got.next_token, Optional(std::string("n")));
  EXPECT_TRUE(got.dry_run);
}

TEST(Ec2QueryDecodeTest, RegionsAndZonesRoundTrip) {
  DescribeRegionsRequest regions = RoundTrip(&Ec2Api::DescribeRegions, &DecodeDescribeRegions,
                                             {.region_names = {"us-east-1", "eu-west-1"},
                                              .filters = Filters(),
                                              .all_regions = true,
                                              .dry_run = true});
  EXPECT_THAT(regions.region_names, ElementsAre("us-east-1", "eu-west-1"));
  EXPECT_THAT(regions.all_regions, Optional(true));
  DescribeAvailabilityZonesRequest zones =
      RoundTrip(&Ec2Api::DescribeAvailabilityZones, &DecodeDescribeAvailabilityZones,
                {.zone_names = {"us-east-1a"},
                 .zone_ids = {"use1-az4"},
                 .filters = Filters(),
                 .all_availability_zones = false,
                 .dry_run = true});
  EXPECT_THAT(zones.zone_ids, ElementsAre("use1-az4"));
  EXPECT_THAT(zones.all_availability_zones, Optional(false));
}

TEST(Ec2QueryDecodeTest, InstanceStateChangesRoundTrip) {
  EXPECT_THAT(RoundTrip(&Ec2Api::StartInstances, &DecodeStartInstances,
                        {.instance_ids = {"i-1", "i-2"}, .dry_run = true})
                  .instance_ids,
              ElementsAre("i-1", "i-2"));
  StopInstancesRequest stop =
      RoundTrip(&Ec2Api::StopInstances, &DecodeStopInstances,
                {.instance_ids = {"i-3"}, .hibernate = true, .force = false, .dry_run = true});
  EXPECT_THAT(stop.hibernate, Optional(true));
  EXPECT_THAT(stop.force, Optional(false));
  EXPECT_TRUE(RoundTrip(&Ec2Api::TerminateInstances, &DecodeTerminateInstances,
                        {.instance_ids = {"i-4"}, .dry_run = true})
                  .dry_run);
  EXPECT_THAT(RoundTrip(&Ec2Api::RebootInstances, &DecodeRebootInstances,
                        {.instance_ids = {"i-5"}, .dry_run = true})
                  .instance_ids,
              ElementsAre("i-5"));
  ModifyInstanceAttributeRequest modify =
      RoundTrip(&Ec2Api::ModifyInstanceAttribute, &DecodeModifyInstanceAttribute,
                {.instance_id = "i-6", .instance_type = "m5.xlarge", .dry_run = true});
  EXPECT_EQ(modify.instance_id, "i-6");
  EXPECT_THAT(modify.instance_type, Optional(std::string("m5.xlarge")));
}

TEST(Ec2QueryDecodeTest, TagsRoundTrip) {
  CreateTagsRequest create =
      RoundTrip(&Ec2Api::CreateTags, &DecodeCreateTags,
                {.resource_ids = {"i-1", "vol-1"}, .tags = Tags(), .dry_run = true});
  EXPECT_THAT(create.resource_ids, ElementsAre("i-1", "vol-1"));
  EXPECT_EQ(create.tags, Tags());
  DeleteTagsRequest del = RoundTrip(&Ec2Api::DeleteTags, &DecodeDeleteTags,
                                    {.resource_ids = {"i-1"},
                                     .keys = {"a", "b"},
                                     .tags = {{"c", "d"}, {"e", ""}},
                                     .dry_run = true});
  EXPECT_THAT(del.keys, ElementsAre("a", "b"));
  EXPECT_THAT(del.tags, ElementsAre(Tag{"c", "d"}, Tag{"e", ""}));
  DescribeTagsRequest describe =
      RoundTrip(&Ec2Api::DescribeTags, &DecodeDescribeTags,
                {.filters = Filters(), .max_results = 5, .next_token = "t", .dry_run = true});
  ExpectFilters(describe.filters);
  EXPECT_THAT(describe.max_results, Optional(5));
}

TEST(Ec2QueryDecodeTest, ImagesRoundTrip) {
  DescribeImagesRequest describe = RoundTrip(&Ec2Api::DescribeImages, &DecodeDescribeImages,
                                             {.image_ids = {"ami-1"},
                                              .owners = {"self", "amazon"},
                                              .filters = Filters(),
                                              .include_deprecated = true,
                                              .dry_run = true});
  EXPECT_THAT(describe.owners, ElementsAre("self", "amazon"));
  EXPECT_THAT(describe.include_deprecated, Optional(true));
  CreateImageRequest create = RoundTrip(&Ec2Api::CreateImage, &DecodeCreateImage,
                                        {.instance_id = "i-1",
                                         .name = "frozen",
                                         .description = "d",
                                         .no_reboot = true,
                                         .tag_specifications = TagSpecs("image"),
                                         .dry_run = true});
  EXPECT_EQ(create.name, "frozen");
  EXPECT_THAT(create.no_reboot, Optional(true));
  ExpectTagSpecs(create.tag_specifications, "image");
  EXPECT_EQ(RoundTrip(&Ec2Api::DeregisterImage, &DecodeDeregisterImage,
                      {.image_id = "ami-9", .dry_run = true})
                .image_id,
            "ami-9");
}

TEST(Ec2QueryDecodeTest, SpotListingsRoundTrip) {
  DescribeSpotInstanceRequestsRequest describe =
      RoundTrip(&Ec2Api::DescribeSpotInstanceRequests, &DecodeDescribeSpotInstanceRequests,
                {.spot_instance_request_ids = {"sir-1", "sir-2"},
                 .filters = Filters(),
                 .max_results = 10,
                 .next_token = "x",
                 .dry_run = true});
  EXPECT_THAT(describe.spot_instance_request_ids, ElementsAre("sir-1", "sir-2"));
  ExpectFilters(describe.filters);
  EXPECT_THAT(RoundTrip(&Ec2Api::CancelSpotInstanceRequests, &DecodeCancelSpotInstanceRequests,
                        {.spot_instance_request_ids = {"sir-3"}, .dry_run = true})
                  .spot_instance_request_ids,
              ElementsAre("sir-3"));
}

TEST(Ec2QueryDecodeTest, InstanceTypesRoundTrip) {
  DescribeInstanceTypesRequest types =
      RoundTrip(&Ec2Api::DescribeInstanceTypes, &DecodeDescribeInstanceTypes,
                {.instance_types = {"m5.large", "t3.micro"},
                 .filters = Filters(),
                 .max_results = 20,
                 .next_token = "y",
                 .dry_run = true});
  EXPECT_THAT(types.instance_types, ElementsAre("m5.large", "t3.micro"));
  DescribeInstanceTypeOfferingsRequest offerings =
      RoundTrip(&Ec2Api::DescribeInstanceTypeOfferings, &DecodeDescribeInstanceTypeOfferings,
                {.location_type = "availability-zone",
                 .filters = Filters(),
                 .max_results = 30,
                 .next_token = "z",
                 .dry_run = true});
  EXPECT_THAT(offerings.location_type, Optional(std::string("availability-zone")));
}

TEST(Ec2QueryDecodeTest, VolumeActionsRoundTrip) {
  AttachVolumeRequest attach = RoundTrip(
      &Ec2Api::AttachVolume, &DecodeAttachVolume,
      {.volume_id = "vol-1", .instance_id = "i-1", .device = "/dev/sdf", .dry_run = true});
  EXPECT_EQ(attach.device, "/dev/sdf");
  DetachVolumeRequest detach = RoundTrip(&Ec2Api::DetachVolume, &DecodeDetachVolume,
                                         {.volume_id = "vol-1",
                                          .instance_id = "i-1",
                                          .device = "/dev/sdf",
                                          .force = true,
                                          .dry_run = true});
  EXPECT_THAT(detach.force, Optional(true));
  EXPECT_EQ(
      RoundTrip(&Ec2Api::DeleteVolume, &DecodeDeleteVolume, {.volume_id = "vol-2", .dry_run = true})
          .volume_id,
      "vol-2");
  DescribeVolumesRequest describe =
      RoundTrip(&Ec2Api::DescribeVolumes, &DecodeDescribeVolumes,
                {.filters = Filters(), .max_results = 6, .next_token = "v", .dry_run = true});
  ExpectFilters(describe.filters);
}

TEST(Ec2QueryDecodeTest, SnapshotActionsRoundTrip) {
  CreateSnapshotRequest create = RoundTrip(&Ec2Api::CreateSnapshot, &DecodeCreateSnapshot,
                                           {.volume_id = "vol-1",
                                            .description = "nightly",
                                            .tag_specifications = TagSpecs("snapshot"),
                                            .dry_run = true});
  EXPECT_THAT(create.description, Optional(std::string("nightly")));
  EXPECT_EQ(RoundTrip(&Ec2Api::DeleteSnapshot, &DecodeDeleteSnapshot,
                      {.snapshot_id = "snap-1", .dry_run = true})
                .snapshot_id,
            "snap-1");
  DescribeSnapshotsRequest describe =
      RoundTrip(&Ec2Api::DescribeSnapshots, &DecodeDescribeSnapshots,
                {.owner_ids = {"self"}, .filters = Filters(), .max_results = 7, .dry_run = true});
  EXPECT_THAT(describe.owner_ids, ElementsAre("self"));
}

TEST(Ec2QueryDecodeTest, KeyPairActionsRoundTrip) {
  CreateKeyPairRequest create = RoundTrip(&Ec2Api::CreateKeyPair, &DecodeCreateKeyPair,
                                          {.key_name = "k",
                                           .key_type = "ed25519",
                                           .key_format = "pem",
                                           .tag_specifications = TagSpecs("key-pair"),
                                           .dry_run = true});
  EXPECT_THAT(create.key_type, Optional(std::string("ed25519")));
  ImportKeyPairRequest import = RoundTrip(&Ec2Api::ImportKeyPair, &DecodeImportKeyPair,
                                          {.key_name = "k2",
                                           .public_key_material = "ssh-ed25519 AAAAC3Nza me@h",
                                           .tag_specifications = TagSpecs("key-pair"),
                                           .dry_run = true});
  EXPECT_EQ(import.public_key_material, "ssh-ed25519 AAAAC3Nza me@h");
  DescribeKeyPairsRequest describe = RoundTrip(&Ec2Api::DescribeKeyPairs, &DecodeDescribeKeyPairs,
                                               {.key_names = {"k"},
                                                .key_pair_ids = {"key-1"},
                                                .filters = Filters(),
                                                .include_public_key = true,
                                                .dry_run = true});
  EXPECT_THAT(describe.key_pair_ids, ElementsAre("key-1"));
  DeleteKeyPairRequest del = RoundTrip(&Ec2Api::DeleteKeyPair, &DecodeDeleteKeyPair,
                                       {.key_name = "k", .key_pair_id = "key-1", .dry_run = true});
  EXPECT_THAT(del.key_pair_id, Optional(std::string("key-1")));
}

TEST(Ec2QueryDecodeTest, NetworkActionsRoundTrip) {
  CreateSecurityGroupRequest create =
      RoundTrip(&Ec2Api::CreateSecurityGroup, &DecodeCreateSecurityGroup,
                {.group_name = "web",
                 .description = "web servers",
                 .vpc_id = "vpc-1",
                 .tag_specifications = TagSpecs("security-group"),
                 .dry_run = true});
  EXPECT_EQ(create.description, "web servers");
  DescribeSecurityGroupsRequest groups =
      RoundTrip(&Ec2Api::DescribeSecurityGroups, &DecodeDescribeSecurityGroups,
                {.group_ids = {"sg-1"},
                 .group_names = {"default"},
                 .filters = Filters(),
                 .max_results = 8,
                 .next_token = "g",
                 .dry_run = true});
  EXPECT_THAT(groups.group_names, ElementsAre("default"));
  DescribeVpcsRequest vpcs = RoundTrip(&Ec2Api::DescribeVpcs, &DecodeDescribeVpcs,
                                       {.vpc_ids = {"vpc-1"},
                                        .filters = Filters(),
                                        .max_results = 9,
                                        .next_token = "p",
                                        .dry_run = true});
  EXPECT_THAT(vpcs.vpc_ids, ElementsAre("vpc-1"));
  DescribeSubnetsRequest subnets = RoundTrip(&Ec2Api::DescribeSubnets, &DecodeDescribeSubnets,
                                             {.subnet_ids = {"subnet-1"},
                                              .filters = Filters(),
                                              .max_results = 10,
                                              .next_token = "s",
                                              .dry_run = true});
  EXPECT_THAT(subnets.subnet_ids, ElementsAre("subnet-1"));
}

// ---- Exactly as boto3 sends them (botocore's EC2 serializer, 2016-11-15 model) -------------

TEST(Ec2QueryDecodeTest, Boto3RunInstancesFormBody) {
  QueryParams params = QueryParams::Decode(
      "Action=RunInstances&Version=2016-11-15&ImageId=ami-0abc&InstanceType=t3.micro&MinCount=1&"
      "MaxCount=1&UserData=IyEvYmluL3NoCmVjaG8gaGkK&TagSpecification.1.ResourceType=instance&"
      "TagSpecification.1.Tag.1.Key=Name&TagSpecification.1.Tag.1.Value=web+1&"
      "InstanceMarketOptions.MarketType=spot&InstanceMarketOptions.SpotOptions.MaxPrice=0.05");
  Result<RunInstancesRequest> got = DecodeRunInstances(params);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->image_id, "ami-0abc");
  EXPECT_EQ(got->min_count, 1);
  EXPECT_THAT(got->user_data, Optional(std::string("#!/bin/sh\necho hi\n")));
  ASSERT_EQ(got->tag_specifications.size(), 1u);
  EXPECT_THAT(got->tag_specifications[0].tags, ElementsAre(Tag{"Name", "web 1"}));
  ASSERT_TRUE(got->instance_market_options);
  ASSERT_TRUE(got->instance_market_options->spot_options);
  EXPECT_THAT(got->instance_market_options->spot_options->max_price, Optional(std::string("0.05")));
  EXPECT_FALSE(got->instance_market_options->spot_options->spot_instance_type);
  // No MetadataOptions: EC2's default, not spotrun's client default.
  EXPECT_EQ(got->metadata_options.http_tokens, "optional");
  EXPECT_FALSE(got->client_token);
}

TEST(Ec2QueryDecodeTest, Boto3RunInstancesFullParams) {
  Result<RunInstancesRequest> got = DecodeRunInstances(Params({
      {"Action", "RunInstances"},
      {"Version", "2016-11-15"},
      {"ImageId", "ami-0abc"},
      {"InstanceType", "t3.micro"},
      {"MinCount", "1"},
      {"MaxCount", "2"},
      {"KeyName", "k1"},
      {"SecurityGroupId.1", "sg-1"},
      {"SecurityGroupId.2", "sg-2"},
      {"SubnetId", "subnet-1"},
      {"Placement.AvailabilityZone", "us-east-1a"},
      {"UserData", "IyEvYmluL3NoCmVjaG8gaGkK"},
      {"IamInstanceProfile.Name", "role"},
      {"BlockDeviceMapping.1.DeviceName", "/dev/xvda"},
      {"BlockDeviceMapping.1.Ebs.VolumeSize", "20"},
      {"BlockDeviceMapping.1.Ebs.VolumeType", "gp3"},
      {"BlockDeviceMapping.1.Ebs.Encrypted", "true"},
      {"BlockDeviceMapping.1.Ebs.DeleteOnTermination", "true"},
      {"BlockDeviceMapping.1.Ebs.Throughput", "125"},
      {"BlockDeviceMapping.1.Ebs.Iops", "3000"},
      {"TagSpecification.1.ResourceType", "instance"},
      {"TagSpecification.1.Tag.1.Key", "Name"},
      {"TagSpecification.1.Tag.1.Value", "web"},
      {"TagSpecification.1.Tag.2.Key", "spotrun:managed"},
      {"TagSpecification.1.Tag.2.Value", "true"},
      {"InstanceMarketOptions.MarketType", "spot"},
      {"InstanceMarketOptions.SpotOptions.MaxPrice", "0.05"},
      {"InstanceMarketOptions.SpotOptions.SpotInstanceType", "one-time"},
      {"InstanceMarketOptions.SpotOptions.InstanceInterruptionBehavior", "terminate"},
      {"MetadataOptions.HttpTokens", "required"},
      {"MetadataOptions.HttpEndpoint", "enabled"},
      {"MetadataOptions.HttpPutResponseHopLimit", "2"},
      {"MetadataOptions.InstanceMetadataTags", "enabled"},
      {"InstanceInitiatedShutdownBehavior", "terminate"},
      {"ClientToken", "tok-1"},
      {"DryRun", "false"},
      {"Monitoring.Enabled", "true"},  // unknown to spotrun: ignored
  }));
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->max_count, 2);
  EXPECT_THAT(got->security_group_ids, ElementsAre("sg-1", "sg-2"));
  ASSERT_EQ(got->block_device_mappings.size(), 1u);
  ASSERT_TRUE(got->block_device_mappings[0].ebs);
  EXPECT_THAT(got->block_device_mappings[0].ebs->throughput, Optional(125));
  EXPECT_THAT(got->block_device_mappings[0].ebs->delete_on_termination, Optional(true));
  ASSERT_TRUE(got->iam_instance_profile);
  EXPECT_THAT(got->iam_instance_profile->name, Optional(std::string("role")));
  EXPECT_THAT(got->tag_specifications[0].tags,
              ElementsAre(Tag{"Name", "web"}, Tag{"spotrun:managed", "true"}));
  EXPECT_EQ(got->metadata_options.http_tokens, "required");
  EXPECT_THAT(got->metadata_options.http_put_response_hop_limit, Optional(2));
  EXPECT_FALSE(got->dry_run);
}

TEST(Ec2QueryDecodeTest, Boto3RequestSpotInstances) {
  Result<RequestSpotInstancesRequest> got = DecodeRequestSpotInstances(Params({
      {"SpotPrice", "0.04"},
      {"InstanceCount", "2"},
      {"Type", "persistent"},
      {"ValidUntil", "2026-02-01T00:00:00Z"},
      {"InstanceInterruptionBehavior", "stop"},
      {"LaunchSpecification.ImageId", "ami-1"},
      {"LaunchSpecification.InstanceType", "m5.large"},
      {"LaunchSpecification.KeyName", "k"},
      {"LaunchSpecification.SecurityGroupId.1", "sg-1"},
      {"LaunchSpecification.Placement.AvailabilityZone", "us-east-1b"},
      {"LaunchSpecification.UserData", "ZWNobyBoaQ=="},
      {"LaunchSpecification.BlockDeviceMapping.1.DeviceName", "/dev/sda1"},
      {"LaunchSpecification.BlockDeviceMapping.1.Ebs.VolumeSize", "8"},
      {"LaunchSpecification.EbsOptimized", "true"},
      {"LaunchSpecification.IamInstanceProfile.Arn", "arn:aws:iam::1:instance-profile/x"},
      {"TagSpecification.1.ResourceType", "spot-instances-request"},
      {"TagSpecification.1.Tag.1.Key", "a"},
      {"TagSpecification.1.Tag.1.Value", "b"},
      {"ClientToken", "ct"},
  }));
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_THAT(got->valid_until,
              Optional(TimePoint(std::chrono::sys_days{std::chrono::year{2026} / 2 / 1})));
  EXPECT_THAT(got->launch_specification.user_data, Optional(std::string("echo hi")));
  EXPECT_THAT(got->launch_specification.availability_zone, Optional(std::string("us-east-1b")));
  ASSERT_EQ(got->launch_specification.block_device_mappings.size(), 1u);
  EXPECT_THAT(got->launch_specification.block_device_mappings[0].ebs->volume_size, Optional(8));
  EXPECT_THAT(got->instance_count, Optional(2));
}

TEST(Ec2QueryDecodeTest, Boto3DescribeCalls) {
  Result<DescribeInstancesRequest> instances = DecodeDescribeInstances(Params({
      {"Filter.1.Name", "instance-state-name"},
      {"Filter.1.Value.1", "running"},
      {"Filter.1.Value.2", "pending"},
      {"Filter.2.Name", "tag:spotrun:managed"},
      {"Filter.2.Value.1", "true"},
      {"MaxResults", "10"},
      {"NextToken", "nt"},
  }));
  ASSERT_TRUE(instances.ok());
  ASSERT_EQ(instances->filters.size(), 2u);
  EXPECT_THAT(instances->filters[0].values, ElementsAre("running", "pending"));
  EXPECT_THAT(instances->max_results, Optional(10));

  // Fractional seconds, as botocore writes datetimes with microseconds.
  Result<DescribeSpotPriceHistoryRequest> prices = DecodeDescribeSpotPriceHistory(Params({
      {"InstanceType.1", "m5.large"},
      {"InstanceType.2", "c5.large"},
      {"ProductDescription.1", "Linux/UNIX"},
      {"StartTime", "2026-01-02T03:04:05Z"},
      {"EndTime", "2026-01-03T00:00:00.123000Z"},
      {"AvailabilityZone", "us-east-1a"},
      {"MaxResults", "100"},
  }));
  ASSERT_TRUE(prices.ok()) << prices.status().ToString();
  EXPECT_THAT(prices->end_time,
              Optional(TimePoint(std::chrono::sys_days{std::chrono::year{2026} / 1 / 3} +
                                 std::chrono::milliseconds(123))));

  Result<DescribeSnapshotsRequest> snapshots =
      DecodeDescribeSnapshots(Params({{"Owner.1", "self"}, {"SnapshotId.1", "snap-1"}}));
  ASSERT_TRUE(snapshots.ok());
  EXPECT_THAT(snapshots->owner_ids, ElementsAre("self"));
  EXPECT_THAT(snapshots->snapshot_ids, ElementsAre("snap-1"));

  Result<DescribeImagesRequest> images =
      DecodeDescribeImages(Params({{"Owner.1", "self"},
                                   {"Owner.2", "amazon"},
                                   {"ImageId.1", "ami-1"},
                                   {"IncludeDeprecated", "true"}}));
  ASSERT_TRUE(images.ok());
  EXPECT_THAT(images->owners, ElementsAre("self", "amazon"));
  EXPECT_THAT(images->include_deprecated, Optional(true));
}

TEST(Ec2QueryDecodeTest, Boto3CreateCalls) {
  Result<ImportKeyPairRequest> key = DecodeImportKeyPair(Params(
      {{"KeyName", "k"},
       {"PublicKeyMaterial", "c3NoLWVkMjU1MTkgQUFBQUMzTnphQzFsWkRJMU5URTVBQUFBSUUgbWVAaG9zdA=="}}));
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_EQ(key->public_key_material, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE me@host");

  Result<CreateSecurityGroupRequest> group = DecodeCreateSecurityGroup(
      Params({{"GroupName", "web"}, {"GroupDescription", "web servers"}, {"VpcId", "vpc-1"}}));
  ASSERT_TRUE(group.ok());
  EXPECT_EQ(group->description, "web servers");
  EXPECT_THAT(group->vpc_id, Optional(std::string("vpc-1")));

  Result<AuthorizeSecurityGroupIngressRequest> ingress =
      DecodeAuthorizeSecurityGroupIngress(Params({
          {"GroupId", "sg-1"},
          {"IpPermissions.1.IpProtocol", "tcp"},
          {"IpPermissions.1.FromPort", "22"},
          {"IpPermissions.1.ToPort", "22"},
          {"IpPermissions.1.IpRanges.1.CidrIp", "203.0.113.7/32"},
          {"IpPermissions.1.IpRanges.1.Description", "me"},
      }));
  ASSERT_TRUE(ingress.ok());
  ASSERT_EQ(ingress->ip_permissions.size(), 1u);
  EXPECT_THAT(ingress->ip_permissions[0].to_port, Optional(22));
  EXPECT_EQ(ingress->ip_permissions[0].ip_ranges[0].cidr_ip, "203.0.113.7/32");

  Result<CreateVolumeRequest> volume = DecodeCreateVolume(Params({
      {"AvailabilityZone", "us-east-1a"},
      {"Size", "50"},
      {"VolumeType", "gp3"},
      {"Iops", "3000"},
      {"Throughput", "125"},
      {"TagSpecification.1.ResourceType", "volume"},
      {"TagSpecification.1.Tag.1.Key", "Name"},
      {"TagSpecification.1.Tag.1.Value", "data"},
  }));
  ASSERT_TRUE(volume.ok());
  EXPECT_THAT(volume->size, Optional(50));
  EXPECT_FALSE(volume->encrypted);  // not sent: EC2's account default, not spotrun's
  EXPECT_FALSE(volume->client_token);

  Result<DeleteTagsRequest> del = DecodeDeleteTags(Params(
      {{"ResourceId.1", "i-1"}, {"Tag.1.Key", "a"}, {"Tag.2.Key", "b"}, {"Tag.2.Value", "c"}}));
  ASSERT_TRUE(del.ok());
  EXPECT_THAT(del->keys, ElementsAre("a"));
  EXPECT_THAT(del->tags, ElementsAre(Tag{"b", "c"}));
}

TEST(Ec2QueryDecodeTest, OlderFormsStillAccepted) {
  Result<ModifyInstanceAttributeRequest> modify = DecodeModifyInstanceAttribute(
      Params({{"InstanceId", "i-1"}, {"Attribute", "instanceType"}, {"Value", "t3.large"}}));
  ASSERT_TRUE(modify.ok());
  EXPECT_THAT(modify->instance_type, Optional(std::string("t3.large")));

  Result<AuthorizeSecurityGroupIngressRequest> ingress =
      DecodeAuthorizeSecurityGroupIngress(Params({{"GroupName", "default"},
                                                  {"IpProtocol", "tcp"},
                                                  {"FromPort", "80"},
                                                  {"ToPort", "80"},
                                                  {"CidrIp", "0.0.0.0/0"}}));
  ASSERT_TRUE(ingress.ok());
  ASSERT_EQ(ingress->ip_permissions.size(), 1u);
  EXPECT_THAT(ingress->ip_permissions[0].from_port, Optional(80));
  EXPECT_EQ(ingress->ip_permissions[0].ip_ranges[0].cidr_ip, "0.0.0.0/0");

  Result<ImportKeyPairRequest> raw = DecodeImportKeyPair(
      Params({{"KeyName", "k"}, {"PublicKeyMaterial", "ssh-ed25519 AAAA me@h"}}));
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw->public_key_material, "ssh-ed25519 AAAA me@h");

  // Line-wrapped base64 (as `base64` prints it) and lowercase/uppercase booleans.
  Result<RunInstancesRequest> run = DecodeRunInstances(Params({{"ImageId", "ami-1"},
                                                               {"MinCount", "1"},
                                                               {"MaxCount", "1"},
                                                               {"UserData", "ZWNo\nbyBoaQ==\n"},
                                                               {"DryRun", "True"}}));
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_THAT(run->user_data, Optional(std::string("echo hi")));
  EXPECT_TRUE(run->dry_run);
}

// ---- Errors -------------------------------------------------------------------------------

TEST(Ec2QueryDecodeTest, MissingRequiredParameters) {
  ExpectEc2Error(DecodeStartInstances(QueryParams()).status(), "MissingParameter",
                 "The request must contain the parameter InstanceId");
  ExpectEc2Error(DecodeRunInstances(Params({{"ImageId", "ami-1"}, {"MinCount", "1"}})).status(),
                 "MissingParameter", "The request must contain the parameter MaxCount");
  ExpectEc2Error(DecodeRunInstances(Params({{"MinCount", "1"}, {"MaxCount", "1"}})).status(),
                 "MissingParameter", "parameter ImageId");
  ExpectEc2Error(DecodeCreateTags(Params({{"ResourceId.1", "i-1"}})).status(), "MissingParameter",
                 "parameter Tag");
  ExpectEc2Error(DecodeCreateSecurityGroup(Params({{"GroupName", "g"}})).status(),
                 "MissingParameter", "parameter GroupDescription");
  ExpectEc2Error(
      DecodeAttachVolume(Params({{"VolumeId", "vol-1"}, {"Device", "/dev/sdf"}})).status(),
      "MissingParameter", "parameter InstanceId");
  ExpectEc2Error(DecodeImportKeyPair(Params({{"KeyName", "k"}})).status(), "MissingParameter",
                 "parameter PublicKeyMaterial");
  ExpectEc2Error(DecodeCancelSpotInstanceRequests(QueryParams()).status(), "MissingParameter",
                 "parameter SpotInstanceRequestId");
  ExpectEc2Error(DecodeRequestSpotInstances(Params({{"SpotPrice", "0.1"}})).status(),
                 "MissingParameter", "parameter LaunchSpecification.ImageId");
}

TEST(Ec2QueryDecodeTest, MalformedValues) {
  Status bad_int = DecodeDescribeInstances(Params({{"MaxResults", "ten"}})).status();
  ExpectEc2Error(bad_int, "InvalidParameterValue", "Value (ten) for parameter MaxResults");
  EXPECT_EQ(bad_int.http_status(), 400);
  ExpectEc2Error(DecodeDescribeVolumes(Params({{"MaxResults", "5x"}})).status(),
                 "InvalidParameterValue", "MaxResults");
  ExpectEc2Error(DecodeDescribeVolumes(Params({{"MaxResults", "99999999999"}})).status(),
                 "InvalidParameterValue", "MaxResults");
  ExpectEc2Error(DecodeDescribeVolumes(Params({{"DryRun", "yes"}})).status(),
                 "InvalidParameterValue", "Value (yes) for parameter DryRun");
  ExpectEc2Error(DecodeDescribeSpotPriceHistory(Params({{"StartTime", "yesterday"}})).status(),
                 "InvalidParameterValue", "parameter StartTime");
  ExpectEc2Error(
      DecodeRunInstances(
          Params({{"ImageId", "ami-1"}, {"MinCount", "1"}, {"MaxCount", "1"}, {"UserData", "!!!"}}))
          .status(),
      "InvalidParameterValue", "Invalid BASE64 encoding of user data.");
  ExpectEc2Error(
      DecodeImportKeyPair(Params({{"KeyName", "k"}, {"PublicKeyMaterial", "@@"}})).status(),
      "InvalidParameterValue", "PublicKeyMaterial");
  ExpectEc2Error(DecodeCreateVolume(Params({{"AvailabilityZone", "a"}, {"Size", "1.5"}})).status(),
                 "InvalidParameterValue", "parameter Size");
  ExpectEc2Error(DecodeRunInstances(Params({{"ImageId", "ami-1"},
                                            {"MinCount", "1"},
                                            {"MaxCount", "1"},
                                            {"BlockDeviceMapping.1.Ebs.Encrypted", "maybe"}}))
                     .status(),
                 "InvalidParameterValue", "BlockDeviceMapping.1.Ebs.Encrypted");
}

TEST(Ec2QueryDecodeTest, FirstErrorWins) {
  Status s = DecodeRunInstances(Params({{"MinCount", "x"}})).status();
  ExpectEc2Error(s, "MissingParameter", "ImageId");
}

TEST(Ec2QueryDecodeTest, UnknownAndMalformedIndicesAreIgnored) {
  Result<DescribeInstancesRequest> got = DecodeDescribeInstances(Params({{"InstanceId.2", "i-2"},
                                                                         {"InstanceId.1", "i-1"},
                                                                         {"InstanceId.x", "i-x"},
                                                                         {"InstanceId.0", "i-0"},
                                                                         {"InstanceIdExtra", "e"},
                                                                         {"Bogus", "1"}}));
  ASSERT_TRUE(got.ok());
  EXPECT_THAT(got->instance_ids, ElementsAre("i-1", "i-2"));
  // Gaps in the numbering keep the order.
  got = DecodeDescribeInstances(
      Params({{"InstanceId.3", "c"}, {"InstanceId.10", "d"}, {"InstanceId.1", "a"}}));
  ASSERT_TRUE(got.ok());
  EXPECT_THAT(got->instance_ids, ElementsAre("a", "c", "d"));
  // An empty NextToken means no token.
  got = DecodeDescribeInstances(Params({{"NextToken", ""}}));
  ASSERT_TRUE(got.ok());
  EXPECT_FALSE(got->next_token);
}

}  // namespace
}  // namespace spotrun
