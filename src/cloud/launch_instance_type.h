// The instance type of a launch: checked with EC2 (which also tells its architecture), with
// the nearest valid names when it is unknown, and the types to suggest when EC2 has no
// capacity for it. Borrows the Ec2Api and the market catalog; stateless.
#ifndef SPOTRUN_CLOUD_LAUNCH_INSTANCE_TYPE_H_
#define SPOTRUN_CLOUD_LAUNCH_INSTANCE_TYPE_H_

#include <string>
#include <string_view>
#include <vector>

#include "aws/ec2_api.h"
#include "base/result.h"
#include "market/instance_type_catalog.h"

namespace spotrun {

// EC2's description of `type`. An unknown type is kNotFound naming the nearest known types.
Result<InstanceTypeInfo> DescribeLaunchType(Ec2Api& ec2, const market::InstanceTypeCatalog& catalog,
                                            std::string_view type);

// The architecture to pick an image for: x86_64 when the type supports it, else its first.
std::string LaunchArchitecture(const InstanceTypeInfo& type);

// Up to `limit` types to try instead of `type`: its neighbours in size within its family, then
// types of the same size and architecture in related families (m5.large → m5.xlarge, m5a.large).
std::vector<std::string> SimilarInstanceTypes(const market::InstanceTypeCatalog& catalog,
                                              std::string_view type, size_t limit = 4);

}  // namespace spotrun

#endif  // SPOTRUN_CLOUD_LAUNCH_INSTANCE_TYPE_H_
