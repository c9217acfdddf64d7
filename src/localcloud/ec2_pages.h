// Ec2Pages: MaxResults / NextToken for the local cloud's Describe* calls. Results are listed
// in key order (resource ids), and a NextToken names the key of the last item returned, so
// a page boundary stays right when resources come and go between calls. Tokens are opaque
// to clients (base64 of "v1 KEY"). Pure functions; thread-safe.
#ifndef SPOTRUN_LOCALCLOUD_EC2_PAGES_H_
#define SPOTRUN_LOCALCLOUD_EC2_PAGES_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "base/status.h"

namespace spotrun {

struct PageLimits {
  int min = 5;     // EC2 refuses MaxResults below this …
  int max = 1000;  // … and above this
};

// The page asked for: the index of its first item in `keys` (sorted ascending), how many
// items, and the NextToken to return ("" on the last page). No MaxResults: everything left.
// InvalidParameterValue for MaxResults outside `limits` or a token this server did not make.
struct PageSlice {
  size_t begin = 0;
  size_t count = 0;
  std::string next_token;
};
Result<PageSlice> SlicePage(const std::vector<std::string>& keys, std::optional<int> max_results,
                            const std::optional<std::string>& next_token, PageLimits limits = {});

// Paginate a key-sorted list: `key_of(item)` gives each item's key.
template <typename T, typename KeyOf>
Result<std::pair<std::vector<T>, std::string>> Paginate(std::vector<T> items, KeyOf key_of,
                                                        std::optional<int> max_results,
                                                        const std::optional<std::string>& token,
                                                        PageLimits limits = {}) {
  std::vector<std::string> keys;
  keys.reserve(items.size());
  for (const T& item : items) keys.push_back(std::string(key_of(item)));
  Result<PageSlice> slice = SlicePage(keys, max_results, token, limits);
  if (!slice.ok()) return slice.status();
  std::vector<T> page(std::make_move_iterator(items.begin() + slice->begin),
                      std::make_move_iterator(items.begin() + slice->begin + slice->count));
  return std::make_pair(std::move(page), std::move(slice->next_token));
}

}  // namespace spotrun

#endif  // SPOTRUN_LOCALCLOUD_EC2_PAGES_H_
