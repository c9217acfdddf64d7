// SshTarget: a machine and a login become ssh's and rsync's command lines; states other than
// running and a missing address are errors with the next step; the local cloud's port tag
// is honoured; remote commands, quoting and -L specs.
#include "cloud/ssh_target.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cloud/managed_tags.h"
#include "localcloud/ec2_model.h"

namespace spotrun {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Machine RunningMachine() {
  Machine m;
  m.name = "trainer";
  m.instance.instance_id = "i-0123456789abcdef0";
  m.instance.state = {16, "running"};
  m.instance.public_ip_address = "203.0.113.7";
  m.instance.private_ip_address = "10.0.0.7";
  return m;
}

SshLogin Login() {
  return {.user = "ubuntu",
          .identity_file = "/home/me/.ssh/id_ed25519",
          .known_hosts_file = "/home/me/.config/spotrun/known_hosts"};
}

TEST(SshTargetTest, RunningMachineGivesTheSshCommandLine) {
  Result<SshTarget> target = SshTargetFor(RunningMachine(), Login());
  ASSERT_TRUE(target.ok()) << target.status().ToString();
  EXPECT_EQ(target->Destination(), "ubuntu@203.0.113.7");
  EXPECT_EQ(target->port, 22);
  EXPECT_THAT(
      SshCommand(*target, {"-T"}, "echo hi"),
      ElementsAre("ssh", "-i", "/home/me/.ssh/id_ed25519", "-o", "IdentitiesOnly=yes", "-o",
                  "UserKnownHostsFile=/home/me/.config/spotrun/known_hosts", "-o",
                  "StrictHostKeyChecking=accept-new", "-o", "HostKeyAlias=i-0123456789abcdef0",
                  "-p", "22", "-T", "--", "ubuntu@203.0.113.7", "echo hi"));
  EXPECT_EQ(SshCommand(*target, {}).back(), "ubuntu@203.0.113.7");
}

TEST(SshTargetTest, PrivateAddressWhenThereIsNoPublicOne) {
  Machine m = RunningMachine();
  m.instance.public_ip_address.clear();
  EXPECT_EQ(SshTargetFor(m, Login())->address, "10.0.0.7");
}

TEST(SshTargetTest, LocalCloudPortTagIsUsed) {
  // The localcloud layer defines the same tag itself; they must never drift apart.
  EXPECT_EQ(kLocalCloudSshPortTag, kInstanceSshPortTag);
  Machine m = RunningMachine();
  m.instance.tags = {{"Name", "trainer"}, {std::string(kLocalCloudSshPortTag), "40022"}};
  Result<SshTarget> target = SshTargetFor(m, Login());
  ASSERT_TRUE(target.ok());
  EXPECT_EQ(target->port, 40022);
  EXPECT_THAT(target->Options(), ::testing::Contains("40022"));

  m.instance.tags.back().value = "22x";
  Result<SshTarget> bad = SshTargetFor(m, Login());
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), HasSubstr("bad localcloud:ssh-port tag"));
}

TEST(SshTargetTest, StoppedMachineSaysHowToStartIt) {
  Machine m = RunningMachine();
  m.instance.state = {80, "stopped"};
  Result<SshTarget> target = SshTargetFor(m, Login());
  ASSERT_FALSE(target.ok());
  EXPECT_EQ(target.status().kind(), ErrorKind::kFailedPrecondition);
  EXPECT_EQ(target.status().message(), "machine trainer is stopped, not running");
  EXPECT_EQ(target.status().hint(), "start it: spotrun start trainer");

  m.instance.state = {0, "pending"};
  EXPECT_THAT(SshTargetFor(m, Login()).status().hint(), HasSubstr("try again in a few seconds"));
  m.instance.state = {64, "stopping"};
  EXPECT_THAT(SshTargetFor(m, Login()).status().hint(), HasSubstr("wait until it has stopped"));
}

TEST(SshTargetTest, NoAddressYetIsAnError) {
  Machine m = RunningMachine();
  m.instance.public_ip_address.clear();
  m.instance.private_ip_address.clear();
  Result<SshTarget> target = SshTargetFor(m, Login());
  ASSERT_FALSE(target.ok());
  EXPECT_EQ(target.status().message(), "machine trainer has no address yet");
}

TEST(SshTargetTest, RefusedConnectionMeansSshIsNotReadyYet) {
  SshTarget target = *SshTargetFor(RunningMachine(), Login());
  target.address = "127.0.0.1";
  target.port = 1;  // nothing listens on tcpmux
  Status status = CheckSshReachable(target, std::chrono::milliseconds(2000));
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.kind(), ErrorKind::kUnavailable);
  EXPECT_THAT(status.message(), HasSubstr("ssh is not ready yet on trainer"));
  EXPECT_EQ(status.hint(), "wait a few seconds or use `spotrun launch` which waits");
}

TEST(SshTargetTest, OneArgumentIsAShellCommandSeveralKeepTheirArgv) {
  EXPECT_EQ(RemoteCommandLine({"ls | wc -l"}), "ls | wc -l");
  EXPECT_EQ(RemoteCommandLine({"sh", "-c", "exit 3"}), "sh -c 'exit 3'");
  EXPECT_EQ(RemoteCommandLine({"echo", "it's", ""}), "echo 'it'\\''s' ''");
  EXPECT_EQ(ShellWord("a/b.txt"), "a/b.txt");
  EXPECT_EQ(ShellWord("$HOME"), "'$HOME'");
}

TEST(SshTargetTest, RsyncRemoteShellQuotesPathsWithSpaces) {
  SshTarget target = *SshTargetFor(RunningMachine(), Login());
  target.identity_file = "/home/me/my keys/id";
  Result<std::string> shell = RsyncRemoteShell(target);
  ASSERT_TRUE(shell.ok());
  EXPECT_EQ(*shell,
            "ssh -i '/home/me/my keys/id' -o IdentitiesOnly=yes -o "
            "UserKnownHostsFile=/home/me/.config/spotrun/known_hosts -o "
            "StrictHostKeyChecking=accept-new -o HostKeyAlias=i-0123456789abcdef0 -p 22");
  target.identity_file = "/it's";
  EXPECT_THAT(*RsyncRemoteShell(target), HasSubstr("-i \"/it's\""));
  target.identity_file = "/it's \"x\"";
  EXPECT_FALSE(RsyncRemoteShell(target).ok());
}

TEST(SshTargetTest, LocalForwardSpecs) {
  EXPECT_EQ(*LocalForwardSpec("8888"), "8888:localhost:8888");
  EXPECT_EQ(*LocalForwardSpec("8080:80"), "8080:localhost:80");
  EXPECT_EQ(*LocalForwardSpec("5433:db.internal:5432"), "5433:db.internal:5432");
  EXPECT_EQ(*LocalForwardSpec("127.0.0.1:8888:localhost:8888"), "127.0.0.1:8888:localhost:8888");
  for (std::string_view bad : {"", "x", "0", "70000", "8888::80", "1:2:3:4:5", "8888:host"}) {
    Result<std::string> spec = LocalForwardSpec(bad);
    EXPECT_FALSE(spec.ok()) << bad;
    EXPECT_THAT(spec.status().hint(), HasSubstr("-L PORT")) << bad;
  }
}

}  // namespace
}  // namespace spotrun
