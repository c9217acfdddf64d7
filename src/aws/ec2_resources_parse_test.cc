// Ec2Client parsing the answers of the smaller operations (images, volumes, snapshots, key
// pairs, security groups, networks, regions, tags, offerings, spot requests), from short
// XML bodies shaped like EC2's (element names from botocore's model locationNames).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "aws/ec2_client.h"
#include "testing/fake_query_transport.h"

namespace spotrun {
namespace {

using ::spotrun::testing::Ec2Answer;
using ::spotrun::testing::FakeQueryTransport;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Optional;

const TimePoint kCreated =
    std::chrono::sys_days{std::chrono::year{2026} / 1 / 2} + std::chrono::hours(3);

class Ec2ResourcesParseTest : public ::testing::Test {
 protected:
  void Answer(std::string_view action, std::string_view members) {
    transport_.Answer(action, Ec2Answer(action, members));
  }
  FakeQueryTransport transport_;
  Ec2Client client_{transport_, {.max_pages = 5, .new_client_token = [] { return "t"; }}};
};

TEST_F(Ec2ResourcesParseTest, DescribeRegionsAndZones) {
  Answer("DescribeRegions", R"(<regionInfo>
      <item><regionName>eu-west-3</regionName><regionEndpoint>ec2.eu-west-3.amazonaws.com</regionEndpoint><optInStatus>opt-in-not-required</optInStatus></item>
      <item><regionName>af-south-1</regionName><regionEndpoint>ec2.af-south-1.amazonaws.com</regionEndpoint><optInStatus>not-opted-in</optInStatus></item>
    </regionInfo>)");
  auto regions = client_.DescribeRegions({});
  ASSERT_TRUE(regions.ok()) << regions.status().ToString();
  ASSERT_EQ(regions->size(), 2u);
  EXPECT_EQ((*regions)[0].region_name, "eu-west-3");
  EXPECT_EQ((*regions)[0].endpoint, "ec2.eu-west-3.amazonaws.com");
  EXPECT_EQ((*regions)[1].opt_in_status, "not-opted-in");

  Answer("DescribeAvailabilityZones", R"(<availabilityZoneInfo>
      <item><zoneName>us-east-1a</zoneName><zoneState>available</zoneState><regionName>us-east-1</regionName>
        <zoneId>use1-az6</zoneId><zoneType>availability-zone</zoneType><optInStatus>opt-in-not-required</optInStatus>
        <groupName>us-east-1</groupName><networkBorderGroup>us-east-1</networkBorderGroup><messageSet/></item>
    </availabilityZoneInfo>)");
  auto zones = client_.DescribeAvailabilityZones({});
  ASSERT_TRUE(zones.ok()) << zones.status().ToString();
  ASSERT_EQ(zones->size(), 1u);
  const AvailabilityZone& z = (*zones)[0];
  EXPECT_EQ(z.zone_name, "us-east-1a");
  EXPECT_EQ(z.zone_id, "use1-az6");
  EXPECT_EQ(z.state, "available");
  EXPECT_EQ(z.region_name, "us-east-1");
  EXPECT_EQ(z.zone_type, "availability-zone");
}

TEST_F(Ec2ResourcesParseTest, ImagesAndCreateImage) {
  Answer("DescribeImages", R"(<imagesSet><item>
      <imageId>ami-0abcdef1234567890</imageId><imageLocation>123456789012/frozen-1</imageLocation>
      <imageState>available</imageState><imageOwnerId>123456789012</imageOwnerId>
      <creationDate>2026-01-02T03:00:00.000Z</creationDate><isPublic>false</isPublic>
      <architecture>arm64</architecture><imageType>machine</imageType><name>frozen-1</name>
      <description>frozen by spotrun</description><rootDeviceType>ebs</rootDeviceType>
      <rootDeviceName>/dev/xvda</rootDeviceName>
      <blockDeviceMapping>
        <item><deviceName>/dev/xvda</deviceName><ebs><snapshotId>snap-1</snapshotId><volumeSize>100</volumeSize>
          <deleteOnTermination>true</deleteOnTermination><volumeType>gp3</volumeType><iops>3000</iops>
          <encrypted>true</encrypted><throughput>125</throughput></ebs></item>
        <item><deviceName>/dev/sdb</deviceName><virtualName>ephemeral0</virtualName></item>
      </blockDeviceMapping>
      <virtualizationType>hvm</virtualizationType><platformDetails>Linux/UNIX</platformDetails>
      <tagSet><item><key>spotrun:managed</key><value>true</value></item></tagSet>
      <hypervisor>xen</hypervisor><enaSupport>true</enaSupport>
    </item></imagesSet>)");
  auto images = client_.DescribeImages({.owners = {"self"}});
  ASSERT_TRUE(images.ok()) << images.status().ToString();
  ASSERT_EQ(images->size(), 1u);
  const Image& i = (*images)[0];
  EXPECT_EQ(i.image_id, "ami-0abcdef1234567890");
  EXPECT_EQ(i.state, "available");
  EXPECT_EQ(i.owner_id, "123456789012");
  EXPECT_THAT(i.creation_date, Optional(kCreated));
  EXPECT_FALSE(i.is_public);
  EXPECT_EQ(i.architecture, "arm64");
  EXPECT_EQ(i.name, "frozen-1");
  EXPECT_EQ(i.description, "frozen by spotrun");
  ASSERT_EQ(i.block_device_mappings.size(), 2u);
  ASSERT_TRUE(i.block_device_mappings[0].ebs.has_value());
  const EbsBlockDevice& ebs = *i.block_device_mappings[0].ebs;
  EXPECT_THAT(ebs.volume_size, Optional(100));
  EXPECT_THAT(ebs.volume_type, Optional(std::string("gp3")));
  EXPECT_THAT(ebs.snapshot_id, Optional(std::string("snap-1")));
  EXPECT_THAT(ebs.encrypted, Optional(true));
  EXPECT_THAT(ebs.throughput, Optional(125));
  EXPECT_EQ(i.block_device_mappings[1].ebs, std::nullopt);
  EXPECT_THAT(i.block_device_mappings[1].virtual_name, Optional(std::string("ephemeral0")));
  EXPECT_EQ(FindTag(i.tags, "spotrun:managed"), "true");

  Answer("CreateImage", "<imageId>ami-0fedcba0987654321</imageId>");
  auto created = client_.CreateImage({.instance_id = "i-1", .name = "frozen-2"});
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(*created, "ami-0fedcba0987654321");

  Answer("DeregisterImage", "<return>true</return>");
  EXPECT_TRUE(client_.DeregisterImage({.image_id = "ami-1"}).ok());
}

TEST_F(Ec2ResourcesParseTest, VolumesAndAttachments) {
  const std::string volume = R"(<volumeId>vol-1234567890abcdef0</volumeId><size>80</size>
      <snapshotId/><availabilityZone>us-east-1a</availabilityZone><status>creating</status>
      <createTime>2026-01-02T03:00:00.000Z</createTime><volumeType>gp3</volumeType><iops>3000</iops>
      <encrypted>true</encrypted><multiAttachEnabled>false</multiAttachEnabled><throughput>125</throughput>
      <tagSet><item><key>spotrun:job</key><value>j-1</value></item></tagSet>)";
  Answer("CreateVolume", volume);
  auto created = client_.CreateVolume({.availability_zone = "us-east-1a", .size = 80});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->volume_id, "vol-1234567890abcdef0");
  EXPECT_EQ(created->size, 80);
  EXPECT_EQ(created->state, "creating");
  EXPECT_THAT(created->create_time, Optional(kCreated));
  EXPECT_TRUE(created->encrypted);
  EXPECT_THAT(created->iops, Optional(3000));
  EXPECT_EQ(created->snapshot_id, "");
  EXPECT_EQ(FindTag(created->tags, "spotrun:job"), "j-1");

  Answer("DescribeVolumes", R"(<volumeSet><item><volumeId>vol-1</volumeId><size>8</size>
      <availabilityZone>us-east-1a</availabilityZone><status>in-use</status>
      <createTime>2026-01-02T03:00:00.000Z</createTime>
      <attachmentSet><item><volumeId>vol-1</volumeId><instanceId>i-1</instanceId><device>/dev/sdf</device>
        <status>attached</status><attachTime>2026-01-02T03:00:00.000Z</attachTime>
        <deleteOnTermination>false</deleteOnTermination></item></attachmentSet>
      <volumeType>gp2</volumeType><iops>100</iops><encrypted>false</encrypted>
    </item></volumeSet><nextToken/>)");
  auto volumes = client_.DescribeVolumesAll({});
  ASSERT_TRUE(volumes.ok()) << volumes.status().ToString();
  ASSERT_EQ(volumes->size(), 1u);
  ASSERT_EQ((*volumes)[0].attachments.size(), 1u);
  const VolumeAttachment& a = (*volumes)[0].attachments[0];
  EXPECT_EQ(a.instance_id, "i-1");
  EXPECT_EQ(a.device, "/dev/sdf");
  EXPECT_EQ(a.state, "attached");
  EXPECT_THAT(a.attach_time, Optional(kCreated));
  EXPECT_EQ((*volumes)[0].throughput, std::nullopt);

  const std::string attachment = R"(<volumeId>vol-1</volumeId><instanceId>i-1</instanceId>
      <device>/dev/sdf</device><status>attaching</status><attachTime>2026-01-02T03:00:00.000Z</attachTime>)";
  Answer("AttachVolume", attachment);
  auto attached = client_.AttachVolume({"vol-1", "i-1", "/dev/sdf"});
  ASSERT_TRUE(attached.ok());
  EXPECT_EQ(attached->state, "attaching");
  Answer("DetachVolume", R"(<volumeId>vol-1</volumeId><instanceId>i-1</instanceId>
      <device>/dev/sdf</device><status>detaching</status>)");
  auto detached = client_.DetachVolume({.volume_id = "vol-1"});
  ASSERT_TRUE(detached.ok());
  EXPECT_EQ(detached->state, "detaching");
  EXPECT_EQ(detached->attach_time, std::nullopt);

  Answer("DeleteVolume", "<return>true</return>");
  EXPECT_TRUE(client_.DeleteVolume({.volume_id = "vol-1"}).ok());
}

TEST_F(Ec2ResourcesParseTest, Snapshots) {
  Answer("CreateSnapshot",
         R"(<snapshotId>snap-1234567890abcdef0</snapshotId><volumeId>vol-1</volumeId>
      <status>pending</status><startTime>2026-01-02T03:00:00.000Z</startTime><progress/>
      <ownerId>123456789012</ownerId><volumeSize>80</volumeSize><description>checkpoint</description>
      <encrypted>true</encrypted>)");
  auto created = client_.CreateSnapshot({.volume_id = "vol-1", .description = "checkpoint"});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->snapshot_id, "snap-1234567890abcdef0");
  EXPECT_EQ(created->state, "pending");
  EXPECT_EQ(created->volume_size, 80);
  EXPECT_THAT(created->start_time, Optional(kCreated));
  EXPECT_EQ(created->progress, "");
  EXPECT_TRUE(created->encrypted);

  Answer("DescribeSnapshots",
         R"(<snapshotSet><item><snapshotId>snap-1</snapshotId><volumeId>vol-1</volumeId>
      <status>error</status><statusMessage>internal error</statusMessage><progress>40%</progress>
      <ownerId>123456789012</ownerId><volumeSize>80</volumeSize></item></snapshotSet>)");
  auto snapshots = client_.DescribeSnapshots({.owner_ids = {"self"}});
  ASSERT_TRUE(snapshots.ok());
  ASSERT_EQ(snapshots->snapshots.size(), 1u);
  EXPECT_EQ(snapshots->snapshots[0].state, "error");
  EXPECT_EQ(snapshots->snapshots[0].state_message, "internal error");
  EXPECT_EQ(snapshots->snapshots[0].progress, "40%");

  Answer("DeleteSnapshot", "<return>true</return>");
  EXPECT_TRUE(client_.DeleteSnapshot({.snapshot_id = "snap-1"}).ok());
}

TEST_F(Ec2ResourcesParseTest, KeyPairs) {
  Answer("CreateKeyPair", R"(<keyName>spotrun</keyName>
      <keyFingerprint>1f:51:ae:28:bf:89:e9:d8:1f:25:5d:37:2d:7d:b8:ca:9f:f5:f1:6f</keyFingerprint>
      <keyMaterial>-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAA
-----END OPENSSH PRIVATE KEY-----</keyMaterial><keyPairId>key-0123456789abcdef0</keyPairId>)");
  auto created = client_.CreateKeyPair({.key_name = "spotrun", .key_type = "ed25519"});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->key_pair_id, "key-0123456789abcdef0");
  EXPECT_THAT(created->key_material, HasSubstr("BEGIN OPENSSH PRIVATE KEY-----\nb3Bl"));

  Answer("ImportKeyPair", R"(<keyName>me</keyName><keyFingerprint>SHA256:abc</keyFingerprint>
      <keyPairId>key-1</keyPairId>)");
  auto imported = client_.ImportKeyPair({.key_name = "me", .public_key_material = "ssh-ed25519 A"});
  ASSERT_TRUE(imported.ok());
  EXPECT_EQ(imported->key_pair_id, "key-1");
  EXPECT_EQ(imported->key_fingerprint, "SHA256:abc");

  Answer("DescribeKeyPairs", R"(<keySet><item><keyPairId>key-1</keyPairId><keyType>ed25519</keyType>
      <keyName>me</keyName><keyFingerprint>SHA256:abc</keyFingerprint><publicKey>ssh-ed25519 A me</publicKey>
      <createTime>2026-01-02T03:00:00.000Z</createTime><tagSet/></item></keySet>)");
  auto pairs = client_.DescribeKeyPairs({.include_public_key = true});
  ASSERT_TRUE(pairs.ok());
  ASSERT_EQ(pairs->size(), 1u);
  EXPECT_EQ((*pairs)[0].key_type, "ed25519");
  EXPECT_EQ((*pairs)[0].public_key, "ssh-ed25519 A me");
  EXPECT_THAT((*pairs)[0].create_time, Optional(kCreated));

  Answer("DeleteKeyPair", "<return>true</return><keyPairId>key-1</keyPairId>");
  EXPECT_TRUE(client_.DeleteKeyPair({.key_name = "me"}).ok());
}

TEST_F(Ec2ResourcesParseTest, SecurityGroups) {
  Answer("CreateSecurityGroup", R"(<return>true</return><groupId>sg-0a</groupId>
      <tagSet><item><key>spotrun:managed</key><value>true</value></item></tagSet>)");
  auto created = client_.CreateSecurityGroup({.group_name = "spotrun-ssh", .description = "ssh"});
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(created->group_id, "sg-0a");
  EXPECT_THAT(created->tags, ElementsAre(Tag{"spotrun:managed", "true"}));

  Answer("DescribeSecurityGroups", R"(<securityGroupInfo><item>
      <ownerId>123456789012</ownerId><groupId>sg-0a</groupId><groupName>spotrun-ssh</groupName>
      <groupDescription>ssh from the caller</groupDescription><vpcId>vpc-1</vpcId>
      <ipPermissions><item><ipProtocol>tcp</ipProtocol><fromPort>22</fromPort><toPort>22</toPort>
        <groups/><ipRanges><item><cidrIp>203.0.113.7/32</cidrIp><description>me</description></item>
        <item><cidrIp>198.51.100.0/24</cidrIp></item></ipRanges><ipv6Ranges/><prefixListIds/></item></ipPermissions>
      <ipPermissionsEgress><item><ipProtocol>-1</ipProtocol><groups/>
        <ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges></item></ipPermissionsEgress>
    </item></securityGroupInfo>)");
  auto groups = client_.DescribeSecurityGroupsAll({});
  ASSERT_TRUE(groups.ok()) << groups.status().ToString();
  ASSERT_EQ(groups->size(), 1u);
  const SecurityGroup& g = (*groups)[0];
  EXPECT_EQ(g.group_id, "sg-0a");
  EXPECT_EQ(g.description, "ssh from the caller");
  EXPECT_EQ(g.vpc_id, "vpc-1");
  ASSERT_EQ(g.ip_permissions.size(), 1u);
  EXPECT_EQ(g.ip_permissions[0].ip_protocol, "tcp");
  EXPECT_THAT(g.ip_permissions[0].from_port, Optional(22));
  ASSERT_EQ(g.ip_permissions[0].ip_ranges.size(), 2u);
  EXPECT_THAT(g.ip_permissions[0].ip_ranges[0].description, Optional(std::string("me")));
  EXPECT_EQ(g.ip_permissions[0].ip_ranges[1].description, std::nullopt);
  ASSERT_EQ(g.ip_permissions_egress.size(), 1u);
  EXPECT_EQ(g.ip_permissions_egress[0].from_port, std::nullopt);
  EXPECT_EQ(g.ip_permissions_egress[0].ip_ranges[0].cidr_ip, "0.0.0.0/0");

  Answer("AuthorizeSecurityGroupIngress", R"(<return>true</return><securityGroupRuleSet><item>
      <securityGroupRuleId>sgr-0a</securityGroupRuleId><groupId>sg-0a</groupId>
      <groupOwnerId>123456789012</groupOwnerId><isEgress>false</isEgress><ipProtocol>tcp</ipProtocol>
      <fromPort>22</fromPort><toPort>22</toPort><cidrIpv4>203.0.113.7/32</cidrIpv4>
      <description>me</description></item></securityGroupRuleSet>)");
  auto rules = client_.AuthorizeSecurityGroupIngress(
      {.group_id = "sg-0a", .ip_permissions = {{"tcp", 22, 22, {{"203.0.113.7/32", "me"}}}}});
  ASSERT_TRUE(rules.ok());
  EXPECT_TRUE(rules->return_value);
  ASSERT_EQ(rules->security_group_rules.size(), 1u);
  EXPECT_EQ(rules->security_group_rules[0].security_group_rule_id, "sgr-0a");
  EXPECT_EQ(rules->security_group_rules[0].cidr_ipv4, "203.0.113.7/32");
  EXPECT_FALSE(rules->security_group_rules[0].is_egress);
}

TEST_F(Ec2ResourcesParseTest, VpcsAndSubnets) {
  Answer("DescribeVpcs", R"(<vpcSet><item><vpcId>vpc-1</vpcId><ownerId>123456789012</ownerId>
      <state>available</state><cidrBlock>172.31.0.0/16</cidrBlock><cidrBlockAssociationSet><item>
      <cidrBlock>172.31.0.0/16</cidrBlock></item></cidrBlockAssociationSet><dhcpOptionsId>dopt-1</dhcpOptionsId>
      <instanceTenancy>default</instanceTenancy><isDefault>true</isDefault></item></vpcSet>)");
  auto vpcs = client_.DescribeVpcsAll({});
  ASSERT_TRUE(vpcs.ok());
  ASSERT_EQ(vpcs->size(), 1u);
  EXPECT_EQ((*vpcs)[0].cidr_block, "172.31.0.0/16");
  EXPECT_TRUE((*vpcs)[0].is_default);

  Answer("DescribeSubnets",
         R"(<subnetSet><item><subnetId>subnet-1</subnetId><state>available</state>
      <vpcId>vpc-1</vpcId><cidrBlock>172.31.0.0/20</cidrBlock><availableIpAddressCount>4089</availableIpAddressCount>
      <availabilityZone>us-east-1a</availabilityZone><availabilityZoneId>use1-az6</availabilityZoneId>
      <defaultForAz>true</defaultForAz><mapPublicIpOnLaunch>true</mapPublicIpOnLaunch></item></subnetSet>)");
  auto subnets = client_.DescribeSubnetsAll({});
  ASSERT_TRUE(subnets.ok());
  ASSERT_EQ(subnets->size(), 1u);
  const Subnet& s = (*subnets)[0];
  EXPECT_EQ(s.availability_zone_id, "use1-az6");
  EXPECT_EQ(s.available_ip_address_count, 4089);
  EXPECT_TRUE(s.default_for_az);
  EXPECT_TRUE(s.map_public_ip_on_launch);
}

TEST_F(Ec2ResourcesParseTest, TagsAndOfferings) {
  Answer("DescribeTags",
         R"(<tagSet><item><resourceId>i-1</resourceId><resourceType>instance</resourceType>
      <key>spotrun:managed</key><value>true</value></item></tagSet>)");
  auto tags = client_.DescribeTagsAll({});
  ASSERT_TRUE(tags.ok());
  ASSERT_EQ(tags->size(), 1u);
  EXPECT_EQ((*tags)[0].resource_id, "i-1");
  EXPECT_EQ((*tags)[0].resource_type, "instance");
  EXPECT_EQ((*tags)[0].key, "spotrun:managed");

  Answer("CreateTags", "<return>true</return>");
  EXPECT_TRUE(client_.CreateTags({{"i-1"}, {{"a", "b"}}}).ok());
  Answer("DeleteTags", "<return>true</return>");
  EXPECT_TRUE(client_.DeleteTags({.resource_ids = {"i-1"}, .keys = {"a"}}).ok());

  Answer("DescribeInstanceTypeOfferings", R"(<instanceTypeOfferingSet>
      <item><instanceType>m5.large</instanceType><locationType>availability-zone</locationType><location>us-east-2a</location></item>
      <item><instanceType>m5.large</instanceType><locationType>availability-zone</locationType><location>us-east-2b</location></item>
    </instanceTypeOfferingSet>)");
  auto offerings = client_.DescribeInstanceTypeOfferingsAll({.location_type = "availability-zone"});
  ASSERT_TRUE(offerings.ok());
  ASSERT_EQ(offerings->size(), 2u);
  EXPECT_EQ((*offerings)[1].location, "us-east-2b");
  EXPECT_EQ((*offerings)[1].location_type, "availability-zone");
}

TEST_F(Ec2ResourcesParseTest, RequestAndCancelSpotInstances) {
  Answer("RequestSpotInstances", R"(<spotInstanceRequestSet><item>
      <spotInstanceRequestId>sir-1a2b3c4d</spotInstanceRequestId><spotPrice>0.050000</spotPrice>
      <type>one-time</type><state>open</state><status><code>pending-evaluation</code>
      <updateTime>2026-01-02T03:00:00.000Z</updateTime><message>Your Spot request has been submitted for review, and is pending evaluation.</message></status>
      <launchSpecification><imageId>ami-1</imageId><instanceType>c5.large</instanceType>
      <placement><availabilityZone>us-east-1b</availabilityZone></placement></launchSpecification>
      <createTime>2026-01-02T03:00:00.000Z</createTime><productDescription>Linux/UNIX</productDescription>
      <instanceInterruptionBehavior>terminate</instanceInterruptionBehavior></item></spotInstanceRequestSet>)");
  RequestSpotInstancesRequest request;
  request.launch_specification.image_id = "ami-1";
  request.launch_specification.instance_type = "c5.large";
  auto requests = client_.RequestSpotInstances(request);
  ASSERT_TRUE(requests.ok()) << requests.status().ToString();
  ASSERT_EQ(requests->size(), 1u);
  EXPECT_EQ((*requests)[0].status.code, "pending-evaluation");
  EXPECT_EQ((*requests)[0].launch_specification.availability_zone, "us-east-1b");
  EXPECT_EQ(transport_.last_call().params.Get("ClientToken"), "t");

  Answer("CancelSpotInstanceRequests", R"(<spotInstanceRequestSet>
      <item><spotInstanceRequestId>sir-1a2b3c4d</spotInstanceRequestId><state>cancelled</state></item>
    </spotInstanceRequestSet>)");
  auto cancelled = client_.CancelSpotInstanceRequests({{"sir-1a2b3c4d"}});
  ASSERT_TRUE(cancelled.ok());
  ASSERT_EQ(cancelled->size(), 1u);
  EXPECT_EQ((*cancelled)[0].spot_instance_request_id, "sir-1a2b3c4d");
  EXPECT_EQ((*cancelled)[0].state, "cancelled");
}

TEST_F(Ec2ResourcesParseTest, ReturnFalseIsAnError) {
  Answer("RebootInstances", "<return>false</return>");
  Status s = client_.RebootInstances({{"i-1"}});
  EXPECT_EQ(s.kind(), ErrorKind::kInternal);
  EXPECT_THAT(s.message(), HasSubstr("RebootInstances"));
  Answer("ModifyInstanceAttribute", "<return>true</return>");
  EXPECT_TRUE(client_.ModifyInstanceAttribute({"i-1", "m5.large"}).ok());
}

TEST_F(Ec2ResourcesParseTest, MalformedMembersReadAsEmpty) {
  Answer("DescribeVolumes", R"(<volumeSet><item><volumeId>vol-1</volumeId><size>lots</size>
      <createTime>yesterday</createTime><iops> 300 </iops><encrypted>TRUE</encrypted></item></volumeSet>)");
  auto r = client_.DescribeVolumes({});
  ASSERT_TRUE(r.ok());
  const Volume& v = r->volumes[0];
  EXPECT_EQ(v.size, 0);
  EXPECT_EQ(v.create_time, std::nullopt);
  EXPECT_THAT(v.iops, Optional(300));  // surrounding whitespace tolerated
  EXPECT_FALSE(v.encrypted);           // EC2 writes lower-case "true" only
}

// ---- …All pagination guards -----------------------------------------------------------

std::string VolumesPage(std::string_view volume_id, std::string_view next_token) {
  return Ec2Answer("DescribeVolumes", "<volumeSet><item><volumeId>" + std::string(volume_id) +
                                          "</volumeId></item></volumeSet><nextToken>" +
                                          std::string(next_token) + "</nextToken>");
}

TEST_F(Ec2ResourcesParseTest, AllStopsWhenAPageRepeatsItsToken) {
  transport_.Answer("DescribeVolumes", VolumesPage("vol-1", "a"));
  transport_.Answer("DescribeVolumes", VolumesPage("vol-2", "b"));
  transport_.Answer("DescribeVolumes", VolumesPage("vol-3", "a"));
  auto r = client_.DescribeVolumesAll({});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().kind(), ErrorKind::kInternal);
  EXPECT_THAT(r.status().message(), HasSubstr("DescribeVolumes returned NextToken \"a\""));
  EXPECT_EQ(transport_.calls().size(), 3u);
}

TEST_F(Ec2ResourcesParseTest, AllTreatsTheCallersStartTokenAsSeen) {
  transport_.Answer("DescribeVolumes", VolumesPage("vol-1", "start"));
  auto r = client_.DescribeVolumesAll({.next_token = "start"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(transport_.calls().size(), 1u);
  EXPECT_EQ(transport_.calls()[0].params.Get("NextToken"), "start");
}

TEST_F(Ec2ResourcesParseTest, AllStopsAfterMaxPages) {
  int page = 0;
  transport_.SetHandler([&](std::string_view, const QueryParams&) -> Result<std::string> {
    ++page;
    return VolumesPage("vol-" + std::to_string(page), "t" + std::to_string(page));
  });
  auto r = client_.DescribeVolumesAll({});  // max_pages = 5 in this fixture
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("after 5 pages"));
  EXPECT_EQ(page, 5);
}

TEST_F(Ec2ResourcesParseTest, AllKeepsGoingPastEmptyPages) {
  // DescribeInstances with filters may answer a page with no items but a token.
  transport_.Answer("DescribeInstances",
                    Ec2Answer("DescribeInstances", "<reservationSet/><nextToken>n1</nextToken>"));
  transport_.Answer("DescribeInstances",
                    Ec2Answer("DescribeInstances",
                              "<reservationSet><item><reservationId>r-1</reservationId>"
                              "<instancesSet><item><instanceId>i-1</instanceId></item>"
                              "</instancesSet></item></reservationSet>"));
  auto r = client_.DescribeInstancesAll({.filters = {{"tag:spotrun:managed", {"true"}}}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].instances[0].instance_id, "i-1");
  EXPECT_EQ(transport_.calls()[1].params.Get("Filter.1.Name"), "tag:spotrun:managed");
}

TEST_F(Ec2ResourcesParseTest, AllPassesAPageErrorThrough) {
  transport_.Answer("DescribeVolumes", VolumesPage("vol-1", "a"));
  transport_.Answer("DescribeVolumes", Status::Aws(ErrorKind::kUnavailable, "RequestLimitExceeded",
                                                   "slow down", "req-9", 503));
  auto r = client_.DescribeVolumesAll({});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), "RequestLimitExceeded");
}

}  // namespace
}  // namespace spotrun
