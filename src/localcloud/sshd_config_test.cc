#include "localcloud/sshd_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace spotrun {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

SshdSettings Settings() {
  SshdSettings s;
  s.address = "127.1.0.7";
  s.port = 2222;
  s.login_user = "root";
  s.host_key_file = "/state/i-1/etc/ssh/ssh_host_ed25519_key";
  s.authorized_keys_file = "/state/i-1/etc/ssh/authorized_keys";
  s.pid_file = "/state/i-1/run/sshd.pid";
  s.session_wrapper = "/state/i-1/etc/spotrun/session";
  s.home = "/state/i-1/home/root";
  return s;
}

TEST(SshdConfigTest, ListensOnTheInstanceAddressWithKeysOnly) {
  std::string config = RenderSshdConfig(Settings());
  EXPECT_THAT(config, HasSubstr("\nListenAddress 127.1.0.7\nPort 2222\n"));
  EXPECT_THAT(config, HasSubstr("\nAuthorizedKeysFile /state/i-1/etc/ssh/authorized_keys\n"));
  EXPECT_THAT(config, HasSubstr("\nPasswordAuthentication no\n"));
  EXPECT_THAT(config, HasSubstr("\nKbdInteractiveAuthentication no\n"));
  EXPECT_THAT(config, HasSubstr("\nPermitRootLogin prohibit-password\n"));
  EXPECT_THAT(config, HasSubstr("\nUsePAM no\n"));
  EXPECT_THAT(config, HasSubstr("\nStrictModes no\n"));
  EXPECT_THAT(config, HasSubstr("\nAllowTcpForwarding yes\n"));
  EXPECT_THAT(config, HasSubstr("\nAllowUsers root\n"));
  EXPECT_THAT(config, HasSubstr("\nPidFile /state/i-1/run/sshd.pid\n"));
  EXPECT_THAT(config, HasSubstr("\nForceCommand /state/i-1/etc/spotrun/session\n"));
  // The shell running the ForceCommand starts in the instance's home, not the host's.
  EXPECT_THAT(config, HasSubstr("\nSetEnv HOME=/state/i-1/home/root\n"));
  EXPECT_THAT(config, HasSubstr("\nSubsystem sftp /usr/lib/openssh/sftp-server\n"));
  EXPECT_THAT(config, Not(HasSubstr("AcceptEnv")));
  EXPECT_THAT(config, Not(HasSubstr("Include")));
}

TEST(SshdConfigTest, WrapperExportsTheEnvironmentQuotedAndRunsTheCommand) {
  std::string script = RenderSessionWrapper(
      "/state/i-1/home/root",
      {{"AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.1.0.7:1338"}, {"ODD", "it's $HOME"}});
  EXPECT_TRUE(script.starts_with("#!/bin/sh\n"));
  EXPECT_THAT(script, HasSubstr("\nexport HOME='/state/i-1/home/root'\n"));
  EXPECT_THAT(script,
              HasSubstr("\nexport AWS_EC2_METADATA_SERVICE_ENDPOINT='http://127.1.0.7:1338'\n"));
  EXPECT_THAT(script, HasSubstr("\nexport ODD='it'\\''s $HOME'\n"));
  EXPECT_THAT(script, HasSubstr("cd \"$HOME\""));
  EXPECT_THAT(script, HasSubstr("-c \"$SSH_ORIGINAL_COMMAND\""));
}

TEST(SshdConfigTest, PathsWithCharactersSshdWouldSplitOrExpandAreRejected) {
  EXPECT_TRUE(SshdPathUsable("/tmp/spotrun.abc123/i-1"));
  EXPECT_FALSE(SshdPathUsable("relative/path"));
  EXPECT_FALSE(SshdPathUsable("/tmp/with space"));
  EXPECT_FALSE(SshdPathUsable("/tmp/100%"));
  EXPECT_FALSE(SshdPathUsable("/tmp/\"quoted\""));
}

}  // namespace
}  // namespace spotrun
