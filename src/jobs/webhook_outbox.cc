#include "jobs/webhook_outbox.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "base/log.h"

namespace spotrun {
namespace {

// The text without any copy of `url` (or of it without its query), for logs.
std::string Scrubbed(std::string text, const std::string& url) {
  std::string redacted = RedactedUrl(url);
  std::string_view bare = std::string_view(url).substr(0, url.find('?'));
  for (std::string_view secret : {std::string_view(url), bare}) {
    if (secret.empty()) continue;
    for (size_t at = text.find(secret); at != std::string::npos;
         at = text.find(secret, at + redacted.size())) {
      text.replace(at, secret.size(), redacted);
    }
  }
  return text;
}

// Retry-After in seconds ("120" or "1.5" as Discord sends it); nullopt for anything else
// (an HTTP date is treated as absent: the backoff applies).
std::optional<Duration> RetryAfter(const HttpResponse& response) {
  std::optional<std::string> value = response.Header("Retry-After");
  if (!value.has_value()) return std::nullopt;
  double seconds = 0;
  auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), seconds);
  if (ec != std::errc() || end != value->data() + value->size() || !std::isfinite(seconds)) {
    return std::nullopt;
  }
  return std::chrono::duration_cast<Duration>(
      std::chrono::duration<double>(std::max(seconds, 0.0)));
}

}  // namespace

WebhookOutbox::WebhookOutbox(HttpClient& http, Clock& clock)
    : WebhookOutbox(http, clock, Options{}) {}

WebhookOutbox::WebhookOutbox(HttpClient& http, Clock& clock, Options options)
    : http_(http), clock_(clock), options_(std::move(options)) {}

uint64_t WebhookOutbox::Enqueue(std::string url, std::string body) {
  uint64_t id = next_id_++;
  pending_.push_back(WebhookMessage{.id = id,
                                    .url = std::move(url),
                                    .body = std::move(body),
                                    .attempts = 0,
                                    .next_attempt = clock_.Now()});
  return id;
}

bool WebhookOutbox::IsHead(size_t index) const {
  auto before = pending_.begin() + static_cast<ptrdiff_t>(index);
  return std::none_of(pending_.begin(), before,
                      [&](const WebhookMessage& m) { return m.url == pending_[index].url; });
}

std::optional<size_t> WebhookOutbox::NextDue(TimePoint now) const {
  for (size_t i = 0; i < pending_.size(); ++i) {
    if (pending_[i].next_attempt <= now && IsHead(i)) return i;
  }
  return std::nullopt;
}

std::optional<TimePoint> WebhookOutbox::NextAttempt() const {
  // Only the first message of each URL can be sent; those behind it wait for it, whatever
  // their own time says.
  std::optional<TimePoint> next;
  for (size_t i = 0; i < pending_.size(); ++i) {
    if (IsHead(i) && (!next.has_value() || pending_[i].next_attempt < *next)) {
      next = pending_[i].next_attempt;
    }
  }
  return next;
}

std::optional<TimePoint> WebhookOutbox::Pump() {
  for (int sends = 0; sends < options_.max_sends_per_pump; ++sends) {
    std::optional<size_t> due = NextDue(clock_.Now());
    if (!due.has_value()) break;
    std::optional<DeliveryOutcome> outcome = Attempt(pending_[*due]);
    if (outcome.has_value()) Finish(*due, *outcome);
  }
  return NextAttempt();
}

std::optional<DeliveryOutcome> WebhookOutbox::Attempt(WebhookMessage& message) {
  HttpRequest request{
      .method = "POST",
      .url = message.url,
      .headers = {{"Content-Type", "application/json"}},
      .body = message.body,
      .connect_timeout = std::min(options_.request_timeout, std::chrono::milliseconds(5000)),
      .total_timeout = options_.request_timeout};
  ++message.attempts;
  Result<HttpResponse> response = http_.Send(request);
  TimePoint now = clock_.Now();
  std::string where = RedactedUrl(message.url);
  std::optional<Duration> wait;  // set: retry after it; unset: done
  bool delivered = false;
  std::string why;
  if (!response.ok()) {
    why = Scrubbed(response.status().message(), message.url);
    wait = Backoff(message.attempts);
  } else if (response->status >= 200 && response->status < 300) {
    delivered = true;
  } else if (response->status == 429) {
    why = "HTTP 429 (rate limited)";
    wait = std::min(RetryAfter(*response).value_or(Backoff(message.attempts)),
                    options_.max_retry_after);
  } else if (response->status == 408 || response->status >= 500) {
    why = "HTTP " + std::to_string(response->status);
    wait = Backoff(message.attempts);
  } else {
    LogWarning("webhook {} refused a notification with HTTP {}; not retrying (check the URL)",
               where, response->status);
    return DeliveryOutcome::kGaveUp;
  }
  if (delivered) {
    LogDebug("webhook {}: notification {} delivered", where, message.id);
    return DeliveryOutcome::kDelivered;
  }
  if (message.attempts >= options_.max_attempts) {
    LogWarning("webhook {}: notification not delivered after {} tries ({}); giving up", where,
               message.attempts, why);
    return DeliveryOutcome::kGaveUp;
  }
  LogDebug("webhook {}: try {} failed ({}); next in {} ms", where, message.attempts, why,
           std::chrono::duration_cast<std::chrono::milliseconds>(*wait).count());
  message.next_attempt = now + *wait;
  return std::nullopt;
}

void WebhookOutbox::Finish(size_t index, DeliveryOutcome outcome) {
  WebhookMessage message = std::move(pending_[index]);
  pending_.erase(pending_.begin() + static_cast<ptrdiff_t>(index));
  (outcome == DeliveryOutcome::kDelivered ? delivered_ : given_up_)++;
  if (options_.on_done) options_.on_done(message, outcome);
}

Duration WebhookOutbox::Backoff(int attempts) const {
  Duration wait = options_.first_backoff;
  for (int i = 1; i < attempts && wait < options_.max_backoff; ++i) wait *= 2;
  return std::min(wait, options_.max_backoff);
}

bool WebhookOutbox::DrainUntil(TimePoint deadline) {
  while (true) {
    std::optional<TimePoint> next = Pump();
    if (!next.has_value()) return true;
    if (*next > deadline || clock_.Now() >= deadline) return false;
    clock_.SleepUntil(*next);
  }
}

std::string RedactedUrl(std::string_view url) {
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return "(webhook URL)";
  std::string_view scheme = url.substr(0, scheme_end);
  std::string_view rest = url.substr(scheme_end + 3);
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  size_t at = authority.rfind('@');  // user:password@ is a secret too
  if (at != std::string_view::npos) authority.remove_prefix(at + 1);
  return std::string(scheme) + "://" + std::string(authority) + "/...";
}

}  // namespace spotrun
