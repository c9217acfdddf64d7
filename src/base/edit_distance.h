// Edit distance between two words, for "did you mean" suggestions (commands, instance types).
// Pure function; thread-safe.
#ifndef SPOTRUN_BASE_EDIT_DISTANCE_H_
#define SPOTRUN_BASE_EDIT_DISTANCE_H_

#include <string_view>

namespace spotrun {

// Levenshtein distance with adjacent transpositions counted as one edit.
int EditDistance(std::string_view a, std::string_view b);

}  // namespace spotrun

#endif  // SPOTRUN_BASE_EDIT_DISTANCE_H_
