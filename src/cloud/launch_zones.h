// Where a launch tries to run: the zones that offer the instance type and have a default
// subnet, for spot the cheapest current spot price first (EC2's latest price per zone), else
// in zone order. Borrows the Ec2Api; stateless.
#ifndef SPOTRUN_CLOUD_LAUNCH_ZONES_H_
#define SPOTRUN_CLOUD_LAUNCH_ZONES_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/ec2_api.h"
#include "base/clock.h"
#include "base/result.h"
#include "cloud/launch_prerequisites.h"

namespace spotrun {

struct LaunchZone {
  std::string zone{};
  std::string subnet_id{};
  std::optional<double> spot_price{};  // USD/hour now; nullopt when EC2 gave none
};

// The zones to try, best first. `only_zone` (--zone) narrows to that zone, which must have a
// default subnet and offer the type. kFailedPrecondition when no zone offers the type.
Result<std::vector<LaunchZone>> LaunchZones(Ec2Api& ec2, const DefaultNetwork& network,
                                            std::string_view instance_type, bool spot,
                                            std::string_view only_zone, TimePoint now);

}  // namespace spotrun

#endif  // SPOTRUN_CLOUD_LAUNCH_ZONES_H_
