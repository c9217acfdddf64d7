#include "jobs/job_spec.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>

#include "base/file.h"
#include "base/temp_dir.h"
#include "jobs/job_spec_json.h"

namespace spotrun {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// The issue's example, with the webhook URLs filled in.
constexpr std::string_view kIssueExample = R"(name: train-resnet
resources: {types: [g4dn.xlarge, g5.xlarge], spot: true, max_price: 0.40, disk: 100}
image: ubuntu
workdir: .                    # synced to the machine (.spotrunignore honoured)
setup: pip install -r requirements.txt
run: python train.py --resume-from "$SPOTRUN_CHECKPOINT_DIR"
checkpoint: {dir: ckpt, store: s3://my-bucket/train-resnet, every: 10m, signal: SIGUSR1, grace: 90s}
outputs: [results/]
recovery: {max_recoveries: 20, on_demand_fallback: after-2-failed-spot-launches}
notify: {discord: https://discord.com/api/webhooks/1/abc, slack: https://hooks.slack.com/services/T/B/x}
)";

// The smallest accepted job; `extra` lines are appended.
std::string Minimal(std::string_view extra = "") {
  return "name: t\nrun: ./go\nresources: {types: [m5.large]}\n" + std::string(extra);
}
// Minimal() with a checkpoint section written as a flow mapping's inside.
std::string WithCheckpoint(std::string_view inside) {
  return Minimal("checkpoint: {store: s3://bkt/p" + std::string(inside) + "}\n");
}
std::string Valid(std::string_view extra = "") {
  return Minimal("checkpoint: {store: s3://bkt/p}\n" + std::string(extra));
}
// A valid job whose resources section is a flow mapping with `inside`.
std::string WithResources(std::string_view inside) {
  return "name: t\nrun: ./go\ncheckpoint: {store: s3://bkt/p}\nresources: {" + std::string(inside) +
         "}\n";
}

JobSpec Accepted(std::string_view yaml) {
  Result<JobSpec> spec = ParseJobSpec(yaml, "job.yaml");
  EXPECT_TRUE(spec.ok()) << spec.status().ToString() << "\n" << spec.status().hint();
  return spec.ok() ? *spec : JobSpec{};
}

Status Refused(std::string_view yaml) {
  Result<JobSpec> spec = ParseJobSpec(yaml, "job.yaml");
  EXPECT_FALSE(spec.ok()) << yaml;
  if (spec.ok()) return Status::Internal("accepted");
  EXPECT_EQ(spec.status().kind(), ErrorKind::kInvalidArgument);
  EXPECT_FALSE(spec.status().hint().empty()) << spec.status().message();
  EXPECT_THAT(spec.status().message(), StartsWith("job.yaml:"));
  return spec.status();
}

TEST(JobSpecTest, TheIssueExampleParses) {
  JobSpec spec = Accepted(kIssueExample);
  EXPECT_EQ(spec.name, "train-resnet");
  EXPECT_THAT(spec.resources.types, ElementsAre("g4dn.xlarge", "g5.xlarge"));
  EXPECT_TRUE(spec.resources.spot);
  EXPECT_EQ(spec.resources.max_price, 0.40);
  EXPECT_EQ(spec.resources.disk_gib, 100);
  EXPECT_EQ(spec.image, "ubuntu");
  EXPECT_EQ(spec.workdir, ".");
  EXPECT_EQ(spec.setup, "pip install -r requirements.txt");
  EXPECT_EQ(spec.run, "python train.py --resume-from \"$SPOTRUN_CHECKPOINT_DIR\"");
  EXPECT_EQ(spec.checkpoint.dir, "ckpt");
  EXPECT_EQ(spec.checkpoint.store, "s3://my-bucket/train-resnet");
  EXPECT_EQ(spec.checkpoint.every, minutes(10));
  EXPECT_EQ(spec.checkpoint.signal, SIGUSR1);
  EXPECT_EQ(spec.checkpoint.grace, seconds(90));
  EXPECT_THAT(spec.outputs, ElementsAre("results/"));
  EXPECT_EQ(spec.recovery.max_recoveries, 20);
  EXPECT_EQ(spec.recovery.on_demand_fallback, OnDemandFallback::kAfterFailedSpotLaunches);
  EXPECT_EQ(spec.recovery.failed_spot_launches, 2);
  EXPECT_EQ(spec.notify.discord, "https://discord.com/api/webhooks/1/abc");
  EXPECT_EQ(spec.notify.slack, "https://hooks.slack.com/services/T/B/x");
}

TEST(JobSpecTest, BlockStyleAndEnvParse) {
  JobSpec spec = Accepted(R"(name: render.v2_final
run: |
  ./render --frames 1-100
  ./pack
resources:
  types: c6i.large
  spot: no
  zones: [us-east-1a, us-east-1b]
checkpoint:
  store: s3://render.bucket/jobs/
env:
  FRAMES: 100
  EMPTY:
)");
  EXPECT_EQ(spec.name, "render.v2_final");
  EXPECT_EQ(spec.run, "./render --frames 1-100\n./pack\n");
  EXPECT_THAT(spec.resources.types, ElementsAre("c6i.large"));  // one word is a list of one
  EXPECT_FALSE(spec.resources.spot);
  EXPECT_THAT(spec.resources.zones, ElementsAre("us-east-1a", "us-east-1b"));
  EXPECT_EQ(spec.checkpoint.store, "s3://render.bucket/jobs");  // trailing slash dropped
  EXPECT_EQ(spec.env.at("FRAMES"), "100");
  EXPECT_EQ(spec.env.at("EMPTY"), "");
}

TEST(JobSpecTest, DefaultsAreFilledIn) {
  JobSpec spec = Accepted(Valid());
  EXPECT_EQ(spec.image, "ubuntu");
  EXPECT_EQ(spec.workdir, ".");
  EXPECT_TRUE(spec.resources.spot);
  EXPECT_FALSE(spec.resources.max_price.has_value());
  EXPECT_FALSE(spec.resources.disk_gib.has_value());
  EXPECT_EQ(spec.checkpoint.dir, "");
  EXPECT_EQ(spec.checkpoint.every, Duration::zero());
  EXPECT_EQ(spec.checkpoint.signal, SIGUSR1);
  EXPECT_EQ(spec.checkpoint.grace, seconds(90));
  EXPECT_EQ(spec.checkpoint.keep, 3);
  EXPECT_EQ(spec.recovery.max_recoveries, 20);
  EXPECT_EQ(spec.recovery.on_demand_fallback, OnDemandFallback::kAfterFailedSpotLaunches);
  EXPECT_EQ(spec.recovery.failed_spot_launches, 2);
  EXPECT_TRUE(spec.notify.discord.empty());
  EXPECT_TRUE(spec.env.empty());
}

TEST(JobSpecTest, DuplicateTypesAreKeptOnce) {
  JobSpec spec = Accepted(
      "name: t\nrun: x\nresources: {types: [m5.large, m5.large, c5.large]}\n"
      "checkpoint: {store: s3://bkt}\n");
  EXPECT_THAT(spec.resources.types, ElementsAre("m5.large", "c5.large"));
  EXPECT_EQ(spec.checkpoint.store, "s3://bkt");
}

// ---- durations and signals ----

TEST(JobSpecTest, DurationsAcceptTheUsualForms) {
  EXPECT_EQ(Accepted(WithCheckpoint(", every: 1h30m")).checkpoint.every, minutes(90));
  EXPECT_EQ(Accepted(WithCheckpoint(", every: 1h")).checkpoint.every, minutes(60));
  EXPECT_EQ(Accepted(WithCheckpoint(", every: 0")).checkpoint.every, Duration::zero());
  EXPECT_EQ(Accepted(WithCheckpoint(", every: 60s")).checkpoint.every, minutes(1));
  EXPECT_EQ(Accepted(WithCheckpoint(", grace: 1m50s")).checkpoint.grace, seconds(110));
  EXPECT_EQ(Accepted(WithCheckpoint(", grace: 1s")).checkpoint.grace, seconds(1));
}

TEST(JobSpecTest, SignalsByNameShortNameOrNumber) {
  EXPECT_EQ(Accepted(WithCheckpoint(", signal: USR1")).checkpoint.signal, SIGUSR1);
  EXPECT_EQ(Accepted(WithCheckpoint(", signal: SIGTERM")).checkpoint.signal, SIGTERM);
  EXPECT_EQ(Accepted(WithCheckpoint(", signal: sigusr2")).checkpoint.signal, SIGUSR2);
  EXPECT_EQ(Accepted(WithCheckpoint(", signal: 2")).checkpoint.signal, SIGINT);
  EXPECT_EQ(Accepted(WithCheckpoint(", signal: 31")).checkpoint.signal, 31);
}

TEST(JobSpecTest, FallbackPolicies) {
  auto fallback = [](std::string_view policy) {
    return Accepted(Valid("recovery: {on_demand_fallback: " + std::string(policy) + "}\n"))
        .recovery;
  };
  EXPECT_EQ(fallback("never").on_demand_fallback, OnDemandFallback::kNever);
  EXPECT_EQ(fallback("always").on_demand_fallback, OnDemandFallback::kAlways);
  EXPECT_EQ(fallback("after-1-failed-spot-launch").failed_spot_launches, 1);
  EXPECT_EQ(fallback("after-1-failed-spot-launches").failed_spot_launches, 1);
  JobRecovery three = fallback("after-3-failed-spot-launches");
  EXPECT_EQ(three.on_demand_fallback, OnDemandFallback::kAfterFailedSpotLaunches);
  EXPECT_EQ(three.failed_spot_launches, 3);
  EXPECT_EQ(Accepted(Valid("recovery: {max_recoveries: 0}\n")).recovery.max_recoveries, 0);
}

// ---- the file as a whole ----

TEST(JobSpecTest, RefusesAnEmptyFile) {
  EXPECT_THAT(Refused("").message(), HasSubstr("job.yaml:1:1: the job file is empty"));
  EXPECT_THAT(Refused("# nothing but a comment\n").message(), HasSubstr("is empty"));
}

TEST(JobSpecTest, RefusesAFileThatIsNotAMapping) {
  EXPECT_THAT(Refused("- name: t\n").message(),
              HasSubstr("job.yaml:1:1: the job file is a list; expected a mapping"));
  EXPECT_THAT(Refused("just words\n").message(),
              HasSubstr("the job file is \"just words\"; expected a mapping"));
}

TEST(JobSpecTest, RefusesBrokenYamlWithItsPosition) {
  Status s = Refused("name: t\nresources: {types: [m5.large}\n");
  EXPECT_THAT(s.message(), HasSubstr("expected valid YAML"));
  EXPECT_THAT(s.message(), StartsWith("job.yaml:2:"));
  EXPECT_THAT(Refused("name: t\n\trun: x\n").message(), HasSubstr("expected valid YAML"));
}

TEST(JobSpecTest, RefusesAMissingNameRunTypesOrStore) {
  EXPECT_THAT(
      Refused("run: x\nresources: {types: [a.b]}\ncheckpoint: {store: s3://bkt}\n").message(),
      HasSubstr("job.yaml:1:1: the job has no name"));
  EXPECT_THAT(
      Refused("name: t\nresources: {types: [a.b]}\ncheckpoint: {store: s3://bkt}\n").message(),
      HasSubstr("no run command"));
  EXPECT_THAT(Refused("name: t\nrun: x\ncheckpoint: {store: s3://bkt}\n").message(),
              HasSubstr("names no instance type"));
  EXPECT_THAT(Refused(Minimal()).message(), HasSubstr("no checkpoint store"));
  EXPECT_THAT(Refused(Minimal("checkpoint: {dir: ckpt}\n")).message(),
              HasSubstr("no checkpoint store"));
}

// ---- unknown keys ----

TEST(JobSpecTest, RefusesAnUnknownTopLevelKeySuggestingTheNearest) {
  Status s = Refused(Valid("sertup: make\n"));
  EXPECT_THAT(s.message(),
              StartsWith("job.yaml:5:1: unknown key \"sertup\"; expected one of name"));
  EXPECT_EQ(s.hint(), "did you mean `setup`?");
}

TEST(JobSpecTest, RefusesAnUnknownNestedKeyWithItsPath) {
  Status s = Refused(WithCheckpoint(", grase: 30s"));
  EXPECT_THAT(s.message(), HasSubstr("unknown key \"checkpoint.grase\""));
  EXPECT_THAT(s.message(), HasSubstr("expected one of dir, store, every, signal, grace, keep"));
  EXPECT_EQ(s.hint(), "did you mean `checkpoint.grace`?");
  EXPECT_EQ(Refused(WithResources("type: [m5.large]")).hint(), "did you mean `resources.types`?");
  EXPECT_EQ(Refused(Valid("notify: {dicsord: https://x.y/z}\n")).hint(),
            "did you mean `notify.discord`?");
  EXPECT_THAT(Refused(Valid("recovery: {max_recovery: 3}\n")).hint(),
              HasSubstr("recovery.max_recoveries"));
}

TEST(JobSpecTest, RefusesAKeyNothingResemblesListingTheKnownOnes) {
  Status s = Refused(Valid("priority: high\n"));
  EXPECT_THAT(s.hint(), HasSubstr("remove it, or use one of name, resources"));
}

TEST(JobSpecTest, RefusesADuplicateKey) {
  Status s = Refused(Valid("run: again\n"));
  EXPECT_THAT(s.message(), HasSubstr("job.yaml:5:1: \"run\" is given twice"));
}

TEST(JobSpecTest, RefusesANonScalarKey) {
  EXPECT_THAT(Refused(Valid("? [a, b]\n: c\n")).message(), HasSubstr("expected a plain name"));
}

// ---- wrong types ----

TEST(JobSpecTest, RefusesWrongTypesSayingWhatWasFoundAndExpected) {
  EXPECT_THAT(Refused("name: [a, b]\nrun: x\n").message(),
              HasSubstr("job.yaml:1:7: name is a list; expected a name of letters"));
  EXPECT_THAT(Refused(Valid("image: {a: b}\n")).message(),
              HasSubstr("image is a mapping; expected text"));
  EXPECT_THAT(Refused("name: t\nrun: x\nresources: {types: {a: b}}\n").message(),
              HasSubstr("resources.types is a mapping; expected a list of instance types"));
  EXPECT_THAT(Refused("name: t\nrun: x\nresources: {types: [[a]]}\n").message(),
              HasSubstr("an entry of resources.types is a list"));
  EXPECT_THAT(Refused(WithResources("types: [a.b], spot: maybe")).message(),
              HasSubstr("resources.spot is \"maybe\"; expected true or false"));
  EXPECT_THAT(Refused(WithResources("types: [a.b], disk: big")).message(),
              HasSubstr("resources.disk is \"big\"; expected a whole number of GiB"));
  EXPECT_THAT(Refused(WithResources("types: [a.b], disk: 10.5")).message(),
              HasSubstr("expected a whole number of GiB"));
  EXPECT_THAT(Refused(WithResources("types: [a.b], max_price: $0.40")).message(),
              HasSubstr("resources.max_price is \"$0.40\"; expected a price in USD per hour"));
  EXPECT_THAT(Refused(WithCheckpoint(", keep: three")).message(),
              HasSubstr("checkpoint.keep is \"three\"; expected a whole number"));
  EXPECT_THAT(Refused(Minimal("checkpoint: s3://bkt/p\n")).message(),
              HasSubstr("checkpoint is \"s3://bkt/p\"; expected a mapping with keys among dir"));
  EXPECT_THAT(Refused(Valid("outputs: {a: b}\n")).message(),
              HasSubstr("outputs is a mapping; expected a list of paths"));
  EXPECT_THAT(Refused(Valid("env: [A, B]\n")).message(),
              HasSubstr("env is a list; expected a mapping of names to values"));
  EXPECT_THAT(Refused(Valid("env: {A: [1]}\n")).message(), HasSubstr("env.A is a list"));
  EXPECT_THAT(Refused(WithCheckpoint(", every: [1m]")).message(),
              HasSubstr("checkpoint.every is a list; expected a duration"));
}

TEST(JobSpecTest, AnEmptyValueIsReportedAtItsKey) {
  Status s = Refused("name: t\nrun:\nresources: {types: [a.b]}\ncheckpoint: {store: s3://bkt}\n");
  EXPECT_THAT(s.message(), StartsWith("job.yaml:2:1: run is empty; expected text"));
  EXPECT_THAT(Refused(Valid("image: \"  \"\n")).message(), HasSubstr("expected text"));
}

// ---- impossible values ----

TEST(JobSpecTest, RefusesNamesThatAreNotIds) {
  for (std::string_view name : {"\"my job\"", "-lead", "a/b", "\"\"", "naïve"}) {
    EXPECT_THAT(Refused("name: " + std::string(name) + "\nrun: x\n").message(),
                HasSubstr("expected a name of letters, digits"))
        << name;
  }
  EXPECT_THAT(Refused("name: " + std::string(65, 'a') + "\nrun: x\n").message(),
              HasSubstr("at most 64"));
}

TEST(JobSpecTest, RefusesImpossibleResources) {
  EXPECT_THAT(Refused(WithResources("types: []")).message(),
              HasSubstr("resources.types is a list; expected at least one instance type"));
  EXPECT_THAT(Refused(WithResources("types: [a.b], max_price: 0")).message(),
              HasSubstr("expected a price above 0"));
  EXPECT_THAT(Refused(WithResources("types: [a.b], max_price: -0.1")).message(),
              HasSubstr("expected a price above 0"));
  EXPECT_THAT(Refused(WithResources("types: [a.b], max_price: .nan")).message(),
              HasSubstr("expected a price"));
  EXPECT_THAT(Refused(WithResources("types: [a.b], disk: 0")).message(),
              HasSubstr("resources.disk is \"0\"; expected a whole number of GiB from 1 to 16384"));
  EXPECT_THAT(Refused(WithResources("types: [a.b], disk: 16385")).message(),
              HasSubstr("from 1 to 16384"));
  EXPECT_THAT(Refused(WithResources("types: [\"m5 large\"]")).message(),
              HasSubstr("an entry of resources.types is \"m5 large\""));
  EXPECT_TRUE(ParseJobSpec(WithResources("types: [a.b], disk: 16384"), "j").ok());
}

TEST(JobSpecTest, AnInstanceProfileByNameOrArnIsKept) {
  EXPECT_EQ(Accepted(WithResources("types: [a.b], instance_profile: spotrun-jobs"))
                .resources.instance_profile,
            "spotrun-jobs");
  const std::string arn = "arn:aws:iam::123456789012:instance-profile/teams/spotrun-jobs";
  JobSpec spec = Accepted(WithResources("types: [a.b], instance_profile: \"" + arn + "\""));
  EXPECT_EQ(spec.resources.instance_profile, arn);
  Result<JobSpec> back = JobSpecFromJson(JobSpecToJson(spec));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->resources.instance_profile, arn);
  EXPECT_TRUE(Accepted(Valid()).resources.instance_profile.empty());

  Status bad = Refused(WithResources("types: [a.b], instance_profile: \"my profile\""));
  EXPECT_THAT(bad.message(), HasSubstr("resources.instance_profile is \"my profile\"; expected "
                                       "an instance profile's name"));
  EXPECT_THAT(bad.hint(), HasSubstr("instance_profile: spotrun-jobs"));
  EXPECT_THAT(
      Refused(WithResources("types: [a.b], instance_profile: arn:aws:iam::1:role/r")).message(),
      HasSubstr("expected an instance profile's name"));
}

TEST(JobSpecTest, RefusesAGraceThatCannotFitInANotice) {
  Status s = Refused(WithCheckpoint(", grace: 111s"));
  EXPECT_THAT(s.message(), HasSubstr("checkpoint.grace is \"111s\"; expected from 1s to 110s"));
  EXPECT_THAT(s.hint(), HasSubstr("2 minutes"));
  EXPECT_THAT(Refused(WithCheckpoint(", grace: 2m")).message(), HasSubstr("expected from 1s"));
  EXPECT_THAT(Refused(WithCheckpoint(", grace: 0s")).message(), HasSubstr("expected from 1s"));
}

TEST(JobSpecTest, RefusesMalformedDurations) {
  Status s = Refused(WithCheckpoint(", grace: 90"));
  EXPECT_THAT(s.message(), HasSubstr("checkpoint.grace \"90\" has no unit"));
  EXPECT_THAT(Refused(WithCheckpoint(", every: 10 minutes")).message(),
              HasSubstr("\"10 minutes\" is not a duration; expected"));
}

TEST(JobSpecTest, RefusesCheckpointsMoreOftenThanAMinute) {
  EXPECT_THAT(Refused(WithCheckpoint(", every: 30s")).message(),
              HasSubstr("checkpoint.every is \"30s\"; expected 0 or at least 1m"));
}

TEST(JobSpecTest, RefusesSignalsTheJobCannotCatchOrThatDoNotExist) {
  for (std::string_view sig : {"SIGKILL", "KILL", "9", "SIGSTOP", "19"}) {
    Status s = Refused(WithCheckpoint(", signal: " + std::string(sig)));
    EXPECT_THAT(s.message(), HasSubstr("not SIGKILL or SIGSTOP")) << sig;
  }
  for (std::string_view sig : {"0", "32", "-1", "SIGFOO", "USR3"}) {
    EXPECT_THAT(Refused(WithCheckpoint(", signal: " + std::string(sig))).message(),
                HasSubstr("expected a signal such as SIGUSR1"))
        << sig;
  }
}

TEST(JobSpecTest, RefusesKeepBelowOne) {
  EXPECT_THAT(Refused(WithCheckpoint(", keep: 0")).message(),
              HasSubstr("checkpoint.keep is \"0\"; expected a whole number from 1"));
}

TEST(JobSpecTest, RefusesStoresThatAreNotS3Uris) {
  for (std::string_view store : {"my-bucket/train", "https://bkt/p", "s3://", "s3://B/p", "s3://ab",
                                 "s3://-bkt/p", "s3://bkt//p", "\"s3://bkt/p q\"", "s3:/bkt"}) {
    Status s = Refused(Minimal("checkpoint: {store: " + std::string(store) + "}\n"));
    EXPECT_THAT(s.message(), HasSubstr("expected s3://bucket/prefix")) << store;
  }
}

TEST(JobSpecTest, RefusesCheckpointDirsAndOutputsOutsideTheWorkdir) {
  EXPECT_THAT(Refused(WithCheckpoint(", dir: /abs/ckpt")).message(),
              HasSubstr("expected a directory inside the workdir"));
  EXPECT_THAT(Refused(WithCheckpoint(", dir: ../ckpt")).message(),
              HasSubstr("expected a directory inside the workdir"));
  EXPECT_THAT(Refused(Valid("outputs: [results/, ../secrets]\n")).message(),
              HasSubstr("outputs has \"../secrets\"; expected a list of paths inside"));
  EXPECT_EQ(Accepted(WithCheckpoint(", dir: ./ckpt/")).checkpoint.dir, "ckpt");
}

TEST(JobSpecTest, RefusesImpossibleRecoveryPolicies) {
  EXPECT_THAT(Refused(Valid("recovery: {max_recoveries: -1}\n")).message(),
              HasSubstr("recovery.max_recoveries is \"-1\"; expected a whole number from 0"));
  for (std::string_view policy : {"sometimes", "after-x-failed-spot-launches",
                                  "after-2-failed-spot-launch", "after-2-failures", "Never"}) {
    EXPECT_THAT(
        Refused(Valid("recovery: {on_demand_fallback: " + std::string(policy) + "}\n")).message(),
        HasSubstr("expected never, always or after-N-failed-spot-launches"))
        << policy;
  }
  EXPECT_THAT(
      Refused(Valid("recovery: {on_demand_fallback: after-0-failed-spot-launches}\n")).message(),
      HasSubstr("with N at least 1"));
}

TEST(JobSpecTest, RefusesWebhooksThatAreNotUrls) {
  Status s = Refused(Valid("notify: {slack: hooks.slack.com/x}\n"));
  EXPECT_THAT(s.message(), HasSubstr("notify.slack is not a URL"));
  EXPECT_THAT(Refused(Valid("notify: {discord: \"https://\"}\n")).message(),
              HasSubstr("not a URL"));
  // The URL is a secret: it is not repeated in the message.
  EXPECT_THAT(s.message(), ::testing::Not(HasSubstr("hooks.slack.com")));
  EXPECT_EQ(Accepted(Valid("notify: {slack: \"http://127.0.0.1:9/hook\"}\n")).notify.slack,
            "http://127.0.0.1:9/hook");
}

TEST(JobSpecTest, RefusesEnvNamesThatAreNotVariablesOrAreReserved) {
  EXPECT_THAT(Refused(Valid("env: {1X: a}\n")).message(), HasSubstr("is not a variable name"));
  EXPECT_THAT(Refused(Valid("env: {\"A-B\": a}\n")).message(), HasSubstr("is not a variable name"));
  Status s = Refused(Valid("env: {SPOTRUN_JOB_ID: x}\n"));
  EXPECT_THAT(s.message(), HasSubstr("is reserved"));
}

TEST(JobSpecTest, PositionsPointAtTheValue) {
  Status s = Refused(
      "name: t\n"
      "run: x\n"
      "resources: {types: [a.b]}\n"
      "checkpoint:\n"
      "  store: s3://bkt/p\n"
      "  grace: 5m\n");
  EXPECT_THAT(s.message(), StartsWith("job.yaml:6:10: checkpoint.grace is \"5m\""));
}

// ---- LoadJobSpec ----

class LoadJobSpecTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<ScopedTempDir> dir = ScopedTempDir::Create("jobspec");
    ASSERT_TRUE(dir.ok());
    dir_.emplace(std::move(dir).value());
    std::filesystem::create_directories(root() / "project" / "src");
  }
  std::filesystem::path root() const { return dir_->path(); }
  std::string Write(std::string_view yaml) {
    std::string path = (root() / "project" / "job.yaml").string();
    EXPECT_TRUE(WriteFileAtomic(path, yaml).ok());
    return path;
  }
  std::optional<ScopedTempDir> dir_;
};

TEST_F(LoadJobSpecTest, ResolvesARelativeWorkdirAgainstTheFilesDirectory) {
  Result<JobSpec> spec = LoadJobSpec(Write(Valid("workdir: ./src/\n")));
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  EXPECT_EQ(spec->workdir, (root() / "project" / "src").string());
  Result<JobSpec> dot = LoadJobSpec(Write(Valid()));
  ASSERT_TRUE(dot.ok()) << dot.status().ToString();
  EXPECT_EQ(dot->workdir, (root() / "project").string());
}

TEST_F(LoadJobSpecTest, KeepsAnAbsoluteWorkdir) {
  std::string abs = (root() / "project" / "src").string();
  Result<JobSpec> spec = LoadJobSpec(Write(Valid("workdir: " + abs + "\n")));
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  EXPECT_EQ(spec->workdir, abs);
}

TEST_F(LoadJobSpecTest, RefusesAWorkdirThatIsNotADirectory) {
  Result<JobSpec> spec = LoadJobSpec(Write(Valid("workdir: nowhere\n")));
  ASSERT_FALSE(spec.ok());
  EXPECT_THAT(spec.status().message(), HasSubstr("nowhere is not a directory"));
}

TEST_F(LoadJobSpecTest, NamesTheFileInParseErrors) {
  std::string path = Write("name: t\n");
  Result<JobSpec> spec = LoadJobSpec(path);
  ASSERT_FALSE(spec.ok());
  EXPECT_THAT(spec.status().message(), StartsWith(path + ":1:1: "));
}

TEST_F(LoadJobSpecTest, SaysClearlyWhenTheFileIsMissing) {
  Result<JobSpec> spec = LoadJobSpec((root() / "missing.yaml").string());
  ASSERT_FALSE(spec.ok());
  EXPECT_EQ(spec.status().kind(), ErrorKind::kNotFound);
  EXPECT_THAT(spec.status().message(), HasSubstr("missing.yaml does not exist"));
  EXPECT_FALSE(spec.status().hint().empty());
}

}  // namespace
}  // namespace spotrun
