#include "market/pool_ranking.h"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

namespace spotrun::market {
namespace {

// The newest interruption of the pool (by zone ID), if any.
std::optional<TimePoint> LastInterruption(const RegionCatalog& regions,
                                          const std::vector<PoolInterruption>& interruptions,
                                          const std::string& zone_id,
                                          const std::string& instance_type) {
  std::optional<TimePoint> last;
  for (const PoolInterruption& i : interruptions) {
    if (i.pool.instance_type != instance_type) continue;
    Result<AvailabilityZone> zone = regions.FindZone(i.pool.availability_zone);
    if (!zone.ok() || zone->id != zone_id) continue;
    if (!last || i.interrupted_at > *last) last = i.interrupted_at;
  }
  return last;
}

std::string ClockTime(TimePoint t) { return FormatIso8601(t); }

void Explain(RankedPool& p, const std::optional<TimePoint>& interrupted) {
  if (p.resting) {
    p.reasons.push_back(fmt::format("resting until {}: interrupted at {}",
                                    ClockTime(p.resting_until), ClockTime(*interrupted)));
  }
  p.reasons.push_back(fmt::format("spot ${:.4f}/h ({})", p.spot_price,
                                  p.price_source == "model"
                                      ? "modelled from on-demand and advisor savings"
                                      : "replayed from " + p.price_source));
  if (p.advice) {
    p.reasons.push_back(fmt::format("interruptions {} per month, {}% below on-demand (advisor)",
                                    p.advice->bucket.label, p.advice->savings_percent));
  } else {
    p.reasons.push_back("interruption frequency unknown (no advisor entry)");
  }
}

// Sort key: smaller is better.
auto Key(const RankedPool& p, AllocationStrategy strategy) {
  const int bucket = p.advice ? p.advice->bucket.index : 5;  // unknown: after every bucket
  const bool risky = !p.advice || !p.advice->bucket.within_global_rate;
  double first = 0, second = 0;
  switch (strategy) {
    case AllocationStrategy::kPriceCapacityOptimized:
      first = risky;
      second = p.spot_price;
      break;
    case AllocationStrategy::kLowestPrice:
      first = p.spot_price;
      second = bucket;
      break;
    case AllocationStrategy::kCapacityOptimized:
      first = bucket;
      second = p.spot_price;
      break;
  }
  return std::make_tuple(p.resting, first, second, bucket, p.pool.instance_type,
                         p.pool.availability_zone);
}

}  // namespace

PoolRanking RankPools(const std::vector<SpotPool>& candidates,
                      const std::vector<PoolInterruption>& interruptions, TimePoint now,
                      const RegionCatalog& regions, const SpotPrices& prices,
                      const SpotAdvisor& advisor, const PoolRankingOptions& options) {
  PoolRanking ranking;
  for (const SpotPool& candidate : candidates) {
    Result<AvailabilityZone> zone = regions.FindZone(candidate.availability_zone);
    if (!zone.ok()) {
      ranking.excluded.push_back({candidate, zone.status()});
      continue;
    }
    RankedPool p;
    p.pool = {zone->name, candidate.instance_type};
    p.zone_id = zone->id;
    p.region = zone->region;
    Result<std::shared_ptr<const SpotPriceSeries>> series = prices.Series(p.pool);
    if (!series.ok()) {
      ranking.excluded.push_back({p.pool, series.status()});
      continue;
    }
    p.spot_price = (*series)->PriceAt(now, prices.options().replay_anchor);
    p.price_source = (*series)->source();
    Result<SpotAdvice> advice = advisor.Advice(p.region, p.pool.instance_type);
    if (advice.ok()) p.advice = *advice;
    std::optional<TimePoint> interrupted =
        LastInterruption(regions, interruptions, p.zone_id, p.pool.instance_type);
    if (interrupted && *interrupted <= now && now < *interrupted + options.resting_period) {
      p.resting = true;
      p.resting_until = *interrupted + options.resting_period;
    }
    Explain(p, interrupted);
    ranking.ranked.push_back(std::move(p));
  }
  std::stable_sort(ranking.ranked.begin(), ranking.ranked.end(),
                   [&](const RankedPool& a, const RankedPool& b) {
                     return Key(a, options.strategy) < Key(b, options.strategy);
                   });
  if (options.strategy == AllocationStrategy::kPriceCapacityOptimized) {
    for (RankedPool& p : ranking.ranked) {
      if (!p.advice || !p.advice->bucket.within_global_rate) {
        p.reasons.push_back(
            "ranked after pools interrupted at or below the advisor's global rate (<10%)");
      }
    }
  }
  return ranking;
}

Result<std::vector<SpotPool>> PoolsInRegion(const RegionCatalog& regions, std::string_view region,
                                            const std::vector<std::string>& instance_types) {
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<AvailabilityZone> zones, regions.Zones(region));
  std::vector<SpotPool> pools;
  for (const std::string& type : instance_types) {
    for (const AvailabilityZone& zone : zones) pools.push_back({zone.name, type});
  }
  return pools;
}

}  // namespace spotrun::market
