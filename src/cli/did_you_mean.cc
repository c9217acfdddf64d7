#include "cli/did_you_mean.h"

#include <algorithm>

namespace spotrun {

std::string NearestWord(std::string_view word, const std::vector<std::string_view>& candidates) {
  std::string_view prefix_match;
  int prefix_count = 0;
  for (std::string_view c : candidates) {
    if (!word.empty() && c.substr(0, word.size()) == word) {
      prefix_match = c;
      ++prefix_count;
    }
  }
  if (prefix_count == 1) return std::string(prefix_match);
  std::string_view best;
  int best_distance = 1 << 30;
  for (std::string_view c : candidates) {
    int d = EditDistance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  int limit = std::max<int>(2, static_cast<int>(word.size()) / 3);
  return best_distance <= limit ? std::string(best) : std::string();
}

}  // namespace spotrun
