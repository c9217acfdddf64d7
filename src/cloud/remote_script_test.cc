// RemoteLoginFor and the ssh command line RunRemoteScript runs (the run itself is exercised
// end to end by the volume commands' tests against the local cloud's real sshd).
#include "cloud/remote_script.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cloud/managed_tags.h"

namespace spotrun {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsSupersetOf;

Machine Running(std::string address) {
  Machine m;
  m.name = "box";
  m.instance.instance_id = "i-0123456789abcdef0";
  m.instance.state.name = "running";
  m.instance.public_ip_address = std::move(address);
  return m;
}

TEST(RemoteLoginForTest, UsesTheAddressAndTheLocalCloudsPortTag) {
  Machine m = Running("203.0.113.7");
  Result<RemoteLogin> login = RemoteLoginFor(m, "ubuntu", "/k/id", "/k/known_hosts");
  ASSERT_TRUE(login.ok());
  EXPECT_EQ(login->address, "203.0.113.7");
  EXPECT_EQ(login->port, 22);
  m.instance.tags = {{std::string(kLocalCloudSshPortTag), "2222"}};
  EXPECT_EQ(RemoteLoginFor(m, "ubuntu", "/k/id", "/k/known_hosts")->port, 2222);
}

TEST(RemoteLoginForTest, AStoppedMachineSaysToStartIt) {
  Machine m = Running("");
  m.instance.state.name = "stopped";
  Result<RemoteLogin> login = RemoteLoginFor(m, "ubuntu", "/k/id", "/k/known_hosts");
  EXPECT_EQ(login.status().kind(), ErrorKind::kFailedPrecondition);
  EXPECT_THAT(login.status().hint(), HasSubstr("spotrun start box"));
}

TEST(RemoteShellArgvTest, SpotrunsKeyKnownHostsAndNoPrompts) {
  RemoteLogin login{.user = "ubuntu",
                    .address = "203.0.113.7",
                    .port = 2222,
                    .private_key_path = "/k/id",
                    .known_hosts_path = "/k/known_hosts"};
  std::vector<std::string> argv = RemoteShellArgv(login);
  EXPECT_EQ(argv.front(), "ssh");
  EXPECT_THAT(
      argv, IsSupersetOf({"-i", "/k/id", "IdentitiesOnly=yes", "UserKnownHostsFile=/k/known_hosts",
                          "StrictHostKeyChecking=accept-new", "BatchMode=yes", "2222",
                          "ubuntu@203.0.113.7"}));
  EXPECT_THAT(std::vector<std::string>(argv.end() - 2, argv.end()), ElementsAre("sh", "-s"));
}

}  // namespace
}  // namespace spotrun
