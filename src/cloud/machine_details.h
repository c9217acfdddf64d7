// MachineDetails: everything `spotrun show` says about one machine beyond its Instance — its
// spot request and the volumes attached to it — gathered with one call each. A value type.
#ifndef SPOTRUN_CLOUD_MACHINE_DETAILS_H_
#define SPOTRUN_CLOUD_MACHINE_DETAILS_H_

#include <optional>
#include <vector>

#include "aws/ec2_api.h"
#include "base/result.h"
#include "cloud/machine.h"

namespace spotrun {

struct MachineDetails {
  Machine machine;
  std::optional<SpotInstanceRequest> spot_request;  // spot machines whose request EC2 knows
  std::vector<Volume> volumes;                      // attached, by device name
};

Result<MachineDetails> DescribeMachineDetails(Ec2Api& ec2, Machine machine);

}  // namespace spotrun

#endif  // SPOTRUN_CLOUD_MACHINE_DETAILS_H_
