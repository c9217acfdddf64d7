#include "cli/daily_minimum_prices.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <utility>

#include "cli/instance_prices.h"
#include "cloud/machine_prices.h"

namespace spotrun {
namespace {

using Days = std::chrono::days;

// One pool's price changes, oldest first.
using PoolRecords = std::vector<std::pair<TimePoint, double>>;

std::optional<double> Min(std::optional<double> a, std::optional<double> b) {
  if (!a) return b;
  if (!b) return a;
  return std::min(*a, *b);
}

// The lowest price in effect at any time in [day_start, day_end): the one in effect at the
// start and every change during the day.
std::optional<double> DayMinimum(const PoolRecords& records, TimePoint day_start,
                                 TimePoint day_end) {
  std::optional<double> low;
  std::optional<double> in_effect;
  for (const auto& [t, price] : records) {
    if (t <= day_start) {
      in_effect = price;
    } else if (t < day_end) {
      low = Min(low, price);
    }
  }
  return Min(low, in_effect);
}

std::string Date(TimePoint t) { return FormatIso8601(t).substr(0, 10); }

}  // namespace

Result<DailyMinimumTable> DailyMinimumPrices(Ec2Api& ec2, std::string_view region,
                                             const std::vector<std::string>& instance_types,
                                             int days, Clock& clock) {
  if (days < 1 || days > kMaxHistoryDays) {
    return Status::InvalidArgument(
        fmt::format("--history {} is out of range", days),
        fmt::format("give a number of days from 1 to {} (AWS keeps {} days of spot prices)",
                    kMaxHistoryDays, kMaxHistoryDays));
  }
  const TimePoint now = clock.Now();
  const TimePoint today = std::chrono::floor<Days>(now);
  const TimePoint start = today - Days(days - 1);
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<SpotPrice> records,
                           FetchLinuxSpotPrices(ec2, instance_types, start, now));

  DailyMinimumTable table;
  table.region = std::string(region);
  std::map<std::pair<std::string, std::string>, PoolRecords> pools;  // (type, zone)
  for (const SpotPrice& r : records) {
    std::optional<double> price = ParseHourlyPrice(r.spot_price);
    if (!price) {
      table.notes.push_back(fmt::format("{} in {}: skipped an unreadable price '{}' of {}",
                                        r.instance_type, r.availability_zone, r.spot_price,
                                        FormatIso8601(r.timestamp)));
      continue;
    }
    pools[{r.instance_type, r.availability_zone}].emplace_back(r.timestamp, *price);
  }
  for (auto& [pool, series] : pools) std::sort(series.begin(), series.end());

  const bool per_zone = instance_types.size() == 1;
  if (per_zone) {
    for (const auto& [pool, series] : pools) {
      table.series.push_back({pool.first, pool.second, pool.second});
    }
  } else {
    std::set<std::string> priced;
    for (const auto& [pool, series] : pools) priced.insert(pool.first);
    for (const std::string& type : instance_types) {
      if (priced.count(type)) table.series.push_back({type, "", type});
    }
  }
  std::vector<std::string> without_prices;
  for (const std::string& type : instance_types) {
    bool any = std::any_of(pools.begin(), pools.end(),
                           [&](const auto& p) { return p.first.first == type; });
    if (!any) without_prices.push_back(type);
  }
  if (!without_prices.empty()) {
    table.notes.push_back(fmt::format(
        "{}: the cloud returned no {} spot price in {} for these days (probably not offered as "
        "spot there)",
        fmt::join(without_prices, ", "), kLinuxProduct, region));
  }

  for (int d = 0; d < days; ++d) {
    const TimePoint day_start = start + Days(d);
    const TimePoint day_end = std::min<TimePoint>(day_start + Days(1), now);
    table.days.push_back(Date(day_start));
    std::vector<std::optional<double>> row;
    for (const PriceSeries& s : table.series) {
      std::optional<double> low;
      for (const auto& [pool, series] : pools) {
        if (pool.first != s.instance_type) continue;
        if (!s.availability_zone.empty() && pool.second != s.availability_zone) continue;
        low = Min(low, DayMinimum(series, day_start, day_end));
      }
      row.push_back(low);
    }
    table.minimum.push_back(std::move(row));
  }
  for (size_t i = 0; i < table.series.size(); ++i) {
    std::vector<std::string> empty_days;
    for (size_t d = 0; d < table.days.size(); ++d) {
      if (!table.minimum[d][i]) empty_days.push_back(table.days[d]);
    }
    if (empty_days.empty()) continue;
    table.notes.push_back(fmt::format(
        "{}: no price known on {} (the cloud's history starts later)", table.series[i].label,
        empty_days.size() == 1 ? empty_days.front()
                               : fmt::format("{} to {}", empty_days.front(), empty_days.back())));
  }
  return table;
}

}  // namespace spotrun
