// Ec2Client: DescribeImages, CreateImage and DeregisterImage.
#include "aws/ec2_client.h"
#include "aws/ec2_params.h"
#include "aws/ec2_xml.h"

namespace spotrun {
namespace {

EbsBlockDevice ParseEbs(pugi::xml_node ebs) {
  EbsBlockDevice e;
  e.volume_size = ToOptionalInt(ebs.child("volumeSize"));
  if (pugi::xml_node type = ebs.child("volumeType")) e.volume_type = Text(type);
  e.iops = ToOptionalInt(ebs.child("iops"));
  e.throughput = ToOptionalInt(ebs.child("throughput"));
  e.encrypted = ToOptionalBool(ebs.child("encrypted"));
  e.delete_on_termination = ToOptionalBool(ebs.child("deleteOnTermination"));
  if (pugi::xml_node snapshot = ebs.child("snapshotId")) e.snapshot_id = Text(snapshot);
  if (pugi::xml_node kms = ebs.child("kmsKeyId")) e.kms_key_id = Text(kms);
  return e;
}

BlockDeviceMapping ParseBlockDeviceMapping(pugi::xml_node item) {
  BlockDeviceMapping m;
  m.device_name = ChildText(item, "deviceName");
  if (pugi::xml_node ebs = item.child("ebs")) m.ebs = ParseEbs(ebs);
  if (pugi::xml_node v = item.child("virtualName")) m.virtual_name = Text(v);
  if (pugi::xml_node v = item.child("noDevice")) m.no_device = Text(v);
  return m;
}

Image ParseImage(pugi::xml_node item) {
  Image i;
  i.image_id = ChildText(item, "imageId");
  i.name = ChildText(item, "name");
  i.description = ChildText(item, "description");
  i.state = ChildText(item, "imageState");
  i.owner_id = ChildText(item, "imageOwnerId");
  i.architecture = ChildText(item, "architecture");
  i.creation_date = ToTime(item.child("creationDate"));
  i.root_device_name = ChildText(item, "rootDeviceName");
  i.root_device_type = ChildText(item, "rootDeviceType");
  i.virtualization_type = ChildText(item, "virtualizationType");
  i.platform_details = ChildText(item, "platformDetails");
  i.is_public = ToBool(item.child("isPublic"));
  i.state_reason = ParseStateReason(item.child("stateReason"));
  i.block_device_mappings = ParseItems(item.child("blockDeviceMapping"), ParseBlockDeviceMapping);
  i.tags = ParseTags(item.child("tagSet"));
  return i;
}

}  // namespace

Result<std::vector<Image>> Ec2Client::DescribeImages(const DescribeImagesRequest& request) {
  QueryParams params;
  params.SetList("ImageId", request.image_ids);
  params.SetList("Owner", request.owners);
  AddFilters(params, request.filters);
  SetOptional(params, "IncludeDeprecated", request.include_deprecated);
  SetDryRun(params, request.dry_run);
  return CallEc2(transport_, "DescribeImages", params, [](pugi::xml_node root) {
    return ParseItems(root.child("imagesSet"), ParseImage);
  });
}

Result<std::string> Ec2Client::CreateImage(const CreateImageRequest& request) {
  QueryParams params;
  params.Set("InstanceId", request.instance_id);
  params.Set("Name", request.name);
  SetOptional(params, "Description", request.description);
  SetOptional(params, "NoReboot", request.no_reboot);
  AddTagSpecifications(params, request.tag_specifications);
  SetDryRun(params, request.dry_run);
  return CallEc2(transport_, "CreateImage", params,
                 [](pugi::xml_node root) { return ChildText(root, "imageId"); });
}

Status Ec2Client::DeregisterImage(const DeregisterImageRequest& request) {
  QueryParams params;
  params.Set("ImageId", request.image_id);
  SetDryRun(params, request.dry_run);
  return CallEc2(transport_, "DeregisterImage", params);
}

}  // namespace spotrun
