#include "market/pool_ranking.h"

#include <gtest/gtest.h>

#include "market/market.h"

namespace spotrun::market {
namespace {

using std::chrono::minutes;

TimePoint At(std::string_view iso) {
  TimePoint t;
  EXPECT_TRUE(ParseIso8601(iso, &t)) << iso;
  return t;
}

class PoolRankingTest : public ::testing::Test {
 protected:
  PoolRanking Rank(const std::vector<SpotPool>& candidates,
                   const std::vector<PoolInterruption>& interruptions, TimePoint now,
                   PoolRankingOptions options = {}) {
    return RankPools(candidates, interruptions, now, market_.regions(), market_.spot_prices(),
                     market_.advisor(), options);
  }
  std::vector<SpotPool> M5Pools() {
    return PoolsInRegion(market_.regions(), "us-east-1", {"m5.large"}).value();
  }

  Market market_;
  const TimePoint now_ = At("2026-01-01T12:00:00Z");
};

TEST_F(PoolRankingTest, CheapestFirstWithReasons) {
  PoolRanking ranking = Rank(M5Pools(), {}, now_);
  ASSERT_EQ(ranking.ranked.size(), 6u);
  EXPECT_TRUE(ranking.excluded.empty());
  for (size_t i = 1; i < ranking.ranked.size(); ++i) {
    EXPECT_LE(ranking.ranked[i - 1].spot_price, ranking.ranked[i].spot_price);
  }
  const RankedPool& best = ranking.ranked.front();
  EXPECT_EQ(best.region, "us-east-1");
  ASSERT_TRUE(best.advice.has_value());
  EXPECT_EQ(best.advice->bucket.label, "15-20%");
  ASSERT_GE(best.reasons.size(), 2u);
  EXPECT_NE(best.reasons[0].find("spot $"), std::string::npos);
  EXPECT_NE(best.reasons[1].find("15-20%"), std::string::npos);
  EXPECT_EQ(best.spot_price, market_.spot_prices().PriceAt(best.pool, now_).value());
}

TEST_F(PoolRankingTest, RecentlyInterruptedPoolRestsThenReturns) {
  PoolRanking before = Rank(M5Pools(), {}, now_);
  const SpotPool cheapest = before.ranked.front().pool;
  // Interrupted 10 minutes ago, named by zone ID: it rests for the default 30 minutes.
  Result<AvailabilityZone> zone = market_.regions().FindZone(cheapest.availability_zone);
  ASSERT_TRUE(zone.ok());
  std::vector<PoolInterruption> interruptions{
      {{zone->id, cheapest.instance_type}, now_ - minutes(10)}};
  PoolRanking resting = Rank(M5Pools(), interruptions, now_);
  const RankedPool& last = resting.ranked.back();
  EXPECT_EQ(last.pool, cheapest);
  EXPECT_TRUE(last.resting);
  EXPECT_EQ(last.resting_until, now_ + minutes(20));
  EXPECT_NE(last.reasons.front().find("resting until"), std::string::npos);
  EXPECT_FALSE(resting.ranked.front().resting);

  // A shorter resting period has already passed.
  PoolRankingOptions short_rest;
  short_rest.resting_period = minutes(5);
  EXPECT_EQ(Rank(M5Pools(), interruptions, now_, short_rest).ranked.front().pool, cheapest);
  // And the default one passes 20 minutes later (prices replay unchanged in so short a time).
  PoolRanking later = Rank(M5Pools(), interruptions, now_ + minutes(21));
  for (const RankedPool& p : later.ranked) EXPECT_FALSE(p.resting) << p.pool.availability_zone;
}

TEST_F(PoolRankingTest, StrategiesWeighPriceAgainstInterruptions) {
  // us-east-1: m5.large is cheaper but "15-20%"; c5.xlarge costs more but is "<5%".
  std::vector<SpotPool> pools{{"us-east-1b", "m5.large"}, {"us-east-1b", "c5.xlarge"}};
  PoolRankingOptions options;
  options.strategy = AllocationStrategy::kPriceCapacityOptimized;
  PoolRanking pco = Rank(pools, {}, now_, options);
  EXPECT_EQ(pco.ranked.front().pool.instance_type, "c5.xlarge");
  EXPECT_NE(pco.ranked.back().reasons.back().find("global rate"), std::string::npos);
  options.strategy = AllocationStrategy::kLowestPrice;
  EXPECT_EQ(Rank(pools, {}, now_, options).ranked.front().pool.instance_type, "m5.large");
  options.strategy = AllocationStrategy::kCapacityOptimized;
  EXPECT_EQ(Rank(pools, {}, now_, options).ranked.front().pool.instance_type, "c5.xlarge");
}

TEST_F(PoolRankingTest, PoolsWithoutPricesAreExcludedWithTheReason) {
  PoolRanking ranking =
      Rank({{"us-east-1z", "m5.large"}, {"us-east-2a", "a1.large"}, {"us-east-2a", "m5.large"}}, {},
           now_);
  ASSERT_EQ(ranking.ranked.size(), 1u);
  ASSERT_EQ(ranking.excluded.size(), 2u);
  EXPECT_EQ(ranking.excluded[0].why.kind(), ErrorKind::kNotFound);
  EXPECT_EQ(ranking.excluded[1].pool.instance_type, "a1.large");
}

TEST_F(PoolRankingTest, PoolsInRegionCrossesTypesAndZones) {
  Result<std::vector<SpotPool>> pools =
      PoolsInRegion(market_.regions(), "us-east-2", {"m5.large", "c5.large"});
  ASSERT_TRUE(pools.ok());
  ASSERT_EQ(pools->size(), 6u);
  EXPECT_EQ((*pools)[0], (SpotPool{"us-east-2a", "m5.large"}));
  EXPECT_EQ((*pools)[5], (SpotPool{"us-east-2c", "c5.large"}));
  EXPECT_FALSE(PoolsInRegion(market_.regions(), "atlantis-1", {"m5.large"}).ok());
}

}  // namespace
}  // namespace spotrun::market
