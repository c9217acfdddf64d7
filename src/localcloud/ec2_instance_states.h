// Ec2InstanceStates: EC2's instance states with their codes, and the wording EC2 uses for
// state transitions ("User initiated (2026-01-01 00:00:00 GMT)"). Shared by the parts of
// Ec2Model that move instances between states. Pure functions; thread-safe.
#ifndef SPOTRUN_LOCALCLOUD_EC2_INSTANCE_STATES_H_
#define SPOTRUN_LOCALCLOUD_EC2_INSTANCE_STATES_H_

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <string>

#include "aws/ec2_types.h"
#include "base/clock.h"

namespace spotrun::ec2_states {

inline InstanceState Pending() { return {0, "pending"}; }
inline InstanceState Running() { return {16, "running"}; }
inline InstanceState ShuttingDown() { return {32, "shutting-down"}; }
inline InstanceState Terminated() { return {48, "terminated"}; }
inline InstanceState Stopping() { return {64, "stopping"}; }
inline InstanceState Stopped() { return {80, "stopped"}; }

// "2026-01-01 00:00:00 GMT", as in EC2's StateTransitionReason.
inline std::string FormatGmt(TimePoint t) {
  return fmt::format("{:%Y-%m-%d %H:%M:%S} GMT",
                     std::chrono::time_point_cast<std::chrono::seconds>(t));
}
inline std::string UserInitiated(TimePoint t) { return "User initiated (" + FormatGmt(t) + ")"; }
inline std::string ServiceInitiated(TimePoint t) {
  return "Service initiated (" + FormatGmt(t) + ")";
}

}  // namespace spotrun::ec2_states

#endif  // SPOTRUN_LOCALCLOUD_EC2_INSTANCE_STATES_H_
