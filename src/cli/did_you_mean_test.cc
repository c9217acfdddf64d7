#include "cli/did_you_mean.h"

#include <gtest/gtest.h>

namespace spotrun {
namespace {

TEST(DidYouMeanTest, EditDistance) {
  EXPECT_EQ(EditDistance("help", "help"), 0);
  EXPECT_EQ(EditDistance("hlep", "help"), 1);  // a transposition is one edit
  EXPECT_EQ(EditDistance("", "abc"), 3);
  EXPECT_EQ(EditDistance("lanch", "launch"), 1);
}

TEST(DidYouMeanTest, NearestWord) {
  std::vector<std::string_view> words = {"config", "help", "version", "launch", "ls"};
  EXPECT_EQ(NearestWord("hlep", words), "help");
  EXPECT_EQ(NearestWord("confg", words), "config");
  EXPECT_EQ(NearestWord("vers", words), "version");  // unique prefix
  EXPECT_EQ(NearestWord("xyzzyplugh", words), "");
}

}  // namespace
}  // namespace spotrun
