// TRANSIENT STUB: replaced by the helper building this part of the model.
#include "localcloud/ec2_error.h"
#include "localcloud/ec2_model.h"

namespace spotrun {
namespace {
Status NotYet() { return Ec2Error("InvalidAction", "not built yet"); }
}  // namespace

Result<std::vector<Region>> Ec2Model::DescribeRegions(const DescribeRegionsRequest&) {
  return NotYet();
}
Result<std::vector<AvailabilityZone>> Ec2Model::DescribeAvailabilityZones(
    const DescribeAvailabilityZonesRequest&) {
  return NotYet();
}
Result<DescribeInstanceTypesResponse> Ec2Model::DescribeInstanceTypes(
    const DescribeInstanceTypesRequest&) {
  return NotYet();
}
Result<DescribeInstanceTypeOfferingsResponse> Ec2Model::DescribeInstanceTypeOfferings(
    const DescribeInstanceTypeOfferingsRequest&) {
  return NotYet();
}

}  // namespace spotrun
