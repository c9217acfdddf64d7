#include "cli/machine_text.h"

#include <fmt/format.h>

namespace spotrun {

std::string FormatUptime(std::optional<Duration> uptime) {
  if (!uptime) return "-";
  const long long s = std::chrono::duration_cast<std::chrono::seconds>(*uptime).count();
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m", s / 60);
  if (s < 86400) return fmt::format("{}h {:02}m", s / 3600, s % 3600 / 60);
  return fmt::format("{}d {:02}h", s / 86400, s % 86400 / 3600);
}

std::string FormatHourlyPrice(std::optional<double> price) {
  return price ? fmt::format("{:.4f}", *price) : "-";
}

std::string FormatDollars(double amount) {
  if (amount > 0 && amount < 0.005) return "<$0.01";
  return fmt::format("${:.2f}", amount);
}

std::string_view WithoutElapsed(std::string_view waiter_progress) {
  size_t open = waiter_progress.rfind(" (");
  if (open == std::string_view::npos || !waiter_progress.ends_with(" s)")) return waiter_progress;
  return waiter_progress.substr(0, open);
}

}  // namespace spotrun
