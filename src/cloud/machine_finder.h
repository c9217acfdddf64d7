// Finding machines: every machine spotrun manages (`spotrun ls`), and the one a user means by
// a name, an instance id or a unique prefix of one (every command that takes a MACHINE).
// Borrows the Ec2Api; stateless.
#ifndef SPOTRUN_CLOUD_MACHINE_FINDER_H_
#define SPOTRUN_CLOUD_MACHINE_FINDER_H_

#include <string_view>
#include <vector>

#include "aws/ec2_api.h"
#include "base/result.h"
#include "cloud/machine.h"

namespace spotrun {

// Every machine DescribeInstances returns for `request`, following every page.
Result<std::vector<Machine>> DescribeMachines(Ec2Api& ec2, DescribeInstancesRequest request);

// The managed machines (tag-key spotrun:managed), every page, in launch order (oldest
// first, then by id). Terminated and shutting-down ones only with `include_terminated`.
Result<std::vector<Machine>> ListMachines(Ec2Api& ec2, bool include_terminated);

// The machine `what` names, not terminated:
//   - a full instance id (i-…): that instance, managed or not;
//   - a name: the managed machine with that Name tag;
//   - otherwise a prefix of one managed machine's id (with or without "i-", 4+ characters).
// kNotFound names the nearest names and points at `spotrun ls`; several matches are
// kFailedPrecondition listing their ids, with the hint to use an id.
Result<Machine> FindMachine(Ec2Api& ec2, std::string_view what);

// FindMachine for each of `what`, in order; the first failure is returned.
Result<std::vector<Machine>> FindMachines(Ec2Api& ec2, const std::vector<std::string>& what);

}  // namespace spotrun

#endif  // SPOTRUN_CLOUD_MACHINE_FINDER_H_
