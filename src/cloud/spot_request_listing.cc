#include "cloud/spot_request_listing.h"

#include <algorithm>

#include "aws/ec2_pagination.h"
#include "cloud/managed_tags.h"

namespace spotrun {

Result<std::vector<SpotInstanceRequest>> ListSpotRequests(Ec2Api& ec2, bool all) {
  DescribeSpotInstanceRequestsRequest request;
  if (!all) {
    request.filters = {{"tag-key", {std::string(kManagedTag)}},
                       {"state", {"open", "active", "disabled"}}};
  }
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<SpotInstanceRequest> requests,
                           CollectAllPages(
                               "DescribeSpotInstanceRequests", request, 100,
                               [&](const DescribeSpotInstanceRequestsRequest& r) {
                                 return ec2.DescribeSpotInstanceRequests(r);
                               },
                               &DescribeSpotInstanceRequestsResponse::spot_instance_requests));
  std::sort(requests.begin(), requests.end(),
            [](const SpotInstanceRequest& a, const SpotInstanceRequest& b) {
              if (a.create_time != b.create_time) return a.create_time < b.create_time;
              return a.spot_instance_request_id < b.spot_instance_request_id;
            });
  return requests;
}

std::string MachineNameOf(const SpotInstanceRequest& request) {
  if (auto machine = FindTag(request.tags, kMachineTag)) return *machine;
  return FindTag(request.tags, kNameTag).value_or("");
}

}  // namespace spotrun
