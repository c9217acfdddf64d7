// Pool ranking: orders candidate spot pools (instance type x zone) for a launch or a job's
// recovery by current spot price and the advisor's interruption bucket, putting pools that were
// interrupted recently last ("resting": interruptions cluster in time). Each ranked pool carries
// the reasons for its place so the CLI can explain the choice. Pure function of its inputs plus
// the borrowed catalogs; thread-safe.
#ifndef SPOTRUN_MARKET_POOL_RANKING_H_
#define SPOTRUN_MARKET_POOL_RANKING_H_

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "market/region_catalog.h"
#include "market/spot_advisor.h"
#include "market/spot_prices.h"

namespace spotrun::market {

// EC2's names for how Spot Fleet / EC2 Fleet choose among pools.
enum class AllocationStrategy {
  // Pools at or below the advisor's global interruption rate ("<10%") first, cheapest first
  // within each group. The default: cheap, but not at any risk.
  kPriceCapacityOptimized,
  kLowestPrice,        // cheapest first; the bucket only breaks ties
  kCapacityOptimized,  // lowest interruption bucket first, then cheapest
};

struct PoolInterruption {
  SpotPool pool;
  TimePoint interrupted_at;
};

struct PoolRankingOptions {
  // A pool interrupted less than this long ago rests: it is ranked after every other pool.
  Duration resting_period = std::chrono::minutes(30);
  AllocationStrategy strategy = AllocationStrategy::kPriceCapacityOptimized;
};

struct RankedPool {
  SpotPool pool;  // zone by name
  std::string zone_id;
  std::string region;
  double spot_price = 0;             // now, USD/h
  std::string price_source;          // a data file name, or "model"
  std::optional<SpotAdvice> advice;  // absent when the advisor has no entry
  bool resting = false;
  TimePoint resting_until;           // meaningful when resting
  std::vector<std::string> reasons;  // human-readable, in order of weight
};

struct ExcludedPool {
  SpotPool pool;
  Status why;  // e.g. no price for the pool
};

struct PoolRanking {
  std::vector<RankedPool> ranked;  // best first
  std::vector<ExcludedPool> excluded;
};

// Ranks `candidates` at time `now`. `interruptions` may name pools by zone name or ID.
PoolRanking RankPools(const std::vector<SpotPool>& candidates,
                      const std::vector<PoolInterruption>& interruptions, TimePoint now,
                      const RegionCatalog& regions, const SpotPrices& prices,
                      const SpotAdvisor& advisor, const PoolRankingOptions& options = {});

// Every (type, zone) pool of a region, zones in name order within each type.
Result<std::vector<SpotPool>> PoolsInRegion(const RegionCatalog& regions, std::string_view region,
                                            const std::vector<std::string>& instance_types);

}  // namespace spotrun::market

#endif  // SPOTRUN_MARKET_POOL_RANKING_H_
