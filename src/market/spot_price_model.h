// SpotPriceModel: a spot price series for a pool that has no recorded data, derived from the real
// data (doc/market.md): the level is on-demand x (1 - advisor savings); prices change at the rate,
// by the step sizes and within the band measured on every real series of the same family (or on
// all series when the family has too few changes; data/spot-price-model.tsv). Deterministic: the
// random numbers are seeded by the pool's name. Parses its table on first use; thread-safe.
#ifndef SPOTRUN_MARKET_SPOT_PRICE_MODEL_H_
#define SPOTRUN_MARKET_SPOT_PRICE_MODEL_H_

#include <array>
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "market/data_set.h"
#include "market/lazy.h"
#include "market/spot_price_series.h"

namespace spotrun::market {

// One row of data/spot-price-model.tsv: what the real series of a family showed.
struct SpotPriceModelParams {
  std::string family;           // "m5", or "*" for all series together
  int pools = 0;                // real pools measured
  double pool_hours = 0;        // their observed hours
  int changes = 0;              // price changes seen
  double changes_per_hour = 0;  // changes / pool_hours
  // Share of changes that moved the price towards the pool's mean; the model steps towards its
  // level with this probability.
  double toward_mean = 0.5;
  // 1st and 99th percentile of ln(price / pool mean), time-weighted: the model's band.
  double deviation_low = 0, deviation_high = 0;
  // Quantiles 0, 0.1, ..., 1 of |ln(new price / old price)| over the changes.
  std::array<double, 11> step_quantiles{};
};

class SpotPriceModel {
 public:
  // Every modelled series covers this window (then loops like a recorded one).
  static constexpr Duration kWindow = std::chrono::hours(24 * 30);
  static TimePoint WindowStart() { return TimePoint(); }  // 1970-01-01T00:00:00Z
  // Prices are whole hundredths of a cent, as in the real records.
  static constexpr double kTick = 0.0001;

  explicit SpotPriceModel(DataSet data);

  // The family's row when measured, else the "*" row.
  Result<SpotPriceModelParams> ParamsFor(std::string_view family) const;
  // The series of pool (zone_id, instance_type) at `level` USD/h; the same inputs always give
  // the same series. Its first event, at the window start, is the level itself.
  Result<SpotPriceSeries> Generate(std::string_view zone_id, std::string_view instance_type,
                                   double level) const;

 private:
  static Result<std::vector<SpotPriceModelParams>> Load(const DataSet& data);

  Lazy<std::vector<SpotPriceModelParams>> rows_;
};

}  // namespace spotrun::market

#endif  // SPOTRUN_MARKET_SPOT_PRICE_MODEL_H_
