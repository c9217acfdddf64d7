// Ec2Api: EC2's actions as typed calls — the one interface both sides of spotrun's EC2 speak.
// Ec2Client implements it over the wire (Query protocol, SigV4); the local cloud's Ec2Model
// implements it in process. Callers (the CLI, the job controller, the contract tests) hold
// an Ec2Api& and do not care which. Paginated Describe* calls return one page (MaxResults /
// NextToken in, next_token out). Thread-safety is the implementation's.
#ifndef SPOTRUN_AWS_EC2_API_H_
#define SPOTRUN_AWS_EC2_API_H_

#include <string>
#include <vector>

#include "aws/ec2_requests.h"
#include "aws/ec2_types.h"
#include "base/result.h"
#include "base/status.h"

namespace spotrun {

class Ec2Api {
 public:
  virtual ~Ec2Api() = default;

  // Regions and zones (not paginated).
  virtual Result<std::vector<Region>> DescribeRegions(const DescribeRegionsRequest& request) = 0;
  virtual Result<std::vector<AvailabilityZone>> DescribeAvailabilityZones(
      const DescribeAvailabilityZonesRequest& request) = 0;

  // Instances.
  virtual Result<DescribeInstancesResponse> DescribeInstances(
      const DescribeInstancesRequest& request) = 0;
  virtual Result<Reservation> RunInstances(const RunInstancesRequest& request) = 0;
  virtual Result<std::vector<InstanceStateChange>> StartInstances(
      const StartInstancesRequest& request) = 0;
  virtual Result<std::vector<InstanceStateChange>> StopInstances(
      const StopInstancesRequest& request) = 0;
  virtual Result<std::vector<InstanceStateChange>> TerminateInstances(
      const TerminateInstancesRequest& request) = 0;
  virtual Status RebootInstances(const RebootInstancesRequest& request) = 0;
  virtual Status ModifyInstanceAttribute(const ModifyInstanceAttributeRequest& request) = 0;

  // Tags.
  virtual Status CreateTags(const CreateTagsRequest& request) = 0;
  virtual Status DeleteTags(const DeleteTagsRequest& request) = 0;
  virtual Result<DescribeTagsResponse> DescribeTags(const DescribeTagsRequest& request) = 0;

  // Images (DescribeImages is not paginated in API version 2016-11-15's model).
  virtual Result<std::vector<Image>> DescribeImages(const DescribeImagesRequest& request) = 0;
  // The new image's id.
  virtual Result<std::string> CreateImage(const CreateImageRequest& request) = 0;
  virtual Status DeregisterImage(const DeregisterImageRequest& request) = 0;

  // Spot.
  virtual Result<std::vector<SpotInstanceRequest>> RequestSpotInstances(
      const RequestSpotInstancesRequest& request) = 0;
  virtual Result<DescribeSpotInstanceRequestsResponse> DescribeSpotInstanceRequests(
      const DescribeSpotInstanceRequestsRequest& request) = 0;
  virtual Result<std::vector<CancelledSpotInstanceRequest>> CancelSpotInstanceRequests(
      const CancelSpotInstanceRequestsRequest& request) = 0;
  virtual Result<DescribeSpotPriceHistoryResponse> DescribeSpotPriceHistory(
      const DescribeSpotPriceHistoryRequest& request) = 0;

  // Instance types.
  virtual Result<DescribeInstanceTypesResponse> DescribeInstanceTypes(
      const DescribeInstanceTypesRequest& request) = 0;
  virtual Result<DescribeInstanceTypeOfferingsResponse> DescribeInstanceTypeOfferings(
      const DescribeInstanceTypeOfferingsRequest& request) = 0;

  // Volumes.
  virtual Result<Volume> CreateVolume(const CreateVolumeRequest& request) = 0;
  virtual Result<VolumeAttachment> AttachVolume(const AttachVolumeRequest& request) = 0;
  virtual Result<VolumeAttachment> DetachVolume(const DetachVolumeRequest& request) = 0;
  virtual Status DeleteVolume(const DeleteVolumeRequest& request) = 0;
  virtual Result<DescribeVolumesResponse> DescribeVolumes(
      const DescribeVolumesRequest& request) = 0;

  // Snapshots.
  virtual Result<Snapshot> CreateSnapshot(const CreateSnapshotRequest& request) = 0;
  virtual Status DeleteSnapshot(const DeleteSnapshotRequest& request) = 0;
  virtual Result<DescribeSnapshotsResponse> DescribeSnapshots(
      const DescribeSnapshotsRequest& request) = 0;

  // Key pairs (DescribeKeyPairs is not paginated).
  virtual Result<KeyPair> CreateKeyPair(const CreateKeyPairRequest& request) = 0;
  virtual Result<KeyPairInfo> ImportKeyPair(const ImportKeyPairRequest& request) = 0;
  virtual Result<std::vector<KeyPairInfo>> DescribeKeyPairs(
      const DescribeKeyPairsRequest& request) = 0;
  virtual Status DeleteKeyPair(const DeleteKeyPairRequest& request) = 0;

  // Security groups.
  virtual Result<CreateSecurityGroupResponse> CreateSecurityGroup(
      const CreateSecurityGroupRequest& request) = 0;
  virtual Result<DescribeSecurityGroupsResponse> DescribeSecurityGroups(
      const DescribeSecurityGroupsRequest& request) = 0;
  virtual Result<AuthorizeSecurityGroupIngressResponse> AuthorizeSecurityGroupIngress(
      const AuthorizeSecurityGroupIngressRequest& request) = 0;

  // VPCs and subnets.
  virtual Result<DescribeVpcsResponse> DescribeVpcs(const DescribeVpcsRequest& request) = 0;
  virtual Result<DescribeSubnetsResponse> DescribeSubnets(
      const DescribeSubnetsRequest& request) = 0;
};

}  // namespace spotrun

#endif  // SPOTRUN_AWS_EC2_API_H_
