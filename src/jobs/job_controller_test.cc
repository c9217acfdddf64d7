#include "jobs/job_controller.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "agent/event_mailbox.h"
#include "agent/job_store_layout.h"
#include "base/temp_dir.h"
#include "cloud/launch_test_fixture.h"
#include "testing/in_memory_s3.h"

namespace spotrun {
namespace {

using std::chrono::seconds;

// Plays the agent of every attempt: Start (the controller's ssh step) records the machine;
// Step (after each controller tick) posts what a real agent would to the job's mailbox, and a
// working agent overwrites its heartbeat; a dead one (kDead) does nothing after its start.
class FakeAgents final : public JobMachineSetup {
 public:
  enum class Mode { kWorks, kDead };

  FakeAgents(S3Api& s3, Ec2Model*& model) : s3_(s3), model_(model) {}

  Status Start(const Machine& machine, const std::string& local_workdir,
               const AgentConfig& config) override {
    ++starts_;
    if (fail_starts_ > 0) {
      --fail_starts_;
      return Status::Unavailable("ssh: connection refused");
    }
    Agent& a = agents_[config.attempt];
    if (!a.instance_id.empty()) return Status::Ok();  // idempotent: one agent per attempt
    a.instance_id = machine.id();
    a.config = config;
    a.local_workdir = local_workdir;
    a.steps = checkpointed_steps_;
    a.mode = mode_for_attempt_.contains(config.attempt) ? mode_for_attempt_[config.attempt]
                                                        : Mode::kWorks;
    Post(a, AgentEventKind::kStarted);
    Post(a, AgentEventKind::kRunStarted);
    return Status::Ok();
  }

  void Step() {
    for (auto& [attempt, a] : agents_) {
      if (a.done) continue;
      std::optional<ImdsView> view = model_->Lookup(a.instance_id);
      if (!view) {
        a.done = true;
        continue;
      }
      if (a.mode == Mode::kDead) continue;
      S3Location store = *S3Location::Parse(a.config.store);
      (void)s3_.PutObject({.bucket = store.bucket,
                           .key = JobStoreKey(store, HeartbeatKey(attempt)),
                           .body = fmt::format("{{\"seq\": {}}}", ++a.heartbeats)});
      auto action = view->entries.find("meta-data/spot/instance-action");
      if (action != view->entries.end()) {
        nlohmann::json j = nlohmann::json::parse(action->second);
        Post(a, AgentEventKind::kNotice, "terminate at " + j.value("time", std::string()));
        checkpointed_steps_ = a.steps;
        AgentEvent uploaded = Make(a, AgentEventKind::kCheckpointUploaded);
        uploaded.checkpoint_seq = ++checkpoint_seq_;
        PostEvent(uploaded);
        AgentEvent exited = Make(a, AgentEventKind::kRunExited);
        exited.exit_code = 143;
        PostEvent(exited);
        Post(a, AgentEventKind::kAgentExit);
        a.done = true;
        continue;
      }
      if (++a.steps < total_steps_) continue;
      if (exit_code_ == 0) {
        S3Location location = *S3Location::Parse(a.config.store);
        (void)s3_.PutObject({.bucket = location.bucket,
                             .key = location.Key(OutputKey("results/answer.txt")),
                             .body = "42\n"});
        Post(a, AgentEventKind::kOutputsUploaded);
      }
      AgentEvent exited = Make(a, AgentEventKind::kRunExited);
      exited.exit_code = exit_code_;
      PostEvent(exited);
      Post(a, AgentEventKind::kAgentExit);
      a.done = true;
    }
  }

  struct Agent {
    std::string instance_id;
    AgentConfig config;
    std::string local_workdir;
    Mode mode = Mode::kWorks;
    int seq = 0;
    int steps = 0;
    int heartbeats = 0;
    bool done = false;
  };

  std::map<int, Agent> agents_;
  std::map<int, Mode> mode_for_attempt_;
  int total_steps_ = 5;
  int exit_code_ = 0;
  int starts_ = 0;
  int fail_starts_ = 0;
  int checkpointed_steps_ = 0;
  int64_t checkpoint_seq_ = 0;

 private:
  AgentEvent Make(Agent& a, AgentEventKind kind) {
    return {
        .attempt = a.config.attempt, .seq = ++a.seq, .kind = kind, .instance_id = a.instance_id};
  }
  void Post(Agent& a, AgentEventKind kind, std::string detail = "") {
    AgentEvent e = Make(a, kind);
    e.detail = std::move(detail);
    PostEvent(e);
  }
  void PostEvent(const AgentEvent& e) {
    EventMailbox mailbox(s3_, *S3Location::Parse(agents_[e.attempt].config.store));
    ASSERT_TRUE(mailbox.Post(e).ok());
  }

  S3Api& s3_;
  Ec2Model*& model_;
};

class JobControllerTest : public testing::FreshRegionTest {
 protected:
  void SetUp() override {
    FreshRegionTest::SetUp();
    model_ptr_ = model_.get();
    dir_ = std::make_unique<ScopedTempDir>(std::move(ScopedTempDir::Create("jobs-test")).value());
    workdir_ = (dir_->path() / "work").string();
    std::filesystem::create_directories(workdir_);
    ASSERT_TRUE(s3_.CreateBucket("bucket").ok());
    OpenStore();
  }

  void OpenStore() {
    store_.reset();
    auto store = JobStore::Open((dir_->path() / "jobs.db").string(), clock_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
  }

  JobSpec Spec() {
    JobSpec spec;
    spec.name = "train";
    spec.resources.types = {"m5.large", "c5.large"};
    spec.run = "python train.py";
    spec.checkpoint.dir = "ckpt";
    spec.checkpoint.store = "s3://bucket/train";
    spec.outputs = {"results/"};
    spec.recovery.max_recoveries = 5;
    return spec;
  }

  std::string Create(const JobSpec& spec) {
    auto job = store_->CreateJob(spec, workdir_, "us-east-1");
    EXPECT_TRUE(job.ok()) << job.status().ToString();
    return job->id;
  }

  std::unique_ptr<JobController> NewController(const std::string& id) {
    JobController::Options options;
    options.identity = Identity();
    options.ssh_ready = [](const Instance&) { return true; };
    options.ssh_cidr = "127.0.0.1/32";
    options.notice_wait = seconds(60);
    options.agent_defaults.heartbeat_interval = heartbeat_interval_;
    options.notify = [this](const Notification& n) {
      notifications_.push_back(std::string(NotificationKindName(n.kind)));
      if (on_notify_) on_notify_(n);
    };
    return std::make_unique<JobController>(
        JobController::Dependencies{*store_, *model_, s3_, clock_, testing::SharedMarket(),
                                    agents_},
        id, options);
  }

  // Ticks the controller (rebuilt over a reopened store after each tick in `kill_after`, as a
  // SIGKILLed controller restarted), the agents and the cloud until the job ends.
  JobState Drive(const std::string& id, const std::set<int>& kill_after = {},
                 int max_ticks = 2000) {
    auto controller = NewController(id);
    for (ticks_ = 0; ticks_ < max_ticks; ++ticks_) {
      if (before_tick_) before_tick_(ticks_);
      Result<bool> ended = controller->Tick();
      EXPECT_TRUE(ended.ok()) << ended.status().ToString();
      if (!ended.ok()) break;
      if (*ended) break;
      if (kill_after.contains(ticks_)) {
        controller.reset();
        OpenStore();
        controller = NewController(id);
      }
      agents_.Step();
      Advance(seconds(1));
    }
    return store_->GetJob(id)->state;
  }

  std::vector<JobEvent> Events(const std::string& id) { return store_->Timeline(id).value(); }

  std::vector<Instance> JobInstances(const std::string& id) {
    auto found = model_->DescribeInstances({.filters = {{"tag:spotrun:job", {id}}}});
    EXPECT_TRUE(found.ok());
    return InstancesOf(found->reservations);
  }

  void ExpectNothingLeft(const std::string& id) {
    Advance(seconds(5));
    for (const Instance& i : JobInstances(id)) {
      EXPECT_EQ(i.state.name, "terminated") << i.instance_id;
    }
    auto requests = model_->DescribeSpotInstanceRequests({});
    ASSERT_TRUE(requests.ok());
    for (const SpotInstanceRequest& r : requests->spot_instance_requests) {
      EXPECT_NE(r.state, "open") << r.spot_instance_request_id;
      EXPECT_NE(r.state, "active") << r.spot_instance_request_id;
    }
  }

  // attempt → how many instances were made for it.
  std::map<std::string, int> InstancesPerAttempt(const std::string& id) {
    std::map<std::string, int> count;
    for (const Instance& i : JobInstances(id)) {
      for (const Tag& t : i.tags) {
        if (t.key == kAttemptTag) ++count[t.value];
      }
    }
    return count;
  }

  void InterruptAttemptWhenRunning(int attempt, int after_steps) {
    before_tick_ = [this, attempt, after_steps](int) {
      auto it = agents_.agents_.find(attempt);
      if (it == agents_.agents_.end() || it->second.done || interrupted_.contains(attempt)) {
        return;
      }
      if (it->second.steps >= after_steps) {
        ASSERT_TRUE(model_->Interrupt(it->second.instance_id, {}).ok());
        interrupted_.insert(attempt);
      }
    };
  }

  Ec2Model* model_ptr_ = nullptr;
  testing::InMemoryS3 s3_{clock_};
  FakeAgents agents_{s3_, model_ptr_};
  std::unique_ptr<ScopedTempDir> dir_;
  std::string workdir_;
  std::unique_ptr<JobStore> store_;
  std::vector<std::string> notifications_;
  std::function<void(const Notification&)> on_notify_;
  std::function<void(int)> before_tick_;
  std::set<int> interrupted_;
  int ticks_ = 0;
  Duration heartbeat_interval_ = seconds(30);
};

TEST_F(JobControllerTest, SucceedsDownloadsOutputsAndLeavesNothing) {
  std::string id = Create(Spec());
  EXPECT_EQ(Drive(id), JobState::kSucceeded);
  JobRecord job = *store_->GetJob(id);
  EXPECT_EQ(job.recoveries, 0);
  EXPECT_EQ(job.attempt, 1);
  std::ifstream answer(workdir_ + "/results/answer.txt");
  std::string text;
  std::getline(answer, text);
  EXPECT_EQ(text, "42");
  ExpectNothingLeft(id);
  EXPECT_EQ(InstancesPerAttempt(id), (std::map<std::string, int>{{"1", 1}}));
  // The machine carries the job's tags and is named NAME-ATTEMPT; the spot request too.
  Instance machine = JobInstances(id).at(0);
  EXPECT_TRUE(machine.IsSpot());
  EXPECT_EQ(MachineOf(machine).name, "train-1");
  EXPECT_EQ(machine.client_token, JobClientToken(id, 1, 1));
  auto request = SpotRequest(machine.spot_instance_request_id);
  bool tagged = false;
  for (const Tag& t : request.tags) tagged |= t.key == kJobTag && t.value == id;
  EXPECT_TRUE(tagged);
  // Timeline: every state in order; the ledger is closed and costs something, less than on-demand.
  std::vector<std::string> states;
  for (const JobEvent& e : Events(id)) {
    if (e.kind == "state") states.push_back(e.state);
  }
  EXPECT_EQ(states, (std::vector<std::string>{"launching", "setting-up", "running", "succeeded"}));
  auto ledger = *store_->Ledger(id);
  ASSERT_EQ(ledger.size(), 1u);
  EXPECT_TRUE(ledger[0].ended.has_value());
  EXPECT_EQ(ledger[0].market, "spot");
  JobCost cost = *store_->Cost(id);
  EXPECT_GT(cost.cost, 0);
  EXPECT_GT(cost.savings(), 0);
  EXPECT_EQ(notifications_, (std::vector<std::string>{"started", "succeeded"}));
}

TEST_F(JobControllerTest, RunFailureEndsFailedWithoutRecovery) {
  agents_.exit_code_ = 1;
  std::string id = Create(Spec());
  EXPECT_EQ(Drive(id), JobState::kFailed);
  JobRecord job = *store_->GetJob(id);
  EXPECT_EQ(job.recoveries, 0);
  EXPECT_EQ(job.result, "run exited 1");
  EXPECT_EQ(agents_.starts_, 1);
  ExpectNothingLeft(id);
  EXPECT_EQ(notifications_.back(), "failed");
}

TEST_F(JobControllerTest, InterruptionRecoversInAnotherPoolWhileTheOldOneRests) {
  InterruptAttemptWhenRunning(1, 2);
  std::string id = Create(Spec());
  EXPECT_EQ(Drive(id), JobState::kSucceeded);
  JobRecord job = *store_->GetJob(id);
  EXPECT_EQ(job.recoveries, 1);
  EXPECT_EQ(job.attempt, 2);
  auto attempts = *store_->Attempts(id);
  ASSERT_EQ(attempts.size(), 2u);
  EXPECT_EQ(attempts[0].end_reason, "interrupted");
  EXPECT_EQ(attempts[1].market, "spot");
  EXPECT_FALSE(attempts[0].instance_type == attempts[1].instance_type &&
               attempts[0].zone == attempts[1].zone);
  auto resting = *store_->PoolInterruptions(clock_.Now() - std::chrono::hours(1));
  ASSERT_EQ(resting.size(), 1u);
  EXPECT_EQ(resting[0].zone, attempts[0].zone);
  std::vector<std::string> states;
  for (const JobEvent& e : Events(id)) {
    if (e.kind == "state") states.push_back(e.state);
  }
  EXPECT_EQ(states, (std::vector<std::string>{"launching", "setting-up", "running", "notice",
                                              "checkpointing", "recovering", "launching",
                                              "setting-up", "running", "succeeded"}));
  EXPECT_EQ(notifications_,
            (std::vector<std::string>{"started", "notice", "recovered", "succeeded"}));
  EXPECT_EQ(InstancesPerAttempt(id), (std::map<std::string, int>{{"1", 1}, {"2", 1}}));
  EXPECT_EQ(store_->Ledger(id)->size(), 2u);
  ExpectNothingLeft(id);
}

TEST_F(JobControllerTest, NoSpotCapacityAnywhereFallsBackToOnDemandThenBackToSpot) {
  JobSpec spec = Spec();
  spec.resources.types = {"m5.large"};
  spec.recovery.failed_spot_launches = 2;
  auto zones =
      *market::PoolsInRegion(testing::SharedMarket().regions(), "us-east-1", spec.resources.types);
  for (const market::SpotPool& p : zones) {
    ASSERT_TRUE(model_->SetCapacity(p.instance_type, p.availability_zone, 0).ok());
  }
  on_notify_ = [&](const Notification& n) {
    if (n.kind != NotificationKind::kOnDemandFallback) return;
    // On-demand capacity comes back in one zone (the model shares one pool for both markets).
    ASSERT_TRUE(model_->SetCapacity("m5.large", zones.back().availability_zone, std::nullopt).ok());
  };
  // The on-demand machine of attempt 1 is lost (terminated under it) after a while.
  before_tick_ = [&](int tick) {
    auto it = agents_.agents_.find(1);
    if (it == agents_.agents_.end() || interrupted_.contains(1) || tick < 40) return;
    for (const market::SpotPool& p : zones) {
      ASSERT_TRUE(model_->SetCapacity(p.instance_type, p.availability_zone, std::nullopt).ok());
    }
    ASSERT_TRUE(model_->TerminateInstances({.instance_ids = {it->second.instance_id}}).ok());
    interrupted_.insert(1);
  };
  agents_.mode_for_attempt_[1] = FakeAgents::Mode::kDead;
  std::string id = Create(spec);
  EXPECT_EQ(Drive(id), JobState::kSucceeded);
  auto attempts = *store_->Attempts(id);
  ASSERT_EQ(attempts.size(), 2u);
  EXPECT_EQ(attempts[0].market, "on-demand");
  EXPECT_EQ(attempts[1].market, "spot");
  bool fallback = false;
  for (const JobEvent& e : Events(id)) fallback |= e.kind == "on-demand-fallback";
  EXPECT_TRUE(fallback);
  ExpectNothingLeft(id);
}

TEST_F(JobControllerTest, DeadAgentButTerminatedMachineIsSeenFromEc2) {
  agents_.mode_for_attempt_[1] = FakeAgents::Mode::kDead;
  before_tick_ = [&](int tick) {
    auto it = agents_.agents_.find(1);
    if (it == agents_.agents_.end() || interrupted_.contains(1) || tick < 10) return;
    ASSERT_TRUE(model_->Interrupt(it->second.instance_id, {}).ok());
    interrupted_.insert(1);
  };
  std::string id = Create(Spec());
  EXPECT_EQ(Drive(id), JobState::kSucceeded);
  EXPECT_EQ(store_->GetJob(id)->recoveries, 1);
  bool from_ec2 = false;
  for (const JobEvent& e : Events(id)) {
    if (e.kind == "state" && (e.state == "notice" || e.state == "recovering")) {
      from_ec2 |= e.detail.find("EC2") != std::string::npos;
    }
  }
  EXPECT_TRUE(from_ec2);

  ExpectNothingLeft(id);
}

// The agent of attempt 1 dies while its machine runs: after AgentLostAfter without a heartbeat
// or an event the machine is terminated and attempt 2 resumes; the pool does not rest.
TEST_F(JobControllerTest, LostAgentsMachineIsTerminatedAndTheJobRecovers) {
  heartbeat_interval_ = seconds(5);
  agents_.mode_for_attempt_[1] = FakeAgents::Mode::kDead;
  std::string id = Create(Spec());
  EXPECT_EQ(Drive(id), JobState::kSucceeded);
  JobRecord job = *store_->GetJob(id);
  EXPECT_EQ(job.recoveries, 1);
  auto attempts = *store_->Attempts(id);
  ASSERT_EQ(attempts.size(), 2u);
  EXPECT_EQ(attempts[0].end_reason, "agent lost");
  EXPECT_TRUE(store_->PoolInterruptions(clock_.Now() - std::chrono::hours(1))->empty());
  bool lost_event = false, recovering_says_why = false;
  std::optional<TimePoint> running, lost;
  for (const JobEvent& e : Events(id)) {
    if (e.kind == "state" && e.state == "running" && !running) running = e.time;
    if (e.kind == "agent-lost") lost = e.time;
    lost_event |= e.kind == "agent-lost" && e.detail.find("heartbeat") != std::string::npos;
    if (e.kind == "state" && e.state == "recovering") {
      recovering_says_why |= e.detail.starts_with("agent lost: nothing from the agent on train-1");
    }
  }
  EXPECT_TRUE(lost_event);
  EXPECT_TRUE(recovering_says_why);
  // Not before AgentLostAfter(5 s) = 20 s of silence, and within a heartbeat read after it.
  ASSERT_TRUE(running && lost);
  EXPECT_GE(*lost - *running, seconds(20));
  EXPECT_LE(*lost - *running, seconds(26));
  Instance first;
  for (const Instance& i : JobInstances(id)) {
    for (const Tag& t : i.tags) {
      if (t.key == kAttemptTag && t.value == "1") first = i;
    }
  }
  EXPECT_TRUE(first.state.name == "terminated" || first.state.name == "shutting-down")
      << first.state.name;
  EXPECT_EQ(InstancesPerAttempt(id), (std::map<std::string, int>{{"1", 1}, {"2", 1}}));
  EXPECT_EQ(notifications_, (std::vector<std::string>{"started", "recovered", "succeeded"}));
  ExpectNothingLeft(id);
}

TEST_F(JobControllerTest, HeartbeatsKeepALongQuietRunAlive) {
  heartbeat_interval_ = seconds(5);
  agents_.total_steps_ = 200;  // ten timeouts without a single event
  std::string id = Create(Spec());
  EXPECT_EQ(Drive(id), JobState::kSucceeded);
  EXPECT_EQ(store_->GetJob(id)->recoveries, 0);
  for (const JobEvent& e : Events(id)) EXPECT_NE(e.kind, "agent-lost");
  ExpectNothingLeft(id);
}

// The lost agent, with the controller SIGKILLed after tick k: still one machine per attempt.
TEST_F(JobControllerTest, KilledAtAnyTickWhileTheAgentIsLostResumes) {
  heartbeat_interval_ = seconds(5);
  agents_.mode_for_attempt_[1] = FakeAgents::Mode::kDead;
  for (int k = 0; k < 40; k += 3) {
    SCOPED_TRACE("killed after tick " + std::to_string(k));
    agents_.agents_.clear();
    std::string id = Create(Spec());
    ASSERT_EQ(Drive(id, {k}), JobState::kSucceeded);
    EXPECT_EQ(store_->GetJob(id)->recoveries, 1);
    EXPECT_EQ(InstancesPerAttempt(id), (std::map<std::string, int>{{"1", 1}, {"2", 1}}));
    ExpectNothingLeft(id);
    if (HasFatalFailure()) return;
  }
}

TEST_F(JobControllerTest, CancelWhileRunningCleansUp) {
  agents_.total_steps_ = 1000;
  std::string id = Create(Spec());
  before_tick_ = [&](int tick) {
    if (tick == 20) {
      ASSERT_TRUE(store_->RequestCancel(id).ok());
    }
  };
  EXPECT_EQ(Drive(id), JobState::kCancelled);
  EXPECT_LE(ticks_, 21);
  ExpectNothingLeft(id);
  EXPECT_EQ(notifications_.back(), "cancelled");
}

TEST_F(JobControllerTest, CancelWithoutAControllerCleansUpItself) {
  agents_.total_steps_ = 1000;
  std::string id = Create(Spec());
  {
    auto controller = NewController(id);
    for (int i = 0; i < 10; ++i) {
      ASSERT_TRUE(controller->Tick().ok());
      agents_.Step();
      Advance(seconds(1));
    }
  }
  ASSERT_EQ(store_->GetJob(id)->state, JobState::kRunning);
  auto job = CancelJob(*store_, *model_, id);
  ASSERT_TRUE(job.ok()) << job.status().ToString();
  EXPECT_EQ(job->state, JobState::kCancelled);
  ExpectNothingLeft(id);
  // An ended job is not resumed.
  EXPECT_EQ(*NewController(id)->Run(), JobState::kCancelled);
  EXPECT_EQ(InstancesPerAttempt(id).size(), 1u);
}

TEST_F(JobControllerTest, RunStopsOnTheFlagWithoutCancellingAndReportsStatus) {
  std::string id = Create(Spec());
  std::atomic<bool> stop{false};
  std::vector<JobStatus> seen;
  JobController::Options options;
  options.identity = Identity();
  options.ssh_ready = [](const Instance&) { return true; };
  options.ssh_cidr = "127.0.0.1/32";
  options.stop = &stop;
  options.on_status = [&](const JobStatus& s) {
    seen.push_back(s);
    model_->Tick();
    agents_.Step();
    if (s.state == JobState::kRunning) stop = true;
  };
  JobController controller(
      JobController::Dependencies{*store_, *model_, s3_, clock_, testing::SharedMarket(), agents_},
      id, options);
  Result<JobState> state = controller.Run();
  ASSERT_TRUE(state.ok()) << state.status().ToString();
  EXPECT_EQ(*state, JobState::kRunning);
  EXPECT_FALSE(store_->GetJob(id)->cancel_requested);
  EXPECT_FALSE(store_->Controller(id)->has_value());  // released
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.back().machine, "train-1");
  EXPECT_EQ(seen.back().market, "spot");
  EXPECT_EQ(seen.back().attempt, 1);
  // A second controller resumes it to the end.
  EXPECT_EQ(Drive(id), JobState::kSucceeded);
  ExpectNothingLeft(id);
}

TEST_F(JobControllerTest, TooManyRecoveriesFail) {
  JobSpec spec = Spec();
  spec.recovery.max_recoveries = 1;
  before_tick_ = [&](int) {
    for (auto& [attempt, a] : agents_.agents_) {
      if (a.done || interrupted_.contains(attempt) || a.steps < 1) continue;
      ASSERT_TRUE(model_->Interrupt(a.instance_id, {}).ok());
      interrupted_.insert(attempt);
    }
  };
  std::string id = Create(spec);
  EXPECT_EQ(Drive(id), JobState::kFailed);
  JobRecord job = *store_->GetJob(id);
  EXPECT_EQ(job.recoveries, 1);
  EXPECT_NE(job.result.find("max_recoveries"), std::string::npos);
  ExpectNothingLeft(id);
}

TEST_F(JobControllerTest, SetupThatKeepsFailingRecoversOnAnotherMachine) {
  agents_.fail_starts_ = 3;
  std::string id = Create(Spec());
  EXPECT_EQ(Drive(id), JobState::kSucceeded);
  EXPECT_EQ(store_->GetJob(id)->recoveries, 0);  // retried within the launch timeout
  ExpectNothingLeft(id);
}

// The interruption scenario, with the controller SIGKILLed after tick k and restarted over a
// reopened store, for every k: the same end, one machine per attempt, nothing left.
TEST_F(JobControllerTest, KilledAtAnyTickResumesToTheSameEnd) {
  InterruptAttemptWhenRunning(1, 2);
  std::string baseline = Create(Spec());
  ASSERT_EQ(Drive(baseline), JobState::kSucceeded);
  const int total = ticks_;
  ASSERT_GT(total, 5);
  for (int k = 0; k < total; ++k) {
    SCOPED_TRACE("killed after tick " + std::to_string(k));
    agents_.agents_.clear();
    agents_.checkpointed_steps_ = 0;
    interrupted_.clear();
    notifications_.clear();
    std::string id = Create(Spec());
    ASSERT_EQ(Drive(id, {k}), JobState::kSucceeded);
    EXPECT_EQ(store_->GetJob(id)->recoveries, 1);
    EXPECT_EQ(InstancesPerAttempt(id), (std::map<std::string, int>{{"1", 1}, {"2", 1}}));
    ExpectNothingLeft(id);
    if (HasFatalFailure()) return;
  }
}

}  // namespace
}  // namespace spotrun
