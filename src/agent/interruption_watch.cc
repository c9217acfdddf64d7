#include "agent/interruption_watch.h"

namespace spotrun {

InterruptionWatch::Seen InterruptionWatch::Poll() {
  Seen seen;
  if (instance_action_seen_ || imds_.disabled()) return seen;
  // The notice first: it is the one with a deadline.
  Result<std::optional<InstanceAction>> action = imds_.SpotInstanceAction();
  if (!action.ok()) {
    seen.error = action.status();
  } else if (action->has_value()) {
    instance_action_seen_ = true;
    seen.instance_action = **action;
    return seen;
  }
  if (rebalance_seen_) return seen;
  Result<std::optional<RebalanceRecommendation>> rebalance = imds_.RebalanceRecommendation();
  if (!rebalance.ok()) {
    if (seen.error.ok()) seen.error = rebalance.status();
  } else if (rebalance->has_value()) {
    rebalance_seen_ = true;
    seen.rebalance = **rebalance;
  }
  return seen;
}

}  // namespace spotrun
