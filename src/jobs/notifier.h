// Notifier: sends a job's notifications to the webhooks its job file names (notify.discord,
// notify.slack), each in its own format, through a WebhookOutbox so the controller's loop never
// waits on a webhook: Notify queues, Pump delivers what is due. Owns the outbox; borrows the
// HttpClient and Clock. Not thread-safe (the controller's loop owns it).
#ifndef SPOTRUN_JOBS_NOTIFIER_H_
#define SPOTRUN_JOBS_NOTIFIER_H_

#include <optional>
#include <string>
#include <vector>

#include "jobs/job_spec.h"
#include "jobs/notification.h"
#include "jobs/webhook_outbox.h"

namespace spotrun {

struct Webhook {
  WebhookFormat format;
  std::string url;
};

// The webhooks a job file names, Discord first; empty when it names none.
std::vector<Webhook> WebhooksOf(const JobNotify& notify);

class Notifier {
 public:
  Notifier(const JobNotify& notify, HttpClient& http, Clock& clock,
           WebhookOutbox::Options options = {});

  bool enabled() const { return !webhooks_.empty(); }
  // Queues the notification for every webhook; nothing is sent until Pump.
  void Notify(const Notification& notification);
  // See WebhookOutbox::Pump: sends what is due, returns when to call again (nullopt: idle).
  std::optional<TimePoint> Pump() { return outbox_.Pump(); }
  WebhookOutbox& outbox() { return outbox_; }

 private:
  std::vector<Webhook> webhooks_;
  WebhookOutbox outbox_;
};

}  // namespace spotrun

#endif  // SPOTRUN_JOBS_NOTIFIER_H_
