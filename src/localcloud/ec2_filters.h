// Ec2Filters: how EC2 applies the Filter.N.Name / Filter.N.Value.M of Describe* calls. A
// resource matches when it matches every filter; it matches a filter when any of its values
// for that name matches any of the filter's values, where '*' matches any run of characters
// and '?' any one, as on AWS. The tag filters (tag:KEY, tag-key, tag-value) work on every
// resource; the other names are the resource's own and each Describe* lists them. Pure
// functions; thread-safe.
#ifndef SPOTRUN_LOCALCLOUD_EC2_FILTERS_H_
#define SPOTRUN_LOCALCLOUD_EC2_FILTERS_H_

#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "aws/ec2_types.h"
#include "base/status.h"

namespace spotrun {

// A resource's values for one filter name ("instance-state-name" → {"running"}). Called only
// with names the Describe* call supports; an empty list never matches.
using FilterValues = std::function<std::vector<std::string>(std::string_view name)>;

// InvalidParameterValue ("The filter 'foo' is invalid") for a name that is neither a tag
// filter nor in `supported`, or a filter with no values.
Status ValidateFilters(const std::vector<Filter>& filters,
                       std::initializer_list<std::string_view> supported);

// Whether a resource with `tags` and `values` matches every filter.
bool MatchesFilters(const std::vector<Filter>& filters, const std::vector<Tag>& tags,
                    const FilterValues& values);

// EC2's wildcard match: '*' any run, '?' any one character, "\*" a literal star.
bool MatchesWildcard(std::string_view pattern, std::string_view text);

// True when `want` is empty or holds `value` (for the ids lists: InstanceId.N, VolumeId.N …).
bool Selected(const std::vector<std::string>& want, std::string_view value);

}  // namespace spotrun

#endif  // SPOTRUN_LOCALCLOUD_EC2_FILTERS_H_
