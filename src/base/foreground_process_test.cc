// RunInForeground with real programs: exit codes and signals come back; a missing program
// is kNotFound. (ReplaceProcess is covered end to end by `spotrun ssh`.)
#include "base/foreground_process.h"

#include <gtest/gtest.h>

namespace spotrun {
namespace {

TEST(ForegroundProcessTest, ReturnsTheExitCode) {
  Result<int> ok = RunInForeground({"true"});
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(*ok, 0);
  Result<int> three = RunInForeground({"sh", "-c", "exit 3"});
  ASSERT_TRUE(three.ok());
  EXPECT_EQ(*three, 3);
}

TEST(ForegroundProcessTest, ASignalIs128PlusItsNumber) {
  Result<int> killed = RunInForeground({"sh", "-c", "kill -TERM $$"});
  ASSERT_TRUE(killed.ok());
  EXPECT_EQ(*killed, 128 + 15);
}

TEST(ForegroundProcessTest, MissingProgramIsNotFound) {
  Result<int> missing = RunInForeground({"spotrun-no-such-program"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().kind(), ErrorKind::kNotFound);
  EXPECT_EQ(RunInForeground({}).status().kind(), ErrorKind::kInvalidArgument);
}

}  // namespace
}  // namespace spotrun
