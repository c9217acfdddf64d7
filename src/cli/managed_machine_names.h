// ManagedMachineNames: the Name tags of the machines spotrun manages that are not (being)
// terminated — what shell completion offers for a machine argument. Borrows the Ec2Api;
// thread-safety is its.
#ifndef SPOTRUN_CLI_MANAGED_MACHINE_NAMES_H_
#define SPOTRUN_CLI_MANAGED_MACHINE_NAMES_H_

#include <string>
#include <vector>

#include "aws/ec2_api.h"
#include "base/result.h"
#include "cloud/managed_tags.h"

namespace spotrun {

// DescribeInstances filtered by tag-key=spotrun:managed and a state of pending, running,
// stopping or stopped (every page); the Name tags, sorted, each once — untagged machines and
// names with a line break left out.
Result<std::vector<std::string>> ManagedMachineNames(Ec2Api& ec2);

}  // namespace spotrun

#endif  // SPOTRUN_CLI_MANAGED_MACHINE_NAMES_H_
