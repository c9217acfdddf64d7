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
  // CreateVolume when the request has none. Default: a random UUID v4 from OpenSSL's CSPRNG.
  std::function<std::string()> new_client_token;
};

class Ec2Client {
 public:
  explicit Ec2Client(QueryTransport& transport);
  Ec2Client(QueryTransport& transport, Ec2ClientOptions options);

  // Regions and zones (not paginated).
  Result<std::vector<Region>> DescribeRegions(const DescribeRegionsRequest& request);
  Result<std::vector<AvailabilityZone>> DescribeAvailabilityZones(
      const DescribeAvailabilityZonesRequest& request);

  // Instances.
  Result<DescribeInstancesResponse> DescribeInstances(const DescribeInstancesRequest& request);
  Result<std::vector<Reservation>> DescribeInstancesAll(const DescribeInstancesRequest& request);
  Result<Reservation> RunInstances(const RunInstancesRequest& request);
  Result<std::vector<InstanceStateChange>> StartInstances(const StartInstancesRequest& request);
  Result<std::vector<InstanceStateChange>> StopInstances(const StopInstancesRequest& request);
  Result<std::vector<InstanceStateChange>> TerminateInstances(
      const TerminateInstancesRequest& request);
  Status RebootInstances(const RebootInstancesRequest& request);
  Status ModifyInstanceAttribute(const ModifyInstanceAttributeRequest& request);

  // Tags.
  Status CreateTags(const CreateTagsRequest& request);
  Status DeleteTags(const DeleteTagsRequest& request);
  Result<DescribeTagsResponse> DescribeTags(const DescribeTagsRequest& request);
  Result<std::vector<TagDescription>> DescribeTagsAll(const DescribeTagsRequest& request);

  // Images (DescribeImages is not paginated in API version 2016-11-15's model).
  Result<std::vector<Image>> DescribeImages(const DescribeImagesRequest& request);
  Result<std::string> CreateImage(const CreateImageRequest& request);  // the new image id
  Status DeregisterImage(const DeregisterImageRequest& request);

  // Spot.
  Result<std::vector<SpotInstanceRequest>> RequestSpotInstances(
      const RequestSpotInstancesRequest& request);
  Result<DescribeSpotInstanceRequestsResponse> DescribeSpotInstanceRequests(
      const DescribeSpotInstanceRequestsRequest& request);
  Result<std::vector<SpotInstanceRequest>> DescribeSpotInstanceRequestsAll(
      const DescribeSpotInstanceRequestsRequest& request);
  Result<std::vector<CancelledSpotInstanceRequest>> CancelSpotInstanceRequests(
      const CancelSpotInstanceRequestsRequest& request);
  Result<DescribeSpotPriceHistoryResponse> DescribeSpotPriceHistory(
      const DescribeSpotPriceHistoryRequest& request);
  Result<std::vector<SpotPrice>> DescribeSpotPriceHistoryAll(
      const DescribeSpotPriceHistoryRequest& request);

  // Instance types.
  Result<DescribeInstanceTypesResponse> DescribeInstanceTypes(
      const DescribeInstanceTypesRequest& request);
  Result<std::vector<InstanceTypeInfo>> DescribeInstanceTypesAll(
      const DescribeInstanceTypesRequest& request);
  Result<DescribeInstanceTypeOfferingsResponse> DescribeInstanceTypeOfferings(
      const DescribeInstanceTypeOfferingsRequest& request);
  Result<std::vector<InstanceTypeOffering>> DescribeInstanceTypeOfferingsAll(
      const DescribeInstanceTypeOfferingsRequest& request);

  // Volumes.
  Result<Volume> CreateVolume(const CreateVolumeRequest& request);
  Result<VolumeAttachment> AttachVolume(const AttachVolumeRequest& request);
  Result<VolumeAttachment> DetachVolume(const DetachVolumeRequest& request);
  Status DeleteVolume(const DeleteVolumeRequest& request);
  Result<DescribeVolumesResponse> DescribeVolumes(const DescribeVolumesRequest& request);
  Result<std::vector<Volume>> DescribeVolumesAll(const DescribeVolumesRequest& request);

  // Snapshots.
  Result<Snapshot> CreateSnapshot(const CreateSnapshotRequest& request);
  Status DeleteSnapshot(const DeleteSnapshotRequest& request);
  Result<DescribeSnapshotsResponse> DescribeSnapshots(const DescribeSnapshotsRequest& request);
  Result<std::vector<Snapshot>> DescribeSnapshotsAll(const DescribeSnapshotsRequest& request);

  // Key pairs (DescribeKeyPairs is not paginated).
  Result<KeyPair> CreateKeyPair(const CreateKeyPairRequest& request);
  Result<KeyPairInfo> ImportKeyPair(const ImportKeyPairRequest& request);
  Result<std::vector<KeyPairInfo>> DescribeKeyPairs(const DescribeKeyPairsRequest& request);
  Status DeleteKeyPair(const DeleteKeyPairRequest& request);

  // Security groups.
  Result<CreateSecurityGroupResponse> CreateSecurityGroup(
      const CreateSecurityGroupRequest& request);
  Result<DescribeSecurityGroupsResponse> DescribeSecurityGroups(
      const DescribeSecurityGroupsRequest& request);
  Result<std::vector<SecurityGroup>> DescribeSecurityGroupsAll(
      const DescribeSecurityGroupsRequest& request);
  Result<AuthorizeSecurityGroupIngressResponse> AuthorizeSecurityGroupIngress(
      const AuthorizeSecurityGroupIngressRequest& request);

  // VPCs and subnets.
  Result<DescribeVpcsResponse> DescribeVpcs(const DescribeVpcsRequest& request);
  Result<std::vector<Vpc>> DescribeVpcsAll(const DescribeVpcsRequest& request);
  Result<DescribeSubnetsResponse> DescribeSubnets(const DescribeSubnetsRequest& request);
  Result<std::vector<Subnet>> DescribeSubnetsAll(const DescribeSubnetsRequest& request);

 private:
  // The caller's token, or a new one.
  std::string ClientTokenOr(const std::optional<std::string>& token) const;

  QueryTransport& transport_;
  Ec2ClientOptions options_;
};

}  // namespace spotrun

#endif  // SPOTRUN_AWS_EC2_CLIENT_H_
