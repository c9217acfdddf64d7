// Ec2Client: EBS volumes — CreateVolume, AttachVolume, DetachVolume, DeleteVolume and
// DescribeVolumes.
#include "aws/ec2_client.h"
#include "aws/ec2_pagination.h"
#include "aws/ec2_params.h"
#include "aws/ec2_xml.h"

namespace spotrun {
namespace {

// A VolumeAttachment, from an attachmentSet item or Attach/DetachVolume's root.
VolumeAttachment ParseAttachment(pugi::xml_node node) {
  VolumeAttachment a;
  a.volume_id = ChildText(node, "volumeId");
  a.instance_id = ChildText(node, "instanceId");
  a.device = ChildText(node, "device");
  a.state = ChildText(node, "status");
  a.attach_time = ToTime(node.child("attachTime"));
  a.delete_on_termination = ToBool(node.child("deleteOnTermination"));
  return a;
}

// A Volume, from a volumeSet item or CreateVolume's root.
Volume ParseVolume(pugi::xml_node node) {
  Volume v;
  v.volume_id = ChildText(node, "volumeId");
  v.size = ToInt(node.child("size"));
  v.volume_type = ChildText(node, "volumeType");
  v.state = ChildText(node, "status");
  v.availability_zone = ChildText(node, "availabilityZone");
  v.create_time = ToTime(node.child("createTime"));
  v.encrypted = ToBool(node.child("encrypted"));
  v.iops = ToOptionalInt(node.child("iops"));
  v.throughput = ToOptionalInt(node.child("throughput"));
  v.snapshot_id = ChildText(node, "snapshotId");
  v.attachments = ParseItems(node.child("attachmentSet"), ParseAttachment);
  v.tags = ParseTags(node.child("tagSet"));
  return v;
}

}  // namespace

Result<Volume> Ec2Client::CreateVolume(const CreateVolumeRequest& request) {
  QueryParams params;
  params.Set("AvailabilityZone", request.availability_zone);
  SetOptional(params, "Size", request.size);
  SetOptional(params, "VolumeType", request.volume_type);
  SetOptional(params, "Iops", request.iops);
  SetOptional(params, "Throughput", request.throughput);
  SetOptional(params, "Encrypted", request.encrypted);
  SetOptional(params, "KmsKeyId", request.kms_key_id);
  SetOptional(params, "SnapshotId", request.snapshot_id);
  AddTagSpecifications(params, request.tag_specifications);
  params.Set("ClientToken", ClientTokenOr(request.client_token));
  SetDryRun(params, request.dry_run);
  return CallEc2(transport_, "CreateVolume", params, ParseVolume);
}

Result<VolumeAttachment> Ec2Client::AttachVolume(const AttachVolumeRequest& request) {
  QueryParams params;
  params.Set("VolumeId", request.volume_id);
  params.Set("InstanceId", request.instance_id);
  params.Set("Device", request.device);
  SetDryRun(params, request.dry_run);
  return CallEc2(transport_, "AttachVolume", params, ParseAttachment);
}

Result<VolumeAttachment> Ec2Client::DetachVolume(const DetachVolumeRequest& request) {
  QueryParams params;
  params.Set("VolumeId", request.volume_id);
  SetOptional(params, "InstanceId", request.instance_id);
  SetOptional(params, "Device", request.device);
  SetOptional(params, "Force", request.force);
  SetDryRun(params, request.dry_run);
  return CallEc2(transport_, "DetachVolume", params, ParseAttachment);
}

Status Ec2Client::DeleteVolume(const DeleteVolumeRequest& request) {
  QueryParams params;
  params.Set("VolumeId", request.volume_id);
  SetDryRun(params, request.dry_run);
  return CallEc2(transport_, "DeleteVolume", params);
}

Result<DescribeVolumesResponse> Ec2Client::DescribeVolumes(const DescribeVolumesRequest& request) {
  QueryParams params;
  params.SetList("VolumeId", request.volume_ids);
  AddFilters(params, request.filters);
  SetPage(params, request.max_results, request.next_token);
  SetDryRun(params, request.dry_run);
  return CallEc2(transport_, "DescribeVolumes", params, [](pugi::xml_node root) {
    return DescribeVolumesResponse{ParseItems(root.child("volumeSet"), ParseVolume),
                                   NextToken(root)};
  });
}

Result<std::vector<Volume>> Ec2Client::DescribeVolumesAll(const DescribeVolumesRequest& request) {
  return CollectAllPages(
      "DescribeVolumes", request, options_.max_pages,
      [this](const DescribeVolumesRequest& r) { return DescribeVolumes(r); },
      &DescribeVolumesResponse::volumes);
}

}  // namespace spotrun
