// SpotPrices: the spot price of any pool at any local time, and its history as
// DescribeSpotPriceHistory returns it. A pool with recorded data replays it; any other pool
// replays the SpotPriceModel's series at on-demand x (1 - advisor savings). All series share one
// replay anchor (Options), so the whole market moves together on the local cloud's clock.
// Borrows the catalogs it is built on; thread-safe (a mutex guards the cache of model series).
#ifndef SPOTRUN_MARKET_SPOT_PRICES_H_
#define SPOTRUN_MARKET_SPOT_PRICES_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "market/on_demand_prices.h"
#include "market/recorded_spot_prices.h"
#include "market/region_catalog.h"
#include "market/spot_advisor.h"
#include "market/spot_price_model.h"

namespace spotrun::market {

// A spot capacity pool: one instance type in one availability zone.
struct SpotPool {
  std::string availability_zone;  // zone name ("us-east-1a") or ID ("use1-az1")
  std::string instance_type;
  bool operator==(const SpotPool&) const = default;
};

// One record of DescribeSpotPriceHistory.
struct SpotPriceRecord {
  std::string availability_zone;  // zone name
  std::string instance_type;
  std::string product_description = "Linux/UNIX";
  double spot_price = 0;
  TimePoint timestamp;
};

class SpotPrices {
 public:
  struct Options {
    // Local time `replay_anchor` plays the first instant of every series window; the default,
    // 1970-01-01T00:00:00Z, makes the mapping a pure function of the clock.
    TimePoint replay_anchor{};
  };

  SpotPrices(const RegionCatalog& regions, const OnDemandPrices& on_demand,
             const SpotAdvisor& advisor, const RecordedSpotPrices& recorded,
             const SpotPriceModel& model, Options options);

  // The pool's series: recorded if any, else modelled. kNotFound (with the reasons) when there
  // is neither: no recording and no on-demand price or advisor entry to model from.
  Result<std::shared_ptr<const SpotPriceSeries>> Series(const SpotPool& pool) const;
  Result<double> PriceAt(const SpotPool& pool, TimePoint t) const;
  // The modelled level of a pool: on-demand price x (1 - savings / 100).
  Result<double> ModelLevel(std::string_view region, std::string_view instance_type) const;
  // Price changes in [start, end] plus those in effect at `start`, newest first (ties by zone).
  // `location` is a region (every zone of it with a price) or one zone. The caller clamps `end`
  // to its clock's now, as AWS does.
  Result<std::vector<SpotPriceRecord>> History(std::string_view location,
                                               std::string_view instance_type, TimePoint start,
                                               TimePoint end) const;

  const Options& options() const { return options_; }

 private:
  const RegionCatalog& regions_;
  const OnDemandPrices& on_demand_;
  const SpotAdvisor& advisor_;
  const RecordedSpotPrices& recorded_;
  const SpotPriceModel& model_;
  Options options_;
  mutable std::mutex mu_;
  mutable std::map<std::string, std::shared_ptr<const SpotPriceSeries>> modelled_;
};

}  // namespace spotrun::market

#endif  // SPOTRUN_MARKET_SPOT_PRICES_H_
