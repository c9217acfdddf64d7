// End-to-end tests of `spotrun region`, `completion`, `__complete-names` and the offline failure
// paths of `prices`: the real binary in a private HOME, no cloud.
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "testing/spotrun_process.h"

namespace spotrun {
namespace {

using ::testing::HasSubstr;
using testing::SpotrunProcess;

TEST(RegionCommandTest, OhioPrintsJustTheCodeForScripts) {
  SpotrunProcess p;
  auto r = p.Run({"region", "Ohio"});
  EXPECT_EQ(r.exit_code, 0) << r.stderr_text;
  EXPECT_EQ(r.stdout_text, "us-east-2\n");
}

TEST(RegionCommandTest, WithoutTextListsEveryRegionWithItsPlace) {
  SpotrunProcess p;
  auto r = p.Run({"region"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.stdout_text, HasSubstr("REGION"));
  EXPECT_THAT(r.stdout_text, HasSubstr("eu-central-1"));
  EXPECT_THAT(r.stdout_text, HasSubstr("Europe (Frankfurt)"));
  auto several = p.Run({"region", "eu-west"});
  EXPECT_EQ(several.exit_code, 0);
  EXPECT_THAT(several.stdout_text, HasSubstr("Europe (Paris)"));
}

TEST(RegionCommandTest, JsonIsAnArrayWithStableKeys) {
  SpotrunProcess p;
  auto r = p.Run({"-o", "json", "region", "frankfurt"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  nlohmann::json j = nlohmann::json::parse(r.stdout_text);
  ASSERT_TRUE(j.is_array());
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["code"], "eu-central-1");
  EXPECT_EQ(j[0]["name"], "Europe (Frankfurt)");
  EXPECT_EQ(j[0]["partition"], "aws");
}

TEST(RegionCommandTest, NoMatchExitsThreeNamingNearRegions) {
  SpotrunProcess p;
  auto r = p.Run({"region", "Ohoi"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.stdout_text, "");
  EXPECT_THAT(r.stderr_text, HasSubstr("no region matches 'Ohoi'"));
  EXPECT_THAT(r.stderr_text, HasSubstr("did you mean us-east-2"));
}

TEST(RegionCommandTest, HelpTeachesWithExamples) {
  SpotrunProcess p;
  auto r = p.Run({"region", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.stdout_text, HasSubstr("spotrun region Ohio"));
}

TEST(CompletionCommandTest, BashScriptParsesAndNamesEveryCommand) {
  SpotrunProcess p;
  auto r = p.Run({"completion", "bash"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  for (const char* name : {"completion", "config", "help", "prices", "region", "version"}) {
    EXPECT_THAT(r.stdout_text, HasSubstr(name));
  }
  SubprocessOptions check;
  check.argv = {"bash", "-n"};
  check.stdin_data = r.stdout_text;
  Result<SubprocessResult> syntax = RunSubprocess(check);
  ASSERT_TRUE(syntax.ok());
  EXPECT_EQ(syntax->exit_code, 0) << syntax->stderr_text;
}

TEST(CompletionCommandTest, EveryShellAndAnUnknownOne) {
  SpotrunProcess p;
  EXPECT_EQ(p.Run({"completion", "zsh"}).exit_code, 0);
  EXPECT_EQ(p.Run({"completion", "fish"}).exit_code, 0);
  auto bad = p.Run({"completion", "tcsh"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.stderr_text, HasSubstr("bash, zsh or fish"));
}

TEST(CompleteNamesCommandTest, HiddenFromHelpAndTheListOfCommands) {
  SpotrunProcess p;
  EXPECT_THAT(p.Run({"--help"}).stdout_text, ::testing::Not(HasSubstr("__complete-names")));
  EXPECT_THAT(p.Run({"completion", "fish"}).stdout_text,
              ::testing::Not(HasSubstr("-a '__complete-names'")));
}

TEST(CompleteNamesCommandTest, SilentAndSuccessfulWithoutARegion) {
  SpotrunProcess p;
  auto r = p.Run({"__complete-names"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.stdout_text, "");
  EXPECT_EQ(r.stderr_text, "");
}

// A loopback port nothing listens on: bound, then closed.
int ClosedPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  close(fd);
  return ntohs(a.sin_port);
}

TEST(CompleteNamesCommandTest, SilentAndQuickWhenTheCloudDoesNotAnswer) {
  SpotrunProcess p;
  p.SetEnv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
  p.SetEnv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
  auto start = std::chrono::steady_clock::now();
  auto r = p.Run({"__complete-names", "--region", "us-east-2", "--endpoint",
                  "http://127.0.0.1:" + std::to_string(ClosedPort())});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.stdout_text, "");
  EXPECT_EQ(r.stderr_text, "");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST(PricesCommandTest, UnknownTypeExitsThreeWithTheNearestTypes) {
  SpotrunProcess p;
  auto r = p.Run({"prices", "m5.lareg", "--region", "us-east-2"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.stderr_text, HasSubstr("unknown instance type or family 'm5.lareg'"));
  EXPECT_THAT(r.stderr_text, HasSubstr("m5.large"));
}

TEST(PricesCommandTest, PngPlotIsRefusedWithAHintToUseSvg) {
  SpotrunProcess p;
  auto r = p.Run({"prices", "m5.large", "--region", "us-east-2", "--plot", "m5.png"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.stderr_text, HasSubstr("SVG only"));
  EXPECT_THAT(r.stderr_text, HasSubstr("--plot m5.svg"));
}

TEST(PricesCommandTest, HelpTeachesWithExamples) {
  SpotrunProcess p;
  auto r = p.Run({"help", "prices"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.stdout_text, HasSubstr("spotrun prices m5.large --history 30"));
}

}  // namespace
}  // namespace spotrun
