// Start/stop/reboot/terminate/change-type and MachinePrices against the local cloud's EC2 model.
#include "cloud/machine_actions.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cloud/machine_details.h"
#include "cloud/machine_finder.h"
#include "cloud/machine_prices.h"
#include "cloud/managed_tags.h"
#include "localcloud/ec2_model_test_fixture.h"

namespace spotrun {
namespace {

using ::testing::HasSubstr;

class MachineActionsTest : public testing::Ec2ModelTest {
 protected:
  Machine LaunchNamed(const std::string& name, RunInstancesRequest request) {
    request.tag_specifications = {{.resource_type = "instance", .tags = ManagedTags(name)}};
    std::string id = Launch(request);
    Advance(std::chrono::seconds(5));
    return FindMachine(*model_, id).value();
  }
  Machine Refresh(const Machine& m) { return FindMachine(*model_, m.id()).value(); }
};

TEST_F(MachineActionsTest, StopsAndStartsAnOnDemandMachine) {
  Machine m = LaunchNamed("box", OnDemand());
  ASSERT_EQ(m.state(), "running");
  Result<std::vector<InstanceStateChange>> stopped = StopMachines(*model_, {m});
  ASSERT_TRUE(stopped.ok()) << stopped.status().ToString();
  EXPECT_EQ(stopped->at(0).previous_state.name, "running");
  EXPECT_EQ(stopped->at(0).current_state.name, "stopping");
  Advance(std::chrono::minutes(2));
  EXPECT_EQ(StateOf(m.id()), "stopped");
  ASSERT_TRUE(StartMachines(*model_, {m}).ok());
  Advance(std::chrono::minutes(2));
  EXPECT_EQ(StateOf(m.id()), "running");
}

TEST_F(MachineActionsTest, StopRefusesASpotMachineOfAOneTimeRequestBeforeStoppingAny) {
  Machine box = LaunchNamed("box", OnDemand());
  Machine spot = LaunchNamed("spotty", Spot());
  Result<std::vector<InstanceStateChange>> stopped = StopMachines(*model_, {box, spot});
  ASSERT_EQ(stopped.status().kind(), ErrorKind::kFailedPrecondition);
  EXPECT_THAT(stopped.status().message(), HasSubstr("spotty is a spot machine of a one-time"));
  EXPECT_THAT(stopped.status().hint(), HasSubstr("--persistent"));
  EXPECT_EQ(StateOf(box.id()), "running");
}

TEST_F(MachineActionsTest, StopsASpotMachineOfAPersistentRequest) {
  Machine spot = LaunchNamed("spotty", Spot("persistent", "stop"));
  ASSERT_TRUE(StopMachines(*model_, {spot}).ok());
  Advance(std::chrono::minutes(2));
  EXPECT_EQ(StateOf(spot.id()), "stopped");
}

TEST_F(MachineActionsTest, RebootRefusesAStoppedMachineWithAHintToStartIt) {
  Machine m = LaunchNamed("box", OnDemand());
  ASSERT_TRUE(RebootMachines(*model_, {m}).ok());
  ASSERT_TRUE(StopMachines(*model_, {m}).ok());
  Advance(std::chrono::minutes(2));
  Status refused = RebootMachines(*model_, {Refresh(m)});
  EXPECT_EQ(refused.kind(), ErrorKind::kFailedPrecondition);
  EXPECT_THAT(refused.hint(), HasSubstr("spotrun start box"));
}

TEST_F(MachineActionsTest, TerminateCancelsThePersistentRequestFirst) {
  Machine spot = LaunchNamed("spotty", Spot("persistent", "stop"));
  const std::string sir = spot.instance.spot_instance_request_id;
  Result<Termination> done = TerminateMachines(*model_, {spot});
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_THAT(done->cancelled_requests, ::testing::ElementsAre(sir));
  EXPECT_EQ(SpotRequest(sir).state, "cancelled");
  Advance(std::chrono::minutes(5));
  EXPECT_EQ(StateOf(spot.id()), "terminated");
  Result<DescribeInstancesResponse> all = model_->DescribeInstances({});
  EXPECT_EQ(InstancesOf(all->reservations).size(), 1u) << "no replacement";
}

TEST_F(MachineActionsTest, TerminateOfAnOnDemandMachineCancelsNothing) {
  Machine m = LaunchNamed("box", OnDemand());
  Result<Termination> done = TerminateMachines(*model_, {m});
  ASSERT_TRUE(done.ok());
  EXPECT_TRUE(done->cancelled_requests.empty());
  EXPECT_EQ(done->changes.at(0).current_state.name, "shutting-down");
}

TEST_F(MachineActionsTest, ChangeTypeOfAStoppedMachine) {
  Machine m = LaunchNamed("box", OnDemand());
  const auto& catalog = testing::SharedMarket().instance_types();
  Status running = ChangeInstanceType(*model_, catalog, m, "m5.xlarge");
  EXPECT_EQ(running.kind(), ErrorKind::kFailedPrecondition);
  EXPECT_THAT(running.hint(), HasSubstr("--restart"));
  ASSERT_TRUE(StopMachines(*model_, {m}).ok());
  Advance(std::chrono::minutes(2));
  Status changed = ChangeInstanceType(*model_, catalog, Refresh(m), "m5.xlarge");
  ASSERT_TRUE(changed.ok()) << changed.ToString();
  EXPECT_EQ(Describe(m.id()).instance_type, "m5.xlarge");
}

TEST_F(MachineActionsTest, UnknownTypeNamesTheNearest) {
  Status unknown = CheckInstanceType(testing::SharedMarket().instance_types(), "m5.lareg");
  EXPECT_EQ(unknown.kind(), ErrorKind::kNotFound);
  EXPECT_THAT(unknown.message(), HasSubstr("unknown instance type 'm5.lareg'"));
  EXPECT_THAT(unknown.hint(), HasSubstr("m5.large"));
}

TEST_F(MachineActionsTest, DetailsHoldTheSpotRequestAndVolumes) {
  Machine spot = LaunchNamed("spotty", Spot("persistent", "stop"));
  Result<Volume> v =
      model_->CreateVolume({.availability_zone = spot.instance.availability_zone, .size = 10});
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  Advance(std::chrono::seconds(5));
  ASSERT_TRUE(model_
                  ->AttachVolume(
                      {.volume_id = v->volume_id, .instance_id = spot.id(), .device = "/dev/sdf"})
                  .ok());
  Result<MachineDetails> details = DescribeMachineDetails(*model_, spot);
  ASSERT_TRUE(details.ok()) << details.status().ToString();
  ASSERT_TRUE(details->spot_request.has_value());
  EXPECT_EQ(details->spot_request->type, "persistent");
  EXPECT_EQ(details->spot_request->instance_interruption_behavior, "stop");
  bool found = false;
  for (const Volume& volume : details->volumes) found |= volume.volume_id == v->volume_id;
  EXPECT_TRUE(found);
}

TEST_F(MachineActionsTest, PricesOnDemandFromTheMarketAndSpotFromTheCloud) {
  Machine box = LaunchNamed("box", OnDemand());
  Machine spot = LaunchNamed("spotty", Spot());
  Result<MachinePrices> prices = MachinePrices::Fetch(*model_, testing::SharedMarket().on_demand(),
                                                      "us-east-1", {box, spot}, clock_.Now());
  ASSERT_TRUE(prices.ok()) << prices.status().ToString();
  std::optional<double> on_demand = prices->HourlyPrice(box);
  ASSERT_TRUE(on_demand.has_value());
  EXPECT_NEAR(*on_demand, 0.096, 1e-9);  // m5.large, us-east-1
  std::optional<double> spot_price = prices->HourlyPrice(spot);
  ASSERT_TRUE(spot_price.has_value());
  EXPECT_GT(*spot_price, 0);
  EXPECT_LT(*spot_price, *on_demand);
}

TEST_F(MachineActionsTest, UptimeOnlyWhileRunning) {
  Machine m = LaunchNamed("box", OnDemand());
  std::optional<Duration> up = Uptime(m, clock_.Now() + std::chrono::hours(1));
  ASSERT_TRUE(up.has_value());
  EXPECT_GE(*up, std::chrono::hours(1));
  m.instance.state.name = "stopped";
  EXPECT_FALSE(Uptime(m, clock_.Now()).has_value());
}

TEST(ParseHourlyPriceTest, DecimalsOnly) {
  EXPECT_EQ(ParseHourlyPrice("0.031200"), 0.0312);
  EXPECT_FALSE(ParseHourlyPrice("").has_value());
  EXPECT_FALSE(ParseHourlyPrice("-1").has_value());
  EXPECT_FALSE(ParseHourlyPrice("0.1x").has_value());
}

}  // namespace
}  // namespace spotrun
