#include "cloud/ssh_control_master.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

namespace spotrun {
namespace {

using ::testing::Contains;

SshTarget Target() {
  return {.machine = "trainer",
          .instance_id = "i-0123456789abcdef0",
          .user = "ubuntu",
          .address = "127.0.0.1",
          .port = 2222,
          .identity_file = "/home/me/.ssh/id_ed25519",
          .known_hosts_file = "/home/me/.config/spotrun/known_hosts"};
}

TEST(SshControlMasterTest, SharesOneConnectionThroughAShortPrivateSocketPath) {
  std::filesystem::path dir;
  {
    auto master = SshControlMaster::Open(Target());
    ASSERT_TRUE(master.ok()) << master.status().ToString();
    const SshTarget& target = (*master)->target();
    EXPECT_EQ(target.Destination(), "ubuntu@127.0.0.1");
    // Unix socket paths are limited to ~100 bytes, and ssh adds a random suffix while binding.
    EXPECT_LT(target.control_path.size(), 40u);
    dir = std::filesystem::path(target.control_path).parent_path();
    auto perms = std::filesystem::status(dir).permissions();
    EXPECT_EQ(perms & std::filesystem::perms::group_all, std::filesystem::perms::none);
    EXPECT_EQ(perms & std::filesystem::perms::others_all, std::filesystem::perms::none);
    std::vector<std::string> options = target.Options();
    EXPECT_THAT(options, Contains("ControlMaster=auto"));
    EXPECT_THAT(options, Contains("ControlPath=" + target.control_path));
    EXPECT_THAT(options, Contains("ControlPersist=10"));
  }
  EXPECT_FALSE(std::filesystem::exists(dir));  // no master was started: nothing to stop
}

TEST(SshControlMasterTest, PlainTargetsDoNotShare) {
  std::vector<std::string> options = Target().Options();
  for (const std::string& o : options) EXPECT_FALSE(o.starts_with("Control")) << o;
}

}  // namespace
}  // namespace spotrun
