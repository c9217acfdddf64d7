// UnimplementedEc2Api: an Ec2Api whose every action fails with kFailedPrecondition naming the
// action, for tests to subclass, overriding only the actions the code under test should call
// (a call to any other shows up as a clear error). Test-only; as thread-safe as the subclass.
#ifndef SPOTRUN_TESTING_UNIMPLEMENTED_EC2_API_H_
#define SPOTRUN_TESTING_UNIMPLEMENTED_EC2_API_H_

#include <string>
#include <string_view>
#include <vector>

#include "aws/ec2_api.h"

namespace spotrun::testing {

class UnimplementedEc2Api : public Ec2Api {
 public:
  Result<std::vector<Region>> DescribeRegions(const DescribeRegionsRequest&) override {
    return Unimplemented("DescribeRegions");
  }
  Result<std::vector<AvailabilityZone>> DescribeAvailabilityZones(
      const DescribeAvailabilityZonesRequest&) override {
    return Unimplemented("DescribeAvailabilityZones");
  }
  Result<DescribeInstancesResponse> DescribeInstances(const DescribeInstancesRequest&) override {
    return Unimplemented("DescribeInstances");
  }
  Result<Reservation> RunInstances(const RunInstancesRequest&) override {
    return Unimplemented("RunInstances");
  }
  Result<std::vector<InstanceStateChange>> StartInstances(const StartInstancesRequest&) override {
    return Unimplemented("StartInstances");
  }
  Result<std::vector<InstanceStateChange>> StopInstances(const StopInstancesRequest&) override {
    return Unimplemented("StopInstances");
  }
  Result<std::vector<InstanceStateChange>> TerminateInstances(
      const TerminateInstancesRequest&) override {
    return Unimplemented("TerminateInstances");
  }
  Status RebootInstances(const RebootInstancesRequest&) override {
    return Unimplemented("RebootInstances");
  }
  Status ModifyInstanceAttribute(const ModifyInstanceAttributeRequest&) override {
    return Unimplemented("ModifyInstanceAttribute");
  }
  Status CreateTags(const CreateTagsRequest&) override { return Unimplemented("CreateTags"); }
  Status DeleteTags(const DeleteTagsRequest&) override { return Unimplemented("DeleteTags"); }
  Result<DescribeTagsResponse> DescribeTags(const DescribeTagsRequest&) override {
    return Unimplemented("DescribeTags");
  }
  Result<std::vector<Image>> DescribeImages(const DescribeImagesRequest&) override {
    return Unimplemented("DescribeImages");
  }
  Result<std::string> CreateImage(const CreateImageRequest&) override {
    return Unimplemented("CreateImage");
  }
  Status DeregisterImage(const DeregisterImageRequest&) override {
    return Unimplemented("DeregisterImage");
  }
  Result<std::vector<SpotInstanceRequest>> RequestSpotInstances(
      const RequestSpotInstancesRequest&) override {
    return Unimplemented("RequestSpotInstances");
  }
  Result<DescribeSpotInstanceRequestsResponse> DescribeSpotInstanceRequests(
      const DescribeSpotInstanceRequestsRequest&) override {
    return Unimplemented("DescribeSpotInstanceRequests");
  }
  Result<std::vector<CancelledSpotInstanceRequest>> CancelSpotInstanceRequests(
      const CancelSpotInstanceRequestsRequest&) override {
    return Unimplemented("CancelSpotInstanceRequests");
  }
  Result<DescribeSpotPriceHistoryResponse> DescribeSpotPriceHistory(
      const DescribeSpotPriceHistoryRequest&) override {
    return Unimplemented("DescribeSpotPriceHistory");
  }
  Result<DescribeInstanceTypesResponse> DescribeInstanceTypes(
      const DescribeInstanceTypesRequest&) override {
    return Unimplemented("DescribeInstanceTypes");
  }
  Result<DescribeInstanceTypeOfferingsResponse> DescribeInstanceTypeOfferings(
      const DescribeInstanceTypeOfferingsRequest&) override {
    return Unimplemented("DescribeInstanceTypeOfferings");
  }
  Result<Volume> CreateVolume(const CreateVolumeRequest&) override {
    return Unimplemented("CreateVolume");
  }
  Result<VolumeAttachment> AttachVolume(const AttachVolumeRequest&) override {
    return Unimplemented("AttachVolume");
  }
  Result<VolumeAttachment> DetachVolume(const DetachVolumeRequest&) override {
    return Unimplemented("DetachVolume");
  }
  Status DeleteVolume(const DeleteVolumeRequest&) override { return Unimplemented("DeleteVolume"); }
  Result<DescribeVolumesResponse> DescribeVolumes(const DescribeVolumesRequest&) override {
    return Unimplemented("DescribeVolumes");
  }
  Result<Snapshot> CreateSnapshot(const CreateSnapshotRequest&) override {
    return Unimplemented("CreateSnapshot");
  }
  Status DeleteSnapshot(const DeleteSnapshotRequest&) override {
    return Unimplemented("DeleteSnapshot");
  }
  Result<DescribeSnapshotsResponse> DescribeSnapshots(const DescribeSnapshotsRequest&) override {
    return Unimplemented("DescribeSnapshots");
  }
  Result<KeyPair> CreateKeyPair(const CreateKeyPairRequest&) override {
    return Unimplemented("CreateKeyPair");
  }
  Result<KeyPairInfo> ImportKeyPair(const ImportKeyPairRequest&) override {
    return Unimplemented("ImportKeyPair");
  }
  Result<std::vector<KeyPairInfo>> DescribeKeyPairs(const DescribeKeyPairsRequest&) override {
    return Unimplemented("DescribeKeyPairs");
  }
  Status DeleteKeyPair(const DeleteKeyPairRequest&) override {
    return Unimplemented("DeleteKeyPair");
  }
  Result<CreateSecurityGroupResponse> CreateSecurityGroup(
      const CreateSecurityGroupRequest&) override {
    return Unimplemented("CreateSecurityGroup");
  }
  Result<DescribeSecurityGroupsResponse> DescribeSecurityGroups(
      const DescribeSecurityGroupsRequest&) override {
    return Unimplemented("DescribeSecurityGroups");
  }
  Result<AuthorizeSecurityGroupIngressResponse> AuthorizeSecurityGroupIngress(
      const AuthorizeSecurityGroupIngressRequest&) override {
    return Unimplemented("AuthorizeSecurityGroupIngress");
  }
  Result<DescribeVpcsResponse> DescribeVpcs(const DescribeVpcsRequest&) override {
    return Unimplemented("DescribeVpcs");
  }
  Result<DescribeSubnetsResponse> DescribeSubnets(const DescribeSubnetsRequest&) override {
    return Unimplemented("DescribeSubnets");
  }

 protected:
  static Status Unimplemented(std::string_view action) {
    return Status::FailedPrecondition(std::string(action) + " is not implemented by this fake",
                                      "override it in the test's Ec2Api subclass");
  }
};

}  // namespace spotrun::testing

#endif  // SPOTRUN_TESTING_UNIMPLEMENTED_EC2_API_H_
