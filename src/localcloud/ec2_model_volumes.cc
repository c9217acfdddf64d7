// TRANSIENT STUB: replaced by the helper building this part of the model.
#include "localcloud/ec2_error.h"
#include "localcloud/ec2_model.h"

namespace spotrun {
namespace {
Status NotYet() { return Ec2Error("InvalidAction", "not built yet"); }
}  // namespace

Result<Volume> Ec2Model::CreateVolume(const CreateVolumeRequest&) { return NotYet(); }
Result<VolumeAttachment> Ec2Model::AttachVolume(const AttachVolumeRequest&) { return NotYet(); }
Result<VolumeAttachment> Ec2Model::DetachVolume(const DetachVolumeRequest&) { return NotYet(); }
Status Ec2Model::DeleteVolume(const DeleteVolumeRequest&) { return NotYet(); }
Result<DescribeVolumesResponse> Ec2Model::DescribeVolumes(const DescribeVolumesRequest&) {
  return NotYet();
}
Result<Snapshot> Ec2Model::CreateSnapshot(const CreateSnapshotRequest&) { return NotYet(); }
Status Ec2Model::DeleteSnapshot(const DeleteSnapshotRequest&) { return NotYet(); }
Result<DescribeSnapshotsResponse> Ec2Model::DescribeSnapshots(const DescribeSnapshotsRequest&) {
  return NotYet();
}

}  // namespace spotrun
