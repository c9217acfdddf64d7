// InterruptionWatch: what the agent asks IMDS every poll_interval — spot/instance-action (the
// two-minute interruption notice) and events/recommendations/rebalance — reporting each the
// first time it appears. Once a notice is seen nothing more is read (the machine is going).
// Read failures are returned for the caller to log; the next Poll simply asks again.
// Borrows the ImdsClient; not thread-safe.
#ifndef SPOTRUN_AGENT_INTERRUPTION_WATCH_H_
#define SPOTRUN_AGENT_INTERRUPTION_WATCH_H_

#include <optional>

#include "aws/imds_client.h"
#include "base/status.h"

namespace spotrun {

class InterruptionWatch {
 public:
  explicit InterruptionWatch(ImdsClient& imds) : imds_(imds) {}

  struct Seen {
    std::optional<InstanceAction> instance_action;  // set once: the first poll that sees it
    std::optional<RebalanceRecommendation> rebalance;
    Status error = Status::Ok();  // the first read that failed, if any
  };
  Seen Poll();

  bool instance_action_seen() const { return instance_action_seen_; }

 private:
  ImdsClient& imds_;
  bool instance_action_seen_ = false;
  bool rebalance_seen_ = false;
};

}  // namespace spotrun

#endif  // SPOTRUN_AGENT_INTERRUPTION_WATCH_H_
