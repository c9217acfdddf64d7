// Ec2Waiter: polls EC2 until resources reach a state (instance running, spot request
// fulfilled, …), with the acceptors, delays and attempt counts of botocore's waiters-2.json:
// success when every resource is in the wanted state, failure as soon as any is in a state it
// can never leave for it, retry on the "not visible yet" errors botocore retries
// (InvalidInstanceID.NotFound right after RunInstances). Sleeps only through the injected
// Clock and reports every poll to a progress callback ("i-123 pending (12 s)"). Borrows the
// client and clock; not thread-safe.
#ifndef SPOTRUN_AWS_EC2_WAITER_H_
#define SPOTRUN_AWS_EC2_WAITER_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/ec2_client.h"
#include "aws/ec2_types.h"
#include "base/clock.h"
#include "base/result.h"

namespace spotrun {

enum class Ec2WaiterKind {
  kInstanceRunning,
  kInstanceStopped,
  kInstanceTerminated,
  kImageAvailable,
  kSpotInstanceRequestFulfilled,
  kVolumeAvailable,
  kVolumeInUse,
  kSnapshotCompleted,
};

// One waiter of waiters-2.json, reduced to the three acceptor kinds EC2's waiters use.
struct Ec2WaiterSpec {
  std::string_view name;       // "InstanceRunning"
  std::string_view operation;  // "DescribeInstances"
  std::string_view argument;   // the JMESPath the acceptors test: "…State.Name"
  std::string_view target;     // for messages: "running"
  Duration delay{};
  int max_attempts = 0;
  std::vector<std::string_view> success_all;   // pathAll → success, one acceptor each
  std::vector<std::string_view> failure_any;   // pathAny → failure
  std::vector<std::string_view> retry_errors;  // error → retry
};

const Ec2WaiterSpec& WaiterSpec(Ec2WaiterKind kind);

struct WaitOptions {
  std::optional<Duration> delay;    // between polls; default: the waiter's (15 s)
  std::optional<int> max_attempts;  // default: the waiter's (40), or no limit with a timeout
  std::optional<Duration> timeout;  // overall; the last poll happens at the deadline
  // Called after every poll with e.g. "i-123 pending (12 s)".
  std::function<void(std::string_view)> progress;
};

class Ec2Waiter {
 public:
  Ec2Waiter(Ec2Client& client, Clock& clock) : client_(client), clock_(clock) {}

  // Each returns the resources as last described once the wait succeeded. Errors:
  // kFailedPrecondition when a resource reached a state it cannot leave for the wanted one,
  // kDeadlineExceeded on timeout / attempts exhausted, or the describe call's own error.
  Result<std::vector<Instance>> WaitUntilInstanceRunning(const std::vector<std::string>& ids,
                                                         const WaitOptions& options = {});
  Result<std::vector<Instance>> WaitUntilInstanceStopped(const std::vector<std::string>& ids,
                                                         const WaitOptions& options = {});
  Result<std::vector<Instance>> WaitUntilInstanceTerminated(const std::vector<std::string>& ids,
                                                            const WaitOptions& options = {});
  Result<std::vector<Image>> WaitUntilImageAvailable(const std::vector<std::string>& ids,
                                                     const WaitOptions& options = {});
  Result<std::vector<SpotInstanceRequest>> WaitUntilSpotInstanceRequestFulfilled(
      const std::vector<std::string>& ids, const WaitOptions& options = {});
  Result<std::vector<Volume>> WaitUntilVolumeAvailable(const std::vector<std::string>& ids,
                                                       const WaitOptions& options = {});
  Result<std::vector<Volume>> WaitUntilVolumeInUse(const std::vector<std::string>& ids,
                                                   const WaitOptions& options = {});
  Result<std::vector<Snapshot>> WaitUntilSnapshotCompleted(const std::vector<std::string>& ids,
                                                           const WaitOptions& options = {});

 private:
  Result<std::vector<Instance>> WaitForInstances(Ec2WaiterKind kind,
                                                 const std::vector<std::string>& ids,
                                                 const WaitOptions& options);
  Result<std::vector<Volume>> WaitForVolumes(Ec2WaiterKind kind,
                                             const std::vector<std::string>& ids,
                                             const WaitOptions& options);

  Ec2Client& client_;
  Clock& clock_;
};

}  // namespace spotrun

#endif  // SPOTRUN_AWS_EC2_WAITER_H_
