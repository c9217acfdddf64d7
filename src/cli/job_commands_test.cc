// End-to-end tests of `spotrun job`: the real binary runs examples/sum-of-squares (a job that
// sums the squares of 1..N and checkpoints on SIGUSR1) against a real local cloud — real
// machines with sshd, the agent copied over ssh, checkpoints and reports in the cloud's S3 —
// while the test interrupts its machines and takes capacity away through the model.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "agent/checkpoint_store.h"
#include "agent/job_store_layout.h"
#include "aws/s3_location.h"
#include "base/file.h"
#include "cli/local_cloud_session.h"
#include "jobs/job_store.h"
#include "localcloud/s3_model.h"
#include "testing/loopback_server.h"

namespace spotrun {
namespace {

using ::testing::HasSubstr;
using testing::LocalCloudSession;

constexpr int kSteps = 40;
constexpr int kSumOfSquares = kSteps * (kSteps + 1) * (2 * kSteps + 1) / 6;  // 22140

std::string ExampleDir() {
  return (std::filesystem::path(SPOTRUN_TESTDATA_DIR).parent_path() / "examples/sum-of-squares")
      .string();
}

class JobCommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The job's own copy of the example, so its outputs land in a place of the test's.
    workdir_ = cloud_.home() + "/sum-of-squares";
    std::filesystem::create_directories(workdir_);
    std::filesystem::copy_file(ExampleDir() + "/sum_of_squares.sh",
                               workdir_ + "/sum_of_squares.sh");
    webhooks_.SetHandler([](const HttpRequest&) {
      HttpResponse answer;
      answer.status = 204;
      return answer;
    });
  }

  // Writes job.yaml for the example with `run`, its `recovery` and extra lines.
  std::string WriteJob(const std::string& run, const std::string& extra = "",
                       const std::string& recovery = "{max_recoveries: 5}") {
    std::string path = workdir_ + "/job.yaml";
    std::ofstream(path) << "name: sum-of-squares\n"
                           "resources: {types: [m5.large, m5a.large], spot: true}\n"
                           "workdir: .\n"
                           "run: "
                        << run
                        << "\n"
                           "env: {STEPS: \""
                        << kSteps
                        << "\", STEP_SECONDS: \"0.4\"}\n"
                           "checkpoint: {dir: ckpt, store: s3://jobs-test/sum, grace: 20s}\n"
                           "outputs: [results/]\n"
                           "recovery: "
                        << recovery
                        << "\n"
                           "notify: {discord: "
                        << webhooks_.Url("/discord") << ", slack: " << webhooks_.Url("/slack")
                        << "}\n"
                        << extra;
    return path;
  }

  std::unique_ptr<JobStore> Store() {
    auto store = JobStore::Open(cloud_.home() + "/.spotrun/jobs.db", clock_);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(*store) : nullptr;
  }
  JobRecord Job(const std::string& id) {
    auto job = Store()->GetJob(id);
    EXPECT_TRUE(job.ok()) << job.status().ToString();
    return job.ok() ? *job : JobRecord{};
  }
  // The job id `job run` printed ("job j-… (name) created").
  static std::string JobIdIn(const std::string& out) {
    std::smatch m;
    return std::regex_search(out, m, std::regex("job (j-[0-9a-f]+)")) ? m[1].str() : "";
  }
  // The attempt's log as the agent uploaded it.
  std::string Log(const std::string& id, int attempt) {
    auto got = cloud_.cloud().s3().GetObject(
        {.bucket = "jobs-test", .key = "sum/" + id + "/" + LogKey(attempt)});
    return got.ok() ? got->body : "";
  }
  // The job's machines that are not terminated, and its spot requests still open or active.
  std::vector<std::string> Leftovers(const std::string& id) {
    std::vector<std::string> left;
    auto instances = cloud_.ec2().DescribeInstances({.filters = {{"tag:spotrun:job", {id}}}});
    for (const Reservation& r : instances->reservations) {
      for (const Instance& i : r.instances) {
        if (i.state.name != "terminated") left.push_back(i.instance_id + " " + i.state.name);
      }
    }
    auto requests =
        cloud_.ec2().DescribeSpotInstanceRequests({.filters = {{"tag:spotrun:job", {id}}}});
    for (const SpotInstanceRequest& r : requests->spot_instance_requests) {
      if (r.state == "open" || r.state == "active")
        left.push_back(r.spot_instance_request_id + " " + r.state);
    }
    auto volumes = cloud_.ec2().DescribeVolumes({.filters = {{"tag:spotrun:job", {id}}}});
    for (const Volume& v : volumes->volumes) left.push_back(v.volume_id + " " + v.state);
    return left;
  }
  // What the job did, for failure messages: `job show` and the controller's log.
  std::string Story(const std::string& id) {
    auto log = ReadFile(cloud_.home() + "/.spotrun/jobs/" + id + "/controller.log");
    return cloud_.Run({"job", "show", id}).stdout_text + "\ncontroller log:\n" +
           (log.ok() ? *log : "(none)");
  }
  // What the Discord webhook got, in order.
  std::vector<std::string> DiscordTexts() {
    std::vector<std::string> texts;
    for (const HttpRequest& r : webhooks_.requests()) {
      if (r.url == "/discord") texts.push_back(nlohmann::json::parse(r.body)["content"]);
    }
    return texts;
  }
  // Sets the spot market's own capacity (`cloud capacity POOL N --market spot`) in every pool
  // the job's types could use: each zone that has a subnet.
  void SetSpotCapacityEverywhere(std::optional<int> capacity) {
    auto subnets = cloud_.ec2().DescribeSubnets({});
    ASSERT_TRUE(subnets.ok());
    std::set<std::string> zones;
    for (const Subnet& s : subnets->subnets) zones.insert(s.availability_zone);
    ASSERT_FALSE(zones.empty());
    // In process, not through `spotrun cloud capacity` once per pool: a dozen commands take
    // longer than the job's whole run under the sanitizers, and it would finish before its
    // interruption. The command itself is checked once, at the end of the fallback test.
    for (const std::string type : {"m5.large", "m5a.large"}) {
      for (const std::string& zone : zones) {
        ASSERT_TRUE(cloud_.ec2().SetCapacity(type, zone, capacity, CapacityMarket::kSpot).ok());
      }
    }
  }
  // Terminated machines take a moment to leave shutting-down.
  bool NothingLeft(const std::string& id) {
    return LocalCloudSession::WaitFor([&] { return Leftovers(id).empty(); });
  }
  bool WaitForState(const std::string& id, JobState state, std::chrono::seconds deadline) {
    return LocalCloudSession::WaitFor([&] { return Job(id).state == state; }, deadline);
  }
  // Waits until attempt `attempt` has run at least `steps` steps.
  bool WaitForSteps(const std::string& id, int attempt, int steps) {
    return LocalCloudSession::WaitFor(
        [&] {
          JobRecord job = Job(id);
          if (job.attempt != attempt || job.state != JobState::kRunning) return false;
          std::string log = Log(id, attempt);
          std::regex step_line("^step [0-9]+$", std::regex::multiline);
          auto lines = std::distance(std::sregex_iterator(log.begin(), log.end(), step_line),
                                     std::sregex_iterator());
          return lines >= steps;
        },
        std::chrono::seconds(60));
  }

  LocalCloudSession cloud_;
  testing::LoopbackServer webhooks_;
  RealClock clock_;
  std::string workdir_;
};

TEST_F(JobCommandsTest, SurvivesTwoInterruptionsAndLostCapacityWithTheExactResult) {
  std::string file = WriteJob("./sum_of_squares.sh");
  auto run = cloud_.Run({"job", "run", "--detach", file});
  ASSERT_EQ(run.exit_code, 0) << run.stdout_text << run.stderr_text;
  const std::string id = JobIdIn(run.stdout_text);
  ASSERT_FALSE(id.empty()) << run.stdout_text;

  // 1: a rebalance recommendation, then the notice.
  ASSERT_TRUE(WaitForSteps(id, 1, 6)) << Log(id, 1) << Story(id);
  const std::string first = Job(id).instance_id;
  ASSERT_TRUE(cloud_.ec2()
                  .Interrupt(first, {.rebalance_first = std::chrono::seconds(2),
                                     .notice = std::chrono::seconds(10)})
                  .ok());
  // 2: the notice only, and the pool it ran in has no capacity left.
  ASSERT_TRUE(WaitForSteps(id, 2, 6)) << Log(id, 2) << Story(id);
  Instance second = cloud_.Describe(Job(id).instance_id);
  ASSERT_TRUE(
      cloud_.ec2().Interrupt(second.instance_id, {.notice = std::chrono::seconds(10)}).ok());
  ASSERT_TRUE(cloud_.ec2().SetCapacity(second.instance_type, second.availability_zone, 0).ok());

  ASSERT_TRUE(WaitForState(id, JobState::kSucceeded, std::chrono::seconds(120)))
      << JobStateName(Job(id).state) << "\n"
      << cloud_.Run({"job", "show", id}).stdout_text;
  JobRecord job = Job(id);
  EXPECT_EQ(job.recoveries, 2) << Story(id);
  EXPECT_GE(job.attempt, 3);

  // Exactly the right result, in the local workdir.
  auto sum = ReadFile(workdir_ + "/results/sum.txt");
  ASSERT_TRUE(sum.ok()) << sum.status().ToString();
  EXPECT_EQ(*sum, std::to_string(kSumOfSquares) + "\n");

  // No completed step was repeated: across every attempt's log each step appears once.
  std::map<int, int> seen;
  for (int attempt = 1; attempt <= job.attempt; ++attempt) {
    std::string log = Log(id, attempt);
    std::regex step_line("^step ([0-9]+)$", std::regex::multiline);
    for (std::sregex_iterator it(log.begin(), log.end(), step_line), end; it != end; ++it) {
      ++seen[std::stoi((*it)[1].str())];
    }
  }
  ASSERT_EQ(seen.size(), static_cast<size_t>(kSteps)) << Log(id, 1) << "\n--\n"
                                                      << Log(id, 2) << "\n--\n"
                                                      << Log(id, 3) << Story(id);
  for (auto [step, times] : seen) EXPECT_EQ(times, 1) << "step " << step;

  // The third machine is not in the pool that lost its capacity.
  auto attempts = Store()->Attempts(id);
  ASSERT_TRUE(attempts.ok());
  ASSERT_GE(attempts->size(), 3u);
  const JobAttempt& third = attempts->at(2);
  EXPECT_FALSE(third.instance_type == second.instance_type &&
               third.zone == second.availability_zone);

  // Nothing left behind.
  EXPECT_TRUE(NothingLeft(id)) << ::testing::PrintToString(Leftovers(id));

  // Every notification, in order, to both webhooks.
  std::vector<std::string> discord;
  for (const HttpRequest& r : webhooks_.requests()) {
    if (r.url == "/discord") discord.push_back(nlohmann::json::parse(r.body)["content"]);
  }
  std::vector<std::string> expected_order{"start",  "rebalance", "notice",   "recovered",
                                          "notice", "recovered", "succeeded"};
  size_t next = 0;
  for (const std::string& text : discord) {
    if (next < expected_order.size() && text.find(expected_order[next]) != std::string::npos) {
      ++next;
    }
  }
  EXPECT_EQ(next, expected_order.size()) << ::testing::PrintToString(discord);
  EXPECT_THAT(discord.back(), HasSubstr("saved"));

  // show and ls tell the story.
  auto show = cloud_.Run({"job", "show", id});
  EXPECT_EQ(show.exit_code, 0) << show.stderr_text;
  EXPECT_THAT(show.stdout_text, HasSubstr("succeeded"));
  EXPECT_THAT(show.stdout_text, HasSubstr("interrupted"));
  EXPECT_THAT(show.stdout_text, HasSubstr("saved"));
  auto ls = cloud_.Run({"-o", "json", "job", "ls"});
  ASSERT_EQ(ls.exit_code, 0) << ls.stderr_text;
  EXPECT_EQ(nlohmann::json::parse(ls.stdout_text)[0]["state"], "succeeded");
  auto logs = cloud_.Run({"job", "logs", id});
  EXPECT_THAT(logs.stdout_text, HasSubstr("sum of squares of 1..40 = 22140"));
}

TEST_F(JobCommandsTest, AFailingRunEndsFailedWithoutRecovering) {
  std::string file = WriteJob("'echo failing on purpose; exit 1'");
  auto run = cloud_.Run({"job", "run", file});
  EXPECT_EQ(run.exit_code, 1) << run.stdout_text << run.stderr_text;
  const std::string id = JobIdIn(run.stdout_text);
  ASSERT_FALSE(id.empty()) << run.stdout_text;
  JobRecord job = Job(id);
  EXPECT_EQ(job.state, JobState::kFailed);
  EXPECT_EQ(job.attempt, 1);
  EXPECT_EQ(job.recoveries, 0);
  EXPECT_THAT(run.stdout_text, HasSubstr("failed"));
  EXPECT_THAT(Log(id, 1), HasSubstr("failing on purpose"));
  EXPECT_TRUE(NothingLeft(id)) << ::testing::PrintToString(Leftovers(id));
}

TEST_F(JobCommandsTest, AControllerKilledMidRecoveryIsResumedWithNoSecondMachine) {
  std::string file = WriteJob("./sum_of_squares.sh");
  auto run = cloud_.Run({"job", "run", "--detach", file});
  ASSERT_EQ(run.exit_code, 0) << run.stdout_text << run.stderr_text;
  const std::string id = JobIdIn(run.stdout_text);
  ASSERT_TRUE(WaitForSteps(id, 1, 4)) << Log(id, 1);
  ASSERT_TRUE(
      cloud_.ec2().Interrupt(Job(id).instance_id, {.notice = std::chrono::seconds(5)}).ok());
  // SIGKILL the background controller once the recovery has begun.
  ASSERT_TRUE(LocalCloudSession::WaitFor(
      [&] {
        JobState s = Job(id).state;
        return s == JobState::kRecovering || (s == JobState::kLaunching && Job(id).attempt == 2);
      },
      std::chrono::seconds(60)));
  auto controller = Store()->Controller(id);
  ASSERT_TRUE(controller.ok() && controller->has_value());
  ASSERT_EQ(::kill(static_cast<pid_t>((*controller)->pid), SIGKILL), 0);

  auto resume = cloud_.Run({"job", "resume", id});
  EXPECT_EQ(resume.exit_code, 0) << resume.stdout_text << resume.stderr_text;
  JobRecord job = Job(id);
  EXPECT_EQ(job.state, JobState::kSucceeded);
  auto sum = ReadFile(workdir_ + "/results/sum.txt");
  ASSERT_TRUE(sum.ok());
  EXPECT_EQ(*sum, std::to_string(kSumOfSquares) + "\n");
  // One machine per attempt, and none left.
  auto instances = cloud_.ec2().DescribeInstances({.filters = {{"tag:spotrun:job", {id}}}});
  size_t machines = 0;
  for (const Reservation& r : instances->reservations) machines += r.instances.size();
  EXPECT_EQ(machines, static_cast<size_t>(job.attempt));
  EXPECT_TRUE(NothingLeft(id)) << ::testing::PrintToString(Leftovers(id));
}

// The agent is SIGKILLed on its machine while the job goes on there: the controller notices
// the silence (heartbeat every 1 s: lost after 8 s), terminates that machine and runs the job
// to the right end on another one.
TEST_F(JobCommandsTest, AKilledAgentIsNoticedItsMachineReplacedAndTheJobFinishes) {
  cloud_.spotrun().SetEnv("SPOTRUN_AGENT_HEARTBEAT", "1s");
  std::string file = WriteJob("./sum_of_squares.sh");
  auto run = cloud_.Run({"job", "run", "--detach", file});
  ASSERT_EQ(run.exit_code, 0) << run.stdout_text << run.stderr_text;
  const std::string id = JobIdIn(run.stdout_text);
  ASSERT_TRUE(WaitForSteps(id, 1, 4)) << Log(id, 1) << Story(id);
  const std::string first = Job(id).instance_id;
  auto killed =
      cloud_.Run({"exec", first, "--", "kill -9 \"$(cat spotrun/" + id + "/agent-1.pid)\""});
  ASSERT_EQ(killed.exit_code, 0) << killed.stdout_text << killed.stderr_text;

  ASSERT_TRUE(WaitForState(id, JobState::kSucceeded, std::chrono::seconds(120))) << Story(id);
  JobRecord job = Job(id);
  EXPECT_EQ(job.recoveries, 1) << Story(id);
  auto attempts = Store()->Attempts(id);
  ASSERT_TRUE(attempts.ok());
  ASSERT_EQ(attempts->size(), 2u) << Story(id);
  EXPECT_EQ(attempts->at(0).end_reason, "agent lost");
  EXPECT_EQ(cloud_.Describe(first).state.name, "terminated");
  auto sum = ReadFile(workdir_ + "/results/sum.txt");
  ASSERT_TRUE(sum.ok()) << sum.status().ToString();
  EXPECT_EQ(*sum, std::to_string(kSumOfSquares) + "\n");
  EXPECT_THAT(cloud_.Run({"job", "show", id}).stdout_text, HasSubstr("agent lost"));
  EXPECT_TRUE(NothingLeft(id)) << ::testing::PrintToString(Leftovers(id));
}

// Issue 6: "a corrupt checkpoint is refused". The controller is stopped first, so nothing
// starts attempt 2 before the test has corrupted the newest checkpoint: the agent of attempt 1
// takes two checkpoints on its own (rebalance, then notice) and leaves; the test flips a byte
// of the newest one's file in the cloud's S3 (same size, so only the SHA-256 tells); `job
// resume` recovers. Attempt 2's agent must refuse that checkpoint and restore the older one.
// The steps between the two checkpoints run twice here (that is the price of a corrupt
// checkpoint); the result must still be exact.
TEST_F(JobCommandsTest, ACorruptCheckpointIsRefusedAndTheOlderOneRestored) {
  std::string file = WriteJob("./sum_of_squares.sh");
  auto run = cloud_.Run({"job", "run", "--detach", file});
  ASSERT_EQ(run.exit_code, 0) << run.stdout_text << run.stderr_text;
  const std::string id = JobIdIn(run.stdout_text);
  ASSERT_FALSE(id.empty()) << run.stdout_text;
  ASSERT_TRUE(WaitForSteps(id, 1, 4)) << Log(id, 1) << Story(id);

  auto controller = Store()->Controller(id);
  ASSERT_TRUE(controller.ok() && controller->has_value());
  ASSERT_EQ(::kill(static_cast<pid_t>((*controller)->pid), SIGKILL), 0);
  ASSERT_TRUE(cloud_.ec2()
                  .Interrupt(Job(id).instance_id, {.rebalance_first = std::chrono::seconds(2),
                                                   .notice = std::chrono::seconds(10)})
                  .ok());

  // The agent reports to the store whether or not a controller reads it: wait for it to leave.
  S3Model& s3 = cloud_.cloud().s3();
  auto location = S3Location::Parse("s3://jobs-test/sum/" + id);
  ASSERT_TRUE(location.ok());
  ASSERT_TRUE(LocalCloudSession::WaitFor(
      [&] {
        auto events = s3.ListObjectsV2(
            {.bucket = "jobs-test", .prefix = JobStoreKey(*location, EventsPrefix(1))});
        if (!events.ok()) return false;
        for (const S3ObjectSummary& o : events->contents) {
          if (o.key.ends_with("-agent-exit.json")) return true;
        }
        return false;
      },
      std::chrono::seconds(60)))
      << Log(id, 1);
  CheckpointStore checkpoints(s3, *location, clock_, {});
  auto complete = checkpoints.ListComplete();
  ASSERT_TRUE(complete.ok()) << complete.status().ToString();
  ASSERT_GE(complete->size(), 2u) << Log(id, 1);
  const CheckpointManifest& newest = complete->at(0);
  const CheckpointManifest& older = complete->at(1);
  ASSERT_EQ(newest.files.size(), 1u);
  ASSERT_EQ(newest.files[0].path, "state");
  // What the older checkpoint holds: "STEP SUM".
  auto older_state =
      s3.GetObject({.bucket = "jobs-test",
                    .key = JobStoreKey(*location, CheckpointFileKey(older.seq, "state"))});
  ASSERT_TRUE(older_state.ok());
  const std::string older_step = older_state->body.substr(0, older_state->body.find(' '));

  // Corrupt the newest: the same number of bytes, one digit changed.
  const std::string newest_key = JobStoreKey(*location, CheckpointFileKey(newest.seq, "state"));
  auto newest_state = s3.GetObject({.bucket = "jobs-test", .key = newest_key});
  ASSERT_TRUE(newest_state.ok());
  std::string corrupt = newest_state->body;
  corrupt[0] = corrupt[0] == '9' ? '8' : static_cast<char>(corrupt[0] + 1);
  ASSERT_TRUE(s3.PutObject({.bucket = "jobs-test", .key = newest_key, .body = corrupt}).ok());

  auto resume = cloud_.Run({"job", "resume", id});
  EXPECT_EQ(resume.exit_code, 0) << resume.stdout_text << resume.stderr_text << Story(id);
  JobRecord job = Job(id);
  EXPECT_EQ(job.state, JobState::kSucceeded) << Story(id);
  EXPECT_EQ(job.attempt, 2) << Story(id);

  // The agent said what it refused and what it restored, and the timeline has it.
  const std::string log = Log(id, 2);
  EXPECT_THAT(log, HasSubstr(fmt::format("checkpoint {} refused", newest.seq)));
  EXPECT_THAT(log, HasSubstr("SHA-256"));
  EXPECT_THAT(log, HasSubstr(fmt::format("restored checkpoint {}", older.seq)));
  EXPECT_THAT(log, HasSubstr("attempt 2 resumes after step " + older_step + "\n"));
  auto show = cloud_.Run({"job", "show", id});
  EXPECT_THAT(show.stdout_text, HasSubstr("checkpoint-refused"));
  EXPECT_THAT(show.stdout_text, HasSubstr("checkpoint-restored"));

  auto sum = ReadFile(workdir_ + "/results/sum.txt");
  ASSERT_TRUE(sum.ok()) << sum.status().ToString();
  EXPECT_EQ(*sum, std::to_string(kSumOfSquares) + "\n");
  EXPECT_TRUE(NothingLeft(id)) << ::testing::PrintToString(Leftovers(id));
}

// The on-demand fallback (recovery.on_demand_fallback: after-1-failed-spot-launches): spot
// capacity is taken away in every pool the job could use while on-demand stays (as on EC2), the
// machine is interrupted, the recovery's spot launch finds no capacity anywhere and the job
// goes on-demand. Then spot comes back and the on-demand machine is lost (terminated under the
// job: the local cloud cannot interrupt on-demand, EC2 would not either); the next recovery
// tries spot again. That loss comes without a notice, so attempt 2's steps since its last
// checkpoint are done again by attempt 3; the result must still be exact.
TEST_F(JobCommandsTest, FallsBackToOnDemandWhenNoPoolHasSpotThenGoesBackToSpot) {
  std::string file =
      WriteJob("./sum_of_squares.sh", "",
               "{max_recoveries: 5, on_demand_fallback: after-1-failed-spot-launches}");
  auto run = cloud_.Run({"job", "run", "--detach", file});
  ASSERT_EQ(run.exit_code, 0) << run.stdout_text << run.stderr_text;
  const std::string id = JobIdIn(run.stdout_text);
  ASSERT_FALSE(id.empty()) << run.stdout_text;
  ASSERT_TRUE(WaitForSteps(id, 1, 4)) << Log(id, 1) << Story(id);

  SetSpotCapacityEverywhere(0);
  ASSERT_TRUE(
      cloud_.ec2().Interrupt(Job(id).instance_id, {.notice = std::chrono::seconds(5)}).ok());
  ASSERT_TRUE(WaitForSteps(id, 2, 2)) << Log(id, 2) << Story(id);

  // On-demand: the machine, the attempt, the ledger, the webhook and `job show` agree.
  Instance second = cloud_.Describe(Job(id).instance_id);
  EXPECT_NE(second.instance_lifecycle, "spot");
  auto attempts = Store()->Attempts(id);
  ASSERT_TRUE(attempts.ok());
  ASSERT_GE(attempts->size(), 2u);
  EXPECT_EQ(attempts->at(0).market, "spot");
  EXPECT_EQ(attempts->at(1).market, "on-demand");
  auto ledger = Store()->Ledger(id);
  ASSERT_TRUE(ledger.ok());
  bool on_demand_row = false;
  for (const JobLedgerRow& row : *ledger) {
    on_demand_row = on_demand_row || (row.attempt == 2 && row.market == "on-demand");
  }
  EXPECT_TRUE(on_demand_row) << Story(id);
  EXPECT_TRUE(LocalCloudSession::WaitFor([&] {
    for (const std::string& text : DiscordTexts()) {
      if (text.find("falling back to on-demand") != std::string::npos) return true;
    }
    return false;
  })) << ::testing::PrintToString(DiscordTexts());
  EXPECT_THAT(cloud_.Run({"job", "show", id}).stdout_text, HasSubstr("on-demand-fallback"));

  // Spot is back, and the on-demand machine is lost: attempt 3 is spot again.
  SetSpotCapacityEverywhere(std::nullopt);
  ASSERT_TRUE(cloud_.ec2().TerminateInstances({.instance_ids = {second.instance_id}}).ok());
  ASSERT_TRUE(WaitForState(id, JobState::kSucceeded, std::chrono::seconds(120))) << Story(id);
  JobRecord job = Job(id);
  EXPECT_EQ(job.attempt, 3) << Story(id);
  attempts = Store()->Attempts(id);
  ASSERT_TRUE(attempts.ok());
  ASSERT_EQ(attempts->size(), 3u) << Story(id);
  EXPECT_EQ(attempts->at(2).market, "spot");

  auto sum = ReadFile(workdir_ + "/results/sum.txt");
  ASSERT_TRUE(sum.ok()) << sum.status().ToString();
  EXPECT_EQ(*sum, std::to_string(kSumOfSquares) + "\n");
  EXPECT_TRUE(NothingLeft(id)) << ::testing::PrintToString(Leftovers(id));

  // What the test did in process, the command does: spot only, on-demand untouched.
  auto set = cloud_.Run(
      {"cloud", "capacity", "m5.large@" + attempts->at(2).zone, "0", "--market", "spot"});
  EXPECT_EQ(set.exit_code, 0) << set.stdout_text << set.stderr_text;
  EXPECT_THAT(set.stdout_text, HasSubstr("spot capacity 0"));
}

TEST_F(JobCommandsTest, ABadJobFileIsRefusedWithItsLineBeforeAnythingIsLaunched) {
  std::string path = workdir_ + "/bad.yaml";
  std::ofstream(path) << "name: x\nrun: echo\nresources: {types: [m5.large], sopt: true}\n"
                         "checkpoint: {store: s3://b/p}\n";
  auto run = cloud_.Run({"job", "run", path});
  EXPECT_NE(run.exit_code, 0);
  EXPECT_THAT(run.stderr_text, HasSubstr("bad.yaml:3"));
  EXPECT_THAT(run.stderr_text, HasSubstr("sopt"));
  auto instances = cloud_.ec2().DescribeInstances({});
  EXPECT_TRUE(instances->reservations.empty());
}

}  // namespace
}  // namespace spotrun
