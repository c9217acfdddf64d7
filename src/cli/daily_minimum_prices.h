// DailyMinimumPrices: `spotrun prices --history DAYS` — the lowest spot price of each UTC day over
// the last DAYS days (today, so far, included), from the cloud's DescribeSpotPriceHistory. One
// type: a series per zone; several: a series per type (its cheapest zone each day). A day with
// no price known stays nullopt, with a note. Borrows its arguments; thread-safety is the
// Ec2Api's.
#ifndef SPOTRUN_CLI_DAILY_MINIMUM_PRICES_H_
#define SPOTRUN_CLI_DAILY_MINIMUM_PRICES_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/ec2_api.h"
#include "base/clock.h"
#include "base/result.h"

namespace spotrun {

// AWS keeps 90 days of spot price history.
inline constexpr int kMaxHistoryDays = 90;

struct PriceSeries {
  std::string instance_type;
  std::string availability_zone;  // empty: the cheapest zone of each day
  std::string label;              // the table's column: the zone (one type) or the type
};

struct DailyMinimumTable {
  std::string region;
  std::vector<std::string> days;  // "2026-01-01", oldest first
  std::vector<PriceSeries> series;
  std::vector<std::vector<std::optional<double>>> minimum;  // [day][series], USD per hour
  std::vector<std::string> notes;                           // why a cell is empty
};

// kInvalidArgument unless 1 <= days <= kMaxHistoryDays.
Result<DailyMinimumTable> DailyMinimumPrices(Ec2Api& ec2, std::string_view region,
                                             const std::vector<std::string>& instance_types,
                                             int days, Clock& clock);

}  // namespace spotrun

#endif  // SPOTRUN_CLI_DAILY_MINIMUM_PRICES_H_
