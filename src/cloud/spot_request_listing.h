// The spot requests `spotrun requests` shows: spotrun's own (tag spotrun:managed) that are
// still open or active, or with `all` every request of the account whatever its state.
// Borrows the Ec2Api; stateless.
#ifndef SPOTRUN_CLOUD_SPOT_REQUEST_LISTING_H_
#define SPOTRUN_CLOUD_SPOT_REQUEST_LISTING_H_

#include <string>
#include <vector>

#include "aws/ec2_api.h"
#include "base/result.h"

namespace spotrun {

// Every page, oldest first (then by id).
Result<std::vector<SpotInstanceRequest>> ListSpotRequests(Ec2Api& ec2, bool all);

// The machine a request was made for: its spotrun:machine tag, else its Name tag, else "".
std::string MachineNameOf(const SpotInstanceRequest& request);

}  // namespace spotrun

#endif  // SPOTRUN_CLOUD_SPOT_REQUEST_LISTING_H_
