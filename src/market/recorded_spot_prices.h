// RecordedSpotPrices: the real spot price series in the data (data/spot-prices-*.tsv, listed with
// their windows in data/spot-price-sources.tsv), keyed by zone ID and instance type. The first
// request for a type parses only that type's rows of each file (the files are sorted by type)
// and caches the result. Where several files cover a pool, the one with the most events wins,
// then the longest window. Thread-safe (a mutex guards the cache).
#ifndef SPOTRUN_MARKET_RECORDED_SPOT_PRICES_H_
#define SPOTRUN_MARKET_RECORDED_SPOT_PRICES_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "market/data_set.h"
#include "market/lazy.h"
#include "market/region_catalog.h"
#include "market/spot_price_series.h"

namespace spotrun::market {

class RecordedSpotPrices {
 public:
  // zone ID -> that pool's series.
  using SeriesByZone = std::map<std::string, std::shared_ptr<const SpotPriceSeries>>;

  // `regions` (borrowed; must outlive this) maps the zone names some files use to zone IDs.
  RecordedSpotPrices(DataSet data, const RegionCatalog& regions);

  // Every recorded pool of one instance type (empty when there is none).
  Result<std::shared_ptr<const SeriesByZone>> ForType(std::string_view instance_type) const;
  // One pool's series, or nullptr when nothing was recorded for it.
  Result<std::shared_ptr<const SpotPriceSeries>> ForPool(std::string_view zone_id,
                                                         std::string_view instance_type) const;

 private:
  struct Source {
    std::string file;
    bool zone_ids = false;  // zone column holds IDs ("use1-az1") rather than names
    TimePoint window_start, window_end;
  };
  static Result<std::vector<Source>> LoadSources(const DataSet& data);
  Result<std::shared_ptr<const SeriesByZone>> Parse(std::string_view instance_type) const;

  DataSet data_;
  const RegionCatalog& regions_;
  Lazy<std::vector<Source>> sources_;
  mutable std::mutex mu_;
  mutable std::map<std::string, std::shared_ptr<const SeriesByZone>, std::less<>> cache_;
};

}  // namespace spotrun::market

#endif  // SPOTRUN_MARKET_RECORDED_SPOT_PRICES_H_
