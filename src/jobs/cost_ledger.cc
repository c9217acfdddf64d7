#include "jobs/cost_ledger.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "jobs/duration_text.h"

namespace spotrun {
namespace {

Duration Billed(const CostLedgerEntry& e, TimePoint now) {
  TimePoint end = e.end.has_value() ? std::min(*e.end, now) : now;
  return end > e.start ? Duration(end - e.start) : Duration::zero();
}

double Hours(Duration d) { return std::chrono::duration<double, std::ratio<3600>>(d).count(); }

}  // namespace

void CostLedger::Open(CostLedgerEntry entry) {
  entry.end.reset();
  entries_.push_back(std::move(entry));
}

bool CostLedger::Close(std::string_view instance_id, TimePoint end) {
  for (CostLedgerEntry& e : entries_) {
    if (e.instance_id == instance_id && !e.end.has_value()) {
      e.end = std::max(end, e.start);
      return true;
    }
  }
  return false;
}

bool CostLedger::ChangePrice(std::string_view instance_id, TimePoint at, double price_per_hour) {
  auto open = std::find_if(entries_.begin(), entries_.end(), [&](const CostLedgerEntry& e) {
    return e.instance_id == instance_id && !e.end.has_value();
  });
  if (open == entries_.end()) return false;
  CostLedgerEntry next = *open;
  next.start = std::max(at, open->start);
  next.price_per_hour = price_per_hour;
  open->end = next.start;
  entries_.push_back(std::move(next));
  return true;
}

Duration CostLedger::MachineTime(TimePoint now) const {
  Duration total{};
  for (const CostLedgerEntry& e : entries_) total += Billed(e, now);
  return total;
}

Duration CostLedger::MachineTime(TimePoint now, MarketType market) const {
  Duration total{};
  for (const CostLedgerEntry& e : entries_) {
    if (e.market == market) total += Billed(e, now);
  }
  return total;
}

double CostLedger::Cost(TimePoint now) const {
  double usd = 0;
  for (const CostLedgerEntry& e : entries_) usd += Hours(Billed(e, now)) * e.price_per_hour;
  return usd;
}

double CostLedger::OnDemandCost(TimePoint now) const {
  double usd = 0;
  for (const CostLedgerEntry& e : entries_) {
    usd += Hours(Billed(e, now)) * e.on_demand_price_per_hour;
  }
  return usd;
}

double CostLedger::Savings(TimePoint now) const { return OnDemandCost(now) - Cost(now); }

double CostLedger::SavingsPercent(TimePoint now) const {
  double on_demand = OnDemandCost(now);
  return on_demand > 0 ? 100.0 * (on_demand - Cost(now)) / on_demand : 0.0;
}

std::string CostLedger::Summary(TimePoint now) const {
  if (entries_.empty()) return "cost $0 (no machine yet)";
  Duration spot = MachineTime(now, MarketType::kSpot);
  Duration on_demand = MachineTime(now, MarketType::kOnDemand);
  std::string split;
  if (spot > Duration::zero()) split = "spot " + FormatDurationText(spot);
  if (on_demand > Duration::zero()) {
    split +=
        (split.empty() ? "" : ", ") + std::string("on-demand ") + FormatDurationText(on_demand);
  }
  std::string line =
      fmt::format("cost {} for {}", FormatUsd(Cost(now)), FormatDurationText(spot + on_demand));
  if (!split.empty()) line += " (" + split + ")";
  double savings = Savings(now);
  line += fmt::format("; on-demand would be {}", FormatUsd(OnDemandCost(now)));
  if (savings >= 0) {
    line += fmt::format(": saved {} ({:.0f} %)", FormatUsd(savings), SavingsPercent(now));
  } else {
    line += fmt::format(": {} more than on-demand", FormatUsd(-savings));
  }
  return line;
}

std::string FormatUsd(double usd) {
  if (!std::isfinite(usd)) return "$?";
  return std::fabs(usd) < 1.0 ? fmt::format("${:.4f}", usd) : fmt::format("${:.2f}", usd);
}

}  // namespace spotrun
