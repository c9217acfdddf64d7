// "Did you mean …?": the nearest known word to a misspelt one, by edit distance.
#ifndef SPOTRUN_CLI_DID_YOU_MEAN_H_
#define SPOTRUN_CLI_DID_YOU_MEAN_H_

#include <string>
#include <string_view>
#include <vector>

#include "base/edit_distance.h"

namespace spotrun {

// The candidate nearest to `word`, or empty when none is close enough to be a plausible typo
// (distance at most max(2, len/3)) — or when `word` is a prefix of exactly one candidate.
std::string NearestWord(std::string_view word, const std::vector<std::string_view>& candidates);

}  // namespace spotrun

#endif  // SPOTRUN_CLI_DID_YOU_MEAN_H_
