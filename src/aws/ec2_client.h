// Ec2Client: EC2's Query API as typed calls, one method per action, over a QueryTransport
// (which signs, retries and turns error documents into Status). Each method flattens its
// request struct into Query parameters, sends it and parses the XML answer. Paginated
// Describe* calls come in two forms: one page (MaxResults / NextToken in, next_token out) and
// …All, which follows NextToken to the end. Borrows the transport; as thread-safe as it is.
#ifndef SPOTRUN_AWS_EC2_CLIENT_H_
#define SPOTRUN_AWS_EC2_CLIENT_H_

#include <functional>
#include <string>
#include <vector>

#include "aws/client_token.h"
#include "aws/ec2_api.h"
#include "aws/ec2_requests.h"
#include "aws/ec2_types.h"
#include "aws/query_transport.h"
#include "base/result.h"
#include "base/status.h"

namespace spotrun {

struct Ec2ClientOptions {
  // Most pages an …All call follows before giving up with an error.
  int max_pages = 1000;
  // Makes the ClientToken (idempotency token) of RunInstances, RequestSpotInstances and
  // CreateVolume when the request has none. Default: a random UUID v4 from the kernel's CSPRNG
  // (getrandom).
  std::function<std::string()> new_client_token;
};

class Ec2Client final : public Ec2Api {
 public:
  explicit Ec2Client(QueryTransport& transport);
  Ec2Client(QueryTransport& transport, Ec2ClientOptions options);

  // Regions and zones (not paginated).
  Result<std::vector<Region>> DescribeRegions(const DescribeRegionsRequest& request) override;
  Result<std::vector<AvailabilityZone>> DescribeAvailabilityZones(
      const DescribeAvailabilityZonesRequest& request) override;

  // Instances.
  Result<DescribeInstancesResponse> DescribeInstances(
      const DescribeInstancesRequest& request) override;
  Result<std::vector<Reservation>> DescribeInstancesAll(const DescribeInstancesRequest& request);
  Result<Reservation> RunInstances(const RunInstancesRequest& request) override;
  Result<std::vector<InstanceStateChange>> StartInstances(
      const StartInstancesRequest& request) override;
  Result<std::vector<InstanceStateChange>> StopInstances(
      const StopInstancesRequest& request) override;
  Result<std::vector<InstanceStateChange>> TerminateInstances(
      const TerminateInstancesRequest& request) override;
  Status RebootInstances(const RebootInstancesRequest& request) override;
  Status ModifyInstanceAttribute(const ModifyInstanceAttributeRequest& request) override;

  // Tags.
  Status CreateTags(const CreateTagsRequest& request) override;
  Status DeleteTags(const DeleteTagsRequest& request) override;
  Result<DescribeTagsResponse> DescribeTags(const DescribeTagsRequest& request) override;
  Result<std::vector<TagDescription>> DescribeTagsAll(const DescribeTagsRequest& request);

  // Images (DescribeImages is not paginated in API version 2016-11-15's model).
  Result<std::vector<Image>> DescribeImages(const DescribeImagesRequest& request) override;
  Result<std::string> CreateImage(const CreateImageRequest& request) override;  // the image id
  Status DeregisterImage(const DeregisterImageRequest& request) override;

  // Spot.
  Result<std::vector<SpotInstanceRequest>> RequestSpotInstances(
      const RequestSpotInstancesRequest& request) override;
  Result<DescribeSpotInstanceRequestsResponse> DescribeSpotInstanceRequests(
      const DescribeSpotInstanceRequestsRequest& request) override;
  Result<std::vector<SpotInstanceRequest>> DescribeSpotInstanceRequestsAll(
      const DescribeSpotInstanceRequestsRequest& request);
  Result<std::vector<CancelledSpotInstanceRequest>> CancelSpotInstanceRequests(
      const CancelSpotInstanceRequestsRequest& request) override;
  Result<DescribeSpotPriceHistoryResponse> DescribeSpotPriceHistory(
      const DescribeSpotPriceHistoryRequest& request) override;
  Result<std::vector<SpotPrice>> DescribeSpotPriceHistoryAll(
      const DescribeSpotPriceHistoryRequest& request);

  // Instance types.
  Result<DescribeInstanceTypesResponse> DescribeInstanceTypes(
      const DescribeInstanceTypesRequest& request) override;
  Result<std::vector<InstanceTypeInfo>> DescribeInstanceTypesAll(
      const DescribeInstanceTypesRequest& request);
  Result<DescribeInstanceTypeOfferingsResponse> DescribeInstanceTypeOfferings(
      const DescribeInstanceTypeOfferingsRequest& request) override;
  Result<std::vector<InstanceTypeOffering>> DescribeInstanceTypeOfferingsAll(
      const DescribeInstanceTypeOfferingsRequest& request);

  // Volumes.
  Result<Volume> CreateVolume(const CreateVolumeRequest& request) override;
  Result<VolumeAttachment> AttachVolume(const AttachVolumeRequest& request) override;
  Result<VolumeAttachment> DetachVolume(const DetachVolumeRequest& request) override;
  Status DeleteVolume(const DeleteVolumeRequest& request) override;
  Result<DescribeVolumesResponse> DescribeVolumes(const DescribeVolumesRequest& request) override;
  Result<std::vector<Volume>> DescribeVolumesAll(const DescribeVolumesRequest& request);

  // Snapshots.
  Result<Snapshot> CreateSnapshot(const CreateSnapshotRequest& request) override;
  Status DeleteSnapshot(const DeleteSnapshotRequest& request) override;
  Result<DescribeSnapshotsResponse> DescribeSnapshots(
      const DescribeSnapshotsRequest& request) override;
  Result<std::vector<Snapshot>> DescribeSnapshotsAll(const DescribeSnapshotsRequest& request);

  // Key pairs (DescribeKeyPairs is not paginated).
  Result<KeyPair> CreateKeyPair(const CreateKeyPairRequest& request) override;
  Result<KeyPairInfo> ImportKeyPair(const ImportKeyPairRequest& request) override;
  Result<std::vector<KeyPairInfo>> DescribeKeyPairs(
      const DescribeKeyPairsRequest& request) override;
  Status DeleteKeyPair(const DeleteKeyPairRequest& request) override;

  // Security groups.
  Result<CreateSecurityGroupResponse> CreateSecurityGroup(
      const CreateSecurityGroupRequest& request) override;
  Result<DescribeSecurityGroupsResponse> DescribeSecurityGroups(
      const DescribeSecurityGroupsRequest& request) override;
  Result<std::vector<SecurityGroup>> DescribeSecurityGroupsAll(
      const DescribeSecurityGroupsRequest& request);
  Result<AuthorizeSecurityGroupIngressResponse> AuthorizeSecurityGroupIngress(
      const AuthorizeSecurityGroupIngressRequest& request) override;

  // VPCs and subnets.
  Result<DescribeVpcsResponse> DescribeVpcs(const DescribeVpcsRequest& request) override;
  Result<std::vector<Vpc>> DescribeVpcsAll(const DescribeVpcsRequest& request);
  Result<DescribeSubnetsResponse> DescribeSubnets(const DescribeSubnetsRequest& request) override;
  Result<std::vector<Subnet>> DescribeSubnetsAll(const DescribeSubnetsRequest& request);

 private:
  // The caller's token, or a new one.
  std::string ClientTokenOr(const std::optional<std::string>& token) const;

  QueryTransport& transport_;
  Ec2ClientOptions options_;
};

}  // namespace spotrun

#endif  // SPOTRUN_AWS_EC2_CLIENT_H_
