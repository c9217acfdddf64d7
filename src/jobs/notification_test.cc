#include "jobs/notification.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace spotrun {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using ::testing::HasSubstr;

const NotifiedJob kJob{.id = "job-1a2b", .name = "train-resnet"};
const NotifiedMachine kSpot{.instance_id = "i-0abc",
                            .instance_type = "g4dn.xlarge",
                            .zone = "us-east-1a",
                            .market = MarketType::kSpot};

CostLedger OneHourLedger(TimePoint start) {
  CostLedger ledger;
  ledger.Open({.instance_id = "i-0abc",
               .instance_type = "g4dn.xlarge",
               .zone = "us-east-1a",
               .market = MarketType::kSpot,
               .price_per_hour = 0.2,
               .on_demand_price_per_hour = 0.5,
               .start = start});
  return ledger;
}

TEST(NotificationTest, StartedNamesTheJobAndTheMachine) {
  Notification n = StartedNotification(kJob, kSpot);
  EXPECT_EQ(n.kind, NotificationKind::kStarted);
  EXPECT_EQ(n.text, "train-resnet (job-1a2b): started on g4dn.xlarge spot in us-east-1a (i-0abc)");
}

TEST(NotificationTest, RebalanceAndNotice) {
  Notification rebalance = RebalanceNotification(kJob, kSpot);
  EXPECT_EQ(rebalance.kind, NotificationKind::kRebalance);
  EXPECT_THAT(rebalance.text, HasSubstr("rebalance"));
  EXPECT_THAT(rebalance.text, HasSubstr("early checkpoint"));
  TimePoint at = FakeClock().Now() + minutes(2);
  Notification notice = NoticeNotification(kJob, kSpot, at);
  EXPECT_EQ(notice.kind, NotificationKind::kNotice);
  EXPECT_THAT(notice.text, HasSubstr("interruption notice"));
  EXPECT_THAT(notice.text, HasSubstr("2026-01-01T00:02:00Z"));
  EXPECT_THAT(notice.text, HasSubstr("i-0abc"));
}

TEST(NotificationTest, RecoveredSaysTheDowntime) {
  NotifiedMachine od{.instance_id = "i-0def",
                     .instance_type = "g5.xlarge",
                     .zone = "us-east-1b",
                     .market = MarketType::kOnDemand};
  Notification n = RecoveredNotification(kJob, od, 2, seconds(95));
  EXPECT_EQ(n.kind, NotificationKind::kRecovered);
  EXPECT_EQ(n.text,
            "train-resnet (job-1a2b): recovered (recovery 2): running again on g5.xlarge "
            "on-demand in us-east-1b (i-0def) after 1m of downtime");
}

TEST(NotificationTest, OnDemandFallbackSaysWhy) {
  Notification n = OnDemandFallbackNotification(kJob, "2 spot launches failed");
  EXPECT_EQ(n.kind, NotificationKind::kOnDemandFallback);
  EXPECT_THAT(n.text, HasSubstr("falling back to on-demand (2 spot launches failed)"));
}

TEST(NotificationTest, SuccessCarriesCostAndSavings) {
  TimePoint t0 = FakeClock().Now();
  CostLedger ledger = OneHourLedger(t0);
  Notification n = SucceededNotification(kJob, hours(1), 1, ledger, t0 + hours(1));
  EXPECT_EQ(n.kind, NotificationKind::kSucceeded);
  EXPECT_EQ(n.text,
            "train-resnet (job-1a2b): succeeded in 1h00m (1 recovery); cost $0.2000 for 1h00m "
            "(spot 1h00m); on-demand would be $0.5000: saved $0.3000 (60 %)");
  EXPECT_THAT(SucceededNotification(kJob, hours(1), 0, ledger, t0).text,
              HasSubstr("(no interruption)"));
  EXPECT_THAT(SucceededNotification(kJob, hours(1), 3, ledger, t0).text,
              HasSubstr("(3 recoveries)"));
}

TEST(NotificationTest, FailureAndCancellation) {
  TimePoint t0 = FakeClock().Now();
  CostLedger ledger = OneHourLedger(t0);
  Notification failed = FailedNotification(kJob, "the run exited with code 1", ledger, t0);
  EXPECT_EQ(failed.kind, NotificationKind::kFailed);
  EXPECT_THAT(failed.text, HasSubstr("failed: the run exited with code 1; cost $"));
  Notification cancelled = CancelledNotification(kJob, ledger, t0);
  EXPECT_EQ(cancelled.kind, NotificationKind::kCancelled);
  EXPECT_THAT(cancelled.text, HasSubstr("cancelled; cost $"));
}

TEST(NotificationTest, KindNames) {
  EXPECT_EQ(NotificationKindName(NotificationKind::kOnDemandFallback), "on-demand-fallback");
  EXPECT_EQ(NotificationKindName(NotificationKind::kSucceeded), "succeeded");
}

TEST(WebhookBodyTest, DiscordTakesContentWithoutMentions) {
  nlohmann::json body =
      nlohmann::json::parse(WebhookBody(WebhookFormat::kDiscord, "a <b> & @everyone"));
  EXPECT_EQ(body["content"], "a <b> & @everyone");
  EXPECT_EQ(body["allowed_mentions"]["parse"], nlohmann::json::array());
}

TEST(WebhookBodyTest, SlackTakesTextEscaped) {
  nlohmann::json body = nlohmann::json::parse(WebhookBody(WebhookFormat::kSlack, "a <b> & c"));
  EXPECT_EQ(body["text"], "a &lt;b&gt; &amp; c");
  EXPECT_FALSE(body.contains("content"));
}

TEST(WebhookBodyTest, DiscordContentIsCutToItsLimitOnACharacterBoundary) {
  std::string text(1999, 'x');
  text += "é and more";  // é is two bytes: starts at byte 1999, would be split at 2000
  std::string content =
      nlohmann::json::parse(WebhookBody(WebhookFormat::kDiscord, text))["content"];
  EXPECT_EQ(content, std::string(1999, 'x'));
}

TEST(WebhookBodyTest, InvalidUtf8IsReplacedNotThrown) {
  std::string body = WebhookBody(WebhookFormat::kSlack, "bad \xff byte");
  EXPECT_THAT(body, HasSubstr("bad "));
  EXPECT_NO_THROW(nlohmann::json::parse(body));
}

}  // namespace
}  // namespace spotrun
