// The local cloud's EC2 response documents: for each of Ec2Api's 38 actions, the XML AWS
// answers a successful call with, built from the result the Ec2Api method returns —
// `<?xml …?>\n<{Action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
// <requestId>…</requestId>…</{Action}Response>`, element names as botocore's EC2 model
// (locationName), lists as `<xxxSet><item>…`, AWS's value formats, absent optionals omitted,
// nextToken only when non-empty. Error documents are ec2_error_document.h's. Pure functions;
// thread-safe.
#ifndef SPOTRUN_LOCALCLOUD_EC2_RESPONSE_XML_H_
#define SPOTRUN_LOCALCLOUD_EC2_RESPONSE_XML_H_

#include <string>
#include <string_view>
#include <vector>

#include "aws/ec2_requests.h"
#include "aws/ec2_types.h"

namespace spotrun {

// `<return>true</return>`: the answer of the actions that return nothing else —
// RebootInstances, ModifyInstanceAttribute, CreateTags, DeleteTags, DeregisterImage,
// DeleteVolume, DeleteSnapshot and DeleteKeyPair.
std::string WriteReturnTrueResponse(std::string_view action, std::string_view request_id);

// Regions and zones.
std::string WriteDescribeRegionsResponse(std::string_view request_id,
                                         const std::vector<Region>& regions);
std::string WriteDescribeAvailabilityZonesResponse(std::string_view request_id,
                                                   const std::vector<AvailabilityZone>& zones);

// Instances.
std::string WriteDescribeInstancesResponse(std::string_view request_id,
                                           const DescribeInstancesResponse& response);
std::string WriteRunInstancesResponse(std::string_view request_id, const Reservation& reservation);
std::string WriteStartInstancesResponse(std::string_view request_id,
                                        const std::vector<InstanceStateChange>& changes);
std::string WriteStopInstancesResponse(std::string_view request_id,
                                       const std::vector<InstanceStateChange>& changes);
std::string WriteTerminateInstancesResponse(std::string_view request_id,
                                            const std::vector<InstanceStateChange>& changes);

// Tags.
std::string WriteDescribeTagsResponse(std::string_view request_id,
                                      const DescribeTagsResponse& response);

// Images.
std::string WriteDescribeImagesResponse(std::string_view request_id,
                                        const std::vector<Image>& images);
std::string WriteCreateImageResponse(std::string_view request_id, std::string_view image_id);

// Spot.
std::string WriteRequestSpotInstancesResponse(std::string_view request_id,
                                              const std::vector<SpotInstanceRequest>& requests);
std::string WriteDescribeSpotInstanceRequestsResponse(
    std::string_view request_id, const DescribeSpotInstanceRequestsResponse& response);
std::string WriteCancelSpotInstanceRequestsResponse(
    std::string_view request_id, const std::vector<CancelledSpotInstanceRequest>& cancelled);
std::string WriteDescribeSpotPriceHistoryResponse(std::string_view request_id,
                                                  const DescribeSpotPriceHistoryResponse& response);

// Instance types.
std::string WriteDescribeInstanceTypesResponse(std::string_view request_id,
                                               const DescribeInstanceTypesResponse& response);
std::string WriteDescribeInstanceTypeOfferingsResponse(
    std::string_view request_id, const DescribeInstanceTypeOfferingsResponse& response);

// Volumes and snapshots.
std::string WriteCreateVolumeResponse(std::string_view request_id, const Volume& volume);
std::string WriteAttachVolumeResponse(std::string_view request_id,
                                      const VolumeAttachment& attachment);
std::string WriteDetachVolumeResponse(std::string_view request_id,
                                      const VolumeAttachment& attachment);
std::string WriteDescribeVolumesResponse(std::string_view request_id,
                                         const DescribeVolumesResponse& response);
std::string WriteCreateSnapshotResponse(std::string_view request_id, const Snapshot& snapshot);
std::string WriteDescribeSnapshotsResponse(std::string_view request_id,
                                           const DescribeSnapshotsResponse& response);

// Key pairs. ImportKeyPair's answer carries only the id, name, fingerprint and tags (as on
// AWS); the key type, public key and creation time of `key` are not written.
std::string WriteCreateKeyPairResponse(std::string_view request_id, const KeyPair& key);
std::string WriteImportKeyPairResponse(std::string_view request_id, const KeyPairInfo& key);
std::string WriteDescribeKeyPairsResponse(std::string_view request_id,
                                          const std::vector<KeyPairInfo>& keys);

// Security groups, VPCs and subnets.
std::string WriteCreateSecurityGroupResponse(std::string_view request_id,
                                             const CreateSecurityGroupResponse& response);
std::string WriteDescribeSecurityGroupsResponse(std::string_view request_id,
                                                const DescribeSecurityGroupsResponse& response);
std::string WriteAuthorizeSecurityGroupIngressResponse(
    std::string_view request_id, const AuthorizeSecurityGroupIngressResponse& response);
std::string WriteDescribeVpcsResponse(std::string_view request_id,
                                      const DescribeVpcsResponse& response);
std::string WriteDescribeSubnetsResponse(std::string_view request_id,
                                         const DescribeSubnetsResponse& response);

}  // namespace spotrun

#endif  // SPOTRUN_LOCALCLOUD_EC2_RESPONSE_XML_H_
