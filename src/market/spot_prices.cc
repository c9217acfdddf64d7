#include "market/spot_prices.h"

#include <algorithm>

namespace spotrun::market {

SpotPrices::SpotPrices(const RegionCatalog& regions, const OnDemandPrices& on_demand,
                       const SpotAdvisor& advisor, const RecordedSpotPrices& recorded,
                       const SpotPriceModel& model, Options options)
    : regions_(regions),
      on_demand_(on_demand),
      advisor_(advisor),
      recorded_(recorded),
      model_(model),
      options_(options) {}

Result<double> SpotPrices::ModelLevel(std::string_view region,
                                      std::string_view instance_type) const {
  SPOTRUN_ASSIGN_OR_RETURN(double on_demand, on_demand_.HourlyPrice(region, instance_type));
  SPOTRUN_ASSIGN_OR_RETURN(SpotAdvice advice, advisor_.Advice(region, instance_type));
  return on_demand * (1 - advice.savings_percent / 100.0);
}

Result<std::shared_ptr<const SpotPriceSeries>> SpotPrices::Series(const SpotPool& pool) const {
  SPOTRUN_ASSIGN_OR_RETURN(AvailabilityZone zone, regions_.FindZone(pool.availability_zone));
  SPOTRUN_ASSIGN_OR_RETURN(std::shared_ptr<const SpotPriceSeries> recorded,
                           recorded_.ForPool(zone.id, pool.instance_type));
  if (recorded) return recorded;
  const std::string key = zone.id + "/" + pool.instance_type;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = modelled_.find(key);
    if (it != modelled_.end()) return it->second;
  }
  Result<double> level = ModelLevel(zone.region, pool.instance_type);
  if (!level.ok()) {
    return Status::NotFound("no spot price for " + pool.instance_type + " in " + zone.name +
                                ": nothing recorded, and no model (" + level.status().message() +
                                ")",
                            level.status().hint());
  }
  SPOTRUN_ASSIGN_OR_RETURN(SpotPriceSeries series,
                           model_.Generate(zone.id, pool.instance_type, *level));
  auto shared = std::make_shared<const SpotPriceSeries>(std::move(series));
  std::lock_guard<std::mutex> lock(mu_);
  return modelled_.emplace(key, std::move(shared)).first->second;
}

Result<double> SpotPrices::PriceAt(const SpotPool& pool, TimePoint t) const {
  SPOTRUN_ASSIGN_OR_RETURN(std::shared_ptr<const SpotPriceSeries> series, Series(pool));
  return series->PriceAt(t, options_.replay_anchor);
}

Result<std::vector<SpotPriceRecord>> SpotPrices::History(std::string_view location,
                                                         std::string_view instance_type,
                                                         TimePoint start, TimePoint end) const {
  std::vector<AvailabilityZone> zones;
  Result<AvailabilityZone> zone = regions_.FindZone(location);
  if (zone.ok()) {
    zones.push_back(*zone);
  } else {
    Result<std::vector<AvailabilityZone>> in_region = regions_.Zones(location);
    if (!in_region.ok()) {
      return Status::NotFound("unknown region or availability zone " + std::string(location),
                              in_region.status().hint());
    }
    zones = std::move(in_region).value();
  }
  std::vector<SpotPriceRecord> records;
  Status last_error;
  for (const AvailabilityZone& z : zones) {
    Result<std::shared_ptr<const SpotPriceSeries>> series =
        Series({z.name, std::string(instance_type)});
    if (!series.ok()) {
      last_error = series.status();
      continue;
    }
    for (const SpotPriceEvent& e : (*series)->History(start, end, options_.replay_anchor)) {
      records.push_back({z.name, std::string(instance_type), "Linux/UNIX", e.price, e.timestamp});
    }
  }
  if (records.empty() && !last_error.ok()) return last_error;
  std::stable_sort(records.begin(), records.end(),
                   [](const SpotPriceRecord& a, const SpotPriceRecord& b) {
                     if (a.timestamp != b.timestamp) return a.timestamp > b.timestamp;
                     return a.availability_zone < b.availability_zone;
                   });
  return records;
}

}  // namespace spotrun::market
