#include "localcloud/ec2_pages.h"

#include <algorithm>
#include <string>

#include "base/base64.h"
#include "localcloud/ec2_error.h"

namespace spotrun {
namespace {

constexpr std::string_view kTokenPrefix = "v1 ";

}  // namespace

Result<PageSlice> SlicePage(const std::vector<std::string>& keys, std::optional<int> max_results,
                            const std::optional<std::string>& next_token, PageLimits limits) {
  if (max_results && (*max_results < limits.min || *max_results > limits.max)) {
    return Ec2Error("InvalidParameterValue",
                    "Value ( " + std::to_string(*max_results) +
                        " ) for parameter maxResults is invalid. Expecting a value between " +
                        std::to_string(limits.min) + " and " + std::to_string(limits.max) + ".");
  }
  PageSlice slice;
  if (next_token && !next_token->empty()) {
    std::optional<std::string> decoded = Base64Decode(*next_token);
    if (!decoded || !decoded->starts_with(kTokenPrefix)) {
      return Ec2Error("InvalidParameterValue", "The specified NextToken is not valid.");
    }
    const std::string after = decoded->substr(kTokenPrefix.size());
    slice.begin = std::upper_bound(keys.begin(), keys.end(), after) - keys.begin();
  }
  const size_t left = keys.size() - slice.begin;
  slice.count = max_results ? std::min<size_t>(left, static_cast<size_t>(*max_results)) : left;
  if (slice.count < left) {
    slice.next_token =
        Base64Encode(std::string(kTokenPrefix) + keys[slice.begin + slice.count - 1]);
  }
  return slice;
}

}  // namespace spotrun
