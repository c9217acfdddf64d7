// TRANSIENT STUB: replaced by the helper building this part of the model.
#include "localcloud/ec2_error.h"
#include "localcloud/ec2_model.h"

namespace spotrun {
namespace {
Status NotYet() { return Ec2Error("InvalidAction", "not built yet"); }
}  // namespace

Result<std::vector<SpotInstanceRequest>> Ec2Model::RequestSpotInstances(
    const RequestSpotInstancesRequest&) {
  return NotYet();
}
Result<DescribeSpotInstanceRequestsResponse> Ec2Model::DescribeSpotInstanceRequests(
    const DescribeSpotInstanceRequestsRequest&) {
  return NotYet();
}
Result<std::vector<CancelledSpotInstanceRequest>> Ec2Model::CancelSpotInstanceRequests(
    const CancelSpotInstanceRequestsRequest&) {
  return NotYet();
}
Result<DescribeSpotPriceHistoryResponse> Ec2Model::DescribeSpotPriceHistory(
    const DescribeSpotPriceHistoryRequest&) {
  return NotYet();
}
void Ec2Model::TickSpotLocked(TimePoint) {}
Status Ec2Model::Interrupt(std::string_view, const InterruptOptions&) { return NotYet(); }
Status Ec2Model::SetCapacity(std::string_view, std::string_view, std::optional<int>) {
  return NotYet();
}

}  // namespace spotrun
