#include "jobs/notifier.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "testing/scripted_http_client.h"

namespace spotrun {
namespace {

const NotifiedJob kJob{.id = "job-1", .name = "t"};

TEST(NotifierTest, WebhooksOfTheJobFile) {
  EXPECT_TRUE(WebhooksOf(JobNotify{}).empty());
  std::vector<Webhook> both = WebhooksOf({.discord = "https://d/x", .slack = "https://s/y"});
  ASSERT_EQ(both.size(), 2u);
  EXPECT_EQ(both[0].format, WebhookFormat::kDiscord);
  EXPECT_EQ(both[1].format, WebhookFormat::kSlack);
}

TEST(NotifierTest, SendsEachNotificationToEveryWebhookInItsFormat) {
  FakeClock clock;
  testing::ScriptedHttpClient http;
  http.Respond(204, "").Respond(200, "ok").Respond(204, "").Respond(200, "ok");
  Notifier notifier({.discord = "https://discord.test/d", .slack = "https://slack.test/s"}, http,
                    clock);
  EXPECT_TRUE(notifier.enabled());
  notifier.Notify(OnDemandFallbackNotification(kJob, "no spot capacity"));
  notifier.Notify(FailedNotification(kJob, "exit 1", CostLedger(), clock.Now()));
  EXPECT_TRUE(http.requests().empty());  // nothing is sent until Pump
  EXPECT_EQ(notifier.Pump(), std::nullopt);
  std::vector<HttpRequest> sent = http.requests();
  ASSERT_EQ(sent.size(), 4u);
  EXPECT_EQ(sent[0].url, "https://discord.test/d");
  EXPECT_THAT(nlohmann::json::parse(sent[0].body)["content"].get<std::string>(),
              ::testing::HasSubstr("falling back to on-demand"));
  EXPECT_EQ(sent[1].url, "https://slack.test/s");
  EXPECT_THAT(nlohmann::json::parse(sent[1].body)["text"].get<std::string>(),
              ::testing::HasSubstr("falling back to on-demand"));
  EXPECT_THAT(nlohmann::json::parse(sent[2].body)["content"].get<std::string>(),
              ::testing::HasSubstr("failed: exit 1"));
  EXPECT_EQ(notifier.outbox().delivered(), 4);
}

TEST(NotifierTest, WithoutWebhooksNothingIsQueued) {
  FakeClock clock;
  testing::ScriptedHttpClient http;
  Notifier notifier(JobNotify{}, http, clock);
  EXPECT_FALSE(notifier.enabled());
  notifier.Notify(CancelledNotification(kJob, CostLedger(), clock.Now()));
  EXPECT_TRUE(notifier.outbox().empty());
  EXPECT_EQ(notifier.Pump(), std::nullopt);
  EXPECT_TRUE(http.requests().empty());
}

}  // namespace
}  // namespace spotrun
