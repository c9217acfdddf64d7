#include "jobs/job_machine_setup_ssh.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>

#include "base/file.h"
#include "base/subprocess.h"
#include "base/temp_dir.h"

namespace spotrun {
namespace {

// Runs the start script in a job dir whose bin/spotrun is a stand-in agent that records its
// arguments and sleeps, so the test can see what was started and how often.
class AgentStartScriptTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto dir = ScopedTempDir::Create("setup-test");
    ASSERT_TRUE(dir.ok());
    dir_ = std::make_unique<ScopedTempDir>(std::move(*dir));
    std::filesystem::create_directories(dir_->path() / "bin");
    std::ofstream(dir_->path() / "bin/spotrun")
        << "#!/bin/sh\necho \"$@\" >> started\nexec sleep 30\n";
    std::filesystem::permissions(dir_->path() / "bin/spotrun", std::filesystem::perms::owner_all);
  }
  void TearDown() override {
    // Stop the stand-in agent the script left running.
    auto pid = ReadFile((dir_->path() / "agent-1.pid").string());
    if (!pid.ok()) return;
    SubprocessOptions kill;
    kill.argv = {"sh", "-c", "kill " + *pid};
    (void)RunSubprocess(kill);
  }
  std::string Run(const std::string& json) {
    SubprocessOptions run;
    run.argv = {"sh", "-s"};
    run.stdin_data = AgentStartScript(dir_->path().string(), 1, json);
    auto result = RunSubprocess(run);
    EXPECT_TRUE(result.ok());
    EXPECT_EQ(result->exit_code, 0) << result->stderr_text;
    return result->stdout_text;
  }
  std::unique_ptr<ScopedTempDir> dir_;
};

TEST_F(AgentStartScriptTest, WritesTheConfigPrivatelyAndStartsTheAgentOnce) {
  const std::string json = R"({"job_id":"j-1","run":"echo 'it''s' \"$HOME\" `x`"})";
  EXPECT_EQ(Run(json), "started\n");
  auto config = ReadFile((dir_->path() / "agent-1.json").string());
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(*config, json + "\n");
  auto perms = std::filesystem::status(dir_->path() / "agent-1.json").permissions();
  EXPECT_EQ(perms & std::filesystem::perms::group_all, std::filesystem::perms::none);
  EXPECT_EQ(perms & std::filesystem::perms::others_all, std::filesystem::perms::none);

  // A second start for the same attempt (a restarted controller) leaves it alone.
  EXPECT_EQ(Run(json), "running\n");
}

}  // namespace
}  // namespace spotrun
