// Market: every market catalog built over one DataSet, for callers that want them all (the CLI,
// the local cloud). Constructing it parses nothing; each part parses on its first lookup. Owns
// its parts; they borrow one another, so a Market is neither copied nor moved. Thread-safe.
#ifndef SPOTRUN_MARKET_MARKET_H_
#define SPOTRUN_MARKET_MARKET_H_

#include "market/data_set.h"
#include "market/instance_type_catalog.h"
#include "market/on_demand_prices.h"
#include "market/recorded_spot_prices.h"
#include "market/region_catalog.h"
#include "market/spot_advisor.h"
#include "market/spot_price_model.h"
#include "market/spot_prices.h"

namespace spotrun::market {

class Market {
 public:
  explicit Market(DataSet data = DataSet::Embedded(), SpotPrices::Options options = {});
  Market(const Market&) = delete;
  Market& operator=(const Market&) = delete;

  const RegionCatalog& regions() const { return regions_; }
  const InstanceTypeCatalog& instance_types() const { return instance_types_; }
  const OnDemandPrices& on_demand() const { return on_demand_; }
  const SpotAdvisor& advisor() const { return advisor_; }
  const RecordedSpotPrices& recorded() const { return recorded_; }
  const SpotPriceModel& model() const { return model_; }
  const SpotPrices& spot_prices() const { return spot_prices_; }

 private:
  RegionCatalog regions_;
  InstanceTypeCatalog instance_types_;
  OnDemandPrices on_demand_;
  SpotAdvisor advisor_;
  RecordedSpotPrices recorded_;
  SpotPriceModel model_;
  SpotPrices spot_prices_;
};

}  // namespace spotrun::market

#endif  // SPOTRUN_MARKET_MARKET_H_
