#include "jobs/notifier.h"

#include "base/log.h"

namespace spotrun {

std::vector<Webhook> WebhooksOf(const JobNotify& notify) {
  std::vector<Webhook> webhooks;
  if (!notify.discord.empty()) webhooks.push_back({WebhookFormat::kDiscord, notify.discord});
  if (!notify.slack.empty()) webhooks.push_back({WebhookFormat::kSlack, notify.slack});
  return webhooks;
}

Notifier::Notifier(const JobNotify& notify, HttpClient& http, Clock& clock,
                   WebhookOutbox::Options options)
    : webhooks_(WebhooksOf(notify)), outbox_(http, clock, std::move(options)) {}

void Notifier::Notify(const Notification& notification) {
  LogInfo("notify {}: {}", NotificationKindName(notification.kind), notification.text);
  for (const Webhook& webhook : webhooks_) {
    outbox_.Enqueue(webhook.url, WebhookBody(webhook.format, notification.text));
  }
}

}  // namespace spotrun
