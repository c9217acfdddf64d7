// Every Ec2Client operation, called with all the fields spotrun uses, must send Query keys
// that are valid paths through botocore's EC2 model (see testing/ec2_query_model.h), plus
// exact checks of the values that matter most.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <set>
#include <string>

#include "aws/ec2_client.h"
#include "base/base64.h"
#include "testing/ec2_query_model.h"
#include "testing/fake_query_transport.h"

namespace spotrun {
namespace {

using ::spotrun::testing::Ec2Answer;
using ::spotrun::testing::Ec2QueryModel;
using ::spotrun::testing::FakeQueryTransport;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::Optional;

const TimePoint kT0 = std::chrono::sys_days{std::chrono::year{2026} / 3 / 1};

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
                      .delete_on_termination = true};
  EbsBlockDevice data{.volume_size = 500,
                      .volume_type = "io2",
                      .iops = 16000,
                      .encrypted = true,
                      .delete_on_termination = false,
                      .snapshot_id = "snap-0123456789abcdef0"};
  return {{"/dev/xvda", root, std::nullopt, std::nullopt},
          {"/dev/sdf", data, std::nullopt, std::nullopt},
          {"/dev/sdb", std::nullopt, "ephemeral0", std::nullopt}};
}

RunInstancesRequest FullRunInstances() {
  RunInstancesRequest r;
  r.image_id = "ami-0abcdef1234567890";
  r.instance_type = "g4dn.xlarge";
  r.min_count = 1;
  r.max_count = 2;
  r.key_name = "spotrun";
  r.security_group_ids = {"sg-0a", "sg-0b"};
  r.subnet_id = "subnet-0123";
  r.availability_zone = "us-east-1a";
  r.user_data = "#!/bin/sh\necho hi\n";
  r.iam_instance_profile = IamInstanceProfileSpecification{std::nullopt, "spotrun-agent"};
  r.block_device_mappings = BlockDevices();
  r.tag_specifications = TagSpecs("instance");
  r.instance_market_options = InstanceMarketOptionsRequest{
      "spot", SpotMarketOptions{"0.25", "persistent", "stop", kT0 + std::chrono::hours(24)}};
  r.metadata_options.http_put_response_hop_limit = 2;
  r.metadata_options.http_endpoint = "enabled";
  r.metadata_options.instance_metadata_tags = "enabled";
  r.instance_initiated_shutdown_behavior = "terminate";
  r.client_token = "token-1";
  r.dry_run = true;
  return r;
}

RequestSpotInstancesRequest FullRequestSpotInstances() {
  RequestSpotInstancesRequest r;
  RequestSpotLaunchSpecification& spec = r.launch_specification;
  spec.image_id = "ami-0abcdef1234567890";
  spec.instance_type = "c5.large";
  spec.key_name = "spotrun";
  spec.security_group_ids = {"sg-0a"};
  spec.subnet_id = "subnet-0123";
  spec.availability_zone = "us-east-1b";
  spec.user_data = "#cloud-config\n";
  spec.iam_instance_profile =
      IamInstanceProfileSpecification{"arn:aws:iam::123456789012:instance-profile/a", "a"};
  spec.block_device_mappings = BlockDevices();
  spec.ebs_optimized = true;
  r.spot_price = "0.05";
  r.instance_count = 2;
  r.type = "one-time";
  r.valid_until = kT0 + std::chrono::hours(1);
  r.instance_interruption_behavior = "terminate";
  r.tag_specifications = {{"spot-instances-request", Tags()}};
  r.client_token = "token-2";
  r.dry_run = true;
  return r;
}

// One entry per Ec2Client operation: the EC2 action it sends and a call with a full request.
struct Case {
  std::string action;
  std::function<void(Ec2Client&)> call;
};

// clang-format off
#define EC2_CASE(action, ...) Case{#action, [](Ec2Client& c) { (void)c.action(__VA_ARGS__); }}
// clang-format on

std::vector<Case> AllCases() {
  return {
      EC2_CASE(DescribeRegions, {{"us-east-1", "eu-west-3"}, Filters(), true, true}),
      EC2_CASE(DescribeAvailabilityZones,
               {{"us-east-1a"}, {"use1-az4", "use1-az6"}, Filters(), true, true}),
      EC2_CASE(DescribeInstances, {{"i-1", "i-2"}, Filters(), 100, "tok", true}),
      EC2_CASE(RunInstances, FullRunInstances()),
      EC2_CASE(StartInstances, {{"i-1", "i-2"}, true}),
      EC2_CASE(StopInstances, {{"i-1"}, true, true, true}),
      EC2_CASE(TerminateInstances, {{"i-1", "i-2", "i-3"}, true}),
      EC2_CASE(RebootInstances, {{"i-1"}, true}),
      EC2_CASE(ModifyInstanceAttribute, {"i-1", "m5.2xlarge", true}),
      EC2_CASE(CreateTags, {{"i-1", "vol-1"}, Tags(), true}),
      EC2_CASE(DeleteTags, {{"i-1"}, {"spotrun:lease"}, {{"Name", "old"}}, true}),
      EC2_CASE(DescribeTags, {Filters(), 500, "tok", true}),
      EC2_CASE(DescribeImages, {{"ami-1"}, {"self", "amazon"}, Filters(), true, true}),
      EC2_CASE(CreateImage,
               {"i-1", "frozen-1", "frozen by spotrun", true, TagSpecs("image"), true}),
      EC2_CASE(DeregisterImage, {"ami-1", true}),
      EC2_CASE(RequestSpotInstances, FullRequestSpotInstances()),
      EC2_CASE(DescribeSpotInstanceRequests, {{"sir-1", "sir-2"}, Filters(), 50, "tok", true}),
      EC2_CASE(CancelSpotInstanceRequests, {{"sir-1", "sir-2"}, true}),
      EC2_CASE(DescribeSpotPriceHistory, {{"m5.large", "c5.xlarge"},
                                          {"Linux/UNIX"},
                                          kT0,
                                          kT0 + std::chrono::hours(6),
                                          "us-east-1a",
                                          Filters(),
                                          1000,
                                          "tok",
                                          true}),
      EC2_CASE(DescribeInstanceTypes, {{"t3.micro", "p3.2xlarge"}, Filters(), 100, "tok", true}),
      EC2_CASE(DescribeInstanceTypeOfferings,
               {"availability-zone", {{"instance-type", {"m5.large"}}}, 1000, "tok", true}),
      EC2_CASE(CreateVolume, {"us-east-1a", 100, "gp3", 3000, 125, true, "alias/aws/ebs", "snap-1",
                              TagSpecs("volume"), "token-3", true}),
      EC2_CASE(AttachVolume, {"vol-1", "i-1", "/dev/sdf", true}),
      EC2_CASE(DetachVolume, {"vol-1", "i-1", "/dev/sdf", true, true}),
      EC2_CASE(DeleteVolume, {"vol-1", true}),
      EC2_CASE(DescribeVolumes, {{"vol-1", "vol-2"}, Filters(), 500, "tok", true}),
      EC2_CASE(CreateSnapshot, {"vol-1", "checkpoint", TagSpecs("snapshot"), true}),
      EC2_CASE(DeleteSnapshot, {"snap-1", true}),
      EC2_CASE(DescribeSnapshots, {{"snap-1"}, {"self"}, Filters(), 500, "tok", true}),
      EC2_CASE(CreateKeyPair, {"spotrun", "ed25519", "pem", TagSpecs("key-pair"), true}),
      EC2_CASE(ImportKeyPair,
               {"spotrun", "ssh-ed25519 AAAAC3Nza me@host", TagSpecs("key-pair"), true}),
      EC2_CASE(DescribeKeyPairs, {{"spotrun"}, {"key-1"}, Filters(), true, true}),
      EC2_CASE(DeleteKeyPair, {"spotrun", "key-1", true}),
      EC2_CASE(CreateSecurityGroup,
               {"spotrun-ssh", "ssh from the caller", "vpc-1", TagSpecs("security-group"), true}),
      EC2_CASE(DescribeSecurityGroups, {{"sg-1"}, {"default"}, Filters(), 100, "tok", true}),
      EC2_CASE(AuthorizeSecurityGroupIngress,
               {"sg-1",
                "spotrun-ssh",
                {{"tcp", 22, 22, {{"203.0.113.7/32", "ssh from me"}, {"198.51.100.0/24", {}}}},
                 {"icmp", -1, -1, {{"203.0.113.7/32", {}}}}},
                TagSpecs("security-group-rule"),
                true}),
      EC2_CASE(DescribeVpcs, {{"vpc-1"}, Filters(), 100, "tok", true}),
      EC2_CASE(DescribeSubnets, {{"subnet-1", "subnet-2"}, Filters(), 100, "tok", true}),
  };
}

#undef EC2_CASE

class Ec2ClientSerializationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    model_ = new std::optional<Ec2QueryModel>(Ec2QueryModel::Load(
        std::string(::spotrun::testing::kBotocoreEc2ModelDir) + "/service-2.json"));
  }
  static void TearDownTestSuite() { delete model_; }

  void SetUp() override {
    ASSERT_TRUE(model_->has_value())
        << "botocore's EC2 model is missing; install python3-botocore (scripts/install-deps)";
    transport_.SetHandler(
        [](std::string_view action, const QueryParams&) { return Ec2Answer(action); });
  }

  const Ec2QueryModel& model() const { return **model_; }
  const QueryParams& Sent() const { return transport_.last_call().params; }

  static std::optional<Ec2QueryModel>* model_;
  FakeQueryTransport transport_;
  Ec2Client client_{transport_, {.max_pages = 10, .new_client_token = [] { return "gen-1"; }}};
};

std::optional<Ec2QueryModel>* Ec2ClientSerializationTest::model_ = nullptr;

TEST_F(Ec2ClientSerializationTest, EveryOperationSendsOnlyKeysOfTheBotocoreModel) {
  for (const Case& c : AllCases()) {
    SCOPED_TRACE(c.action);
    size_t calls = transport_.calls().size();
    c.call(client_);
    ASSERT_EQ(transport_.calls().size(), calls + 1);
    EXPECT_EQ(transport_.last_call().action, c.action);
    EXPECT_GT(Sent().size(), 1u);
    EXPECT_THAT(model().Validate(c.action, Sent()), IsEmpty());
    EXPECT_EQ(Sent().Get("DryRun"), "true");
  }
}

TEST_F(Ec2ClientSerializationTest, CoversEveryOperationOfTheBrief) {
  const std::set<std::string> expected = {"DescribeRegions",
                                          "DescribeAvailabilityZones",
                                          "DescribeInstances",
                                          "RunInstances",
                                          "StartInstances",
                                          "StopInstances",
                                          "TerminateInstances",
                                          "RebootInstances",
                                          "ModifyInstanceAttribute",
                                          "CreateTags",
                                          "DeleteTags",
                                          "DescribeTags",
                                          "DescribeImages",
                                          "CreateImage",
                                          "DeregisterImage",
                                          "RequestSpotInstances",
                                          "DescribeSpotInstanceRequests",
                                          "CancelSpotInstanceRequests",
                                          "DescribeSpotPriceHistory",
                                          "DescribeInstanceTypes",
                                          "DescribeInstanceTypeOfferings",
                                          "CreateVolume",
                                          "AttachVolume",
                                          "DetachVolume",
                                          "DeleteVolume",
                                          "DescribeVolumes",
                                          "CreateSnapshot",
                                          "DeleteSnapshot",
                                          "DescribeSnapshots",
                                          "CreateKeyPair",
                                          "ImportKeyPair",
                                          "DescribeKeyPairs",
                                          "DeleteKeyPair",
                                          "CreateSecurityGroup",
                                          "DescribeSecurityGroups",
                                          "AuthorizeSecurityGroupIngress",
                                          "DescribeVpcs",
                                          "DescribeSubnets"};
  std::set<std::string> covered;
  for (const Case& c : AllCases()) {
    EXPECT_TRUE(covered.insert(c.action).second) << c.action << " twice";
    EXPECT_TRUE(model().HasOperation(c.action)) << c.action;
  }
  EXPECT_EQ(covered, expected);
}

// The validator itself must reject what EC2 would reject, or the test above proves nothing.
TEST_F(Ec2ClientSerializationTest, ValidatorRejectsKeysOutsideTheModel) {
  auto errors = [&](std::initializer_list<std::pair<std::string, std::string>> kv) {
    QueryParams p;
    p.SetInt("MinCount", 1);
    p.SetInt("MaxCount", 1);
    for (const auto& [k, v] : kv) p.Set(k, v);
    return model().Validate("RunInstances", p);
  };
  EXPECT_THAT(errors({{"ImageId", "ami-1"}}), IsEmpty());
  EXPECT_THAT(errors({{"BlockDeviceMapping.1.Ebs.VolumeSize", "8"},
                      {"BlockDeviceMapping.1.DeviceName", "/dev/xvda"}}),
              IsEmpty());
  EXPECT_THAT(errors({{"SecurityGroupIds.1", "sg-1"}}), Not(IsEmpty()));  // member name
  EXPECT_THAT(errors({{"SecurityGroupId.0", "sg-1"}}), Not(IsEmpty()));   // index from 1
  EXPECT_THAT(errors({{"SecurityGroupId.2", "sg-1"}}), Not(IsEmpty()));   // gap
  EXPECT_THAT(errors({{"TagSpecification.1.Tags.1.Key", "k"}}), Not(IsEmpty()));
  EXPECT_THAT(errors({{"BlockDeviceMapping.1.Ebs.VolumeSize", "big"}}), Not(IsEmpty()));
  EXPECT_THAT(errors({{"MetadataOptions.HttpTokens", "always"}}), Not(IsEmpty()));  // enum
  EXPECT_THAT(errors({{"UserData.1", "x"}}), Not(IsEmpty()));
  EXPECT_THAT(errors({{"Placement", "us-east-1a"}}), Not(IsEmpty()));
  EXPECT_THAT(errors({{"EbsOptimized", "yes"}}), Not(IsEmpty()));
  QueryParams missing_required;
  missing_required.Set("ImageId", "ami-1");
  EXPECT_THAT(model().Validate("RunInstances", missing_required), Not(IsEmpty()));
  EXPECT_THAT(model().Validate("RunInstance", missing_required), Not(IsEmpty()));
}

TEST_F(Ec2ClientSerializationTest, RunInstancesSendsSpotMarketAndSafeDefaults) {
  (void)client_.RunInstances(FullRunInstances());
  const QueryParams& p = Sent();
  EXPECT_EQ(p.Get("InstanceMarketOptions.MarketType"), "spot");
  EXPECT_EQ(p.Get("InstanceMarketOptions.SpotOptions.MaxPrice"), "0.25");
  EXPECT_EQ(p.Get("InstanceMarketOptions.SpotOptions.SpotInstanceType"), "persistent");
  EXPECT_EQ(p.Get("InstanceMarketOptions.SpotOptions.InstanceInterruptionBehavior"), "stop");
  EXPECT_EQ(p.Get("InstanceMarketOptions.SpotOptions.ValidUntil"), "2026-03-02T00:00:00Z");
  EXPECT_EQ(p.Get("MetadataOptions.HttpTokens"), "required");
  EXPECT_EQ(p.Get("UserData"), "IyEvYmluL3NoCmVjaG8gaGkK");
  EXPECT_EQ(Base64Decode(*p.Get("UserData")), "#!/bin/sh\necho hi\n");
  EXPECT_EQ(p.Get("BlockDeviceMapping.1.DeviceName"), "/dev/xvda");
  EXPECT_EQ(p.Get("BlockDeviceMapping.1.Ebs.VolumeSize"), "100");
  EXPECT_EQ(p.Get("BlockDeviceMapping.1.Ebs.Encrypted"), "true");
  EXPECT_EQ(p.Get("BlockDeviceMapping.2.Ebs.DeleteOnTermination"), "false");
  EXPECT_EQ(p.Get("BlockDeviceMapping.3.VirtualName"), "ephemeral0");
  EXPECT_EQ(p.Get("TagSpecification.1.ResourceType"), "instance");
  EXPECT_EQ(p.Get("TagSpecification.1.Tag.2.Key"), "spotrun:managed");
  EXPECT_EQ(p.Get("TagSpecification.2.Tag.1.Value"), "j-1");
  EXPECT_EQ(p.Get("SecurityGroupId.2"), "sg-0b");
  EXPECT_EQ(p.Get("Placement.AvailabilityZone"), "us-east-1a");
  EXPECT_EQ(p.Get("IamInstanceProfile.Name"), "spotrun-agent");
  EXPECT_FALSE(p.Has("IamInstanceProfile.Arn"));
  EXPECT_EQ(p.Get("ClientToken"), "token-1");
}

TEST_F(Ec2ClientSerializationTest, MinimalRunInstancesIsOnDemandWithImdsV2AndAToken) {
  RunInstancesRequest r;
  r.image_id = "ami-1";
  r.instance_type = "t3.micro";
  (void)client_.RunInstances(r);
  const QueryParams& p = Sent();
  EXPECT_THAT(model().Validate("RunInstances", p), IsEmpty());
  EXPECT_EQ(p.Get("MetadataOptions.HttpTokens"), "required");
  EXPECT_EQ(p.Get("MinCount"), "1");
  EXPECT_EQ(p.Get("MaxCount"), "1");
  EXPECT_EQ(p.Get("ClientToken"), "gen-1");  // from the injected generator
  EXPECT_FALSE(p.Has("InstanceMarketOptions.MarketType"));
  EXPECT_FALSE(p.Has("UserData"));
  EXPECT_FALSE(p.Has("DryRun"));
  EXPECT_EQ(p.size(), 6u);  // ImageId, InstanceType, MinCount, MaxCount, HttpTokens, ClientToken
}

TEST_F(Ec2ClientSerializationTest, RequestSpotInstancesFlattensTheLaunchSpecification) {
  (void)client_.RequestSpotInstances(FullRequestSpotInstances());
  const QueryParams& p = Sent();
  EXPECT_EQ(p.Get("LaunchSpecification.ImageId"), "ami-0abcdef1234567890");
  EXPECT_EQ(p.Get("LaunchSpecification.SecurityGroupId.1"), "sg-0a");
  EXPECT_EQ(p.Get("LaunchSpecification.Placement.AvailabilityZone"), "us-east-1b");
  EXPECT_EQ(p.Get("LaunchSpecification.UserData"), Base64Encode("#cloud-config\n"));
  EXPECT_EQ(p.Get("LaunchSpecification.BlockDeviceMapping.2.Ebs.SnapshotId"),
            "snap-0123456789abcdef0");
  EXPECT_EQ(p.Get("LaunchSpecification.IamInstanceProfile.Arn"),
            "arn:aws:iam::123456789012:instance-profile/a");
  EXPECT_EQ(p.Get("SpotPrice"), "0.05");
  EXPECT_EQ(p.Get("Type"), "one-time");
  EXPECT_EQ(p.Get("ValidUntil"), "2026-03-01T01:00:00Z");
  EXPECT_EQ(p.Get("TagSpecification.1.ResourceType"), "spot-instances-request");
  EXPECT_EQ(p.Get("ClientToken"), "token-2");
}

TEST_F(Ec2ClientSerializationTest, FiltersAndListsAreNumberedFromOne) {
  (void)client_.DescribeInstances({{"i-1", "i-2"}, Filters(), std::nullopt, std::nullopt});
  const QueryParams& p = Sent();
  EXPECT_EQ(p.Get("InstanceId.1"), "i-1");
  EXPECT_EQ(p.Get("InstanceId.2"), "i-2");
  EXPECT_EQ(p.Get("Filter.1.Name"), "instance-state-name");
  EXPECT_EQ(p.Get("Filter.1.Value.2"), "running");
  EXPECT_EQ(p.Get("Filter.2.Name"), "tag:spotrun:managed");
  EXPECT_EQ(p.Get("Filter.2.Value.1"), "true");
  EXPECT_FALSE(p.Has("MaxResults"));
  EXPECT_FALSE(p.Has("NextToken"));
}

TEST_F(Ec2ClientSerializationTest, StopInstancesSendsHibernateAndForceOnlyWhenSet) {
  (void)client_.StopInstances({{"i-1"}, true, std::nullopt});
  EXPECT_EQ(Sent().Get("Hibernate"), "true");
  EXPECT_FALSE(Sent().Has("Force"));
  (void)client_.StopInstances({{"i-1"}, std::nullopt, false});
  EXPECT_FALSE(Sent().Has("Hibernate"));
  EXPECT_EQ(Sent().Get("Force"), "false");
}

TEST_F(Ec2ClientSerializationTest, ModifyInstanceAttributeSendsInstanceTypeValue) {
  (void)client_.ModifyInstanceAttribute({"i-1", "c5.2xlarge"});
  EXPECT_EQ(Sent().Get("InstanceId"), "i-1");
  EXPECT_EQ(Sent().Get("InstanceType.Value"), "c5.2xlarge");
}

TEST_F(Ec2ClientSerializationTest, DeleteTagsSendsBareKeysThenKeyValuePairs) {
  (void)client_.DeleteTags({{"i-1"}, {"a", "b"}, {{"c", "v"}}});
  const QueryParams& p = Sent();
  EXPECT_EQ(p.Get("Tag.1.Key"), "a");
  EXPECT_FALSE(p.Has("Tag.1.Value"));
  EXPECT_EQ(p.Get("Tag.2.Key"), "b");
  EXPECT_EQ(p.Get("Tag.3.Key"), "c");
  EXPECT_EQ(p.Get("Tag.3.Value"), "v");
}

TEST_F(Ec2ClientSerializationTest, ImportKeyPairSendsBase64PublicKey) {
  (void)client_.ImportKeyPair({"me", "ssh-ed25519 AAAAC3Nza me@host"});
  EXPECT_EQ(Base64Decode(*Sent().Get("PublicKeyMaterial")), "ssh-ed25519 AAAAC3Nza me@host");
}

TEST_F(Ec2ClientSerializationTest, CreateVolumeIsEncryptedByDefault) {
  (void)client_.CreateVolume({.availability_zone = "us-east-1a", .size = 50});
  EXPECT_THAT(model().Validate("CreateVolume", Sent()), IsEmpty());
  EXPECT_EQ(Sent().Get("Encrypted"), "true");
  EXPECT_EQ(Sent().Get("ClientToken"), "gen-1");
}

TEST_F(Ec2ClientSerializationTest, DescribeSnapshotsSendsOwnerIdsAsOwner) {
  (void)client_.DescribeSnapshots({.owner_ids = {"self", "123456789012"}});
  EXPECT_EQ(Sent().Get("Owner.1"), "self");
  EXPECT_EQ(Sent().Get("Owner.2"), "123456789012");
}

TEST_F(Ec2ClientSerializationTest, AuthorizeIngressNumbersPermissionsAndRanges) {
  (void)client_.AuthorizeSecurityGroupIngress(
      {.group_id = "sg-1",
       .ip_permissions = {{"tcp", 22, 22, {{"203.0.113.7/32", "ssh from me"}}},
                          {"tcp", 8888, 8888, {{"203.0.113.7/32", {}}, {"10.0.0.0/8", {}}}}}});
  const QueryParams& p = Sent();
  EXPECT_EQ(p.Get("IpPermissions.1.IpProtocol"), "tcp");
  EXPECT_EQ(p.Get("IpPermissions.1.FromPort"), "22");
  EXPECT_EQ(p.Get("IpPermissions.1.IpRanges.1.CidrIp"), "203.0.113.7/32");
  EXPECT_EQ(p.Get("IpPermissions.1.IpRanges.1.Description"), "ssh from me");
  EXPECT_EQ(p.Get("IpPermissions.2.ToPort"), "8888");
  EXPECT_EQ(p.Get("IpPermissions.2.IpRanges.2.CidrIp"), "10.0.0.0/8");
  EXPECT_FALSE(p.Has("IpPermissions.2.IpRanges.1.Description"));
}

TEST(Ec2ClientTokenTest, RandomClientTokenIsAUuidV4AndDiffers) {
  std::string a = RandomClientToken();
  std::string b = RandomClientToken();
  EXPECT_NE(a, b);
  ASSERT_EQ(a.size(), 36u);
  EXPECT_EQ(a[8], '-');
  EXPECT_EQ(a[14], '4');
  EXPECT_THAT(std::string("89ab"), ::testing::HasSubstr(std::string(1, a[19])));
}

}  // namespace
}  // namespace spotrun
