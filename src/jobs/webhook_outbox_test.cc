#include "jobs/webhook_outbox.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/log.h"
#include "testing/scripted_http_client.h"

namespace spotrun {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kA = "https://discord.com/api/webhooks/123/secret-token";
constexpr std::string_view kB = "https://hooks.slack.com/services/T0/B0/other-secret";

class WebhookOutboxTest : public ::testing::Test {
 protected:
  WebhookOutbox MakeOutbox(WebhookOutbox::Options options = {}) {
    options.on_done = [this](const WebhookMessage& m, DeliveryOutcome outcome) {
      done_.push_back({m.body, outcome});
    };
    return WebhookOutbox(http_, clock_, std::move(options));
  }
  std::vector<std::string> SentBodies() const {
    std::vector<std::string> bodies;
    for (const HttpRequest& r : http_.requests()) bodies.push_back(r.body);
    return bodies;
  }

  FakeClock clock_;
  testing::ScriptedHttpClient http_;
  std::vector<std::pair<std::string, DeliveryOutcome>> done_;
};

TEST_F(WebhookOutboxTest, PostsJsonAndDeliversOnA2xx) {
  WebhookOutbox outbox = MakeOutbox();
  http_.Respond(204, "");
  outbox.Enqueue(std::string(kA), R"({"content":"hi"})");
  EXPECT_FALSE(outbox.empty());
  EXPECT_EQ(outbox.Pump(), std::nullopt);
  std::vector<HttpRequest> requests = http_.requests();
  ASSERT_EQ(requests.size(), 1u);
  const HttpRequest& r = requests[0];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.url, kA);
  EXPECT_EQ(FindHeader(r.headers, "content-type"), "application/json");
  EXPECT_EQ(r.body, R"({"content":"hi"})");
  EXPECT_GT(r.total_timeout, milliseconds(0));
  EXPECT_TRUE(outbox.empty());
  EXPECT_EQ(outbox.delivered(), 1);
  EXPECT_THAT(done_, ElementsAre(std::pair<std::string, DeliveryOutcome>(
                         R"({"content":"hi"})", DeliveryOutcome::kDelivered)));
  EXPECT_EQ(clock_.sleep_calls(), 0);  // the loop is never made to wait
}

TEST_F(WebhookOutboxTest, AnEmptyOutboxHasNothingDue) {
  WebhookOutbox outbox = MakeOutbox();
  EXPECT_EQ(outbox.Pump(), std::nullopt);
  EXPECT_TRUE(http_.requests().empty());
}

TEST_F(WebhookOutboxTest, RetriesWithExponentialBackoffWithoutBlocking) {
  WebhookOutbox outbox = MakeOutbox();
  http_.Respond(500, "")
      .Fail(Status::Unavailable("could not connect"))
      .Respond(408, "")
      .Respond(200, "");
  TimePoint t0 = clock_.Now();
  outbox.Enqueue(std::string(kA), "m");
  EXPECT_EQ(outbox.Pump(), t0 + seconds(1));
  clock_.Advance(milliseconds(999));
  EXPECT_EQ(outbox.Pump(), t0 + seconds(1));  // not due yet: nothing sent
  EXPECT_EQ(http_.requests().size(), 1u);
  clock_.Advance(milliseconds(1));
  EXPECT_EQ(outbox.Pump(), t0 + seconds(3));  // second try failed: 2 s more
  clock_.Advance(seconds(2));
  EXPECT_EQ(outbox.Pump(), t0 + seconds(7));  // third: 4 s more
  EXPECT_EQ(outbox.pending().front().attempts, 3);
  clock_.Advance(seconds(4));
  EXPECT_EQ(outbox.Pump(), std::nullopt);
  EXPECT_EQ(http_.requests().size(), 4u);
  EXPECT_EQ(outbox.delivered(), 1);
  EXPECT_EQ(clock_.sleep_calls(), 0);
}

TEST_F(WebhookOutboxTest, BackoffIsCappedAtMaxBackoff) {
  WebhookOutbox outbox = MakeOutbox({.max_attempts = 10, .max_backoff = seconds(5)});
  for (int i = 0; i < 5; ++i) http_.Respond(503, "");
  outbox.Enqueue(std::string(kA), "m");
  std::vector<Duration> waits;
  for (int i = 0; i < 5; ++i) {
    std::optional<TimePoint> next = outbox.Pump();
    ASSERT_TRUE(next.has_value());
    waits.push_back(*next - clock_.Now());
    clock_.Set(*next);
  }
  EXPECT_THAT(waits, ElementsAre(seconds(1), seconds(2), seconds(4), seconds(5), seconds(5)));
}

TEST_F(WebhookOutboxTest, GivesUpAfterMaxAttemptsAndMovesOn) {
  WebhookOutbox outbox = MakeOutbox({.max_attempts = 3});
  http_.Respond(503, "").Respond(503, "").Respond(503, "").Respond(200, "");
  outbox.Enqueue(std::string(kA), "first");
  outbox.Enqueue(std::string(kA), "second");
  while (std::optional<TimePoint> next = outbox.Pump()) clock_.Set(*next);
  EXPECT_THAT(SentBodies(), ElementsAre("first", "first", "first", "second"));
  EXPECT_EQ(outbox.given_up(), 1);
  EXPECT_EQ(outbox.delivered(), 1);
  ASSERT_EQ(done_.size(), 2u);
  EXPECT_EQ(done_[0], std::make_pair(std::string("first"), DeliveryOutcome::kGaveUp));
  EXPECT_EQ(done_[1], std::make_pair(std::string("second"), DeliveryOutcome::kDelivered));
}

TEST_F(WebhookOutboxTest, AClientErrorGivesUpAtOnce) {
  WebhookOutbox outbox = MakeOutbox();
  http_.Respond(404, R"({"message": "Unknown Webhook"})").Respond(200, "");
  outbox.Enqueue(std::string(kA), "first");
  outbox.Enqueue(std::string(kA), "second");
  EXPECT_EQ(outbox.Pump(), std::nullopt);  // both handled in one Pump: no wait after a 404
  EXPECT_THAT(SentBodies(), ElementsAre("first", "second"));
  EXPECT_EQ(outbox.given_up(), 1);
  EXPECT_EQ(outbox.delivered(), 1);
}

TEST_F(WebhookOutboxTest, RateLimitingHonoursRetryAfter) {
  WebhookOutbox outbox = MakeOutbox({.max_attempts = 10});
  http_.Respond(429, "", {{"Retry-After", "7"}})
      .Respond(429, "", {{"retry-after", "1.5"}})
      .Respond(429, "")                                                      // none: backoff
      .Respond(429, "", {{"Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"}})  // date: backoff
      .Respond(429, "", {{"Retry-After", "86400"}})                          // cut to 5 min
      .Respond(200, "");
  outbox.Enqueue(std::string(kA), "m");
  std::vector<Duration> waits;
  while (std::optional<TimePoint> next = outbox.Pump()) {
    waits.push_back(*next - clock_.Now());
    clock_.Set(*next);
  }
  EXPECT_THAT(waits,
              ElementsAre(seconds(7), milliseconds(1500), seconds(4), seconds(8), minutes(5)));
  EXPECT_EQ(outbox.delivered(), 1);
}

TEST_F(WebhookOutboxTest, MessagesToOneUrlStayInOrderOthersDoNotWait) {
  WebhookOutbox outbox = MakeOutbox();
  http_
      .Respond(503, "")   // a1
      .Respond(200, "")   // b1, not held up by a1
      .Respond(200, "")   // a1 again
      .Respond(200, "");  // a2, only after a1
  TimePoint t0 = clock_.Now();
  outbox.Enqueue(std::string(kA), "a1");
  outbox.Enqueue(std::string(kA), "a2");
  outbox.Enqueue(std::string(kB), "b1");
  std::optional<TimePoint> next = outbox.Pump();
  // Regression: a2 was enqueued due at t0, but it waits for a1, so the next time is a1's.
  EXPECT_EQ(next, t0 + seconds(1));
  EXPECT_THAT(SentBodies(), ElementsAre("a1", "b1"));
  ASSERT_EQ(outbox.pending().size(), 2u);
  EXPECT_EQ(outbox.pending()[0].body, "a1");
  EXPECT_EQ(outbox.pending()[1].body, "a2");
  ASSERT_TRUE(next.has_value());
  clock_.Set(*next);
  EXPECT_EQ(outbox.Pump(), std::nullopt);
  EXPECT_THAT(SentBodies(), ElementsAre("a1", "b1", "a1", "a2"));
}

TEST_F(WebhookOutboxTest, OnePumpSendsAtMostMaxSendsPerPump) {
  WebhookOutbox outbox = MakeOutbox({.max_sends_per_pump = 2});
  http_.Respond(200, "").Respond(200, "").Respond(200, "");
  for (std::string body : {"1", "2", "3"}) outbox.Enqueue(std::string(kA), body);
  EXPECT_EQ(outbox.Pump(), clock_.Now());  // more is due at once
  EXPECT_EQ(http_.requests().size(), 2u);
  EXPECT_EQ(outbox.Pump(), std::nullopt);
  EXPECT_THAT(SentBodies(), ElementsAre("1", "2", "3"));
}

TEST_F(WebhookOutboxTest, DrainUntilWaitsOnTheClock) {
  WebhookOutbox outbox = MakeOutbox();
  http_.Respond(503, "").Respond(503, "").Respond(200, "");
  outbox.Enqueue(std::string(kA), "m");
  TimePoint t0 = clock_.Now();
  EXPECT_TRUE(outbox.DrainUntil(t0 + minutes(1)));
  EXPECT_EQ(clock_.Now(), t0 + seconds(3));  // 1 s + 2 s of backoff, virtual
  EXPECT_EQ(outbox.delivered(), 1);
}

TEST_F(WebhookOutboxTest, DrainUntilStopsAtTheDeadline) {
  WebhookOutbox outbox = MakeOutbox();
  http_.Respond(503, "").Respond(503, "");
  outbox.Enqueue(std::string(kA), "m");
  TimePoint t0 = clock_.Now();
  EXPECT_FALSE(outbox.DrainUntil(t0 + seconds(2)));
  EXPECT_EQ(http_.requests().size(), 2u);  // at t0 and t0+1s; the next would be t0+3s
  EXPECT_LE(clock_.Now(), t0 + seconds(2));
  EXPECT_EQ(outbox.pending().size(), 1u);
}

TEST(RedactedUrlTest, KeepsOnlySchemeHostAndPort) {
  EXPECT_EQ(RedactedUrl("https://discord.com/api/webhooks/123/tok"), "https://discord.com/...");
  EXPECT_EQ(RedactedUrl("https://hooks.slack.com/services/T/B/x?y=1"),
            "https://hooks.slack.com/...");
  EXPECT_EQ(RedactedUrl("http://127.0.0.1:8080/hook"), "http://127.0.0.1:8080/...");
  EXPECT_EQ(RedactedUrl("https://user:pw@example.com/x"), "https://example.com/...");
  EXPECT_EQ(RedactedUrl("https://example.com"), "https://example.com/...");
  EXPECT_EQ(RedactedUrl("not a url"), "(webhook URL)");
}

TEST_F(WebhookOutboxTest, LogsNeverShowTheWebhookPath) {
  std::vector<std::string> lines;
  LogLevel before = GetLogLevel();
  SetLogLevel(LogLevel::kDebug);
  SetLogSink([&](LogLevel, std::string_view line) { lines.emplace_back(line); });
  {
    WebhookOutbox outbox = MakeOutbox({.max_attempts = 2});
    // The real client names the URL (without its query) in transport errors.
    http_.Fail(Status::Unavailable("POST " + std::string(kA) + ": could not connect"))
        .Respond(500, "")
        .Respond(401, "");
    outbox.Enqueue(std::string(kA), "m");
    outbox.Enqueue(std::string(kB), "m");
    while (std::optional<TimePoint> next = outbox.Pump()) clock_.Set(*next);
  }
  SetLogSink(nullptr);
  SetLogLevel(before);
  ASSERT_FALSE(lines.empty());
  for (const std::string& line : lines) {
    EXPECT_THAT(line, Not(HasSubstr("secret")));
    EXPECT_THAT(line, Not(HasSubstr("/api/webhooks")));
  }
  EXPECT_THAT(lines.front(), HasSubstr("https://discord.com/..."));
  EXPECT_THAT(lines.front(), HasSubstr("could not connect"));
}

}  // namespace
}  // namespace spotrun
