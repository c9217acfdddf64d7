#include "base/edit_distance.h"

#include <gtest/gtest.h>

namespace spotrun {
namespace {

TEST(EditDistanceTest, CountsInsertionsDeletionsSubstitutionsAndTranspositions) {
  EXPECT_EQ(EditDistance("m5.large", "m5.large"), 0);
  EXPECT_EQ(EditDistance("m5.lareg", "m5.large"), 1);  // adjacent transposition
  EXPECT_EQ(EditDistance("m5.larg", "m5.large"), 1);
  EXPECT_EQ(EditDistance("m6.large", "m5.large"), 1);
  EXPECT_EQ(EditDistance("", "abc"), 3);
}

}  // namespace
}  // namespace spotrun
