// TRANSIENT STUB: replaced by the helper building this part of the model.
#include "localcloud/ec2_error.h"
#include "localcloud/ec2_model.h"

namespace spotrun {
namespace {
Status NotYet() { return Ec2Error("InvalidAction", "not built yet"); }
}  // namespace

Result<DescribeInstancesResponse> Ec2Model::DescribeInstances(const DescribeInstancesRequest&) {
  return NotYet();
}
Result<Reservation> Ec2Model::RunInstances(const RunInstancesRequest&) { return NotYet(); }
Result<std::vector<InstanceStateChange>> Ec2Model::StartInstances(const StartInstancesRequest&) {
  return NotYet();
}
Result<std::vector<InstanceStateChange>> Ec2Model::StopInstances(const StopInstancesRequest&) {
  return NotYet();
}
Result<std::vector<InstanceStateChange>> Ec2Model::TerminateInstances(
    const TerminateInstancesRequest&) {
  return NotYet();
}
Status Ec2Model::RebootInstances(const RebootInstancesRequest&) { return NotYet(); }
Status Ec2Model::ModifyInstanceAttribute(const ModifyInstanceAttributeRequest&) { return NotYet(); }
void Ec2Model::TickInstancesLocked(TimePoint) {}
Status Ec2Model::RecoverInstancesLocked() { return Status::Ok(); }
std::optional<ImdsView> Ec2Model::Lookup(std::string_view) { return std::nullopt; }

}  // namespace spotrun
