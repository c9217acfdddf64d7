#include "agent/interruption_watch.h"

#include <gtest/gtest.h>

#include "testing/imds_test_server.h"
#include "testing/in_process_http_client.h"

namespace spotrun {
namespace {

using namespace std::chrono_literals;

class InterruptionWatchTest : public ::testing::Test {
 protected:
  FakeClock clock_;
  testing::ImdsTestServer server_{clock_};
  testing::InProcessHttpClient http_{
      [this](const HttpRequest& r) -> Result<HttpResponse> { return server_.Handle(r); }};
  ImdsClient imds_{http_, clock_, ImdsClient::Options{}};
  InterruptionWatch watch_{imds_};
};

TEST_F(InterruptionWatchTest, NothingWhileImdsAnswers404) {
  InterruptionWatch::Seen seen = watch_.Poll();
  EXPECT_TRUE(seen.error.ok()) << seen.error.message();
  EXPECT_FALSE(seen.instance_action);
  EXPECT_FALSE(seen.rebalance);
}

TEST_F(InterruptionWatchTest, ReportsARebalanceRecommendationOnce) {
  server_.SetRebalanceRecommendation(clock_.Now());
  InterruptionWatch::Seen first = watch_.Poll();
  ASSERT_TRUE(first.rebalance);
  EXPECT_EQ(first.rebalance->notice_time, clock_.Now());
  EXPECT_FALSE(watch_.Poll().rebalance);
}

TEST_F(InterruptionWatchTest, ReportsTheNoticeOnceThenStopsAsking) {
  server_.SetSpotInstanceAction("terminate", clock_.Now() + 2min);
  InterruptionWatch::Seen first = watch_.Poll();
  ASSERT_TRUE(first.instance_action);
  EXPECT_EQ(first.instance_action->action, InstanceAction::Kind::kTerminate);
  EXPECT_EQ(first.instance_action->time, clock_.Now() + 2min);
  EXPECT_TRUE(watch_.instance_action_seen());
  int requests = server_.metadata_requests();
  EXPECT_FALSE(watch_.Poll().instance_action);
  EXPECT_EQ(server_.metadata_requests(), requests);
}

TEST_F(InterruptionWatchTest, ReportsReadFailuresAndAsksAgainNextTime) {
  testing::InProcessHttpClient down([](const HttpRequest&) -> Result<HttpResponse> {
    return Status::Unavailable("connection refused", "");
  });
  ImdsClient imds(down, clock_, ImdsClient::Options{});
  InterruptionWatch watch(imds);
  EXPECT_FALSE(watch.Poll().error.ok());
  EXPECT_FALSE(watch.Poll().error.ok());
  EXPECT_GE(down.requests().size(), 2u);
}

TEST_F(InterruptionWatchTest, DisabledImdsIsNeverAsked) {
  ImdsClient::Options options;
  options.disabled = true;
  ImdsClient imds(http_, clock_, options);
  InterruptionWatch watch(imds);
  EXPECT_TRUE(watch.Poll().error.ok());
  EXPECT_TRUE(http_.requests().empty());
}

}  // namespace
}  // namespace spotrun
