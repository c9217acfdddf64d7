#include "aws/imds_region.h"

#include <fmt/format.h>

namespace spotrun {

Result<Setting> ResolveRegionWithImds(std::string_view flag, const Environment& env,
                                      const AwsSharedConfig& aws, std::string_view profile,
                                      const std::optional<Setting>& spotrun_value,
                                      ImdsClient* imds) {
  Setting region = ResolveRegion(flag, env, aws, profile, spotrun_value);
  if (!region.empty()) return region;
  std::string imds_place;
  if (imds == nullptr) {
    imds_place = "instance metadata (not asked)";
  } else if (imds->disabled()) {
    imds_place = "instance metadata (skipped: AWS_EC2_METADATA_DISABLED=true)";
  } else {
    Result<std::string> from_imds = imds->Region();
    if (from_imds.ok() && !from_imds->empty()) {
      return Setting{*from_imds, "instance metadata (placement/region)"};
    }
    imds_place = from_imds.ok() ? "instance metadata (empty placement/region)"
                 : from_imds.status().kind() == ErrorKind::kUnavailable
                     ? fmt::format("instance metadata ({} not reachable)", imds->options().endpoint)
                     : fmt::format("instance metadata ({})", from_imds.status().message());
  }
  return Status::InvalidArgument(
      fmt::format("no region is set (looked in: --region, AWS_REGION, AWS_DEFAULT_REGION, "
                  "spotrun's config [{}], {} region, {})",
                  profile, aws.ConfigSource(profile), imds_place),
      "pass --region REGION, set AWS_REGION, or run 'spotrun config set region REGION'");
}

}  // namespace spotrun
