// Serialisation of the structures EC2 requests share, following the EC2 protocol's rule:
// lists flatten as Name.1, Name.2 …, lists of structures as Name.1.Field, nested structures
// as Outer.Inner; wire names are the model's queryName / capitalised locationName. Unset
// optionals are not sent. Stateless; thread-safe.
#ifndef SPOTRUN_AWS_EC2_PARAMS_H_
#define SPOTRUN_AWS_EC2_PARAMS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/ec2_requests.h"
#include "aws/ec2_types.h"
#include "aws/query_params.h"
#include "base/clock.h"

namespace spotrun {

void SetOptional(QueryParams& params, std::string_view key, const std::optional<std::string>& v);
void SetOptional(QueryParams& params, std::string_view key, const std::optional<int>& v);
void SetOptional(QueryParams& params, std::string_view key, const std::optional<bool>& v);
// Timestamps go out as ISO 8601 UTC: "2026-01-01T00:00:00Z".
void SetOptional(QueryParams& params, std::string_view key, const std::optional<TimePoint>& v);
void SetDryRun(QueryParams& params, bool dry_run);  // DryRun=true, only when asked
void SetPage(QueryParams& params, const std::optional<int>& max_results,
             const std::optional<std::string>& next_token);

void AddFilters(QueryParams& params, const std::vector<Filter>& filters);
// Tag.N.Key / Tag.N.Value under `prefix` ("Tag", "TagSpecification.1.Tag").
void AddTags(QueryParams& params, std::string_view prefix, const std::vector<Tag>& tags);
void AddTagSpecifications(QueryParams& params, const std::vector<TagSpecification>& specs);
// `prefix` is "BlockDeviceMapping" or "LaunchSpecification.BlockDeviceMapping".
void AddBlockDeviceMappings(QueryParams& params, std::string_view prefix,
                            const std::vector<BlockDeviceMapping>& mappings);
// `prefix` is "IamInstanceProfile" or "LaunchSpecification.IamInstanceProfile".
void AddIamInstanceProfile(QueryParams& params, std::string_view prefix,
                           const std::optional<IamInstanceProfileSpecification>& profile);
void AddIpPermissions(QueryParams& params, const std::vector<IpPermission>& permissions);

}  // namespace spotrun

#endif  // SPOTRUN_AWS_EC2_PARAMS_H_
