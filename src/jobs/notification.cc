#include "jobs/notification.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "jobs/duration_text.h"

namespace spotrun {
namespace {

constexpr size_t kDiscordContentLimit = 2000;

std::string Label(const NotifiedJob& job) {
  return job.id.empty() ? job.name : fmt::format("{} ({})", job.name, job.id);
}

// "g4dn.xlarge spot in us-east-1a (i-0abc)"
std::string Where(const NotifiedMachine& m) {
  std::string text = fmt::format("{} {}", m.instance_type, MarketTypeName(m.market));
  if (!m.zone.empty()) text += " in " + m.zone;
  if (!m.instance_id.empty()) text += " (" + m.instance_id + ")";
  return text;
}

Notification Make(NotificationKind kind, const NotifiedJob& job, std::string_view what) {
  return Notification{kind, fmt::format("{}: {}", Label(job), what)};
}

// Cuts UTF-8 text to at most `limit` bytes without splitting a character.
std::string CutUtf8(std::string_view text, size_t limit) {
  if (text.size() <= limit) return std::string(text);
  size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end));
}

std::string SlackEscaped(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

std::string_view NotificationKindName(NotificationKind kind) {
  switch (kind) {
    case NotificationKind::kStarted:
      return "started";
    case NotificationKind::kRebalance:
      return "rebalance";
    case NotificationKind::kNotice:
      return "notice";
    case NotificationKind::kRecovered:
      return "recovered";
    case NotificationKind::kOnDemandFallback:
      return "on-demand-fallback";
    case NotificationKind::kSucceeded:
      return "succeeded";
    case NotificationKind::kFailed:
      return "failed";
    case NotificationKind::kCancelled:
      return "cancelled";
  }
  return "unknown";
}

Notification StartedNotification(const NotifiedJob& job, const NotifiedMachine& machine) {
  return Make(NotificationKind::kStarted, job, "started on " + Where(machine));
}

Notification RebalanceNotification(const NotifiedJob& job, const NotifiedMachine& machine) {
  return Make(NotificationKind::kRebalance, job,
              fmt::format("EC2 recommends a rebalance: {} is at elevated risk of interruption; "
                          "taking an early checkpoint",
                          Where(machine)));
}

Notification NoticeNotification(const NotifiedJob& job, const NotifiedMachine& machine,
                                TimePoint action_time) {
  return Make(NotificationKind::kNotice, job,
              fmt::format("spot interruption notice: EC2 takes {} back at {}; checkpointing",
                          Where(machine), FormatIso8601(action_time)));
}

Notification RecoveredNotification(const NotifiedJob& job, const NotifiedMachine& machine,
                                   int recovery, Duration downtime) {
  return Make(NotificationKind::kRecovered, job,
              fmt::format("recovered (recovery {}): running again on {} after {} of downtime",
                          recovery, Where(machine), FormatDurationText(downtime)));
}

Notification OnDemandFallbackNotification(const NotifiedJob& job, std::string_view why) {
  return Make(
      NotificationKind::kOnDemandFallback, job,
      fmt::format("falling back to on-demand ({}); the next recovery tries spot again", why));
}

Notification SucceededNotification(const NotifiedJob& job, Duration elapsed, int recoveries,
                                   const CostLedger& ledger, TimePoint now) {
  std::string after = recoveries == 0
                          ? std::string("no interruption")
                          : fmt::format("{} recover{}", recoveries, recoveries == 1 ? "y" : "ies");
  return Make(NotificationKind::kSucceeded, job,
              fmt::format("succeeded in {} ({}); {}", FormatDurationText(elapsed), after,
                          ledger.Summary(now)));
}

Notification FailedNotification(const NotifiedJob& job, std::string_view why,
                                const CostLedger& ledger, TimePoint now) {
  return Make(NotificationKind::kFailed, job,
              fmt::format("failed: {}; {}", why, ledger.Summary(now)));
}

Notification CancelledNotification(const NotifiedJob& job, const CostLedger& ledger,
                                   TimePoint now) {
  return Make(NotificationKind::kCancelled, job, "cancelled; " + ledger.Summary(now));
}

std::string WebhookBody(WebhookFormat format, std::string_view text) {
  nlohmann::json body;
  if (format == WebhookFormat::kDiscord) {
    body["content"] = CutUtf8(text, kDiscordContentLimit);
    body["allowed_mentions"] = {{"parse", nlohmann::json::array()}};
  } else {
    body["text"] = SlackEscaped(text);
  }
  // Invalid UTF-8 (a job's own output in a message) is replaced, never thrown on.
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace spotrun
