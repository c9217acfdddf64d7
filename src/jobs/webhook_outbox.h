// WebhookOutbox: messages waiting to be POSTed to webhooks, delivered without ever making the
// caller's loop wait on a backoff: Enqueue adds a message, Pump sends what is due and says
// when to call it again. Messages to one URL go in order (a message waits until the one before
// it was delivered or given up); different URLs do not wait for each other. A 2xx delivers;
// a transport error, 408 or 5xx retries after 1 s, 2 s, 4 s … up to max_attempts; a 429 waits
// for its Retry-After; any other status gives up at once. Time only through the Clock.
// Borrows the HttpClient and Clock; not thread-safe (one loop owns it). Webhook URLs are
// secrets: logs show RedactedUrl only.
#ifndef SPOTRUN_JOBS_WEBHOOK_OUTBOX_H_
#define SPOTRUN_JOBS_WEBHOOK_OUTBOX_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "http/http_client.h"

namespace spotrun {

struct WebhookMessage {
  uint64_t id = 0;  // from Enqueue, increasing
  std::string url;
  std::string body;  // JSON
  int attempts = 0;  // sends tried so far
  TimePoint next_attempt{};
};

enum class DeliveryOutcome { kDelivered, kGaveUp };

class WebhookOutbox {
 public:
  struct Options {
    int max_attempts = 6;  // sends of one message before giving up (1+2+4+8+16 s of backoff)
    Duration first_backoff = std::chrono::seconds(1);  // doubled after each failed send
    Duration max_backoff = std::chrono::seconds(60);
    Duration max_retry_after = std::chrono::minutes(5);  // a longer Retry-After is cut to this
    std::chrono::milliseconds request_timeout{10000};    // one POST, connecting included
    int max_sends_per_pump = 8;                          // bounds how long one Pump keeps the loop
    // Called when a message leaves the outbox (optional): persistence, tests, `job show`.
    std::function<void(const WebhookMessage&, DeliveryOutcome)> on_done{};
  };

  WebhookOutbox(HttpClient& http, Clock& clock);
  WebhookOutbox(HttpClient& http, Clock& clock, Options options);

  // Queues a POST of `body` (JSON) to `url`, due at once. Returns the message's id.
  uint64_t Enqueue(std::string url, std::string body);
  // Sends every message that is due (heads of their URL's queue whose time has come), at most
  // max_sends_per_pump. Returns when the next message is due (now or earlier when the send cap
  // was hit), or nullopt when the outbox is empty.
  std::optional<TimePoint> Pump();
  // Pumps, sleeping on the clock in between, until the outbox is empty or `deadline` passes.
  // For the end of a job, when nothing else is left to do. True when everything was delivered
  // or given up.
  bool DrainUntil(TimePoint deadline);

  // Waiting messages in the order they were enqueued (what a controller persists).
  const std::vector<WebhookMessage>& pending() const { return pending_; }
  bool empty() const { return pending_.empty(); }
  int delivered() const { return delivered_; }
  int given_up() const { return given_up_; }

 private:
  // Sends `message` once: its outcome when it is done, else nullopt (rescheduled).
  std::optional<DeliveryOutcome> Attempt(WebhookMessage& message);
  Duration Backoff(int attempts) const;
  void Finish(size_t index, DeliveryOutcome outcome);
  // Whether pending_[index] is the first message to its URL (the only one that may be sent).
  bool IsHead(size_t index) const;
  // Index of the next message that may be sent now, or nullopt.
  std::optional<size_t> NextDue(TimePoint now) const;
  std::optional<TimePoint> NextAttempt() const;

  HttpClient& http_;
  Clock& clock_;
  Options options_;
  std::vector<WebhookMessage> pending_;
  uint64_t next_id_ = 1;
  int delivered_ = 0;
  int given_up_ = 0;
};

// "https://discord.com/..." — scheme, host and port only: a webhook's path is its secret.
std::string RedactedUrl(std::string_view url);

}  // namespace spotrun

#endif  // SPOTRUN_JOBS_WEBHOOK_OUTBOX_H_
