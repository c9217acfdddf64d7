// What a person does to machines they already have: start, stop, reboot, terminate, change the
// type. Each checks first what EC2 would refuse (so nothing is half-done across several
// machines) and says why in spotrun's words. Terminate cancels a persistent spot request
// before it terminates its instance, so EC2 cannot launch an unnamed, billing replacement.
// Functions borrow the Ec2Api; stateless.
#ifndef SPOTRUN_CLOUD_MACHINE_ACTIONS_H_
#define SPOTRUN_CLOUD_MACHINE_ACTIONS_H_

#include <string>
#include <string_view>
#include <vector>

#include "aws/ec2_api.h"
#include "base/result.h"
#include "cloud/machine.h"
#include "market/instance_type_catalog.h"

namespace spotrun {

Result<std::vector<InstanceStateChange>> StartMachines(Ec2Api& ec2,
                                                       const std::vector<Machine>& machines);

// Refuses (kFailedPrecondition, before stopping any) a spot machine of a one-time request:
// EC2 stops only spot instances of persistent requests.
Result<std::vector<InstanceStateChange>> StopMachines(Ec2Api& ec2,
                                                      const std::vector<Machine>& machines);

Status RebootMachines(Ec2Api& ec2, const std::vector<Machine>& machines);

struct Termination {
  std::vector<std::string> cancelled_requests;  // persistent spot requests cancelled first
  std::vector<InstanceStateChange> changes;
};
Result<Termination> TerminateMachines(Ec2Api& ec2, const std::vector<Machine>& machines);

// kNotFound naming the nearest known types when `type` is not an instance type.
Status CheckInstanceType(const market::InstanceTypeCatalog& catalog, std::string_view type);

// Changes a stopped machine's type (EC2 changes types of stopped instances only); a running
// one is kFailedPrecondition.
Status ChangeInstanceType(Ec2Api& ec2, const market::InstanceTypeCatalog& catalog,
                          const Machine& machine, std::string_view type);

// The spot request of each spot machine (skipping those EC2 no longer knows), in one call.
Result<std::vector<SpotInstanceRequest>> SpotRequestsOf(Ec2Api& ec2,
                                                        const std::vector<Machine>& machines);

}  // namespace spotrun

#endif  // SPOTRUN_CLOUD_MACHINE_ACTIONS_H_
