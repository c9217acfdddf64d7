// ResolveRegionWithImds: ResolveRegion's order, then — only when none of those places sets a
// region and IMDS is not disabled — the instance's own placement/region, as the SDKs do on
// EC2. Borrows what it is given; thread-safe as far as the ImdsClient is.
#ifndef SPOTRUN_AWS_IMDS_REGION_H_
#define SPOTRUN_AWS_IMDS_REGION_H_

#include <optional>
#include <string_view>

#include "aws/endpoint.h"
#include "aws/imds_client.h"

namespace spotrun {

// `imds` may be null (never ask). When nothing sets a region: InvalidArgument naming every
// place looked, and why IMDS did not answer.
Result<Setting> ResolveRegionWithImds(std::string_view flag, const Environment& env,
                                      const AwsSharedConfig& aws, std::string_view profile,
                                      const std::optional<Setting>& spotrun_value,
                                      ImdsClient* imds);

}  // namespace spotrun

#endif  // SPOTRUN_AWS_IMDS_REGION_H_
