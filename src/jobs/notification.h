// Notification: what a job's watchers are told when something happens to it (start,
// rebalance, notice, recovered, on-demand fallback, success, failure, cancelled), as one line
// of text, and the JSON bodies Discord (`content`) and Slack (`text`) webhooks take.
// Pure functions over values; thread-safe.
#ifndef SPOTRUN_JOBS_NOTIFICATION_H_
#define SPOTRUN_JOBS_NOTIFICATION_H_

#include <string>
#include <string_view>

#include "base/clock.h"
#include "jobs/cost_ledger.h"
#include "jobs/market_type.h"

namespace spotrun {

enum class NotificationKind {
  kStarted,
  kRebalance,
  kNotice,
  kRecovered,
  kOnDemandFallback,
  kSucceeded,
  kFailed,
  kCancelled,
};
std::string_view NotificationKindName(NotificationKind kind);  // "started", "on-demand-fallback"…

struct Notification {
  NotificationKind kind;
  std::string text;  // one line, e.g. "train-resnet (job-1a2b): started on g4dn.xlarge spot …"
};

// Who the notification is about.
struct NotifiedJob {
  std::string id;
  std::string name;
};
struct NotifiedMachine {
  std::string instance_id;
  std::string instance_type;
  std::string zone;
  MarketType market = MarketType::kSpot;
};

Notification StartedNotification(const NotifiedJob& job, const NotifiedMachine& machine);
Notification RebalanceNotification(const NotifiedJob& job, const NotifiedMachine& machine);
// `action_time`: when EC2 said it takes the machine back.
Notification NoticeNotification(const NotifiedJob& job, const NotifiedMachine& machine,
                                TimePoint action_time);
// `recovery`: 1 for the first recovery; `downtime`: from losing the old machine to the job
// running again.
Notification RecoveredNotification(const NotifiedJob& job, const NotifiedMachine& machine,
                                   int recovery, Duration downtime);
// `why`: e.g. "2 spot launches failed".
Notification OnDemandFallbackNotification(const NotifiedJob& job, std::string_view why);
Notification SucceededNotification(const NotifiedJob& job, Duration elapsed, int recoveries,
                                   const CostLedger& ledger, TimePoint now);
// `why`: e.g. "the run exited with code 1".
Notification FailedNotification(const NotifiedJob& job, std::string_view why,
                                const CostLedger& ledger, TimePoint now);
Notification CancelledNotification(const NotifiedJob& job, const CostLedger& ledger, TimePoint now);

enum class WebhookFormat { kDiscord, kSlack };
// The POST body: {"content": …} for Discord (cut to its 2000 characters, mentions disabled so a
// job name cannot ping @everyone), {"text": …} for Slack (& < > escaped as Slack asks).
std::string WebhookBody(WebhookFormat format, std::string_view text);

}  // namespace spotrun

#endif  // SPOTRUN_JOBS_NOTIFICATION_H_
