// Machine: an EC2 instance as spotrun's user sees it — by its Name tag, with its market and
// the address to reach it. A value type over the Instance EC2 returned; copy freely.
#ifndef SPOTRUN_CLOUD_MACHINE_H_
#define SPOTRUN_CLOUD_MACHINE_H_

#include <string>
#include <vector>

#include "aws/ec2_types.h"

namespace spotrun {

struct Machine {
  std::string name{};  // the Name tag; empty when untagged
  Instance instance{};

  const std::string& id() const { return instance.instance_id; }
  const std::string& state() const { return instance.state.name; }
  // "spot" or "on-demand".
  std::string market() const { return instance.IsSpot() ? "spot" : "on-demand"; }
  // The public address, else the private one; empty while it has none (stopped, pending).
  const std::string& address() const {
    return instance.public_ip_address.empty() ? instance.private_ip_address
                                              : instance.public_ip_address;
  }
  bool terminated() const { return state() == "terminated" || state() == "shutting-down"; }
  // spotrun made it (it carries spotrun:managed).
  bool managed() const;
  // `name`, or the instance id when the machine has no name.
  const std::string& label() const { return name.empty() ? instance.instance_id : name; }
};

Machine MachineOf(Instance instance);
std::vector<Machine> MachinesOf(const std::vector<Reservation>& reservations);

}  // namespace spotrun

#endif  // SPOTRUN_CLOUD_MACHINE_H_
