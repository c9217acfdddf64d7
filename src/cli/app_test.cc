// End-to-end tests of the command line: the real spotrun binary in a private HOME.
#include <gtest/gtest.h>

#include "base/file.h"
#include "testing/spotrun_process.h"

namespace spotrun {
namespace {

using testing::SpotrunProcess;

TEST(AppTest, HelpListsEveryCommandWithItsSummaryAndTheExitCodes) {
  SpotrunProcess p;
  auto r = p.Run({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.stdout_text.find("config "), std::string::npos);
  EXPECT_NE(r.stdout_text.find("Show help for spotrun"), std::string::npos);
  EXPECT_NE(r.stdout_text.find("3 not found"), std::string::npos);
  EXPECT_NE(r.stdout_text.find("130 interrupted"), std::string::npos);
}

TEST(AppTest, MisspeltCommandSuggestsTheNearestAndExitsTwo) {
  SpotrunProcess p;
  auto r = p.Run({"hlep"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.stdout_text, "");
  EXPECT_EQ(r.stderr_text, "error: unknown command 'hlep'\n  did you mean 'spotrun help'?\n");
}

TEST(AppTest, NoCommandIsAUsageError) {
  SpotrunProcess p;
  auto r = p.Run({});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.stderr_text.find("Commands:"), std::string::npos);
}

TEST(AppTest, VersionFlagAndCommand) {
  SpotrunProcess p;
  EXPECT_EQ(p.Run({"--version"}).stdout_text, "spotrun " SPOTRUN_VERSION "\n");
  EXPECT_EQ(p.Run({"version"}).stdout_text, "spotrun " SPOTRUN_VERSION "\n");
}

TEST(AppTest, HelpForOneCommand) {
  SpotrunProcess p;
  auto r = p.Run({"help", "config"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.stdout_text.find("Usage: spotrun config"), std::string::npos);
  auto bad = p.Run({"help", "confg"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.stderr_text.find("did you mean 'spotrun config'"), std::string::npos);
  EXPECT_EQ(p.Run({"config", "--help"}).exit_code, 0);
}

TEST(AppTest, BadFlagValueIsAUsageErrorWithAHint) {
  SpotrunProcess p;
  auto r = p.Run({"-o", "yaml", "config"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.stderr_text.find("spotrun help config"), std::string::npos);
  EXPECT_EQ(p.Run({"config", "--no-such-flag"}).exit_code, 2);
}

TEST(AppTest, ConfigShowsSourcesAndSetPersists) {
  SpotrunProcess p;
  p.SetEnv("AWS_PROFILE", "local");
  auto set = p.Run({"config", "set", "endpoint", "http://127.0.0.1:4999"});
  ASSERT_EQ(set.exit_code, 0) << set.stderr_text;
  auto r = p.Run({"-o", "json", "config", "--region", "us-east-2"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  EXPECT_NE(r.stdout_text.find("\"value\": \"http://127.0.0.1:4999\""), std::string::npos);
  EXPECT_NE(r.stdout_text.find("\"source\": \"--region\""), std::string::npos);
  EXPECT_NE(r.stdout_text.find("\"value\": \"local\""), std::string::npos);
  auto unknown = p.Run({"config", "set", "colour", "blue"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.stderr_text.find("known settings"), std::string::npos);
}

TEST(AppTest, MalformedConfigFileNamesTheLine) {
  SpotrunProcess p;
  ASSERT_TRUE(WriteFileAtomic(p.home() + "/.aws/config", "[default]\nregion\n").ok());
  auto r = p.Run({"config"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.stderr_text.find(".aws/config:2"), std::string::npos);
}

}  // namespace
}  // namespace spotrun
