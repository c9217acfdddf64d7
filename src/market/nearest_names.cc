#include "market/nearest_names.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "base/edit_distance.h"

namespace spotrun::market {

std::vector<std::string> NearestNames(std::string_view word,
                                      const std::vector<std::string_view>& candidates,
                                      size_t limit) {
  std::string lower(word);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const int max_distance = std::max<int>(2, static_cast<int>(lower.size()) / 3);
  std::vector<std::pair<int, size_t>> found;  // (distance, candidate index)
  for (size_t i = 0; i < candidates.size(); ++i) {
    int d = EditDistance(lower, candidates[i]);
    if (d <= max_distance) found.emplace_back(d, i);
  }
  std::stable_sort(found.begin(), found.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> names;
  for (size_t i = 0; i < found.size() && names.size() < limit; ++i) {
    names.emplace_back(candidates[found[i].second]);
  }
  return names;
}

}  // namespace spotrun::market
