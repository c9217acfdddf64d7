// The table from EC2 action names to decode → Ec2Api call → encode. Generated once from
// aws/ec2_api.h's 38 actions and kept by hand since; a missing row is caught by
// ec2_query_dispatch_test, which checks every action of Ec2Api is here.
#include "localcloud/ec2_query_dispatch.h"

#include <functional>
#include <map>

#include "localcloud/ec2_error.h"
#include "localcloud/ec2_query_decode.h"
#include "localcloud/ec2_response_xml.h"

namespace spotrun {
namespace {

using Handler = Result<std::string> (*)(Ec2Api&, const QueryParams&, std::string_view);

const std::map<std::string, Handler, std::less<>>& Handlers() {
  static const auto* handlers = new std::map<std::string, Handler, std::less<>>{
      {"DescribeRegions",
       [](Ec2Api& api, const QueryParams& params, std::string_view id) -> Result<std::string> {
         SPOTRUN_ASSIGN_OR_RETURN(auto request, DecodeDescribeRegions(params));
         SPOTRUN_ASSIGN_OR_RETURN(auto response, api.DescribeRegions(request));
         return WriteDescribeRegionsResponse(id, response);
       }},
      {"DescribeAvailabilityZones",
       [](Ec2Api& api, const QueryParams& params, std::string_view id) -> Result<std::string> {
         SPOTRUN_ASSIGN_OR_RETURN(auto request, DecodeDescribeAvailabilityZones(params));
         SPOTRUN_ASSIGN_OR_RETURN(auto response, api.DescribeAvailabilityZones(request));
         return WriteDescribeAvailabilityZonesResponse(id, response);
       }},
      {"DescribeInstances",
       [](Ec2Api& api, const QueryParams& params, std::string_view id) -> Result<std::string> {
         SPOTRUN_ASSIGN_OR_RETURN(auto request, DecodeDescribeInstances(params));
         SPOTRUN_ASSIGN_OR_RETURN(auto response, api.DescribeInstances(request));
         return WriteDescribeInstancesResponse(id, response);
       }},
      {"RunInstances",
       [](Ec2Api& api, const QueryParams& params, std::string_view id) -> Result<std::string> {
         SPOTRUN_ASSIGN_OR_RETURN(auto request, DecodeRunInstances(params));
         SPOTRUN_ASSIGN_OR_RETURN(auto response, api.RunInstances(request));
         return WriteRunInstancesResponse(id, response);
       }},
      {"StartInstances",
       [](Ec2Api& api, const QueryParams& params, std::string_view id) -> Result<std::string> {
         SPOTRUN_ASSIGN_OR_RETURN(auto request, DecodeStartInstances(params));
         SPOTRUN_ASSIGN_OR_RETURN(auto response, api.StartInstances(request));
         return WriteStartInstancesResponse(id, response);
       }},
      {"StopInstances",
       [](Ec2Api& api, const QueryParams& params, std::string_view id) -> Result<std::string> {
         SPOTRUN_ASSIGN_OR_RETURN(auto request, DecodeStopInstances(params));
         SPOTRUN_ASSIGN_OR_RETURN(auto response, api.StopInstances(request));
         return WriteStopInstancesResponse(id, response);
       }},
      {"TerminateInstances",
       [](Ec2Api& api, const QueryParams& params, std::string_view id) -> Result<std::string> {
         SPOTRUN_ASSIGN_OR_RETURN(auto request, DecodeTerminateInstances(params));
         SPOTRUN_ASSIGN_OR_RETURN(auto response, api.TerminateInstances(request));
         return WriteTerminateInstancesResponse(id, response);
       }},
      {"RebootInstances",
       [](Ec2Api& api, const QueryParams& params, std::string_view id) -> Result<std::string> {
         SPOTRUN_ASSIGN_OR_RETURN(auto request, DecodeRebootInstances(params));
         SPOTRUN_RETURN_IF_ERROR(api.RebootInstances(request));
         return WriteReturnTrueResponse("RebootInstances", id);
       }},
      {"ModifyInstanceAttribute",
       [](Ec2Api& api, const QueryParams& params, std::string_view id) -> Result<std::string> {
         SPOTRUN_ASSIGN_OR_RETURN(auto request, DecodeModifyInstanceAttribute(params));
         SPOTRUN_RETURN_IF_ERROR(api.ModifyInstanceAttribute(request));
         return WriteReturnTrueResponse("ModifyInstanceAttribute", id);
       }},
      {"CreateTags",
       [](Ec2Api& api, const QueryParams& params, std::string_view id) -> Result<std::string> {
         SPOTRUN_ASSIGN_OR_RETURN(auto request, DecodeCreateTags(params));
         SPOTRUN_RETURN_IF_ERROR(api.CreateTags(request));
         return WriteReturnTrueResponse("CreateTags", id);
       }},
      {"DeleteTags",
       [](Ec2Api& api, const QueryParams& params, std::string_view id) -> Result<std::string> {
         SPOTRUN_ASSIGN_OR_RETURN(auto request, DecodeDeleteTags(params));
         SPOTRUN_RETURN_IF_ERROR(api.DeleteTags(request));
         return WriteReturnTrueResponse("DeleteTags", id);
       }},
      {"DescribeTags",
       [](Ec2Api& api, const QueryParams& params, std::string_view id) -> Result<std::string> {
         SPOTRUN_ASSIGN_OR_RETURN(auto request, DecodeDescribeTags(params));
         SPOTRUN_ASSIGN_OR_RETURN(auto response, api.DescribeTags(request));
         return WriteDescribeTagsResponse(id, response);
       }},
      {"DescribeImages",
       [](Ec2Api& api, const QueryParams& params, std::string_view id) -> Result<std::string> {
         SPOTRUN_ASSIGN_OR_RETURN(auto request, DecodeDescribeImages(params));
         SPOTRUN_ASSIGN_OR_RETURN(auto response, api.DescribeImages(request));
         return WriteDescribeImagesResponse(id, response);
       }},
      {"CreateImage",
       [](Ec2Api& api, const QueryParams& params, std::string_view id) -> Result<std::string> {
         SPOTRUN_ASSIGN_OR_RETURN(auto request, DecodeCreateImage(params));
         SPOTRUN_ASSIGN_OR_RETURN(auto response, api.CreateImage(request));
         return WriteCreateImageResponse(id, response);
       }},
      {"DeregisterImage",
       [](Ec2Api& api, const QueryParams& params, std::string_view id) -> Result<std::string> {
         SPOTRUN_ASSIGN_OR_RETURN(auto request, DecodeDeregisterImage(params));
         SPOTRUN_RETURN_IF_ERROR(api.DeregisterImage(request));
         return WriteReturnTrueResponse("DeregisterImage", id);
       }},
      {"RequestSpotInstances",
       [](Ec2Api& api, const QueryParams& params, std::string_view id) -> Result<std::string> {
         SPOTRUN_ASSIGN_OR_RETURN(auto request, DecodeRequestSpotInstances(params));
         SPOTRUN_ASSIGN_OR_RETURN(auto response, api.RequestSpotInstances(request));
         return WriteRequestSpotInstancesResponse(id, response);
       }},
      {"DescribeSpotInstanceRequests",
       [](Ec2Api& api, const QueryParams& params, std::string_view id) -> Result<std::string> {
         SPOTRUN_ASSIGN_OR_RETURN(auto request, DecodeDescribeSpotInstanceRequests(params));
         SPOTRUN_ASSIGN_OR_RETURN(auto response, api.DescribeSpotInstanceRequests(request));
         return WriteDescribeSpotInstanceRequestsResponse(id, response);
       }},
      {"CancelSpotInstanceRequests",
       [](Ec2Api& api, const QueryParams& params, std::string_view id) -> Result<std::string> {
         SPOTRUN_ASSIGN_OR_RETURN(auto request, DecodeCancelSpotInstanceRequests(params));
         SPOTRUN_ASSIGN_OR_RETURN(auto response, api.CancelSpotInstanceRequests(request));
         return WriteCancelSpotInstanceRequestsResponse(id, response);
       }},
      {"DescribeSpotPriceHistory",
       [](Ec2Api& api, const QueryParams& params, std::string_view id) -> Result<std::string> {
         SPOTRUN_ASSIGN_OR_RETURN(auto request, DecodeDescribeSpotPriceHistory(params));
         SPOTRUN_ASSIGN_OR_RETURN(auto response, api.DescribeSpotPriceHistory(request));
         return WriteDescribeSpotPriceHistoryResponse(id, response);
       }},
      {"DescribeInstanceTypes",
       [](Ec2Api& api, const QueryParams& params, std::string_view id) -> Result<std::string> {
         SPOTRUN_ASSIGN_OR_RETURN(auto request, DecodeDescribeInstanceTypes(params));
         SPOTRUN_ASSIGN_OR_RETURN(auto response, api.DescribeInstanceTypes(request));
         return WriteDescribeInstanceTypesResponse(id, response);
       }},
      {"DescribeInstanceTypeOfferings",
       [](Ec2Api& api, const QueryParams& params, std::string_view id) -> Result<std::string> {
         SPOTRUN_ASSIGN_OR_RETURN(auto request, DecodeDescribeInstanceTypeOfferings(params));
         SPOTRUN_ASSIGN_OR_RETURN(auto response, api.DescribeInstanceTypeOfferings(request));
         return WriteDescribeInstanceTypeOfferingsResponse(id, response);
       }},
      {"CreateVolume",
       [](Ec2Api& api, const QueryParams& params, std::string_view id) -> Result<std::string> {
         SPOTRUN_ASSIGN_OR_RETURN(auto request, DecodeCreateVolume(params));
         SPOTRUN_ASSIGN_OR_RETURN(auto response, api.CreateVolume(request));
         return WriteCreateVolumeResponse(id, response);
       }},
      {"AttachVolume",
       [](Ec2Api& api, const QueryParams& params, std::string_view id) -> Result<std::string> {
         SPOTRUN_ASSIGN_OR_RETURN(auto request, DecodeAttachVolume(params));
         SPOTRUN_ASSIGN_OR_RETURN(auto response, api.AttachVolume(request));
         return WriteAttachVolumeResponse(id, response);
       }},
      {"DetachVolume",
       [](Ec2Api& api, const QueryParams& params, std::string_view id) -> Result<std::string> {
         SPOTRUN_ASSIGN_OR_RETURN(auto request, DecodeDetachVolume(params));
         SPOTRUN_ASSIGN_OR_RETURN(auto response, api.DetachVolume(request));
         return WriteDetachVolumeResponse(id, response);
       }},
      {"DeleteVolume",
       [](Ec2Api& api, const QueryParams& params, std::string_view id) -> Result<std::string> {
         SPOTRUN_ASSIGN_OR_RETURN(auto request, DecodeDeleteVolume(params));
         SPOTRUN_RETURN_IF_ERROR(api.DeleteVolume(request));
         return WriteReturnTrueResponse("DeleteVolume", id);
       }},
      {"DescribeVolumes",
       [](Ec2Api& api, const QueryParams& params, std::string_view id) -> Result<std::string> {
         SPOTRUN_ASSIGN_OR_RETURN(auto request, DecodeDescribeVolumes(params));
         SPOTRUN_ASSIGN_OR_RETURN(auto response, api.DescribeVolumes(request));
         return WriteDescribeVolumesResponse(id, response);
       }},
      {"CreateSnapshot",
       [](Ec2Api& api, const QueryParams& params, std::string_view id) -> Result<std::string> {
         SPOTRUN_ASSIGN_OR_RETURN(auto request, DecodeCreateSnapshot(params));
         SPOTRUN_ASSIGN_OR_RETURN(auto response, api.CreateSnapshot(request));
         return WriteCreateSnapshotResponse(id, response);
       }},
      {"DeleteSnapshot",
       [](Ec2Api& api, const QueryParams& params, std::string_view id) -> Result<std::string> {
         SPOTRUN_ASSIGN_OR_RETURN(auto request, DecodeDeleteSnapshot(params));
         SPOTRUN_RETURN_IF_ERROR(api.DeleteSnapshot(request));
         return WriteReturnTrueResponse("DeleteSnapshot", id);
       }},
      {"DescribeSnapshots",
       [](Ec2Api& api, const QueryParams& params, std::string_view id) -> Result<std::string> {
         SPOTRUN_ASSIGN_OR_RETURN(auto request, DecodeDescribeSnapshots(params));
         SPOTRUN_ASSIGN_OR_RETURN(auto response, api.DescribeSnapshots(request));
         return WriteDescribeSnapshotsResponse(id, response);
       }},
      {"CreateKeyPair",
       [](Ec2Api& api, const QueryParams& params, std::string_view id) -> Result<std::string> {
         SPOTRUN_ASSIGN_OR_RETURN(auto request, DecodeCreateKeyPair(params));
         SPOTRUN_ASSIGN_OR_RETURN(auto response, api.CreateKeyPair(request));
         return WriteCreateKeyPairResponse(id, response);
       }},
      {"ImportKeyPair",
       [](Ec2Api& api, const QueryParams& params, std::string_view id) -> Result<std::string> {
         SPOTRUN_ASSIGN_OR_RETURN(auto request, DecodeImportKeyPair(params));
         SPOTRUN_ASSIGN_OR_RETURN(auto response, api.ImportKeyPair(request));
         return WriteImportKeyPairResponse(id, response);
       }},
      {"DescribeKeyPairs",
       [](Ec2Api& api, const QueryParams& params, std::string_view id) -> Result<std::string> {
         SPOTRUN_ASSIGN_OR_RETURN(auto request, DecodeDescribeKeyPairs(params));
         SPOTRUN_ASSIGN_OR_RETURN(auto response, api.DescribeKeyPairs(request));
         return WriteDescribeKeyPairsResponse(id, response);
       }},
      {"DeleteKeyPair",
       [](Ec2Api& api, const QueryParams& params, std::string_view id) -> Result<std::string> {
         SPOTRUN_ASSIGN_OR_RETURN(auto request, DecodeDeleteKeyPair(params));
         SPOTRUN_RETURN_IF_ERROR(api.DeleteKeyPair(request));
         return WriteReturnTrueResponse("DeleteKeyPair", id);
       }},
      {"CreateSecurityGroup",
       [](Ec2Api& api, const QueryParams& params, std::string_view id) -> Result<std::string> {
         SPOTRUN_ASSIGN_OR_RETURN(auto request, DecodeCreateSecurityGroup(params));
         SPOTRUN_ASSIGN_OR_RETURN(auto response, api.CreateSecurityGroup(request));
         return WriteCreateSecurityGroupResponse(id, response);
       }},
      {"DescribeSecurityGroups",
       [](Ec2Api& api, const QueryParams& params, std::string_view id) -> Result<std::string> {
         SPOTRUN_ASSIGN_OR_RETURN(auto request, DecodeDescribeSecurityGroups(params));
         SPOTRUN_ASSIGN_OR_RETURN(auto response, api.DescribeSecurityGroups(request));
         return WriteDescribeSecurityGroupsResponse(id, response);
       }},
      {"AuthorizeSecurityGroupIngress",
       [](Ec2Api& api, const QueryParams& params, std::string_view id) -> Result<std::string> {
         SPOTRUN_ASSIGN_OR_RETURN(auto request, DecodeAuthorizeSecurityGroupIngress(params));
         SPOTRUN_ASSIGN_OR_RETURN(auto response, api.AuthorizeSecurityGroupIngress(request));
         return WriteAuthorizeSecurityGroupIngressResponse(id, response);
       }},
      {"DescribeVpcs",
       [](Ec2Api& api, const QueryParams& params, std::string_view id) -> Result<std::string> {
         SPOTRUN_ASSIGN_OR_RETURN(auto request, DecodeDescribeVpcs(params));
         SPOTRUN_ASSIGN_OR_RETURN(auto response, api.DescribeVpcs(request));
         return WriteDescribeVpcsResponse(id, response);
       }},
      {"DescribeSubnets",
       [](Ec2Api& api, const QueryParams& params, std::string_view id) -> Result<std::string> {
         SPOTRUN_ASSIGN_OR_RETURN(auto request, DecodeDescribeSubnets(params));
         SPOTRUN_ASSIGN_OR_RETURN(auto response, api.DescribeSubnets(request));
         return WriteDescribeSubnetsResponse(id, response);
       }},
  };
  return *handlers;
}

}  // namespace

std::vector<std::string> Ec2ActionNames() {
  std::vector<std::string> names;
  for (const auto& [name, handler] : Handlers()) names.push_back(name);
  return names;
}

Result<std::string> DispatchEc2Action(Ec2Api& api, std::string_view action,
                                      const QueryParams& params, std::string_view request_id) {
  auto it = Handlers().find(action);
  if (it == Handlers().end()) {
    return Ec2Error("InvalidAction",
                    "The action " + std::string(action) + " is not valid for this web service.");
  }
  return it->second(api, params, request_id);
}

}  // namespace spotrun
