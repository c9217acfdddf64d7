// MachineLauncher against the local cloud's EC2 model (in process, virtual time).
#include "cloud/machine_launch.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cloud/launch_prerequisites.h"
#include "cloud/launch_test_fixture.h"
#include "cloud/launch_zones.h"
#include "cloud/managed_tags.h"
#include "testing/unimplemented_ec2_api.h"

namespace spotrun {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// The model behind a recorder of the actions a launch calls (and nothing else).
class RecordingEc2 : public testing::UnimplementedEc2Api {
 public:
  explicit RecordingEc2(Ec2Api& ec2) : ec2_(ec2) {}
  std::vector<std::string> actions;
  std::optional<RunInstancesRequest> run;

#define SPOTRUN_FORWARD(Result_, Action)              \
  Result_ Action(const Action##Request& r) override { \
    actions.push_back(#Action);                       \
    return ec2_.Action(r);                            \
  }
  SPOTRUN_FORWARD(Result<DescribeInstancesResponse>, DescribeInstances)
  SPOTRUN_FORWARD(Result<DescribeInstanceTypesResponse>, DescribeInstanceTypes)
  SPOTRUN_FORWARD(Result<DescribeInstanceTypeOfferingsResponse>, DescribeInstanceTypeOfferings)
  SPOTRUN_FORWARD(Result<DescribeSpotPriceHistoryResponse>, DescribeSpotPriceHistory)
  SPOTRUN_FORWARD(Result<DescribeVpcsResponse>, DescribeVpcs)
  SPOTRUN_FORWARD(Result<DescribeSubnetsResponse>, DescribeSubnets)
  SPOTRUN_FORWARD(Result<std::vector<Image>>, DescribeImages)
  SPOTRUN_FORWARD(Result<std::vector<KeyPairInfo>>, DescribeKeyPairs)
  SPOTRUN_FORWARD(Result<KeyPairInfo>, ImportKeyPair)
  SPOTRUN_FORWARD(Result<DescribeSecurityGroupsResponse>, DescribeSecurityGroups)
  SPOTRUN_FORWARD(Result<CreateSecurityGroupResponse>, CreateSecurityGroup)
  SPOTRUN_FORWARD(Result<AuthorizeSecurityGroupIngressResponse>, AuthorizeSecurityGroupIngress)
  SPOTRUN_FORWARD(Result<std::vector<CancelledSpotInstanceRequest>>, CancelSpotInstanceRequests)
  SPOTRUN_FORWARD(Result<std::vector<InstanceStateChange>>, TerminateInstances)
#undef SPOTRUN_FORWARD
  Result<Reservation> RunInstances(const RunInstancesRequest& r) override {
    actions.push_back("RunInstances");
    run = r;
    return ec2_.RunInstances(r);
  }

 private:
  Ec2Api& ec2_;
};

class MachineLaunchTest : public testing::FreshRegionTest {
 protected:
  Result<Machine> LaunchIt(const MachineLaunchSpec& spec, MachineLauncher::Options options = {}) {
    if (!options.on_stage) options.on_stage = [this](std::string_view s) { Record(s); };
    if (!options.ssh_ready) options.ssh_ready = [this](const Instance&) { return ssh_answers_; };
    recorder_ = std::make_unique<RecordingEc2>(*model_);
    MachineLauncher launcher(*recorder_, clock_, testing::SharedMarket().instance_types(), options);
    return launcher.Launch(spec, Identity());
  }

  static MachineLaunchSpec Spec(std::string name, bool spot = true) {
    return {.name = std::move(name),
            .instance_type = "m5.large",
            .spot = spot,
            .ssh_cidr = "127.0.0.1/32"};
  }

  std::vector<LaunchZone> RankedZones() {
    DefaultNetwork network = FindDefaultNetwork(*model_).value();
    return LaunchZones(*model_, network, "m5.large", true, "", clock_.Now()).value();
  }

  std::string LaunchImageForTest() {
    return model_
        ->DescribeImages({.owners = {"099720109477"}, .filters = {{"architecture", {"x86_64"}}}})
        .value()
        .at(0)
        .image_id;
  }

  std::vector<SpotInstanceRequest> SpotRequests() {
    return model_->DescribeSpotInstanceRequests({}).value().spot_instance_requests;
  }
  std::vector<Instance> Instances() {
    return InstancesOf(model_->DescribeInstances({}).value().reservations);
  }

  void Record(std::string_view stage) {
    if (stages_.empty() || stages_.back() != stage) stages_.emplace_back(stage);
  }

  std::unique_ptr<RecordingEc2> recorder_;
  std::vector<std::string> stages_;
  bool ssh_answers_ = true;
};

TEST_F(MachineLaunchTest, OnDemandRunsTaggedWithImdsV2AndReportsEveryStage) {
  MachineLaunchSpec spec = Spec("trainer", /*spot=*/false);
  spec.disk_gib = 30;
  spec.user_data = "#!/bin/sh\necho hi\n";
  Result<Machine> machine = LaunchIt(spec);
  ASSERT_TRUE(machine.ok()) << machine.status().ToString();
  EXPECT_EQ(machine->name, "trainer");
  EXPECT_EQ(machine->state(), "running");
  EXPECT_EQ(machine->market(), "on-demand");
  EXPECT_FALSE(machine->address().empty());
  EXPECT_THAT(stages_, ElementsAre("requested", "pending", "running", "ssh ready"));
  Instance i = Describe(machine->id());
  EXPECT_EQ(i.metadata_options.http_tokens, "required");
  EXPECT_EQ(FindTag(i.tags, kManagedTag), "true");
  EXPECT_EQ(FindTag(i.tags, kNameTag), "trainer");
  EXPECT_EQ(i.key_name, Identity().key_pair_name);
  ASSERT_EQ(i.security_groups.size(), 1u);
  EXPECT_EQ(i.security_groups[0].group_name, kSshSecurityGroupName);
  // What was asked for: one machine, its root volume, user data, tags for everything made.
  const RunInstancesRequest& run = *recorder_->run;
  EXPECT_EQ(run.min_count, 1);
  EXPECT_EQ(run.max_count, 1);
  EXPECT_TRUE(run.client_token && !run.client_token->empty());
  EXPECT_EQ(run.user_data, spec.user_data);
  EXPECT_FALSE(run.instance_market_options);
  ASSERT_EQ(run.block_device_mappings.size(), 1u);
  EXPECT_EQ(run.block_device_mappings[0].device_name, "/dev/sda1");
  EXPECT_EQ(run.block_device_mappings[0].ebs->volume_size, 30);
  EXPECT_EQ(run.block_device_mappings[0].ebs->volume_type, "gp3");
  EXPECT_EQ(run.block_device_mappings[0].ebs->encrypted, true);
  ASSERT_EQ(run.tag_specifications.size(), 2u);
  EXPECT_EQ(run.tag_specifications[1].resource_type, "volume");
  EXPECT_EQ(FindTag(run.tag_specifications[1].tags, kMachineTag), "trainer");
}

TEST_F(MachineLaunchTest, SpotGoesToTheCheapestZoneWithATaggedRequest) {
  std::vector<LaunchZone> zones = RankedZones();
  Result<Machine> machine = LaunchIt(Spec("cheap"));
  ASSERT_TRUE(machine.ok()) << machine.status().ToString();
  EXPECT_EQ(machine->market(), "spot");
  EXPECT_EQ(machine->instance.availability_zone, zones.front().zone);
  SpotInstanceRequest request = SpotRequest(machine->instance.spot_instance_request_id);
  EXPECT_EQ(request.type, "one-time");
  EXPECT_EQ(FindTag(request.tags, kMachineTag), "cheap");
  EXPECT_EQ(FindTag(request.tags, kManagedTag), "true");
}

TEST_F(MachineLaunchTest, PersistentStopsOnInterruptionAndRefusesTerminate) {
  MachineLaunchSpec spec = Spec("keeper");
  spec.persistent = true;
  Result<Machine> machine = LaunchIt(spec);
  ASSERT_TRUE(machine.ok()) << machine.status().ToString();
  SpotInstanceRequest request = SpotRequest(machine->instance.spot_instance_request_id);
  EXPECT_EQ(request.type, "persistent");
  EXPECT_EQ(request.instance_interruption_behavior, "stop");
  spec.name = "other";
  spec.interruption = "terminate";
  Result<Machine> refused = LaunchIt(spec);
  EXPECT_EQ(refused.status().kind(), ErrorKind::kInvalidArgument);
}

TEST_F(MachineLaunchTest, SecondLaunchReusesKeyPairAndGroup) {
  ASSERT_TRUE(LaunchIt(Spec("one")).ok());
  ASSERT_TRUE(LaunchIt(Spec("two")).ok());
  for (const std::string& action : recorder_->actions) {
    EXPECT_FALSE(action.starts_with("Create") || action.starts_with("Import") ||
                 action.starts_with("Authorize"))
        << action;
  }
  EXPECT_EQ(model_->DescribeKeyPairs({.key_names = {Identity().key_pair_name}})->size(), 1u);
  EXPECT_EQ(model_
                ->DescribeSecurityGroups(
                    {.filters = {{"group-name", {std::string(kSshSecurityGroupName)}}}})
                ->security_groups.size(),
            1u);
}

TEST_F(MachineLaunchTest, ANameInUseIsRefusedUntilTerminated) {
  Result<Machine> first = LaunchIt(Spec("twin"));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  Result<Machine> second = LaunchIt(Spec("twin"));
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().kind(), ErrorKind::kAlreadyExists);
  EXPECT_THAT(second.status().message(), HasSubstr(first->id()));
  EXPECT_THAT(second.status().hint(), HasSubstr("spotrun terminate twin"));
  ASSERT_TRUE(model_->TerminateInstances({.instance_ids = {first->id()}}).ok());
  Advance(std::chrono::minutes(1));
  EXPECT_TRUE(LaunchIt(Spec("twin")).ok());
}

TEST_F(MachineLaunchTest, NoCapacityInTheCheapestZoneLaunchesInTheNext) {
  std::vector<LaunchZone> zones = RankedZones();
  ASSERT_TRUE(model_->SetCapacity("m5.large", zones[0].zone, 0).ok());
  Result<Machine> machine = LaunchIt(Spec("mover"));
  ASSERT_TRUE(machine.ok()) << machine.status().ToString();
  EXPECT_EQ(machine->instance.availability_zone, zones[1].zone);
}

TEST_F(MachineLaunchTest, NoCapacityAnywhereSuggestsTypesAndLeavesNothing) {
  for (const LaunchZone& zone : RankedZones()) {
    ASSERT_TRUE(model_->SetCapacity("m5.large", zone.zone, 0).ok());
  }
  Result<Machine> machine = LaunchIt(Spec("starved"));
  ASSERT_FALSE(machine.ok());
  EXPECT_EQ(machine.status().kind(), ErrorKind::kFailedPrecondition);
  EXPECT_THAT(machine.status().message(), HasSubstr("no spot m5.large capacity"));
  EXPECT_THAT(machine.status().hint(), HasSubstr("--type m5.xlarge"));
  EXPECT_THAT(machine.status().hint(), HasSubstr("--on-demand"));
  EXPECT_TRUE(Instances().empty());
  for (const SpotInstanceRequest& r : SpotRequests()) {
    EXPECT_NE(r.state, "open");
    EXPECT_NE(r.state, "active");
  }
}

TEST_F(MachineLaunchTest, NoWaitReturnsThePendingMachine) {
  MachineLauncher::Options options;
  options.wait = false;
  Result<Machine> machine = LaunchIt(Spec("quick", false), options);
  ASSERT_TRUE(machine.ok()) << machine.status().ToString();
  EXPECT_EQ(machine->state(), "pending");
  EXPECT_THAT(stages_, ElementsAre("requested"));
}

TEST_F(MachineLaunchTest, SshThatNeverAnswersIsADeadlineKeepingTheMachine) {
  ssh_answers_ = false;
  MachineLauncher::Options options;
  options.timeout = std::chrono::minutes(1);
  Result<Machine> machine = LaunchIt(Spec("mute", false), options);
  ASSERT_FALSE(machine.ok());
  EXPECT_EQ(machine.status().kind(), ErrorKind::kDeadlineExceeded);
  EXPECT_THAT(machine.status().hint(), HasSubstr("spotrun ssh"));
  ASSERT_EQ(Instances().size(), 1u);
  EXPECT_EQ(Instances()[0].state.name, "running");
}

TEST_F(MachineLaunchTest, AMachineThatDiesBeforeRunningIsCleanedUp) {
  // The spot request is cancelled and the instance terminated when the machine does not
  // reach running: here it is terminated by someone else while pending.
  MachineLauncher::Options options;
  options.on_stage = [this](std::string_view stage) {
    Record(stage);
    if (stage != "pending") return;
    for (const Instance& i : Instances()) {
      ASSERT_TRUE(model_->TerminateInstances({.instance_ids = {i.instance_id}}).ok());
    }
  };
  MachineLaunchSpec spec = Spec("doomed");
  spec.persistent = true;
  Result<Machine> machine = LaunchIt(spec, options);
  ASSERT_FALSE(machine.ok());
  EXPECT_EQ(machine.status().kind(), ErrorKind::kFailedPrecondition);
  ASSERT_EQ(SpotRequests().size(), 1u);
  EXPECT_THAT(SpotRequests()[0].state, ::testing::AnyOf("cancelled", "closed"));
  EXPECT_THAT(recorder_->actions, ::testing::Contains("CancelSpotInstanceRequests"));
}

TEST_F(MachineLaunchTest, IopsMakeAGp3RootAndIdsAreTakenAsIs) {
  MachineLaunchSpec spec = Spec("fast", false);
  spec.iops = 6000;
  spec.image = LaunchImageForTest();
  Result<Machine> machine = LaunchIt(spec);
  ASSERT_TRUE(machine.ok()) << machine.status().ToString();
  EXPECT_EQ(recorder_->run->image_id, spec.image);
  EXPECT_EQ(recorder_->run->block_device_mappings.at(0).ebs->iops, 6000);
}

TEST_F(MachineLaunchTest, BadInputIsRefusedBeforeAnyCall) {
  EXPECT_EQ(LaunchIt(Spec("i-abc")).status().kind(), ErrorKind::kInvalidArgument);
  EXPECT_EQ(LaunchIt(Spec("has space")).status().kind(), ErrorKind::kInvalidArgument);
  MachineLaunchSpec spec = Spec("ok", /*spot=*/false);
  spec.persistent = true;
  EXPECT_EQ(LaunchIt(spec).status().kind(), ErrorKind::kInvalidArgument);
  spec = Spec("ok");
  spec.interruption = "explode";
  EXPECT_EQ(LaunchIt(spec).status().kind(), ErrorKind::kInvalidArgument);
  EXPECT_TRUE(Instances().empty());
}

}  // namespace
}  // namespace spotrun
