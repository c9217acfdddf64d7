// CostLedger: what a job's machines cost, one entry per machine (instance id, type, zone,
// market, USD/hour and the on-demand USD/hour of the same type), open while it runs. Cost,
// the on-demand cost of the same hours and the savings are computed at a given time, so a
// running job's cost grows without anyone writing to the ledger. Value type; not
// thread-safe. The controller persists the entries (store/); this class only does the sums.
#ifndef SPOTRUN_JOBS_COST_LEDGER_H_
#define SPOTRUN_JOBS_COST_LEDGER_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "jobs/market_type.h"

namespace spotrun {

struct CostLedgerEntry {
  std::string instance_id;
  std::string instance_type;
  std::string zone;
  MarketType market = MarketType::kSpot;
  double price_per_hour = 0;            // what this machine is billed, USD/hour
  double on_demand_price_per_hour = 0;  // the same type on-demand, USD/hour
  TimePoint start{};
  std::optional<TimePoint> end{};  // unset while the machine runs
};

class CostLedger {
 public:
  CostLedger() = default;
  explicit CostLedger(std::vector<CostLedgerEntry> entries) : entries_(std::move(entries)) {}

  // A machine starts billing (open until Close).
  void Open(CostLedgerEntry entry);
  // The machine stopped billing at `end`; closes its open entry. False when no entry for
  // `instance_id` is open (already closed, or never opened).
  bool Close(std::string_view instance_id, TimePoint end);
  // A spot price change: closes the open entry at `at` and opens a copy at the new price.
  // False when no entry for `instance_id` is open.
  bool ChangePrice(std::string_view instance_id, TimePoint at, double price_per_hour);

  const std::vector<CostLedgerEntry>& entries() const { return entries_; }

  // Billed time of every entry up to `now` (open entries run until `now`), optionally only
  // one market's. An entry contributes nothing before its start.
  Duration MachineTime(TimePoint now) const;
  Duration MachineTime(TimePoint now, MarketType market) const;
  // USD.
  double Cost(TimePoint now) const;
  double OnDemandCost(TimePoint now) const;    // the same hours at each type's on-demand price
  double Savings(TimePoint now) const;         // OnDemandCost - Cost; negative if spot cost more
  double SavingsPercent(TimePoint now) const;  // of OnDemandCost; 0 when that is 0

  // One line for `job show` and the final notification:
  // "cost $0.0123 for 1h02m (spot 58m, on-demand 4m); on-demand would be $0.0410: saved
  // $0.0287 (70 %)".
  std::string Summary(TimePoint now) const;

 private:
  std::vector<CostLedgerEntry> entries_;
};

// "$0.0123" below one dollar, "$12.35" from one dollar on.
std::string FormatUsd(double usd);

}  // namespace spotrun

#endif  // SPOTRUN_JOBS_COST_LEDGER_H_
