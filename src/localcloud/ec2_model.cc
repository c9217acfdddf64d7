// Ec2Model's shared machinery: construction, ids, ticking and flushing. The EC2 actions live
// in ec2_model_*.cc, one file per kind of resource.
#include "localcloud/ec2_model.h"

#include <utility>

#include "base/log.h"
#include "localcloud/ec2_state_store.h"

namespace spotrun {

std::string PoolKey(std::string_view instance_type, std::string_view availability_zone) {
  std::string key(instance_type);
  key += '@';
  key += availability_zone;
  return key;
}

Result<std::unique_ptr<Ec2Model>> Ec2Model::Create(Ec2State state, Deps deps, Options options) {
  const bool fresh = state.region.empty();
  if (!fresh && state.region != options.region) {
    return Status::InvalidArgument(
        "the local cloud's state is for region " + state.region + ", not " + options.region,
        "start it with --region " + state.region + ", or use another --state directory");
  }
  std::unique_ptr<Ec2Model> model(new Ec2Model(std::move(state), std::move(deps), options));
  std::lock_guard lock(model->mu_);
  if (fresh) {
    model->state_.region = model->options_.region;
    model->state_.owner_id = std::string(kDefaultOwnerId);
    SPOTRUN_RETURN_IF_ERROR(model->SeedDefaultsLocked());
  }
  SPOTRUN_RETURN_IF_ERROR(model->RecoverInstancesLocked());
  model->FlushLocked();
  return model;
}

Ec2Model::Ec2Model(Ec2State state, Deps deps, Options options)
    : deps_(std::move(deps)), options_(std::move(options)), state_(std::move(state)) {}

Ec2Model::~Ec2Model() = default;

std::string Ec2Model::NewIdLocked(std::string_view prefix, int hex_digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(prefix);
  for (int i = 0; i < hex_digits; ++i) {
    id += kHex[static_cast<int>(deps_.random() * 16) & 15];
  }
  return id;
}

void Ec2Model::Tick() {
  std::lock_guard lock(mu_);
  TickLocked();
  FlushLocked();
}

void Ec2Model::TickLocked() {
  const TimePoint now = deps_.clock.Now();
  TickInstancesLocked(now);
  TickSpotLocked(now);
}

void Ec2Model::FlushLocked() {
  if (deps_.store == nullptr || state_.dirty.empty()) return;
  Status status = deps_.store->Flush(state_);
  if (!status.ok()) LogError("local cloud: saving the state failed: {}", status.ToString());
}

}  // namespace spotrun
