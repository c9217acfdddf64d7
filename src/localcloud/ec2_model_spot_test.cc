// Ec2Model's spot market: spot through RunInstances, RequestSpotInstances and the request's
// states and status codes, cancellation, and DescribeSpotPriceHistory.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "localcloud/ec2_model_test_fixture.h"

namespace spotrun {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;
using SpotTest = testing::Ec2ModelTest;
using std::chrono::seconds;

void ExpectCode(const Status& status, std::string_view code) {
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.code(), code) << status.ToString();
}

RequestSpotInstancesRequest SpotRequestFor(std::string type = "one-time") {
  RequestSpotInstancesRequest request;
  request.launch_specification = {.image_id = testing::Ec2ModelTest::kImage,
                                  .instance_type = testing::Ec2ModelTest::kType,
                                  .key_name = std::string(testing::Ec2ModelTest::kKeyName)};
  request.type = type;
  return request;
}

TEST_F(SpotTest, RunInstancesWithMarketOptionsMakesAFulfilledRequest) {
  Result<Reservation> reservation = model_->RunInstances(Spot());
  ASSERT_TRUE(reservation.ok()) << reservation.status().ToString();
  const Instance& i = reservation->instances[0];
  EXPECT_EQ(i.instance_lifecycle, "spot");
  ASSERT_TRUE(i.spot_instance_request_id.starts_with("sir-"));
  SpotInstanceRequest r = SpotRequest(i.spot_instance_request_id);
  EXPECT_EQ(r.state, "active");
  EXPECT_EQ(r.status.code, "fulfilled");
  EXPECT_EQ(r.instance_id, i.instance_id);
  EXPECT_EQ(r.type, "one-time");
  EXPECT_EQ(r.instance_interruption_behavior, "terminate");
  EXPECT_EQ(r.launched_availability_zone, "us-east-1a");
  EXPECT_EQ(r.product_description, "Linux/UNIX");
  EXPECT_FALSE(r.spot_price.empty());  // the on-demand price caps it

  Result<DescribeInstancesResponse> spot = model_->DescribeInstances(
      {.filters = {{"instance-lifecycle", {"spot"}},
                   {"spot-instance-request-id", {r.spot_instance_request_id}}}});
  ASSERT_TRUE(spot.ok());
  EXPECT_THAT(InstancesOf(spot->reservations), SizeIs(1));
}

TEST_F(SpotTest, RunInstancesRefusesAMaxPriceBelowTheSpotPrice) {
  RunInstancesRequest request = Spot();
  request.instance_market_options->spot_options->max_price = "0.0001";
  Status refused = model_->RunInstances(request).status();
  ExpectCode(refused, "SpotMaxPriceTooLow");
  EXPECT_THAT(refused.message(), HasSubstr("Your Spot request price of 0.0001 is lower than the "
                                           "minimum required Spot request fulfillment price"));
  request.instance_market_options->spot_options->max_price = "cheap";
  ExpectCode(model_->RunInstances(request).status(), "InvalidParameterValue");
}

TEST_F(SpotTest, StopBehaviourNeedsAPersistentRequest) {
  ExpectCode(model_->RunInstances(Spot("one-time", "stop")).status(),
             "InvalidParameterCombination");
  ExpectCode(model_->RunInstances(Spot("forever")).status(), "InvalidParameterValue");
  EXPECT_TRUE(model_->RunInstances(Spot("persistent", "stop")).ok());
}

TEST_F(SpotTest, NoSpotCapacityRefusesRunInstances) {
  ASSERT_TRUE(model_->SetCapacity(kType, "us-east-1a", 0).ok());
  Status refused = model_->RunInstances(Spot()).status();
  ExpectCode(refused, "InsufficientInstanceCapacity");
  EXPECT_EQ(refused.message(), "There is no Spot capacity available that matches your request.");
}

// EC2's spot capacity is a pool's spare on-demand capacity: spot can run out in a pool while
// on-demand launches there fine (what makes a job's on-demand fallback necessary).
TEST_F(SpotTest, SpotCapacityCanRunOutWhileOnDemandStillLaunches) {
  ASSERT_TRUE(model_->SetCapacity(kType, "us-east-1a", 0, CapacityMarket::kSpot).ok());
  Status refused = model_->RunInstances(Spot()).status();
  ExpectCode(refused, "InsufficientInstanceCapacity");
  EXPECT_EQ(refused.message(), "There is no Spot capacity available that matches your request.");
  EXPECT_TRUE(model_->RunInstances(OnDemand()).ok());

  Result<std::vector<SpotInstanceRequest>> made = model_->RequestSpotInstances(SpotRequestFor());
  ASSERT_TRUE(made.ok());
  const std::string sir = made->at(0).spot_instance_request_id;
  Advance(seconds(1));
  EXPECT_EQ(SpotRequest(sir).status.code, "capacity-not-available");
  ASSERT_TRUE(model_->SetCapacity(kType, "us-east-1a", std::nullopt, CapacityMarket::kSpot).ok());
  Advance(seconds(1));
  EXPECT_EQ(SpotRequest(sir).status.code, "fulfilled");
}

TEST_F(SpotTest, OnDemandCapacityCanRunOutWhileSpotStillLaunches) {
  ASSERT_TRUE(model_->SetCapacity(kType, "us-east-1a", 0, CapacityMarket::kOnDemand).ok());
  ExpectCode(model_->RunInstances(OnDemand()).status(), "InsufficientInstanceCapacity");
  EXPECT_TRUE(model_->RunInstances(Spot()).ok());
}

TEST_F(SpotTest, AMarketsLimitIsHeldByItsInstancesAndComesBackOnTerminate) {
  ASSERT_TRUE(model_->SetCapacity(kType, "us-east-1a", 1, CapacityMarket::kSpot).ok());
  const std::string id = Launch(Spot());
  ExpectCode(model_->RunInstances(Spot()).status(), "InsufficientInstanceCapacity");
  EXPECT_TRUE(model_->RunInstances(OnDemand()).ok());  // the spot instance held spot's room only
  ASSERT_TRUE(model_->TerminateInstances({.instance_ids = {id}}).ok());
  EXPECT_TRUE(model_->RunInstances(Spot()).ok());
}

TEST_F(SpotTest, ThePoolsLimitCoversBothMarketsAndDropsTheirOwn) {
  ASSERT_TRUE(model_->SetCapacity(kType, "us-east-1a", 0, CapacityMarket::kSpot).ok());
  ASSERT_TRUE(model_->SetCapacity(kType, "us-east-1a", 1, CapacityMarket::kOnDemand).ok());
  // kBoth (what `cloud capacity POOL N` did before markets): one limit for every launch.
  ASSERT_TRUE(model_->SetCapacity(kType, "us-east-1a", 1).ok());
  EXPECT_TRUE(model_->RunInstances(Spot()).ok());  // spot's own 0 is gone
  ExpectCode(model_->RunInstances(OnDemand()).status(), "InsufficientInstanceCapacity");
  // A market's limit applies on top of the pool's.
  ASSERT_TRUE(model_->SetCapacity(kType, "us-east-1a", 5).ok());
  ASSERT_TRUE(model_->SetCapacity(kType, "us-east-1a", 0, CapacityMarket::kSpot).ok());
  ExpectCode(model_->RunInstances(Spot()).status(), "InsufficientInstanceCapacity");
  EXPECT_TRUE(model_->RunInstances(OnDemand()).ok());
  ASSERT_TRUE(model_->SetCapacity(kType, "us-east-1a", std::nullopt).ok());
  EXPECT_TRUE(model_->RunInstances(Spot()).ok());
}

TEST_F(SpotTest, StoppingAOneTimeSpotInstanceIsUnsupported) {
  const std::string id = Launch(Spot());
  Status refused = model_->StopInstances({.instance_ids = {id}}).status();
  ExpectCode(refused, "UnsupportedOperation");
  EXPECT_THAT(refused.message(), HasSubstr("one-time Spot Instance request"));
}

TEST_F(SpotTest, TerminatingARunInstancesSpotInstanceClosesItsRequest) {
  const std::string id = Launch(Spot());
  const std::string sir = Describe(id).spot_instance_request_id;
  ASSERT_TRUE(model_->TerminateInstances({.instance_ids = {id}}).ok());
  SpotInstanceRequest r = SpotRequest(sir);
  EXPECT_EQ(r.state, "closed");
  EXPECT_EQ(r.status.code, "instance-terminated-by-user");
}

TEST_F(SpotTest, RequestGoesFromPendingEvaluationToFulfilled) {
  RequestSpotInstancesRequest request = SpotRequestFor();
  request.tag_specifications = {{"spot-instances-request", {{"team", "ml"}}}};
  Result<std::vector<SpotInstanceRequest>> made = model_->RequestSpotInstances(request);
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  ASSERT_THAT(*made, SizeIs(1));
  const std::string sir = made->at(0).spot_instance_request_id;
  EXPECT_EQ(made->at(0).state, "open");
  EXPECT_EQ(made->at(0).status.code, "pending-evaluation");
  EXPECT_THAT(made->at(0).tags, ElementsAre(Tag{"team", "ml"}));

  Advance(seconds(1));
  EXPECT_EQ(SpotRequest(sir).status.code, "pending-fulfillment");
  EXPECT_EQ(SpotRequest(sir).state, "open");
  Advance(seconds(1));
  SpotInstanceRequest r = SpotRequest(sir);
  EXPECT_EQ(r.state, "active");
  EXPECT_EQ(r.status.code, "fulfilled");
  ASSERT_FALSE(r.instance_id.empty());
  Instance i = Describe(r.instance_id);
  EXPECT_EQ(i.instance_lifecycle, "spot");
  EXPECT_EQ(i.spot_instance_request_id, sir);
  EXPECT_EQ(i.key_name, kKeyName);

  // A one-time request closes when its instance is terminated.
  ASSERT_TRUE(model_->TerminateInstances({.instance_ids = {r.instance_id}}).ok());
  EXPECT_EQ(SpotRequest(sir).state, "closed");
  EXPECT_EQ(SpotRequest(sir).status.code, "instance-terminated-by-user");
}

TEST_F(SpotTest, RequestWaitsForCapacity) {
  ASSERT_TRUE(model_->SetCapacity(kType, "us-east-1a", 0).ok());
  Result<std::vector<SpotInstanceRequest>> made = model_->RequestSpotInstances(SpotRequestFor());
  ASSERT_TRUE(made.ok());
  const std::string sir = made->at(0).spot_instance_request_id;
  Advance(seconds(1));
  EXPECT_EQ(SpotRequest(sir).status.code, "capacity-not-available");
  EXPECT_EQ(SpotRequest(sir).state, "open");
  Advance(seconds(60));
  EXPECT_EQ(SpotRequest(sir).status.code, "capacity-not-available");
  ASSERT_TRUE(model_->SetCapacity(kType, "us-east-1a", 1).ok());
  EXPECT_EQ(SpotRequest(sir).status.code, "pending-fulfillment");
  Advance(seconds(1));
  EXPECT_EQ(SpotRequest(sir).status.code, "fulfilled");
}

TEST_F(SpotTest, RequestBelowTheSpotPriceWaitsAtPriceTooLow) {
  RequestSpotInstancesRequest request = SpotRequestFor();
  request.spot_price = "0.0001";
  Result<std::vector<SpotInstanceRequest>> made = model_->RequestSpotInstances(request);
  ASSERT_TRUE(made.ok());
  const std::string sir = made->at(0).spot_instance_request_id;
  Advance(seconds(1));
  SpotInstanceRequest r = SpotRequest(sir);
  EXPECT_EQ(r.state, "open");
  EXPECT_EQ(r.status.code, "price-too-low");
  EXPECT_THAT(r.status.message, HasSubstr("0.0001"));
}

TEST_F(SpotTest, RequestExpiresAtValidUntil) {
  ASSERT_TRUE(model_->SetCapacity(kType, "us-east-1a", 0).ok());
  RequestSpotInstancesRequest request = SpotRequestFor();
  request.valid_until = clock_.Now() + seconds(30);
  Result<std::vector<SpotInstanceRequest>> made = model_->RequestSpotInstances(request);
  ASSERT_TRUE(made.ok());
  Advance(seconds(30));
  SpotInstanceRequest r = SpotRequest(made->at(0).spot_instance_request_id);
  EXPECT_EQ(r.state, "cancelled");
  EXPECT_EQ(r.status.code, "schedule-expired");
}

TEST_F(SpotTest, RequestValidatesItsLaunchSpecification) {
  RequestSpotInstancesRequest request = SpotRequestFor();
  request.launch_specification.image_id = "ami-00000000000000009";
  ExpectCode(model_->RequestSpotInstances(request).status(), "InvalidAMIID.NotFound");
  request = SpotRequestFor();
  request.launch_specification.key_name = "nobody";
  ExpectCode(model_->RequestSpotInstances(request).status(), "InvalidKeyPair.NotFound");
  request = SpotRequestFor();
  request.instance_count = 0;
  ExpectCode(model_->RequestSpotInstances(request).status(), "InvalidParameterValue");
  request = SpotRequestFor();
  request.instance_interruption_behavior = "hibernate";
  ExpectCode(model_->RequestSpotInstances(request).status(), "InvalidParameterCombination");
  request = SpotRequestFor();
  request.dry_run = true;
  ExpectCode(model_->RequestSpotInstances(request).status(), "DryRunOperation");
  Result<DescribeSpotInstanceRequestsResponse> none = model_->DescribeSpotInstanceRequests({});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->spot_instance_requests.empty());
}

TEST_F(SpotTest, ClientTokenMakesRequestSpotInstancesIdempotent) {
  RequestSpotInstancesRequest request = SpotRequestFor();
  request.instance_count = 2;
  request.client_token = "once";
  Result<std::vector<SpotInstanceRequest>> first = model_->RequestSpotInstances(request);
  Result<std::vector<SpotInstanceRequest>> again = model_->RequestSpotInstances(request);
  ASSERT_TRUE(first.ok() && again.ok());
  ASSERT_THAT(*again, SizeIs(2));
  EXPECT_EQ(first->at(0).spot_instance_request_id, again->at(0).spot_instance_request_id);
  request.type = "persistent";
  ExpectCode(model_->RequestSpotInstances(request).status(), "IdempotentParameterMismatch");
}

TEST_F(SpotTest, CancelLeavesTheInstanceRunning) {
  Result<std::vector<SpotInstanceRequest>> made =
      model_->RequestSpotInstances(SpotRequestFor("persistent"));
  ASSERT_TRUE(made.ok());
  const std::string sir = made->at(0).spot_instance_request_id;
  Advance(seconds(1));
  Advance(seconds(1));
  const std::string id = SpotRequest(sir).instance_id;
  ASSERT_FALSE(id.empty());
  Advance(seconds(2));
  Result<std::vector<CancelledSpotInstanceRequest>> cancelled =
      model_->CancelSpotInstanceRequests({.spot_instance_request_ids = {sir}});
  ASSERT_TRUE(cancelled.ok());
  EXPECT_EQ(cancelled->at(0).state, "cancelled");
  EXPECT_EQ(SpotRequest(sir).status.code, "request-canceled-and-instance-running");
  EXPECT_EQ(StateOf(id), "running");
  ASSERT_TRUE(model_->TerminateInstances({.instance_ids = {id}}).ok());
  Advance(seconds(10));
  EXPECT_EQ(SpotRequest(sir).state, "cancelled");  // no replacement

  Result<std::vector<SpotInstanceRequest>> open = model_->RequestSpotInstances(SpotRequestFor());
  ASSERT_TRUE(open.ok());
  ASSERT_TRUE(model_
                  ->CancelSpotInstanceRequests(
                      {.spot_instance_request_ids = {open->at(0).spot_instance_request_id}})
                  .ok());
  EXPECT_EQ(SpotRequest(open->at(0).spot_instance_request_id).status.code,
            "canceled-before-fulfillment");
  ExpectCode(
      model_->CancelSpotInstanceRequests({.spot_instance_request_ids = {"sir-00000000"}}).status(),
      "InvalidSpotInstanceRequestID.NotFound");
}

TEST_F(SpotTest, PersistentRequestReplacesAnInstanceTheUserTerminates) {
  Result<std::vector<SpotInstanceRequest>> made =
      model_->RequestSpotInstances(SpotRequestFor("persistent"));
  ASSERT_TRUE(made.ok());
  const std::string sir = made->at(0).spot_instance_request_id;
  Advance(seconds(1));
  Advance(seconds(1));
  const std::string first = SpotRequest(sir).instance_id;
  ASSERT_TRUE(model_->TerminateInstances({.instance_ids = {first}}).ok());
  EXPECT_EQ(SpotRequest(sir).state, "open");
  EXPECT_EQ(SpotRequest(sir).status.code, "instance-terminated-by-user");
  Advance(seconds(1));
  Advance(seconds(1));
  SpotInstanceRequest r = SpotRequest(sir);
  EXPECT_EQ(r.state, "active");
  EXPECT_NE(r.instance_id, first);
}

TEST_F(SpotTest, StoppingAPersistentSpotInstanceDisablesItsRequestUntilStarted) {
  const std::string id = Launch(Spot("persistent", "stop"));
  const std::string sir = Describe(id).spot_instance_request_id;
  Advance(seconds(2));
  ASSERT_TRUE(model_->StopInstances({.instance_ids = {id}}).ok());
  EXPECT_EQ(SpotRequest(sir).state, "disabled");
  EXPECT_EQ(SpotRequest(sir).status.code, "instance-stopped-by-user");
  Advance(seconds(1));
  ASSERT_TRUE(model_->StartInstances({.instance_ids = {id}}).ok());
  EXPECT_EQ(SpotRequest(sir).state, "active");
  EXPECT_EQ(SpotRequest(sir).status.code, "fulfilled");
}

TEST_F(SpotTest, DescribeSpotInstanceRequestsFiltersAndPages) {
  RequestSpotInstancesRequest request = SpotRequestFor();
  request.instance_count = 6;
  ASSERT_TRUE(model_->RequestSpotInstances(request).ok());
  const std::string run_id = Launch(Spot("persistent"));
  auto count = [&](std::vector<Filter> filters) {
    Result<DescribeSpotInstanceRequestsResponse> response =
        model_->DescribeSpotInstanceRequests({.filters = std::move(filters)});
    EXPECT_TRUE(response.ok()) << response.status().ToString();
    return response.ok() ? response->spot_instance_requests.size() : 0;
  };
  EXPECT_EQ(count({{"state", {"open"}}}), 6u);
  EXPECT_EQ(count({{"status-code", {"fulfilled"}}}), 1u);
  EXPECT_EQ(count({{"instance-id", {run_id}}}), 1u);
  EXPECT_EQ(count({{"type", {"persistent"}}}), 1u);
  EXPECT_EQ(count({{"launched-availability-zone", {"us-east-1a"}}}), 1u);
  EXPECT_EQ(count({{"spot-instance-request-id", {"sir-*"}}}), 7u);
  ExpectCode(model_->DescribeSpotInstanceRequests({.filters = {{"colour", {"red"}}}}).status(),
             "InvalidParameterValue");

  Result<DescribeSpotInstanceRequestsResponse> page =
      model_->DescribeSpotInstanceRequests({.max_results = 5});
  ASSERT_TRUE(page.ok());
  EXPECT_THAT(page->spot_instance_requests, SizeIs(5));
  Result<DescribeSpotInstanceRequestsResponse> rest =
      model_->DescribeSpotInstanceRequests({.max_results = 5, .next_token = page->next_token});
  ASSERT_TRUE(rest.ok());
  EXPECT_THAT(rest->spot_instance_requests, SizeIs(2));
  EXPECT_EQ(rest->next_token, "");
  ExpectCode(model_->DescribeSpotInstanceRequests({.spot_instance_request_ids = {"sir-0000000f"}})
                 .status(),
             "InvalidSpotInstanceRequestID.NotFound");
}

TEST_F(SpotTest, PriceHistoryServesTheMarketsSeries) {
  const TimePoint now = clock_.Now();
  Result<DescribeSpotPriceHistoryResponse> current =
      model_->DescribeSpotPriceHistory({.instance_types = {kType}});
  ASSERT_TRUE(current.ok()) << current.status().ToString();
  ASSERT_FALSE(current->spot_price_history.empty());
  for (const SpotPrice& price : current->spot_price_history) {
    EXPECT_EQ(price.instance_type, kType);
    EXPECT_EQ(price.product_description, "Linux/UNIX");
    EXPECT_LE(price.timestamp, now);
    Result<double> expected =
        testing::SharedMarket().spot_prices().PriceAt({price.availability_zone, kType}, now);
    ASSERT_TRUE(expected.ok());
    EXPECT_EQ(price.spot_price, fmt::format("{:.6f}", *expected));
    EXPECT_EQ(price.spot_price.size() - price.spot_price.find('.'), 7u);
  }

  clock_.Advance(std::chrono::hours(24 * 7));
  Result<DescribeSpotPriceHistoryResponse> week = model_->DescribeSpotPriceHistory(
      {.instance_types = {kType},
       .start_time = now,
       .end_time = clock_.Now() + std::chrono::hours(100),  // clamped to now
       .availability_zone = "us-east-1a"});
  ASSERT_TRUE(week.ok());
  ASSERT_FALSE(week->spot_price_history.empty());
  for (size_t n = 1; n < week->spot_price_history.size(); ++n) {
    EXPECT_GE(week->spot_price_history[n - 1].timestamp, week->spot_price_history[n].timestamp);
    EXPECT_EQ(week->spot_price_history[n].availability_zone, "us-east-1a");
  }
  EXPECT_LE(week->spot_price_history.front().timestamp, clock_.Now());

  if (week->spot_price_history.size() > 5) {
    Result<DescribeSpotPriceHistoryResponse> page =
        model_->DescribeSpotPriceHistory({.instance_types = {kType},
                                          .start_time = now,
                                          .availability_zone = "us-east-1a",
                                          .max_results = 5});
    ASSERT_TRUE(page.ok());
    EXPECT_THAT(page->spot_price_history, SizeIs(5));
    Result<DescribeSpotPriceHistoryResponse> next =
        model_->DescribeSpotPriceHistory({.instance_types = {kType},
                                          .start_time = now,
                                          .availability_zone = "us-east-1a",
                                          .max_results = 1000,
                                          .next_token = page->next_token});
    ASSERT_TRUE(next.ok());
    EXPECT_EQ(next->spot_price_history.size() + 5, week->spot_price_history.size());
  }

  Result<DescribeSpotPriceHistoryResponse> windows = model_->DescribeSpotPriceHistory(
      {.instance_types = {kType}, .product_descriptions = {"Windows"}});
  ASSERT_TRUE(windows.ok());
  EXPECT_TRUE(windows->spot_price_history.empty());
  Result<DescribeSpotPriceHistoryResponse> filtered = model_->DescribeSpotPriceHistory(
      {.instance_types = {kType}, .filters = {{"availability-zone", {"us-east-1b"}}}});
  ASSERT_TRUE(filtered.ok());
  ASSERT_THAT(filtered->spot_price_history, SizeIs(1));
  EXPECT_EQ(filtered->spot_price_history[0].availability_zone, "us-east-1b");
}

}  // namespace
}  // namespace spotrun
