// TRANSIENT STUB: replaced by the helper building the store.
#include "localcloud/ec2_state_store.h"

#include "store/database.h"

namespace spotrun {

Result<std::unique_ptr<Ec2StateStore>> Ec2StateStore::Open(const std::string&) {
  return Status::Internal("not built yet");
}
Ec2StateStore::~Ec2StateStore() = default;
Result<Ec2State> Ec2StateStore::Load() { return Status::Internal("not built yet"); }
Status Ec2StateStore::Flush(Ec2State&) { return Status::Internal("not built yet"); }

}  // namespace spotrun
