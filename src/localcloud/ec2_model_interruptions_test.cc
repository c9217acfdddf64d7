// Ec2Model's spot interruptions: the rebalance recommendation and the instance-action notice
// seen through IMDS before the instance goes, each interruption behaviour, persistent
// requests opening again, price-driven and automatic interruptions.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "localcloud/ec2_model_test_fixture.h"

namespace spotrun {
namespace {

using ::testing::ElementsAre;
using InterruptionsTest = testing::Ec2ModelTest;
using std::chrono::seconds;

std::string Entry(Ec2Model& model, const std::string& id, const std::string& key) {
  std::optional<ImdsView> view = model.Lookup(id);
  if (!view) return "<no instance>";
  auto it = view->entries.find(key);
  return it == view->entries.end() ? "<404>" : it->second;
}

TEST_F(InterruptionsTest, NoticeIsVisibleBeforeTheInstanceIsTerminated) {
  const std::string id = Launch(Spot());
  const std::string sir = Describe(id).spot_instance_request_id;
  Advance(seconds(2));
  EXPECT_EQ(Entry(*model_, id, "meta-data/spot/instance-action"), "<404>");
  EXPECT_EQ(Entry(*model_, id, "meta-data/events/recommendations/rebalance"), "<404>");

  ASSERT_TRUE(model_->Interrupt(id, {.rebalance_first = seconds(30)}).ok());
  // 2026-01-01T00:00:02Z: the recommendation now, the notice 30 s later, the end 120 s after.
  EXPECT_EQ(Entry(*model_, id, "meta-data/events/recommendations/rebalance"),
            R"({"noticeTime": "2026-01-01T00:00:02Z"})");
  EXPECT_EQ(Entry(*model_, id, "meta-data/spot/instance-action"), "<404>");
  EXPECT_EQ(SpotRequest(sir).status.code, "fulfilled");

  Advance(seconds(30));
  EXPECT_EQ(Entry(*model_, id, "meta-data/spot/instance-action"),
            R"({"action": "terminate", "time": "2026-01-01T00:02:32Z"})");
  EXPECT_EQ(Entry(*model_, id, "meta-data/spot/termination-time"), "2026-01-01T00:02:32Z");
  EXPECT_EQ(SpotRequest(sir).status.code, "marked-for-termination");
  EXPECT_EQ(StateOf(id), "running");

  Advance(seconds(119));
  EXPECT_EQ(StateOf(id), "running");
  Advance(seconds(1));
  Instance gone = Describe(id);
  EXPECT_EQ(gone.state.name, "shutting-down");
  ASSERT_TRUE(gone.state_reason.has_value());
  EXPECT_EQ(gone.state_reason->code, "Server.SpotInstanceTermination");
  EXPECT_EQ(SpotRequest(sir).state, "closed");
  EXPECT_EQ(SpotRequest(sir).status.code, "instance-terminated-by-experiment");
  EXPECT_THAT(runtime_.calls(), ElementsAre("Boot " + id, "Terminate " + id));
  Advance(seconds(1));
  EXPECT_EQ(StateOf(id), "terminated");
}

TEST_F(InterruptionsTest, NoticePeriodCanBeShortened) {
  const std::string id = Launch(Spot());
  Advance(seconds(2));
  ASSERT_TRUE(model_->Interrupt(id, {.notice = seconds(5)}).ok());
  EXPECT_EQ(Entry(*model_, id, "meta-data/spot/instance-action"),
            R"({"action": "terminate", "time": "2026-01-01T00:00:07Z"})");
  Advance(seconds(5));
  EXPECT_EQ(StateOf(id), "shutting-down");
}

TEST_F(InterruptionsTest, InterruptRefusesWhatCannotBeInterrupted) {
  const std::string on_demand = Launch(OnDemand());
  EXPECT_EQ(model_->Interrupt(on_demand, {}).code(), "InvalidParameterValue");
  EXPECT_EQ(model_->Interrupt("i-00000000000000000", {}).code(), "InvalidInstanceID.NotFound");
  const std::string spot = Launch(Spot());
  ASSERT_TRUE(model_->Interrupt(spot, {}).ok());
  EXPECT_EQ(model_->Interrupt(spot, {}).code(), "IncorrectInstanceState");
  ASSERT_TRUE(model_->TerminateInstances({.instance_ids = {spot}}).ok());
  EXPECT_EQ(model_->Interrupt(spot, {}).code(), "IncorrectInstanceState");
}

TEST_F(InterruptionsTest, PersistentTerminateRequestOpensAgainAndWaitsForCapacity) {
  const std::string id = Launch(Spot("persistent"));
  const std::string sir = Describe(id).spot_instance_request_id;
  Advance(seconds(2));
  ASSERT_TRUE(model_->SetCapacity(kType, "us-east-1a", 0).ok());
  ASSERT_TRUE(model_->Interrupt(id, {.notice = seconds(10)}).ok());
  Advance(seconds(10));
  SpotInstanceRequest reopened = SpotRequest(sir);
  EXPECT_EQ(reopened.state, "open");
  EXPECT_EQ(reopened.status.code, "instance-terminated-by-experiment");
  EXPECT_EQ(reopened.instance_id, "");
  Advance(seconds(1));
  EXPECT_EQ(SpotRequest(sir).status.code, "capacity-not-available");

  ASSERT_TRUE(model_->SetCapacity(kType, "us-east-1a", 1).ok());
  Advance(seconds(1));
  SpotInstanceRequest again = SpotRequest(sir);
  EXPECT_EQ(again.state, "active");
  EXPECT_EQ(again.status.code, "fulfilled");
  EXPECT_NE(again.instance_id, id);
  EXPECT_EQ(Describe(again.instance_id).spot_instance_request_id, sir);

  // Cancelling stops the cycle.
  ASSERT_TRUE(model_->CancelSpotInstanceRequests({.spot_instance_request_ids = {sir}}).ok());
  Advance(seconds(2));
  ASSERT_TRUE(model_->Interrupt(again.instance_id, {.notice = seconds(1)}).ok());
  Advance(seconds(1));
  EXPECT_EQ(SpotRequest(sir).state, "cancelled");
}

// An interruption takes the capacity back from the spot market only: with spot's own limit
// the interrupted pool has no spot left, and on-demand still launches there.
TEST_F(InterruptionsTest, AnInterruptionKeepsTheSpotCapacityButNotOnDemands) {
  ASSERT_TRUE(model_->SetCapacity(kType, "us-east-1a", 1, CapacityMarket::kSpot).ok());
  ASSERT_TRUE(model_->SetCapacity(kType, "us-east-1a", 1, CapacityMarket::kOnDemand).ok());
  const std::string id = Launch(Spot());
  Advance(seconds(2));
  ASSERT_TRUE(model_->Interrupt(id, {.notice = seconds(5)}).ok());
  Advance(seconds(5));
  ASSERT_NE(Describe(id).state.code, 16);
  EXPECT_EQ(model_->RunInstances(Spot()).status().code(), "InsufficientInstanceCapacity");
  EXPECT_TRUE(model_->RunInstances(OnDemand()).ok());
}

// A controller terminates its interrupted machine as soon as its job has checkpointed, before
// the notice's time: EC2 has reclaimed that capacity all the same.
TEST_F(InterruptionsTest, TerminatingAnInstanceMarkedForInterruptionGivesNoCapacityBack) {
  ASSERT_TRUE(model_->SetCapacity(kType, "us-east-1a", 1, CapacityMarket::kSpot).ok());
  const std::string id = Launch(Spot());
  Advance(seconds(2));
  ASSERT_TRUE(model_->Interrupt(id, {.notice = seconds(10)}).ok());
  Advance(seconds(2));
  ASSERT_TRUE(model_->TerminateInstances({.instance_ids = {id}}).ok());
  EXPECT_EQ(model_->RunInstances(Spot()).status().code(), "InsufficientInstanceCapacity");
  Advance(seconds(10));  // past the interruption's time: still none
  EXPECT_EQ(model_->RunInstances(Spot()).status().code(), "InsufficientInstanceCapacity");
  EXPECT_TRUE(model_->RunInstances(OnDemand()).ok());
}

TEST_F(InterruptionsTest, StopBehaviourStopsAndTheRequestStartsTheSameInstanceAgain) {
  const std::string id = Launch(Spot("persistent", "stop"));
  const std::string sir = Describe(id).spot_instance_request_id;
  Advance(seconds(2));
  ASSERT_TRUE(model_->Interrupt(id, {.notice = seconds(10)}).ok());
  EXPECT_EQ(Entry(*model_, id, "meta-data/spot/instance-action"),
            R"({"action": "stop", "time": "2026-01-01T00:00:12Z"})");
  EXPECT_EQ(SpotRequest(sir).status.code, "marked-for-stop");
  Advance(seconds(10));
  Instance stopping = Describe(id);
  EXPECT_EQ(stopping.state.name, "stopping");
  EXPECT_EQ(stopping.state_reason->code, "Server.SpotInstanceShutdown");
  EXPECT_EQ(SpotRequest(sir).state, "open");
  EXPECT_EQ(SpotRequest(sir).status.code, "instance-stopped-by-experiment");
  Advance(seconds(1));
  EXPECT_EQ(StateOf(id), "stopped");
  Advance(seconds(1));
  Advance(seconds(1));
  EXPECT_EQ(SpotRequest(sir).state, "active");
  EXPECT_EQ(SpotRequest(sir).instance_id, id);
  EXPECT_EQ(StateOf(id), "pending");
  EXPECT_EQ(Entry(*model_, id, "meta-data/spot/instance-action"), "<404>");
}

TEST_F(InterruptionsTest, HibernateBehaviourFreezesAndResumes) {
  const std::string id = Launch(Spot("persistent", "hibernate"));
  Advance(seconds(2));
  ASSERT_TRUE(model_->Interrupt(id, {.notice = seconds(1)}).ok());
  Advance(seconds(1));
  Advance(seconds(1));
  EXPECT_EQ(StateOf(id), "stopped");
  Advance(seconds(1));
  Advance(seconds(1));
  EXPECT_EQ(StateOf(id), "pending");
  EXPECT_THAT(runtime_.calls(), ElementsAre("Boot " + id, "Hibernate " + id, "Resume " + id));
}

TEST_F(InterruptionsTest, APriceAboveTheMaximumInterrupts) {
  // Find a moment in the replayed market when the price is above today's.
  const TimePoint start = clock_.Now();
  const market::SpotPool pool{"us-east-1a", kType};
  Result<double> now_price = testing::SharedMarket().spot_prices().PriceAt(pool, start);
  ASSERT_TRUE(now_price.ok());
  std::optional<TimePoint> higher;
  for (TimePoint t = start; t < start + std::chrono::hours(24 * 90); t += std::chrono::hours(1)) {
    Result<double> p = testing::SharedMarket().spot_prices().PriceAt(pool, t);
    if (p.ok() && *p > *now_price + 1e-6) {
      higher = t;
      break;
    }
  }
  if (!higher) GTEST_SKIP() << "the replayed series never rises above its first price";
  RunInstancesRequest request = Spot("persistent");
  request.instance_market_options->spot_options->max_price =
      fmt::format("{:.6f}", *now_price + 5e-7);
  const std::string id = Launch(request);
  const std::string sir = Describe(id).spot_instance_request_id;
  clock_.Set(*higher);
  model_->Tick();
  EXPECT_NE(Entry(*model_, id, "meta-data/spot/instance-action"), "<404>");
  EXPECT_EQ(SpotRequest(sir).status.code, "marked-for-termination");
  Advance(seconds(120));
  EXPECT_EQ(SpotRequest(sir).status.code, "instance-terminated-by-price");
  EXPECT_EQ(SpotRequest(sir).state, "open");
}

TEST_F(InterruptionsTest, AutomaticInterruptionsDrawFromTheRandomSource) {
  Ec2Model::Options options;
  options.interruptions = Ec2Model::Interruptions::kAuto;
  Build(options);
  const std::string id = Launch(Spot());
  Advance(seconds(2));
  forced_random_ = 0.999999;  // never below an hour's chance
  Advance(std::chrono::hours(1));
  EXPECT_EQ(Entry(*model_, id, "meta-data/spot/instance-action"), "<404>");
  forced_random_ = 0.0;  // always below it
  Advance(std::chrono::minutes(10));
  EXPECT_NE(Entry(*model_, id, "meta-data/spot/instance-action"), "<404>");
  Advance(seconds(120));
  EXPECT_EQ(StateOf(id), "shutting-down");
  EXPECT_EQ(SpotRequest(Describe(id).spot_instance_request_id).status.code,
            "instance-terminated-no-capacity");
}

TEST_F(InterruptionsTest, AutomaticInterruptionsAreOffByDefault) {
  const std::string id = Launch(Spot());
  forced_random_ = 0.0;
  Advance(std::chrono::hours(24));
  EXPECT_EQ(StateOf(id), "running");
}

}  // namespace
}  // namespace spotrun
