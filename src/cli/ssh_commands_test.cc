// `spotrun ssh`, `exec`, `sync` and `jupyter` end to end: the real binary against a real
// instance of the in-process local cloud (real sshd, real ssh and rsync), launched through
// the model with spotrun's own key imported, as `spotrun launch` would.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "base/subprocess.h"
#include "base/tcp_probe.h"
#include "cli/local_cloud_session.h"
#include "cloud/managed_tags.h"
#include "cloud/ssh_identity.h"
#include "testing/spotrun_process.h"

namespace spotrun {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteFile(const std::filesystem::path& path, std::string_view text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

// Runs `spotrun ARGS` like the session does, but ends it (SIGTERM) after `run_for`: for
// commands that stay in the foreground until Ctrl-C.
SubprocessResult RunFor(const testing::LocalCloudSession& session, std::vector<std::string> args,
                        std::chrono::milliseconds run_for) {
  args.insert(args.begin(), testing::SpotrunBinary());
  SubprocessOptions options;
  options.argv = std::move(args);
  options.env = {{"HOME", session.home()},
                 {"PATH", std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin:/bin"},
                 {"LANG", "C.UTF-8"},
                 {"TMPDIR", session.home()},
                 {"AWS_PROFILE", "local"}};
  options.clear_env = true;
  options.timeout = run_for;
  Result<SubprocessResult> r = RunSubprocess(options);
  return r.ok() ? *r : SubprocessResult{};
}

bool Fetches(int port, std::string_view path, std::string_view expected) {
  SubprocessOptions options;
  options.argv = {"/usr/bin/python3", "-c",
                  fmt::format("import urllib.request, sys; sys.stdout.write(urllib.request."
                              "urlopen('http://127.0.0.1:{}{}').read().decode())",
                              port, path)};
  options.timeout = std::chrono::seconds(10);
  Result<SubprocessResult> fetched = RunSubprocess(options);
  return fetched.ok() && fetched->stdout_text == expected;
}

class SshCommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<SshIdentity> identity = ResolveSshIdentity(
        {.home = session_.home(), .config_dir = session_.home() + "/.config/spotrun"});
    ASSERT_TRUE(identity.ok()) << identity.status().ToString();
    ASSERT_TRUE(session_.ec2()
                    .ImportKeyPair({.key_name = identity->key_pair_name,
                                    .public_key_material = identity->public_key})
                    .ok());
    Result<std::vector<Image>> images = session_.ec2().DescribeImages(
        {.owners = {"099720109477"}, .filters = {{"architecture", {"x86_64"}}}});
    ASSERT_TRUE(images.ok() && !images->empty());
    RunInstancesRequest request{.image_id = images->front().image_id,
                                .instance_type = "t3.micro",
                                .key_name = identity->key_pair_name};
    request.tag_specifications = {{.resource_type = "instance", .tags = ManagedTags("box")}};
    Result<Reservation> launched = session_.ec2().RunInstances(request);
    ASSERT_TRUE(launched.ok()) << launched.status().ToString();
    id_ = launched->instances.front().instance_id;
    ASSERT_TRUE(testing::LocalCloudSession::WaitFor([&] {
      Instance i = session_.Describe(id_);
      if (i.state.name != "running") return false;
      address_ = i.public_ip_address;
      int port = 22;
      for (const Tag& t : i.tags) {
        if (t.key == kLocalCloudSshPortTag) {
          std::from_chars(t.value.data(), t.value.data() + t.value.size(), port);
        }
      }
      return ProbeTcp(address_, port, std::chrono::milliseconds(200)) == TcpProbeResult::kAccepted;
    })) << "the instance's sshd never answered";
  }

  // The instance's home: STATE/instances/ID/home/USER.
  std::filesystem::path InstanceHome() {
    return std::filesystem::path(session_.cloud().options().state_dir) / "instances" / id_ /
           "home" / session_.cloud().login_user();
  }

  testing::LocalCloudSession session_;
  std::string id_;
  std::string address_;
};

TEST_F(SshCommandsTest, ExecPrintsOutputAndExitsZero) {
  SubprocessResult r = session_.Run({"exec", "box", "--", "echo", "hi"});
  EXPECT_EQ(r.exit_code, 0) << r.stderr_text;
  EXPECT_EQ(r.stdout_text, "hi\n");
  // The host key was accepted into spotrun's own known-hosts file (perhaps hashed, as
  // Debian's ssh_config asks).
  std::string known = ReadAll(session_.home() + "/.config/spotrun/known_hosts");
  EXPECT_THAT(known, HasSubstr("ssh-ed25519"));
  // A second run trusts the recorded key.
  r = session_.Run({"exec", "box", "--", "echo again"});
  EXPECT_EQ(r.exit_code, 0) << r.stderr_text;
  EXPECT_EQ(r.stdout_text, "again\n");
}

TEST_F(SshCommandsTest, ExecReturnsTheRemoteExitCodeAndStreamsStderr) {
  SubprocessResult r = session_.Run({"exec", "box", "--", "sh", "-c", "echo oops >&2; exit 3"});
  EXPECT_EQ(r.exit_code, 3) << r.stderr_text;
  EXPECT_THAT(r.stderr_text, HasSubstr("oops"));
  EXPECT_THAT(r.stderr_text, Not(HasSubstr("error:")));

  r = session_.Run({"exec", "box", "--", "ls | wc -l && exit 4"});  // one word: a shell line
  EXPECT_EQ(r.exit_code, 4) << r.stderr_text;
}

TEST_F(SshCommandsTest, ExecRunsInTheInstanceHomeAndPassesStdinOn) {
  SubprocessResult r = session_.Run({"exec", "box", "--", "cat > from-stdin.txt"}, "piped\n");
  EXPECT_EQ(r.exit_code, 0) << r.stderr_text;
  EXPECT_EQ(ReadAll(InstanceHome() / "from-stdin.txt"), "piped\n");
}

TEST_F(SshCommandsTest, ExecWithoutACommandIsAUsageError) {
  SubprocessResult r = session_.Run({"exec", "box"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.stderr_text, HasSubstr("no command given"));
}

TEST_F(SshCommandsTest, SshWithACommandRunsItNonInteractively) {
  SubprocessResult r = session_.Run({"ssh", "box", "--", "echo $SSH_CONNECTION"});
  EXPECT_EQ(r.exit_code, 0) << r.stderr_text;
  EXPECT_THAT(r.stdout_text, HasSubstr(address_));
  r = session_.Run({"ssh", id_, "--", "exit 7"});  // by id; ssh's exit code is passed on
  EXPECT_EQ(r.exit_code, 7) << r.stderr_text;
}

TEST_F(SshCommandsTest, SshTunnelReachesAServerOnTheMachine) {
  // A web server on the machine's own address (as instance programs should listen) ...
  WriteFile(InstanceHome() / "www" / "hello.txt", "through the tunnel\n");
  const int remote_port = 18000 + static_cast<int>(::getpid() % 1000);
  SubprocessResult started = session_.Run(
      {"exec", "box", "--",
       fmt::format(
           "cd www || exit 1; nohup /usr/bin/python3 -m http.server --bind {} {} >/dev/null "
           "2>&1 </dev/null &",
           address_, remote_port)});
  ASSERT_EQ(started.exit_code, 0) << started.stderr_text;
  ASSERT_TRUE(testing::LocalCloudSession::WaitFor([&] {
    return ProbeTcp(address_, remote_port, std::chrono::milliseconds(200)) ==
           TcpProbeResult::kAccepted;
  }));
  // ... fetched here through `spotrun ssh -L LOCAL:ADDRESS:PORT -- sleep`, while it runs.
  const int local_port = remote_port + 1000;
  SubprocessResult tunnel;
  std::thread ssh([&] {
    tunnel = session_.Run({"ssh", "box", "-L",
                           fmt::format("{}:{}:{}", local_port, address_, remote_port), "--",
                           "sleep", "5"});
  });
  bool up = testing::LocalCloudSession::WaitFor(
      [&] {
        return ProbeTcp("127.0.0.1", local_port, std::chrono::milliseconds(200)) ==
               TcpProbeResult::kAccepted;
      },
      std::chrono::seconds(5));
  bool fetched = up && Fetches(local_port, "/hello.txt", "through the tunnel\n");
  ssh.join();
  EXPECT_EQ(tunnel.exit_code, 0) << tunnel.stderr_text;
  EXPECT_TRUE(fetched) << tunnel.stderr_text;
}

TEST_F(SshCommandsTest, BadTunnelSpecIsAUsageError) {
  SubprocessResult r = session_.Run({"ssh", "box", "-L", "notaport", "--", "true"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.stderr_text, HasSubstr("bad tunnel '-L notaport'"));
}

TEST_F(SshCommandsTest, SyncUpAndDownADirectory) {
  std::filesystem::path local = session_.home() + "/project";
  WriteFile(local / "a.txt", "alpha\n");
  WriteFile(local / "sub" / "b.txt", "beta\n");
  SubprocessResult dry = session_.Run({"sync", "--dry-run", local.string(), "box:"});
  ASSERT_EQ(dry.exit_code, 0) << dry.stderr_text;
  EXPECT_THAT(dry.stdout_text, HasSubstr("project/a.txt"));  // listed, not copied
  EXPECT_FALSE(std::filesystem::exists(InstanceHome() / "project"));

  SubprocessResult up = session_.Run({"sync", local.string(), "box:"});
  ASSERT_EQ(up.exit_code, 0) << up.stderr_text;
  EXPECT_EQ(ReadAll(InstanceHome() / "project" / "a.txt"), "alpha\n");
  EXPECT_EQ(ReadAll(InstanceHome() / "project" / "sub" / "b.txt"), "beta\n");

  WriteFile(InstanceHome() / "project" / "result.txt", "42\n");
  std::filesystem::path back = session_.home() + "/back";
  SubprocessResult down = session_.Run({"sync", "box:project/", back.string()});
  ASSERT_EQ(down.exit_code, 0) << down.stderr_text;
  EXPECT_EQ(ReadAll(back / "result.txt"), "42\n");
  EXPECT_EQ(ReadAll(back / "sub" / "b.txt"), "beta\n");
}

TEST_F(SshCommandsTest, SyncPassesRsyncsExitCodeOn) {
  SubprocessResult r = session_.Run({"sync", "box:no-such-dir/", session_.home() + "/x"});
  EXPECT_EQ(r.exit_code, 23) << r.stderr_text;  // rsync: partial transfer due to error
}

TEST_F(SshCommandsTest, SyncNeedsExactlyOneRemoteSide) {
  SubprocessResult r = session_.Run({"sync", "./a", "./b"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.stderr_text, HasSubstr("neither side names a machine"));
  r = session_.Run({"sync", "box:a", "box:b"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.stderr_text, HasSubstr("both sides name a machine"));
}

TEST_F(SshCommandsTest, JupyterNotInstalledSaysHowToInstallIt) {
  SubprocessResult r = session_.Run({"jupyter", "box"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.stderr_text, HasSubstr("Jupyter is not installed on box"));
  EXPECT_THAT(r.stderr_text, HasSubstr("spotrun exec box -- pip install jupyterlab"));
}

// A stand-in for Jupyter on the machine (its PATH has ~/.local/bin first, as for a
// `pip install --user`): `server list --json` prints what `lab` recorded once it listens;
// `lab` serves ~/www on 127.0.0.1:PORT with python's http.server.
// clang-format off
constexpr std::string_view kFakeJupyter = R"sh(#!/bin/sh
state="$HOME/.fake-jupyter.json"
case "$1" in
  server) [ -f "$state" ] && cat "$state"; exit 0 ;;
  lab)
    for a in "$@"; do case "$a" in --port=*) port="${a#--port=}" ;; esac; done
    cd "$HOME/www" || exit 1
    /usr/bin/python3 -m http.server --bind 127.0.0.1 "$port" & server=$!
    until /usr/bin/python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null; do
      sleep 0.1
    done
    printf '{"base_url": "/", "port": %s, "token": "%s", "pid": %s}\n' "$port" "$JUPYTER_TOKEN" "$server" > "$state"
    wait $server ;;
esac
exit 2
)sh";
// clang-format on

TEST_F(SshCommandsTest, JupyterStartsTheServerOnceAndTunnelsToIt) {
  std::filesystem::path fake = InstanceHome() / ".local" / "bin" / "jupyter";
  WriteFile(fake, kFakeJupyter);
  std::filesystem::permissions(fake, std::filesystem::perms::owner_all);
  WriteFile(InstanceHome() / "www" / "hello.txt", "notebook\n");
  const int port = 20000 + static_cast<int>(::getpid() % 1000);

  // The server itself holds `port` here too (one host), so the tunnel takes the next one.
  SubprocessResult first;
  std::thread jupyter([&] {
    first = RunFor(session_, {"jupyter", "box", "--port", std::to_string(port)},
                   std::chrono::seconds(15));
  });
  bool tunnelled = testing::LocalCloudSession::WaitFor(
      [&] {
        return ProbeTcp("127.0.0.1", port + 1, std::chrono::milliseconds(200)) ==
               TcpProbeResult::kAccepted;
      },
      std::chrono::seconds(14));
  bool fetched = tunnelled && Fetches(port + 1, "/hello.txt", "notebook\n");
  jupyter.join();
  EXPECT_TRUE(fetched) << first.stderr_text;
  EXPECT_THAT(first.stderr_text, HasSubstr("Jupyter on box: starting"));
  std::string recorded = ReadAll(InstanceHome() / ".fake-jupyter.json");
  size_t at = recorded.find("\"token\": \"");
  ASSERT_NE(at, std::string::npos) << recorded;
  std::string token = recorded.substr(at + 10, 48);
  EXPECT_EQ(first.stdout_text, fmt::format("http://127.0.0.1:{}/lab?token={}\n", port + 1, token));

  // Running again finds the server instead of starting another.
  SubprocessResult again =
      RunFor(session_, {"jupyter", "box", "--port", std::to_string(port)}, std::chrono::seconds(5));
  EXPECT_THAT(again.stderr_text, Not(HasSubstr("starting")));
  EXPECT_EQ(again.stdout_text, first.stdout_text);
}

TEST_F(SshCommandsTest, StoppedMachineSaysHowToStartIt) {
  ASSERT_TRUE(session_.ec2().StopInstances({.instance_ids = {id_}}).ok());
  ASSERT_TRUE(testing::LocalCloudSession::WaitFor(
      [&] { return session_.Describe(id_).state.name == "stopped"; }));
  for (std::string_view command : {"ssh", "exec", "jupyter"}) {
    std::vector<std::string> args{std::string(command), "box"};
    if (command == "exec") args.insert(args.end(), {"--", "true"});
    SubprocessResult r = session_.Run(args);
    EXPECT_EQ(r.exit_code, 1) << command;
    EXPECT_THAT(r.stderr_text, HasSubstr("machine box is stopped, not running")) << command;
    EXPECT_THAT(r.stderr_text, HasSubstr("spotrun start box")) << command;
  }
  SubprocessResult r = session_.Run({"sync", "./x", "box:"});
  EXPECT_THAT(r.stderr_text, HasSubstr("machine box is stopped"));
}

TEST_F(SshCommandsTest, UnknownMachineIsNotFound) {
  SubprocessResult r = session_.Run({"exec", "bx", "--", "true"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.stderr_text, HasSubstr("bx"));
  r = session_.Run({"ssh", "nosuch"});
  EXPECT_EQ(r.exit_code, 3);
}

}  // namespace
}  // namespace spotrun
