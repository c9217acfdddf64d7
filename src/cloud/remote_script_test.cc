// The ssh command line RunRemoteScript runs (the run itself is exercised end to end by the
// volume commands' tests against the local cloud's real sshd).
#include "cloud/remote_script.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace spotrun {
namespace {

using ::testing::IsSupersetOf;

TEST(RemoteShellArgvTest, SpotrunsKeyKnownHostsAndNoPrompts) {
  SshTarget target{.machine = "box",
                   .instance_id = "i-0123456789abcdef0",
                   .user = "ubuntu",
                   .address = "203.0.113.7",
                   .port = 2222,
                   .identity_file = "/k/id",
                   .known_hosts_file = "/k/known_hosts"};
  std::vector<std::string> argv = RemoteShellArgv(target);
  EXPECT_EQ(argv.front(), "ssh");
  EXPECT_THAT(
      argv, IsSupersetOf({"-i", "/k/id", "IdentitiesOnly=yes", "UserKnownHostsFile=/k/known_hosts",
                          "StrictHostKeyChecking=accept-new", "BatchMode=yes", "-T", "2222",
                          "ubuntu@203.0.113.7"}));
  EXPECT_EQ(argv.back(), "sh -s");
}

}  // namespace
}  // namespace spotrun
