// Response documents of volumes, snapshots, security groups, VPCs and subnets. Element order
// follows AWS's own documents.
#include "localcloud/ec2_response_xml.h"
#include "localcloud/ec2_response_xml_writer.h"

namespace spotrun {
namespace {

// A VolumeAttachment's members: an attachmentSet item, or Attach/DetachVolume's answer.
void WriteAttachment(Ec2ResponseXmlWriter& w, const VolumeAttachment& a) {
  w.Text("volumeId", a.volume_id);
  w.Text("instanceId", a.instance_id);
  w.Text("device", a.device);
  w.Text("status", a.state);
  w.TimeIfSet("attachTime", a.attach_time);
  w.Bool("deleteOnTermination", a.delete_on_termination);
}

// A Volume's members: a volumeSet item, or CreateVolume's answer.
void WriteVolume(Ec2ResponseXmlWriter& w, const Volume& v) {
  w.Text("volumeId", v.volume_id);
  w.Int("size", v.size);
  w.Text("snapshotId", v.snapshot_id);
  w.Text("availabilityZone", v.availability_zone);
  w.Text("status", v.state);
  w.TimeIfSet("createTime", v.create_time);
  w.List("attachmentSet", v.attachments,
         [&w](const VolumeAttachment& a) { WriteAttachment(w, a); });
  WriteTagSet(w, v.tags);
  w.Text("volumeType", v.volume_type);
  w.IntIfSet("iops", v.iops);
  w.IntIfSet("throughput", v.throughput);
  w.Bool("encrypted", v.encrypted);
  w.Bool("multiAttachEnabled", false);
}

// A Snapshot's members: a snapshotSet item, or CreateSnapshot's answer.
void WriteSnapshot(Ec2ResponseXmlWriter& w, const Snapshot& s) {
  w.Text("snapshotId", s.snapshot_id);
  w.Text("volumeId", s.volume_id);
  w.Text("status", s.state);
  w.TextIfSet("statusMessage", s.state_message);
  w.TimeIfSet("startTime", s.start_time);
  w.Text("progress", s.progress);
  w.Text("ownerId", s.owner_id);
  w.Int("volumeSize", s.volume_size);
  w.Text("description", s.description);
  w.Bool("encrypted", s.encrypted);
  WriteTagSet(w, s.tags);
}

void WriteIpPermission(Ec2ResponseXmlWriter& w, const IpPermission& p) {
  w.Text("ipProtocol", p.ip_protocol);
  w.IntIfSet("fromPort", p.from_port);
  w.IntIfSet("toPort", p.to_port);
  w.Empty("groups");
  w.List("ipRanges", p.ip_ranges, [&w](const IpRange& r) {
    w.Text("cidrIp", r.cidr_ip);
    w.OptionalText("description", r.description);
  });
  w.Empty("ipv6Ranges");
  w.Empty("prefixListIds");
}

void WriteSecurityGroup(Ec2ResponseXmlWriter& w, const SecurityGroup& g) {
  w.Text("ownerId", g.owner_id);
  w.Text("groupId", g.group_id);
  w.Text("groupName", g.group_name);
  w.Text("groupDescription", g.description);
  w.TextIfSet("vpcId", g.vpc_id);
  w.List("ipPermissions", g.ip_permissions,
         [&w](const IpPermission& p) { WriteIpPermission(w, p); });
  w.List("ipPermissionsEgress", g.ip_permissions_egress,
         [&w](const IpPermission& p) { WriteIpPermission(w, p); });
  WriteTagSet(w, g.tags);
}

void WriteSecurityGroupRule(Ec2ResponseXmlWriter& w, const SecurityGroupRule& r) {
  w.Text("securityGroupRuleId", r.security_group_rule_id);
  w.Text("groupId", r.group_id);
  w.Bool("isEgress", r.is_egress);
  w.Text("ipProtocol", r.ip_protocol);
  w.IntIfSet("fromPort", r.from_port);
  w.IntIfSet("toPort", r.to_port);
  w.TextIfSet("cidrIpv4", r.cidr_ipv4);
  w.TextIfSet("description", r.description);
}

void WriteVpc(Ec2ResponseXmlWriter& w, const Vpc& v) {
  w.Text("vpcId", v.vpc_id);
  w.TextIfSet("ownerId", v.owner_id);
  w.Text("state", v.state);
  w.Text("cidrBlock", v.cidr_block);
  w.Text("instanceTenancy", "default");
  w.Bool("isDefault", v.is_default);
  WriteTagSet(w, v.tags);
}

void WriteSubnet(Ec2ResponseXmlWriter& w, const Subnet& s) {
  w.Text("subnetId", s.subnet_id);
  w.Text("state", s.state);
  w.Text("vpcId", s.vpc_id);
  w.Text("cidrBlock", s.cidr_block);
  w.Int("availableIpAddressCount", s.available_ip_address_count);
  w.Text("availabilityZone", s.availability_zone);
  w.TextIfSet("availabilityZoneId", s.availability_zone_id);
  w.Bool("defaultForAz", s.default_for_az);
  w.Bool("mapPublicIpOnLaunch", s.map_public_ip_on_launch);
  WriteTagSet(w, s.tags);
}

}  // namespace

std::string WriteCreateVolumeResponse(std::string_view request_id, const Volume& volume) {
  Ec2ResponseXmlWriter w("CreateVolume", request_id, 512);
  WriteVolume(w, volume);
  return std::move(w).Finish();
}

std::string WriteAttachVolumeResponse(std::string_view request_id,
                                      const VolumeAttachment& attachment) {
  Ec2ResponseXmlWriter w("AttachVolume", request_id);
  WriteAttachment(w, attachment);
  return std::move(w).Finish();
}

std::string WriteDetachVolumeResponse(std::string_view request_id,
                                      const VolumeAttachment& attachment) {
  Ec2ResponseXmlWriter w("DetachVolume", request_id);
  WriteAttachment(w, attachment);
  return std::move(w).Finish();
}

std::string WriteDescribeVolumesResponse(std::string_view request_id,
                                         const DescribeVolumesResponse& response) {
  Ec2ResponseXmlWriter w("DescribeVolumes", request_id, 640 * response.volumes.size());
  w.List("volumeSet", response.volumes, [&w](const Volume& v) { WriteVolume(w, v); });
  w.TextIfSet("nextToken", response.next_token);
  return std::move(w).Finish();
}

std::string WriteCreateSnapshotResponse(std::string_view request_id, const Snapshot& snapshot) {
  Ec2ResponseXmlWriter w("CreateSnapshot", request_id, 512);
  WriteSnapshot(w, snapshot);
  return std::move(w).Finish();
}

std::string WriteDescribeSnapshotsResponse(std::string_view request_id,
                                           const DescribeSnapshotsResponse& response) {
  Ec2ResponseXmlWriter w("DescribeSnapshots", request_id, 512 * response.snapshots.size());
  w.List("snapshotSet", response.snapshots, [&w](const Snapshot& s) { WriteSnapshot(w, s); });
  w.TextIfSet("nextToken", response.next_token);
  return std::move(w).Finish();
}

std::string WriteCreateSecurityGroupResponse(std::string_view request_id,
                                             const CreateSecurityGroupResponse& response) {
  Ec2ResponseXmlWriter w("CreateSecurityGroup", request_id);
  w.Bool("return", true);  // AWS writes it although botocore's output shape lacks it
  w.Text("groupId", response.group_id);
  WriteTagSet(w, response.tags);
  return std::move(w).Finish();
}

std::string WriteDescribeSecurityGroupsResponse(std::string_view request_id,
                                                const DescribeSecurityGroupsResponse& response) {
  Ec2ResponseXmlWriter w("DescribeSecurityGroups", request_id,
                         1024 * response.security_groups.size());
  w.List("securityGroupInfo", response.security_groups,
         [&w](const SecurityGroup& g) { WriteSecurityGroup(w, g); });
  w.TextIfSet("nextToken", response.next_token);
  return std::move(w).Finish();
}

std::string WriteAuthorizeSecurityGroupIngressResponse(
    std::string_view request_id, const AuthorizeSecurityGroupIngressResponse& response) {
  Ec2ResponseXmlWriter w("AuthorizeSecurityGroupIngress", request_id,
                         384 * response.security_group_rules.size());
  w.Bool("return", response.return_value);
  w.List("securityGroupRuleSet", response.security_group_rules,
         [&w](const SecurityGroupRule& r) { WriteSecurityGroupRule(w, r); });
  return std::move(w).Finish();
}

std::string WriteDescribeVpcsResponse(std::string_view request_id,
                                      const DescribeVpcsResponse& response) {
  Ec2ResponseXmlWriter w("DescribeVpcs", request_id, 384 * response.vpcs.size());
  w.List("vpcSet", response.vpcs, [&w](const Vpc& v) { WriteVpc(w, v); });
  w.TextIfSet("nextToken", response.next_token);
  return std::move(w).Finish();
}

std::string WriteDescribeSubnetsResponse(std::string_view request_id,
                                         const DescribeSubnetsResponse& response) {
  Ec2ResponseXmlWriter w("DescribeSubnets", request_id, 512 * response.subnets.size());
  w.List("subnetSet", response.subnets, [&w](const Subnet& s) { WriteSubnet(w, s); });
  w.TextIfSet("nextToken", response.next_token);
  return std::move(w).Finish();
}

}  // namespace spotrun
