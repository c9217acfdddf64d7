// TRANSIENT STUB: replaced by the helper building this part of the model.
#include "localcloud/ec2_error.h"
#include "localcloud/ec2_model.h"

namespace spotrun {
namespace {
Status NotYet() { return Ec2Error("InvalidAction", "not built yet"); }
}  // namespace

Result<KeyPair> Ec2Model::CreateKeyPair(const CreateKeyPairRequest&) { return NotYet(); }
Result<KeyPairInfo> Ec2Model::ImportKeyPair(const ImportKeyPairRequest&) { return NotYet(); }
Result<std::vector<KeyPairInfo>> Ec2Model::DescribeKeyPairs(const DescribeKeyPairsRequest&) {
  return NotYet();
}
Status Ec2Model::DeleteKeyPair(const DeleteKeyPairRequest&) { return NotYet(); }

}  // namespace spotrun
