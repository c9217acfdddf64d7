// OnDemandPrices: the real on-demand price (USD per hour, Linux, shared tenancy) of an instance
// type in a region, from AWS's price list of 2025-04-04 (data/on-demand-linux.tsv). A lookup
// reads only the header and that type's row, so the first one costs microseconds. Stateless
// beyond the DataSet; thread-safe.
#ifndef SPOTRUN_MARKET_ON_DEMAND_PRICES_H_
#define SPOTRUN_MARKET_ON_DEMAND_PRICES_H_

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "market/data_set.h"

namespace spotrun::market {

class OnDemandPrices {
 public:
  explicit OnDemandPrices(DataSet data) : data_(std::move(data)) {}

  // kNotFound with a hint when the region has no price list in the data, the type is unknown
  // (with "did you mean"), or the type has no price in that region.
  Result<double> HourlyPrice(std::string_view region, std::string_view instance_type) const;
  // The regions with a price list.
  Result<std::vector<std::string>> Regions() const;

 private:
  DataSet data_;
};

}  // namespace spotrun::market

#endif  // SPOTRUN_MARKET_ON_DEMAND_PRICES_H_
