#include "agent/agent.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "agent/checkpoint_store.h"
#include "agent/event_mailbox.h"
#include "agent/job_store_layout.h"
#include "base/file.h"
#include "base/temp_dir.h"
#include "testing/imds_test_server.h"
#include "testing/in_memory_s3.h"
#include "testing/in_process_http_client.h"

namespace spotrun {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Kind = AgentEventKind;

constexpr char kBucket[] = "jobs";
constexpr auto kPatience = 20s;  // how long a test waits for a real process before failing

// A job that writes its step to the checkpoint dir when signalled (and then DONE), and runs
// until `finish` appears in its workdir. `ready` tells the test it is running.
constexpr char kCheckpointingJob[] =
    "trap 'echo \"step $SPOTRUN_ATTEMPT\" > \"$SPOTRUN_CHECKPOINT_DIR/state\"; "
    "touch \"$SPOTRUN_CHECKPOINT_DONE\"' USR1\n"
    "touch ready\n"
    "while [ ! -e finish ]; do sleep 0.02; done\n";

void Nap() { ::poll(nullptr, 0, 10); }

class AgentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto dir = ScopedTempDir::Create("agent-test");
    ASSERT_TRUE(dir.ok());
    dir_.emplace(std::move(*dir));
    fs::create_directories(workdir());
    ASSERT_TRUE(s3_.CreateBucket(kBucket).ok());
    config_.job_id = "job-1";
    config_.attempt = 1;
    config_.store = std::string("s3://") + kBucket + "/runs/job-1";
    config_.workdir = workdir().string();
    config_.run = kCheckpointingJob;
    config_.checkpoint_dir = (workdir() / "ckpt").string();
    config_.checkpoint_grace = 5s;
    config_.poll_interval = 20ms;
    config_.log_upload_interval = 100ms;
    config_.environment = {{"JOB_COLOUR", "blue"}};
    options_.state_dir = dir_->path() / "state";
    options_.stop_grace = 2s;
  }

  void TearDown() override {
    if (running_.valid()) {
      Touch("finish");
      running_.wait_for(kPatience);
    }
  }

  fs::path workdir() const { return dir_->path() / "work"; }
  S3Location location() const { return *S3Location::Parse(config_.store); }
  void Touch(const std::string& name) { std::ofstream(workdir() / name) << ""; }

  void StartAgent() {
    agent_ = std::make_unique<Agent>(config_, s3_, imds_, clock_, options_);
    running_ = std::async(std::launch::async, [this] { return agent_->Run(); });
  }
  Result<int> Finish() {
    if (running_.wait_for(kPatience) != std::future_status::ready) {
      ADD_FAILURE() << "the agent did not finish within " << kPatience.count() << " s";
      Touch("finish");
    }
    return running_.get();
  }

  bool WaitForFile(const fs::path& path) {
    auto deadline = std::chrono::steady_clock::now() + kPatience;
    while (!fs::exists(path)) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      Nap();
    }
    return true;
  }
  std::vector<AgentEvent> Events() {
    EventMailbox mailbox(s3_, location());
    Result<std::vector<AgentEvent>> events = mailbox.Read(config_.attempt, 0);
    return events.ok() ? *events : std::vector<AgentEvent>{};
  }
  std::vector<Kind> Kinds() {
    std::vector<Kind> kinds;
    for (const AgentEvent& e : Events()) kinds.push_back(e.kind);
    return kinds;
  }
  int Count(Kind kind) {
    std::vector<Kind> kinds = Kinds();
    return static_cast<int>(std::count(kinds.begin(), kinds.end(), kind));
  }
  bool WaitForEvents(Kind kind, int count = 1) {
    auto deadline = std::chrono::steady_clock::now() + kPatience;
    while (Count(kind) < count) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      Nap();
    }
    return true;
  }
  std::optional<AgentEvent> Find(Kind kind) {
    for (const AgentEvent& e : Events()) {
      if (e.kind == kind) return e;
    }
    return std::nullopt;
  }
  std::vector<CheckpointManifest> Checkpoints() {
    CheckpointStore store(s3_, location(), clock_, {});
    Result<std::vector<CheckpointManifest>> listed = store.ListComplete();
    EXPECT_TRUE(listed.ok()) << listed.status().message();
    return listed.value_or(std::vector<CheckpointManifest>{});
  }
  std::vector<std::string> KeysUnder(std::string_view relative) {
    std::vector<std::string> keys;
    for (const std::string& key : s3_.Keys(kBucket)) {
      if (key.starts_with(location().Key(relative))) keys.push_back(key);
    }
    return keys;
  }
  std::string Uploaded(std::string_view relative) {
    return s3_.Body(kBucket, location().Key(relative)).value_or("");
  }

  std::optional<ScopedTempDir> dir_;
  RealClock clock_;  // the job is a real process
  testing::InMemoryS3 s3_{clock_};
  testing::ImdsTestServer imds_server_{clock_};
  testing::InProcessHttpClient http_{
      [this](const HttpRequest& r) -> Result<HttpResponse> { return imds_server_.Handle(r); }};
  ImdsClient imds_{http_, clock_, ImdsClient::Options{}};
  AgentConfig config_;
  Agent::Options options_;
  std::unique_ptr<Agent> agent_;
  std::future<Result<int>> running_;
};

TEST_F(AgentTest, NoticeSignalsTheJobUploadsItsCheckpointStopsItAndReportsInOrder) {
  StartAgent();
  ASSERT_TRUE(WaitForFile(workdir() / "ready"));
  imds_server_.SetSpotInstanceAction("terminate", clock_.Now() + 2min);
  Result<int> exit_code = Finish();
  ASSERT_TRUE(exit_code.ok()) << exit_code.status().message();
  EXPECT_EQ(*exit_code, 0);

  EXPECT_EQ(Kinds(),
            (std::vector<Kind>{Kind::kStarted, Kind::kRunStarted, Kind::kNotice,
                               Kind::kCheckpointUploaded, Kind::kRunExited, Kind::kAgentExit}));
  std::vector<CheckpointManifest> checkpoints = Checkpoints();
  ASSERT_EQ(checkpoints.size(), 1u);
  EXPECT_EQ(Find(Kind::kCheckpointUploaded)->checkpoint_seq, checkpoints[0].seq);
  EXPECT_NE(Find(Kind::kNotice)->detail.find("terminate at"), std::string::npos);
  EXPECT_EQ(Find(Kind::kRunExited)->exit_code, 128 + SIGTERM);  // stopped, not finished
  EXPECT_EQ(Find(Kind::kStarted)->instance_id, "i-0123456789abcdef0");
  EXPECT_TRUE(KeysUnder("outputs/").empty());
  EXPECT_NE(Uploaded(LogKey(1)).find("interruption notice"), std::string::npos);
}

// The heartbeat is one object per attempt, overwritten every heartbeat_interval while the job
// runs (the controller compares what it reads; the seq makes every one differ).
TEST_F(AgentTest, PostsItsHeartbeatOnTheIntervalInOneObject) {
  config_.heartbeat_interval = 100ms;
  const auto started = std::chrono::steady_clock::now();
  StartAgent();
  ASSERT_TRUE(WaitForFile(workdir() / "ready"));
  auto deadline = started + kPatience;
  int64_t seq = 0;
  while (seq < 5 && std::chrono::steady_clock::now() < deadline) {
    std::string body = Uploaded(HeartbeatKey(1));
    if (!body.empty()) {
      nlohmann::json j = nlohmann::json::parse(body);
      EXPECT_EQ(j.value("attempt", 0), 1);
      EXPECT_GE(j.value("seq", int64_t{0}), seq);  // never goes back
      seq = j.value("seq", int64_t{0});
    }
    Nap();
  }
  ASSERT_GE(seq, 5) << "fewer than 5 heartbeats in " << kPatience.count() << " s";
  // The first goes up at start, then one per interval: not faster than the interval allows.
  EXPECT_GE(std::chrono::steady_clock::now() - started, 4 * 100ms);
  EXPECT_EQ(KeysUnder("heartbeats/").size(), 1u);
  Touch("finish");
  ASSERT_TRUE(Finish().ok());
}

TEST_F(AgentTest, RebalanceTakesAnEarlyCheckpointAndTheJobRunsOn) {
  StartAgent();
  ASSERT_TRUE(WaitForFile(workdir() / "ready"));
  imds_server_.SetRebalanceRecommendation(clock_.Now());
  ASSERT_TRUE(WaitForEvents(Kind::kCheckpointUploaded));
  Touch("finish");
  Result<int> exit_code = Finish();
  ASSERT_TRUE(exit_code.ok());
  EXPECT_EQ(*exit_code, 0);
  EXPECT_EQ(Kinds(), (std::vector<Kind>{Kind::kStarted, Kind::kRunStarted, Kind::kRebalance,
                                        Kind::kCheckpointUploaded, Kind::kOutputsUploaded,
                                        Kind::kRunExited, Kind::kAgentExit}));
  EXPECT_EQ(Checkpoints().size(), 1u);
  EXPECT_EQ(Find(Kind::kRunExited)->exit_code, 0);
}

TEST_F(AgentTest, TakesPeriodicCheckpointsAndKeepsTheNewestN) {
  config_.checkpoint_every = 150ms;
  config_.keep_checkpoints = 2;
  StartAgent();
  ASSERT_TRUE(WaitForEvents(Kind::kCheckpointUploaded, 3));
  Touch("finish");
  ASSERT_TRUE(Finish().ok());
  std::vector<CheckpointManifest> checkpoints = Checkpoints();
  ASSERT_EQ(checkpoints.size(), 2u);
  EXPECT_GE(checkpoints[0].seq, 3);
  EXPECT_EQ(checkpoints[0].files.size(), 1u);
  EXPECT_EQ(checkpoints[0].files[0].path, "state");
}

TEST_F(AgentTest, AJobThatIgnoresTheSignalFailsItsCheckpointWithinTheGraceAndNothingIsStored) {
  config_.run = "trap '' USR1; touch ready; while :; do sleep 0.02; done";
  config_.checkpoint_grace = 500ms;
  StartAgent();
  ASSERT_TRUE(WaitForFile(workdir() / "ready"));
  // Something half-written sits in the dir: it must not be stored.
  std::ofstream(fs::path(config_.checkpoint_dir) / "partial") << "half";
  auto notice_at = std::chrono::steady_clock::now();
  imds_server_.SetSpotInstanceAction("terminate", clock_.Now() + 2min);
  ASSERT_TRUE(WaitForEvents(Kind::kCheckpointFailed));
  auto failed_after = std::chrono::steady_clock::now() - notice_at;
  Result<int> exit_code = Finish();
  ASSERT_TRUE(exit_code.ok());
  EXPECT_EQ(*exit_code, 0);
  EXPECT_LT(failed_after, 500ms + 1500ms);  // the grace plus polling and posting slack
  EXPECT_NE(Find(Kind::kCheckpointFailed)->detail.find("did not write SPOTRUN_CHECKPOINT_DONE"),
            std::string::npos);
  EXPECT_TRUE(KeysUnder("checkpoints/").empty());
  EXPECT_EQ(Kinds(),
            (std::vector<Kind>{Kind::kStarted, Kind::kRunStarted, Kind::kNotice,
                               Kind::kCheckpointFailed, Kind::kRunExited, Kind::kAgentExit}));
}

TEST_F(AgentTest, TheNoticeDeadlineBoundsTheCheckpointWhenItIsSoonerThanTheGrace) {
  config_.run = "trap '' USR1; touch ready; while :; do sleep 0.02; done";
  config_.checkpoint_grace = 60s;
  config_.notice_margin = 15s;
  StartAgent();
  ASSERT_TRUE(WaitForFile(workdir() / "ready"));
  auto notice_at = std::chrono::steady_clock::now();
  // The machine goes in 2 s: shorter than the 15 s margin, so a quarter of it (0.5 s) is
  // kept as margin and the job has about 1.5 s, far less than its 60 s grace.
  imds_server_.SetSpotInstanceAction("terminate", clock_.Now() + 2s);
  ASSERT_TRUE(WaitForEvents(Kind::kCheckpointFailed));
  EXPECT_LT(std::chrono::steady_clock::now() - notice_at, 3s);
  ASSERT_TRUE(Finish().ok());
}

TEST_F(AgentTest, RunExitingNonZeroIsReportedWithoutOutputs) {
  config_.run = "echo result > out.txt; exit 1";
  config_.outputs = {"out.txt"};
  StartAgent();
  Result<int> exit_code = Finish();
  ASSERT_TRUE(exit_code.ok());
  EXPECT_EQ(*exit_code, 1);
  EXPECT_EQ(Kinds(), (std::vector<Kind>{Kind::kStarted, Kind::kRunStarted, Kind::kRunExited,
                                        Kind::kAgentExit}));
  EXPECT_EQ(Find(Kind::kRunExited)->exit_code, 1);
  EXPECT_TRUE(KeysUnder("outputs/").empty());
}

TEST_F(AgentTest, RunExitingZeroUploadsItsOutputs) {
  config_.run =
      "mkdir -p results/deep && echo a > results/a.txt && echo b > results/deep/b.txt "
      "&& echo c > summary.txt";
  config_.outputs = {"results/", "summary.txt", "never-written.txt"};
  StartAgent();
  Result<int> exit_code = Finish();
  ASSERT_TRUE(exit_code.ok());
  EXPECT_EQ(*exit_code, 0);
  EXPECT_EQ(Uploaded(OutputKey("results/a.txt")), "a\n");
  EXPECT_EQ(Uploaded(OutputKey("results/deep/b.txt")), "b\n");
  EXPECT_EQ(Uploaded(OutputKey("summary.txt")), "c\n");
  std::optional<AgentEvent> uploaded = Find(Kind::kOutputsUploaded);
  ASSERT_TRUE(uploaded);
  EXPECT_NE(uploaded->detail.find("3 files"), std::string::npos) << uploaded->detail;
  EXPECT_NE(uploaded->detail.find("missing: never-written.txt"), std::string::npos);
  EXPECT_EQ(Kinds(), (std::vector<Kind>{Kind::kStarted, Kind::kRunStarted, Kind::kOutputsUploaded,
                                        Kind::kRunExited, Kind::kAgentExit}));
}

TEST_F(AgentTest, SecondAttemptRestoresTheNewestCheckpointBeforeSetup) {
  CheckpointStore store(s3_, location(), clock_, {});
  fs::path source = dir_->path() / "source";
  fs::create_directories(source);
  std::ofstream(source / "state") << "step 41";
  ASSERT_TRUE(store.Upload(source, 1).ok());
  std::ofstream(source / "state", std::ios::trunc) << "step 42";
  ASSERT_TRUE(store.Upload(source, 1).ok());

  config_.attempt = 2;
  config_.setup = "cat \"$SPOTRUN_CHECKPOINT_DIR/state\" > seen-by-setup";
  config_.run = "exit 0";
  StartAgent();
  ASSERT_TRUE(Finish().ok());
  EXPECT_EQ(ReadFile((workdir() / "seen-by-setup").string()).value_or(""), "step 42");
  EXPECT_EQ(Kinds(), (std::vector<Kind>{Kind::kStarted, Kind::kCheckpointRestored, Kind::kSetupDone,
                                        Kind::kRunStarted, Kind::kOutputsUploaded, Kind::kRunExited,
                                        Kind::kAgentExit}));
  EXPECT_EQ(Find(Kind::kCheckpointRestored)->checkpoint_seq, 2);
  EXPECT_EQ(Find(Kind::kStarted)->attempt, 2);
}

TEST_F(AgentTest, ACorruptCheckpointIsRefusedAndTheOlderOneRestored) {
  CheckpointStore store(s3_, location(), clock_, {});
  fs::path source = dir_->path() / "source";
  fs::create_directories(source);
  std::ofstream(source / "state") << "step 41";
  ASSERT_TRUE(store.Upload(source, 1).ok());
  std::ofstream(source / "state", std::ios::trunc) << "step 42";
  ASSERT_TRUE(store.Upload(source, 1).ok());
  s3_.CorruptObject(kBucket, location().Key(CheckpointFileKey(2, "state")));

  config_.attempt = 2;
  config_.run = "cat \"$SPOTRUN_CHECKPOINT_DIR/state\" > seen-by-run";
  StartAgent();
  ASSERT_TRUE(Finish().ok());
  EXPECT_EQ(ReadFile((workdir() / "seen-by-run").string()).value_or(""), "step 41");
  std::optional<AgentEvent> refused = Find(Kind::kCheckpointRefused);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->checkpoint_seq, 2);
  EXPECT_EQ(Find(Kind::kCheckpointRestored)->checkpoint_seq, 1);
}

TEST_F(AgentTest, FirstAttemptRestoresNothing) {
  CheckpointStore store(s3_, location(), clock_, {});
  fs::path source = dir_->path() / "source";
  fs::create_directories(source);
  std::ofstream(source / "state") << "step 41";
  ASSERT_TRUE(store.Upload(source, 1).ok());
  config_.run = "test ! -e \"$SPOTRUN_CHECKPOINT_DIR/state\"";
  StartAgent();
  EXPECT_EQ(Finish().value_or(-1), 0);
  EXPECT_EQ(Count(Kind::kCheckpointRestored), 0);
}

TEST_F(AgentTest, FailingSetupEndsTheAttemptWithItsCodeAndTheRunNeverStarts) {
  config_.setup = "echo installing; exit 7";
  config_.run = "touch ran";
  StartAgent();
  Result<int> exit_code = Finish();
  ASSERT_TRUE(exit_code.ok());
  EXPECT_EQ(*exit_code, 7);
  EXPECT_FALSE(fs::exists(workdir() / "ran"));
  EXPECT_EQ(Kinds(), (std::vector<Kind>{Kind::kStarted, Kind::kRunExited, Kind::kAgentExit}));
  EXPECT_EQ(Find(Kind::kRunExited)->exit_code, 7);
  EXPECT_NE(Find(Kind::kRunExited)->detail.find("setup failed"), std::string::npos);
  EXPECT_NE(Uploaded(LogKey(1)).find("installing"), std::string::npos);
}

TEST_F(AgentTest, TheJobSeesItsEnvironmentAndItsOutputReachesTheStore) {
  config_.run =
      "echo \"$SPOTRUN_JOB_ID $SPOTRUN_ATTEMPT $SPOTRUN_CHECKPOINT_DIR $SPOTRUN_CHECKPOINT_DONE "
      "$JOB_COLOUR $(pwd)\"";
  StartAgent();
  ASSERT_TRUE(Finish().ok());
  std::string expected = fmt::format("job-1 1 {} {} blue {}", config_.checkpoint_dir,
                                     agent_->done_path().string(), workdir().string());
  EXPECT_NE(Uploaded(LogKey(1)).find(expected), std::string::npos) << Uploaded(LogKey(1));
}

TEST_F(AgentTest, StopRequestStopsTheJobGracefully) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  options_.stop_fd = fds[0];
  config_.run =
      "trap 'echo graceful > stopped; exit 0' TERM; touch ready; "
      "while :; do sleep 0.02; done";
  StartAgent();
  ASSERT_TRUE(WaitForFile(workdir() / "ready"));
  ASSERT_EQ(::write(fds[1], "x", 1), 1);
  Result<int> exit_code = Finish();
  ::close(fds[0]);
  ::close(fds[1]);
  ASSERT_TRUE(exit_code.ok());
  EXPECT_EQ(*exit_code, 128 + SIGTERM);
  EXPECT_EQ(ReadFile((workdir() / "stopped").string()).value_or(""), "graceful\n");
  EXPECT_EQ(Find(Kind::kRunExited)->exit_code, 0);
  EXPECT_EQ(Kinds().back(), Kind::kAgentExit);
}

TEST_F(AgentTest, AJobThatIgnoresSigtermIsKilledAfterTheStopGrace) {
  options_.stop_grace = 300ms;
  config_.run = "trap '' TERM USR1; touch ready; while :; do sleep 0.02; done";
  config_.checkpoint_grace = 200ms;
  StartAgent();
  ASSERT_TRUE(WaitForFile(workdir() / "ready"));
  imds_server_.SetSpotInstanceAction("terminate", clock_.Now() + 2min);
  Result<int> exit_code = Finish();
  ASSERT_TRUE(exit_code.ok());
  EXPECT_EQ(Find(Kind::kRunExited)->exit_code, 128 + SIGKILL);
}

TEST_F(AgentTest, AFailedEventPostIsRetriedInOrder) {
  config_.run = "exit 0";
  s3_.FailPutObject(1, Status::Unavailable("slow down", "retry"));  // the first event
  StartAgent();
  ASSERT_TRUE(Finish().ok());
  std::vector<AgentEvent> events = Events();
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.front().kind, Kind::kStarted);
  EXPECT_EQ(events.back().kind, Kind::kAgentExit);
  for (size_t i = 0; i < events.size(); ++i) EXPECT_EQ(events[i].seq, static_cast<int>(i) + 1);
}

TEST_F(AgentTest, ABadStoreIsRefusedBeforeTheJobRuns) {
  config_.store = "s3://No_Such Bucket";
  config_.run = "touch ran";
  Agent agent(config_, s3_, imds_, clock_, options_);
  EXPECT_FALSE(agent.Run().ok());
  EXPECT_FALSE(fs::exists(workdir() / "ran"));
}

}  // namespace
}  // namespace spotrun
