// "Did you mean …" for names the market knows (instance types, regions): the candidates within a
// plausible typo's edit distance of a word. Pure function; thread-safe.
#ifndef SPOTRUN_MARKET_NEAREST_NAMES_H_
#define SPOTRUN_MARKET_NEAREST_NAMES_H_

#include <string>
#include <string_view>
#include <vector>

namespace spotrun::market {

// Up to `limit` candidates at edit distance <= max(2, |word| / 3) from `word` (case-insensitive),
// nearest first, ties in candidate order. `word` itself, if a candidate, comes first.
std::vector<std::string> NearestNames(std::string_view word,
                                      const std::vector<std::string_view>& candidates,
                                      size_t limit);

}  // namespace spotrun::market

#endif  // SPOTRUN_MARKET_NEAREST_NAMES_H_
