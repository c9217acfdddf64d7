#include "base/log.h"

#include <gtest/gtest.h>

#include <vector>

namespace spotrun {
namespace {

TEST(LogTest, LevelsFollowVerbosity) {
  std::vector<std::string> lines;
  SetLogSink([&](LogLevel, std::string_view m) { lines.emplace_back(m); });
  SetLogLevel(LogLevelForVerbosity(0));
  LogInfo("hidden {}", 1);
  LogWarning("shown {}", 2);
  SetLogLevel(LogLevelForVerbosity(2));
  LogDebug("debug {}", 3);
  SetLogSink(nullptr);
  SetLogLevel(LogLevel::kWarning);
  EXPECT_EQ(lines, (std::vector<std::string>{"shown 2", "debug 3"}));
}

}  // namespace
}  // namespace spotrun
