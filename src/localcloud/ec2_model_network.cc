// TRANSIENT STUB: replaced by the helper building this part of the model.
#include "localcloud/ec2_error.h"
#include "localcloud/ec2_model.h"

namespace spotrun {
namespace {
Status NotYet() { return Ec2Error("InvalidAction", "not built yet"); }
}  // namespace

Result<CreateSecurityGroupResponse> Ec2Model::CreateSecurityGroup(
    const CreateSecurityGroupRequest&) {
  return NotYet();
}
Result<DescribeSecurityGroupsResponse> Ec2Model::DescribeSecurityGroups(
    const DescribeSecurityGroupsRequest&) {
  return NotYet();
}
Result<AuthorizeSecurityGroupIngressResponse> Ec2Model::AuthorizeSecurityGroupIngress(
    const AuthorizeSecurityGroupIngressRequest&) {
  return NotYet();
}
Result<DescribeVpcsResponse> Ec2Model::DescribeVpcs(const DescribeVpcsRequest&) { return NotYet(); }
Result<DescribeSubnetsResponse> Ec2Model::DescribeSubnets(const DescribeSubnetsRequest&) {
  return NotYet();
}
Status Ec2Model::SeedDefaultsLocked() { return Status::Ok(); }

}  // namespace spotrun
