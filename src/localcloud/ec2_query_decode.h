// Ec2QueryDecode: the local cloud's front door turns each EC2 Query request (the flattened
// parameters the AWS CLI, boto3 and Ec2Client send) into the request struct of Ec2Api — the
// exact inverse of Ec2Client's serialisation, with botocore's wire names. A missing required
// parameter answers MissingParameter, a malformed value (integer, boolean, timestamp, base64)
// InvalidParameterValue, as EC2 does; unknown parameters are ignored. Behaviour (ranges,
// combinations, existence) is left to Ec2Model. Pure functions; thread-safe.
#ifndef SPOTRUN_LOCALCLOUD_EC2_QUERY_DECODE_H_
#define SPOTRUN_LOCALCLOUD_EC2_QUERY_DECODE_H_

#include "aws/ec2_requests.h"
#include "aws/query_params.h"
#include "base/result.h"

namespace spotrun {

// Regions and zones.
Result<DescribeRegionsRequest> DecodeDescribeRegions(const QueryParams& params);
Result<DescribeAvailabilityZonesRequest> DecodeDescribeAvailabilityZones(const QueryParams& params);

// Instances. RunInstances without MetadataOptions.HttpTokens reads as "optional" (EC2's
// default), not spotrun's client-side "required".
Result<DescribeInstancesRequest> DecodeDescribeInstances(const QueryParams& params);
Result<RunInstancesRequest> DecodeRunInstances(const QueryParams& params);
Result<StartInstancesRequest> DecodeStartInstances(const QueryParams& params);
Result<StopInstancesRequest> DecodeStopInstances(const QueryParams& params);
Result<TerminateInstancesRequest> DecodeTerminateInstances(const QueryParams& params);
Result<RebootInstancesRequest> DecodeRebootInstances(const QueryParams& params);
// InstanceType.Value, or the older Attribute=instanceType&Value=….
Result<ModifyInstanceAttributeRequest> DecodeModifyInstanceAttribute(const QueryParams& params);

// Tags. DeleteTags: Tag.N.Key alone goes to `keys`, with a Tag.N.Value to `tags`.
Result<CreateTagsRequest> DecodeCreateTags(const QueryParams& params);
Result<DeleteTagsRequest> DecodeDeleteTags(const QueryParams& params);
Result<DescribeTagsRequest> DecodeDescribeTags(const QueryParams& params);

// Images.
Result<DescribeImagesRequest> DecodeDescribeImages(const QueryParams& params);
Result<CreateImageRequest> DecodeCreateImage(const QueryParams& params);
Result<DeregisterImageRequest> DecodeDeregisterImage(const QueryParams& params);

// Spot.
Result<RequestSpotInstancesRequest> DecodeRequestSpotInstances(const QueryParams& params);
Result<DescribeSpotInstanceRequestsRequest> DecodeDescribeSpotInstanceRequests(
    const QueryParams& params);
Result<CancelSpotInstanceRequestsRequest> DecodeCancelSpotInstanceRequests(
    const QueryParams& params);
Result<DescribeSpotPriceHistoryRequest> DecodeDescribeSpotPriceHistory(const QueryParams& params);

// Instance types.
Result<DescribeInstanceTypesRequest> DecodeDescribeInstanceTypes(const QueryParams& params);
Result<DescribeInstanceTypeOfferingsRequest> DecodeDescribeInstanceTypeOfferings(
    const QueryParams& params);

// Volumes and snapshots. CreateVolume without Encrypted reads as unset (EC2's account
// default), not spotrun's client-side `true`.
Result<CreateVolumeRequest> DecodeCreateVolume(const QueryParams& params);
Result<AttachVolumeRequest> DecodeAttachVolume(const QueryParams& params);
Result<DetachVolumeRequest> DecodeDetachVolume(const QueryParams& params);
Result<DeleteVolumeRequest> DecodeDeleteVolume(const QueryParams& params);
Result<DescribeVolumesRequest> DecodeDescribeVolumes(const QueryParams& params);
Result<CreateSnapshotRequest> DecodeCreateSnapshot(const QueryParams& params);
Result<DeleteSnapshotRequest> DecodeDeleteSnapshot(const QueryParams& params);
Result<DescribeSnapshotsRequest> DecodeDescribeSnapshots(const QueryParams& params);  // Owner.N

// Key pairs. ImportKeyPair's PublicKeyMaterial is base64 (the SDKs encode the blob); a raw
// OpenSSH line ("ssh-ed25519 AAAA…") is accepted as well.
Result<CreateKeyPairRequest> DecodeCreateKeyPair(const QueryParams& params);
Result<ImportKeyPairRequest> DecodeImportKeyPair(const QueryParams& params);
Result<DescribeKeyPairsRequest> DecodeDescribeKeyPairs(const QueryParams& params);
Result<DeleteKeyPairRequest> DecodeDeleteKeyPair(const QueryParams& params);

// Security groups and networks. AuthorizeSecurityGroupIngress also takes the older top-level
// IpProtocol/FromPort/ToPort/CidrIp form as one permission.
Result<CreateSecurityGroupRequest> DecodeCreateSecurityGroup(const QueryParams& params);
Result<DescribeSecurityGroupsRequest> DecodeDescribeSecurityGroups(const QueryParams& params);
Result<AuthorizeSecurityGroupIngressRequest> DecodeAuthorizeSecurityGroupIngress(
    const QueryParams& params);
Result<DescribeVpcsRequest> DecodeDescribeVpcs(const QueryParams& params);
Result<DescribeSubnetsRequest> DecodeDescribeSubnets(const QueryParams& params);

}  // namespace spotrun

#endif  // SPOTRUN_LOCALCLOUD_EC2_QUERY_DECODE_H_
