// Ec2Client: EBS snapshots — CreateSnapshot, DeleteSnapshot and DescribeSnapshots.
#include "aws/ec2_client.h"
#include "aws/ec2_pagination.h"
#include "aws/ec2_params.h"
#include "aws/ec2_xml.h"

namespace spotrun {
namespace {

// A Snapshot, from a snapshotSet item or CreateSnapshot's root.
Snapshot ParseSnapshot(pugi::xml_node node) {
  Snapshot s;
  s.snapshot_id = ChildText(node, "snapshotId");
  s.volume_id = ChildText(node, "volumeId");
  s.volume_size = ToInt(node.child("volumeSize"));
  s.state = ChildText(node, "status");
  s.state_message = ChildText(node, "statusMessage");
  s.progress = ChildText(node, "progress");
  s.start_time = ToTime(node.child("startTime"));
  s.description = ChildText(node, "description");
  s.owner_id = ChildText(node, "ownerId");
  s.encrypted = ToBool(node.child("encrypted"));
  s.tags = ParseTags(node.child("tagSet"));
  return s;
}

}  // namespace

Result<Snapshot> Ec2Client::CreateSnapshot(const CreateSnapshotRequest& request) {
  QueryParams params;
  params.Set("VolumeId", request.volume_id);
  SetOptional(params, "Description", request.description);
  AddTagSpecifications(params, request.tag_specifications);
  SetDryRun(params, request.dry_run);
  return CallEc2(transport_, "CreateSnapshot", params, ParseSnapshot);
}

Status Ec2Client::DeleteSnapshot(const DeleteSnapshotRequest& request) {
  QueryParams params;
  params.Set("SnapshotId", request.snapshot_id);
  SetDryRun(params, request.dry_run);
  return CallEc2(transport_, "DeleteSnapshot", params);
}

Result<DescribeSnapshotsResponse> Ec2Client::DescribeSnapshots(
    const DescribeSnapshotsRequest& request) {
  QueryParams params;
  params.SetList("SnapshotId", request.snapshot_ids);
  params.SetList("Owner", request.owner_ids);
  AddFilters(params, request.filters);
  SetPage(params, request.max_results, request.next_token);
  SetDryRun(params, request.dry_run);
  return CallEc2(transport_, "DescribeSnapshots", params, [](pugi::xml_node root) {
    return DescribeSnapshotsResponse{ParseItems(root.child("snapshotSet"), ParseSnapshot),
                                     NextToken(root)};
  });
}

Result<std::vector<Snapshot>> Ec2Client::DescribeSnapshotsAll(
    const DescribeSnapshotsRequest& request) {
  return CollectAllPages(
      "DescribeSnapshots", request, options_.max_pages,
      [this](const DescribeSnapshotsRequest& r) { return DescribeSnapshots(r); },
      &DescribeSnapshotsResponse::snapshots);
}

}  // namespace spotrun
