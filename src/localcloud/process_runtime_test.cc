// Real processes, real sshd, real ssh clients on per-test loopback addresses. Time is real
// here, so every wait polls with a deadline. The fixture owns the runtime (which stops every
// instance when destroyed) and the temp directories, so nothing survives a failed test.
#include "localcloud/process_runtime.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <charconv>
#include <filesystem>
#include <thread>

#include "base/file.h"
#include "base/subprocess.h"
#include "base/temp_dir.h"
#include "http/curl_http_client.h"
#include "localcloud/imds_server.h"
#include "localcloud/listen_port.h"
#include "localcloud/poll_until.h"
#include "localcloud/proc_table.h"
#include "localcloud/test_loopback_addresses.h"

namespace spotrun {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;
using ::testing::HasSubstr;
using Tracking = ProcessRuntime::Tracking;

constexpr milliseconds kDeadline(10000);

pid_t ParsePid(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
  pid_t pid = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), pid);
  return ec == std::errc() && end == text.data() + text.size() ? pid : 0;
}

// An ImdsSource that knows every instance by its id and nothing else.
class IdOnlyImdsSource final : public ImdsSource {
 public:
  std::optional<ImdsView> Lookup(std::string_view instance_id) override {
    ImdsView view;
    view.entries["meta-data/instance-id"] = std::string(instance_id);
    return view;
  }
};

class ProcessRuntimeTest : public ::testing::TestWithParam<Tracking> {
 protected:
  void SetUp() override {
    Result<ScopedTempDir> dir = ScopedTempDir::Create("spotrun-runtime-test");
    ASSERT_TRUE(dir.ok());
    dir_ = std::make_unique<ScopedTempDir>(std::move(dir).value());
    ASSERT_TRUE(MakeKey("launch_key", &key_).ok());
    ASSERT_TRUE(MakeKey("other_key", &other_key_).ok());

    ProcessRuntime::Options options;
    options.state_dir = (dir_->path() / "state").string();
    options.use_freezer_cgroup = GetParam() == Tracking::kFreezerCgroup;
    Result<std::unique_ptr<ProcessRuntime>> runtime = ProcessRuntime::Create(options);
    ASSERT_TRUE(runtime.ok()) << runtime.status().ToString();
    runtime_ = std::move(runtime).value();
    if (runtime_->tracking() != GetParam()) {
      GTEST_SKIP() << "no writable cgroup v1 freezer hierarchy on this machine";
    }
  }

  // The runtime goes first (it ends every instance process), then the directories.
  void TearDown() override {
    imds_.reset();
    runtime_.reset();
    dir_.reset();
  }

  Status MakeKey(const std::string& name, std::string* path) {
    *path = (dir_->path() / name).string();
    SubprocessOptions keygen;
    keygen.argv = {"ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", *path};
    SPOTRUN_ASSIGN_OR_RETURN(SubprocessResult made, RunSubprocess(keygen));
    return made.success() ? Status::Ok() : Status::Internal(made.stderr_text);
  }

  InstanceSpec Spec(std::string id) {
    InstanceSpec spec;
    spec.instance_id = std::move(id);
    spec.address = testing::TestAddress();
    spec.authorized_key = *ReadFile(key_ + ".pub");
    return spec;
  }

  // Boots and waits until sshd answers.
  void BootAndWait(const InstanceSpec& spec) {
    Status booted = runtime_->Boot(spec);
    ASSERT_TRUE(booted.ok()) << booted.ToString();
    ASSERT_TRUE(PollUntil(
        kDeadline, [&] { return runtime_->SshReady(spec.instance_id); }, milliseconds(20)))
        << "sshd did not come up; see " << runtime_->RootDir(spec.instance_id)
        << "/var/log/sshd.log";
  }

  std::vector<std::string> SshArgs(const std::string& id, const std::string& key) {
    RuntimeStatus status = *runtime_->Describe(id);
    return {"-F", "/dev/null", "-i", key, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o",
            "StrictHostKeyChecking=accept-new", "-o",
            "UserKnownHostsFile=" + (dir_->path() / "known_hosts").string(), "-o",
            "ConnectTimeout=5", "-o", "LogLevel=ERROR",
            // The cheapest key exchange: the default post-quantum one costs a second of CPU
            // on a loaded two-core machine, and these tests open many connections.
            "-o", "KexAlgorithms=curve25519-sha256", "-p", std::to_string(status.ssh_port)};
  }

  std::string Destination(const std::string& id) {
    return runtime_->login_user() + "@" + runtime_->Describe(id)->address;
  }

  SubprocessResult Ssh(const std::string& id, const std::string& command,
                       const std::string& key = "") {
    SubprocessOptions ssh;
    ssh.argv = {"ssh"};
    for (std::string& a : SshArgs(id, key.empty() ? key_ : key)) ssh.argv.push_back(std::move(a));
    ssh.argv.push_back(Destination(id));
    ssh.argv.push_back(command);
    ssh.timeout = milliseconds(20000);
    Result<SubprocessResult> result = RunSubprocess(ssh);
    EXPECT_TRUE(result.ok());
    return result.ok() ? *result : SubprocessResult{};
  }

  std::unique_ptr<ScopedTempDir> dir_;
  std::string key_, other_key_;
  std::unique_ptr<ProcessRuntime> runtime_;
  IdOnlyImdsSource imds_source_;
  RealClock clock_;
  std::unique_ptr<ImdsServer> imds_;
};

TEST_P(ProcessRuntimeTest, SshWithTheLaunchKeyWorksAndAnotherKeyIsRefused) {
  InstanceSpec spec = Spec("i-ssh");
  BootAndWait(spec);
  RuntimeStatus status = *runtime_->Describe("i-ssh");
  EXPECT_EQ(status.state, RuntimeState::kRunning);
  EXPECT_EQ(status.address, spec.address);
  if (::geteuid() == 0) {
    EXPECT_EQ(status.ssh_port, 22);  // root may bind it, and nothing else listens there
  }

  SubprocessResult hi = Ssh("i-ssh", "echo hi");
  EXPECT_EQ(hi.exit_code, 0) << hi.stderr_text;
  EXPECT_EQ(hi.stdout_text, "hi\n");

  SubprocessResult refused = Ssh("i-ssh", "echo hi", other_key_);
  EXPECT_EQ(refused.exit_code, 255);
  EXPECT_THAT(refused.stderr_text, HasSubstr("Permission denied"));
}

TEST_P(ProcessRuntimeTest, SessionsRunInTheInstanceHomeWithItsEnvironment) {
  InstanceSpec spec = Spec("i-env");
  spec.environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = "http://" + spec.address + ":1338";
  BootAndWait(spec);
  SubprocessResult env = Ssh("i-env",
                             "pwd; echo $HOME; echo $AWS_EC2_METADATA_SERVICE_ENDPOINT; "
                             "echo $SPOTRUN_LOCALCLOUD_INSTANCE");
  ASSERT_EQ(env.exit_code, 0) << env.stderr_text;
  const std::string home = runtime_->HomeDir("i-env");
  std::string marker = runtime_->Marker("i-env");
  EXPECT_EQ(env.stdout_text, home + "\n" + home + "\nhttp://" + spec.address + ":1338\n" +
                                 marker.substr(marker.find('=') + 1) + "\n");
}

TEST_P(ProcessRuntimeTest, TerminateEndsEveryProcessHoweverItDaemonised) {
  BootAndWait(Spec("i-term"));
  SubprocessResult nohup = Ssh("i-term", "nohup sleep 300 >/dev/null 2>&1 & echo $!");
  ASSERT_EQ(nohup.exit_code, 0) << nohup.stderr_text;
  // Double fork + setsid: the daemon's parent exits, so it is orphaned in a new session.
  SubprocessResult daemon =
      Ssh("i-term",
          "(setsid sh -c 'echo $$ > daemon.pid; exec sleep 300' </dev/null >/dev/null 2>&1 &); "
          "while [ ! -s daemon.pid ]; do sleep 0.02; done; cat daemon.pid");
  ASSERT_EQ(daemon.exit_code, 0) << daemon.stderr_text;
  pid_t nohup_pid = ParsePid(nohup.stdout_text);
  pid_t daemon_pid = ParsePid(daemon.stdout_text);
  ASSERT_GT(nohup_pid, 0) << nohup.stdout_text;
  ASSERT_GT(daemon_pid, 0) << daemon.stdout_text;
  EXPECT_TRUE(ProcessAlive(nohup_pid));
  EXPECT_TRUE(ProcessAlive(daemon_pid));
  EXPECT_GE(runtime_->Describe("i-term")->process_count, 4);  // init, sshd, sleep, sleep

  Status terminated = runtime_->Terminate("i-term", /*keep_root=*/false);
  ASSERT_TRUE(terminated.ok()) << terminated.ToString();
  EXPECT_FALSE(ProcessAlive(nohup_pid));
  EXPECT_FALSE(ProcessAlive(daemon_pid));
  EXPECT_FALSE(fs::exists(runtime_->RootDir("i-term")));
  EXPECT_EQ(runtime_->Describe("i-term")->state, RuntimeState::kAbsent);
  EXPECT_FALSE(runtime_->SshReady("i-term"));
}

TEST_P(ProcessRuntimeTest, StopKeepsTheRootAndBootAgainSeesIt) {
  InstanceSpec spec = Spec("i-stop");
  BootAndWait(spec);
  ASSERT_EQ(Ssh("i-stop", "echo kept > note.txt").exit_code, 0);
  SubprocessResult sleeper = Ssh("i-stop", "nohup sleep 300 >/dev/null 2>&1 & echo $!");
  pid_t sleeper_pid = ParsePid(sleeper.stdout_text);
  ASSERT_GT(sleeper_pid, 0);

  ASSERT_TRUE(runtime_->Stop("i-stop").ok());
  EXPECT_FALSE(ProcessAlive(sleeper_pid));
  RuntimeStatus stopped = *runtime_->Describe("i-stop");
  EXPECT_EQ(stopped.state, RuntimeState::kStopped);
  EXPECT_EQ(stopped.ssh_port, 0);
  EXPECT_TRUE(fs::exists(runtime_->HomeDir("i-stop") + "/note.txt"));

  BootAndWait(spec);
  SubprocessResult note = Ssh("i-stop", "cat note.txt");
  EXPECT_EQ(note.stdout_text, "kept\n") << note.stderr_text;
  // The same host key: the known_hosts entry from the first boot still matches.
  EXPECT_EQ(note.exit_code, 0);
}

TEST_P(ProcessRuntimeTest, UserDataRunsOnceAtFirstBootWithItsOutputLogged) {
  InstanceSpec spec = Spec("i-ud");
  spec.user_data = "#!/bin/sh\necho run >> \"$HOME/runs\"\necho hello from user data\n";
  BootAndWait(spec);
  const std::string log = runtime_->RootDir("i-ud") + "/var/log/cloud-init-output.log";
  ASSERT_TRUE(PollUntil(kDeadline, [&] {
    return ReadFile(log).value_or("").find("hello from user data") != std::string::npos;
  })) << ReadFile(log).value_or("(no log)");

  ASSERT_TRUE(runtime_->Stop("i-ud").ok());
  BootAndWait(spec);
  // The second boot starts no user-data process at all, so its absence is final here.
  SubprocessResult runs = Ssh("i-ud", "cat runs");
  EXPECT_EQ(runs.stdout_text, "run\n");
  EXPECT_EQ(ReadFile(log).value_or(""), "hello from user data\n");
}

TEST_P(ProcessRuntimeTest, HibernateFreezesProcessesAndResumeContinuesThem) {
  BootAndWait(Spec("i-hib"));
  SubprocessResult counter =
      Ssh("i-hib",
          "nohup sh -c 'i=0; while :; do i=$((i+1)); echo $i > counter.tmp; "
          "mv counter.tmp counter; sleep 0.02; done' >/dev/null 2>&1 & echo $!");
  ASSERT_EQ(counter.exit_code, 0) << counter.stderr_text;
  const std::string file = runtime_->HomeDir("i-hib") + "/counter";
  auto value = [&] { return ReadFile(file).value_or(""); };
  ASSERT_TRUE(PollUntil(kDeadline, [&] { return !value().empty(); }));
  std::string before = value();
  ASSERT_TRUE(PollUntil(kDeadline, [&] { return value() != before; })) << "counter never ran";

  ASSERT_TRUE(runtime_->Hibernate("i-hib").ok());
  EXPECT_EQ(runtime_->Describe("i-hib")->state, RuntimeState::kHibernated);
  EXPECT_FALSE(runtime_->SshReady("i-hib"));
  EXPECT_EQ(runtime_->Hibernate("i-hib").kind(), ErrorKind::kFailedPrecondition);
  std::string frozen = value();
  // Proving that something does NOT happen needs a stretch of real time: the counter ticks
  // every 20 ms, so 300 ms without a change is fifteen missed ticks.
  EXPECT_FALSE(PollUntil(milliseconds(300), [&] { return value() != frozen; }));

  ASSERT_TRUE(runtime_->Resume("i-hib").ok());
  EXPECT_EQ(runtime_->Describe("i-hib")->state, RuntimeState::kRunning);
  EXPECT_TRUE(PollUntil(kDeadline, [&] { return value() != frozen; })) << "counter stayed frozen";
  EXPECT_TRUE(PollUntil(kDeadline, [&] { return runtime_->SshReady("i-hib"); }));
}

TEST_P(ProcessRuntimeTest, StopEndsAHibernatedInstance) {
  BootAndWait(Spec("i-hibstop"));
  SubprocessResult sleeper = Ssh("i-hibstop", "nohup sleep 300 >/dev/null 2>&1 & echo $!");
  pid_t pid = ParsePid(sleeper.stdout_text);
  ASSERT_GT(pid, 0);
  ASSERT_TRUE(runtime_->Hibernate("i-hibstop").ok());
  ASSERT_TRUE(runtime_->Stop("i-hibstop").ok());
  EXPECT_FALSE(ProcessAlive(pid));
  EXPECT_EQ(runtime_->Describe("i-hibstop")->state, RuntimeState::kStopped);
}

TEST_P(ProcessRuntimeTest, SessionsReachTheInstanceImdsThroughTheEndpointVariable) {
  imds_ = std::make_unique<ImdsServer>(imds_source_, clock_);
  InstanceSpec spec = Spec("i-imds");
  Result<std::string> endpoint = imds_->Serve("i-imds", spec.address);
  ASSERT_TRUE(endpoint.ok()) << endpoint.status().ToString();
  spec.environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = *endpoint;
  BootAndWait(spec);
  SubprocessResult id =
      Ssh("i-imds",
          "E=$AWS_EC2_METADATA_SERVICE_ENDPOINT; "
          "T=$(curl -sf -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 60' $E/latest/api/token) "
          "&& curl -sf -H \"X-aws-ec2-metadata-token: $T\" $E/latest/meta-data/instance-id");
  EXPECT_EQ(id.exit_code, 0) << id.stderr_text;
  EXPECT_EQ(id.stdout_text, "i-imds");
}

TEST_P(ProcessRuntimeTest, BootTwiceAndBadSpecsAreRefused) {
  InstanceSpec spec = Spec("i-twice");
  BootAndWait(spec);
  EXPECT_EQ(runtime_->Boot(spec).kind(), ErrorKind::kFailedPrecondition);
  EXPECT_EQ(runtime_->Resume("i-twice").kind(), ErrorKind::kFailedPrecondition);

  InstanceSpec bad = Spec("../escape");
  EXPECT_EQ(runtime_->Boot(bad).kind(), ErrorKind::kInvalidArgument);
  EXPECT_EQ(runtime_->Terminate("../escape", false).kind(), ErrorKind::kInvalidArgument);
  bad = Spec("i-bad");
  bad.address = "10.0.0.1";
  EXPECT_EQ(runtime_->Boot(bad).kind(), ErrorKind::kInvalidArgument);
  bad = Spec("i-bad");
  bad.environment["NOT A NAME"] = "x";
  EXPECT_EQ(runtime_->Boot(bad).kind(), ErrorKind::kInvalidArgument);
  EXPECT_EQ(runtime_->Describe("i-never")->state, RuntimeState::kAbsent);
  EXPECT_TRUE(runtime_->Terminate("i-never", false).ok());
}

TEST_P(ProcessRuntimeTest, TerminateCanKeepTheRoot) {
  BootAndWait(Spec("i-keep"));
  ASSERT_TRUE(runtime_->Terminate("i-keep", /*keep_root=*/true).ok());
  EXPECT_TRUE(fs::exists(runtime_->HomeDir("i-keep")));
  EXPECT_EQ(runtime_->Describe("i-keep")->state, RuntimeState::kStopped);
}

INSTANTIATE_TEST_SUITE_P(Tracking, ProcessRuntimeTest,
                         ::testing::Values(Tracking::kFreezerCgroup, Tracking::kProcessTree),
                         [](const ::testing::TestParamInfo<Tracking>& info) {
                           return info.param == Tracking::kFreezerCgroup ? "FreezerCgroup"
                                                                         : "ProcessTree";
                         });

// File transfer and tunnels do not depend on how processes are tracked: one mode suffices.
class SshToolsTest : public ProcessRuntimeTest {};

TEST_P(SshToolsTest, ScpAndRsyncCopyIntoTheInstanceHome) {
  BootAndWait(Spec("i-copy"));
  const fs::path local = dir_->path() / "payload.txt";
  ASSERT_TRUE(WriteFileAtomic(local.string(), "payload\n").ok());
  const std::string destination = Destination("i-copy");

  SubprocessOptions scp;
  scp.argv = {"scp"};
  std::vector<std::string> args = SshArgs("i-copy", key_);
  args[args.size() - 2] = "-P";  // scp spells the port flag differently
  for (const std::string& a : args) scp.argv.push_back(a);
  scp.argv.push_back(local.string());
  scp.argv.push_back(destination + ":scp-copy.txt");
  scp.timeout = milliseconds(20000);
  SubprocessResult scp_result = *RunSubprocess(scp);
  EXPECT_EQ(scp_result.exit_code, 0) << scp_result.stderr_text;

  std::string ssh_command = "ssh";
  for (const std::string& a : SshArgs("i-copy", key_)) ssh_command += " " + a;
  SubprocessOptions rsync;
  rsync.argv = {"rsync", "-a", "-e", ssh_command, local.string(), destination + ":rsync-copy.txt"};
  rsync.timeout = milliseconds(20000);
  SubprocessResult rsync_result = *RunSubprocess(rsync);
  EXPECT_EQ(rsync_result.exit_code, 0) << rsync_result.stderr_text;

  const std::string home = runtime_->HomeDir("i-copy");
  EXPECT_EQ(ReadFile(home + "/scp-copy.txt").value_or(""), "payload\n");
  EXPECT_EQ(ReadFile(home + "/rsync-copy.txt").value_or(""), "payload\n");
}

TEST_P(SshToolsTest, LocalForwardReachesAServiceOnTheInstanceAddress) {
  imds_ = std::make_unique<ImdsServer>(imds_source_, clock_);
  InstanceSpec spec = Spec("i-tunnel");
  Result<std::string> endpoint = imds_->Serve("i-tunnel", spec.address);
  ASSERT_TRUE(endpoint.ok());
  BootAndWait(spec);
  Result<int> local_port = PickListenPort("127.0.0.1", 0);
  ASSERT_TRUE(local_port.ok());
  std::string remote = endpoint->substr(std::string_view("http://").size());  // ADDRESS:PORT

  SubprocessOptions tunnel;
  tunnel.argv = {"ssh"};
  for (std::string& a : SshArgs("i-tunnel", key_)) tunnel.argv.push_back(std::move(a));
  for (const char* a : {"-o", "ExitOnForwardFailure=yes", "-L"}) tunnel.argv.push_back(a);
  tunnel.argv.push_back("127.0.0.1:" + std::to_string(*local_port) + ":" + remote);
  tunnel.argv.push_back(Destination("i-tunnel"));
  // The session (and so the tunnel) lasts until the test drops a file into the home.
  tunnel.argv.push_back("while [ ! -e tunnel.done ]; do sleep 0.02; done");
  tunnel.timeout = milliseconds(20000);
  std::thread ssh([&] { (void)RunSubprocess(tunnel); });

  auto client = std::make_unique<CurlHttpClient>();
  HttpRequest put;
  put.method = "PUT";
  put.url = "http://127.0.0.1:" + std::to_string(*local_port) + "/latest/api/token";
  put.headers = {{"X-aws-ec2-metadata-token-ttl-seconds", "60"}};
  Result<HttpResponse> token = Status::Unavailable("not tried");
  EXPECT_TRUE(PollUntil(
      kDeadline,
      [&] {
        token = client->Send(put);
        return token.ok() && token->status == 200;
      },
      milliseconds(20)))
      << "no answer through the tunnel";
  // ssh ends only once its forwarded connections are closed: drop the client's keep-alive.
  token = Status::Unavailable("done");
  client.reset();
  EXPECT_TRUE(WriteFileAtomic(runtime_->HomeDir("i-tunnel") + "/tunnel.done", "").ok());
  ssh.join();
}

INSTANTIATE_TEST_SUITE_P(OneTracking, SshToolsTest, ::testing::Values(Tracking::kProcessTree),
                         [](const ::testing::TestParamInfo<Tracking>&) { return "ProcessTree"; });

}  // namespace
}  // namespace spotrun
