#include "market/spot_prices.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "market/market.h"

namespace spotrun::market {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

TimePoint At(std::string_view iso) {
  TimePoint t;
  EXPECT_TRUE(ParseIso8601(iso, &t)) << iso;
  return t;
}

const TimePoint kMonthStart = At("2021-01-08T01:06:24Z");  // the 2021 m5.large window

TEST(SpotPricesTest, PriceAtReplaysRealEventsAtTheirTimes) {
  // Anchored at the window start, local time equals the recording's time in loop 0.
  Market market(DataSet::Embedded(), {.replay_anchor = kMonthStart});
  const SpotPool pool{"us-east-1a", "m5.large"};
  const SpotPrices& prices = market.spot_prices();
  EXPECT_DOUBLE_EQ(prices.PriceAt(pool, At("2021-01-09T03:55:57Z")).value_or(0), 0.0407);
  EXPECT_DOUBLE_EQ(prices.PriceAt(pool, At("2021-01-09T03:55:58Z")).value_or(0), 0.0408);
  // Before the first event of the loop, the recording's last price holds.
  EXPECT_DOUBLE_EQ(prices.PriceAt(pool, At("2021-01-08T02:00:00Z")).value_or(0), 0.0423);
  // One window later the same instant plays again.
  Result<std::shared_ptr<const SpotPriceSeries>> series = prices.Series(pool);
  ASSERT_TRUE(series.ok());
  Duration length = (*series)->window_end() - (*series)->window_start();
  EXPECT_DOUBLE_EQ(prices.PriceAt(pool, At("2021-01-09T03:55:58Z") + length).value_or(0), 0.0408);
}

TEST(SpotPricesTest, DefaultAnchorIsTheUnixEpoch) {
  Market market;
  const SpotPool pool{"us-east-1a", "m5.large"};
  Result<std::shared_ptr<const SpotPriceSeries>> series = market.spot_prices().Series(pool);
  ASSERT_TRUE(series.ok());
  const Duration length = (*series)->window_end() - (*series)->window_start();
  const TimePoint now = At("2026-03-01T12:00:00Z");
  const Duration into = (now - TimePoint()) % length;
  EXPECT_EQ(market.spot_prices().PriceAt(pool, now).value_or(0),
            (*series)->PriceAt((*series)->window_start() + into, (*series)->window_start()));
}

TEST(SpotPricesTest, HistoryOfAZoneIsNewestFirstAndStartsWithThePriceInEffect) {
  Market market(DataSet::Embedded(), {.replay_anchor = kMonthStart});
  Result<std::vector<SpotPriceRecord>> h = market.spot_prices().History(
      "us-east-1a", "m5.large", At("2021-01-09T00:00:00Z"), At("2021-01-10T12:00:00Z"));
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  ASSERT_EQ(h->size(), 3u);
  EXPECT_EQ(FormatIso8601((*h)[0].timestamp), "2021-01-10T03:56:01Z");
  EXPECT_EQ(FormatIso8601((*h)[1].timestamp), "2021-01-09T03:55:58Z");
  EXPECT_EQ(FormatIso8601((*h)[2].timestamp), "2021-01-08T21:51:23Z");  // in effect at start
  EXPECT_DOUBLE_EQ((*h)[2].spot_price, 0.0407);
  EXPECT_EQ((*h)[0].availability_zone, "us-east-1a");
  EXPECT_EQ((*h)[0].product_description, "Linux/UNIX");
}

TEST(SpotPricesTest, HistoryOfARegionCoversEveryZone) {
  Market market;
  const TimePoint end = At("2026-01-01T00:00:00Z");
  Result<std::vector<SpotPriceRecord>> h =
      market.spot_prices().History("us-east-1", "m5.large", end - hours(24 * 7), end);
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  std::set<std::string> zones;
  for (size_t i = 0; i < h->size(); ++i) {
    zones.insert((*h)[i].availability_zone);
    if (i > 0) {
      EXPECT_GE((*h)[i - 1].timestamp, (*h)[i].timestamp);
    }
  }
  EXPECT_EQ(zones.size(), 6u);  // five recorded zones and us-east-1e from the model
  EXPECT_EQ(market.spot_prices().History("atlantis-1", "m5.large", end, end).status().kind(),
            ErrorKind::kNotFound);
}

TEST(SpotPricesTest, PoolWithoutDataUsesTheDeterministicModelAtTheAdvisorLevel) {
  Market market;
  const SpotPool pool{"us-east-2c", "m5.large"};  // use2-az3: nothing recorded for m5.large
  Result<double> level = market.spot_prices().ModelLevel("us-east-2", "m5.large");
  ASSERT_TRUE(level.ok());
  EXPECT_DOUBLE_EQ(*level, 0.096 * (1 - 0.62));  // 2025 price list, advisor s62 in us-east-2
  Result<std::shared_ptr<const SpotPriceSeries>> series = market.spot_prices().Series(pool);
  ASSERT_TRUE(series.ok()) << series.status().ToString();
  EXPECT_EQ((*series)->source(), "model");
  EXPECT_DOUBLE_EQ((*series)->events().front().price, 0.0365);  // the level, to the tick
  EXPECT_GT((*series)->events().size(), 1u);

  Result<SpotPriceModelParams> m5 = market.model().ParamsFor("m5");
  ASSERT_TRUE(m5.ok());
  EXPECT_EQ(m5->family, "m5");
  for (const SpotPriceEvent& e : (*series)->events()) {
    EXPECT_GE(e.price, *level * std::exp(m5->deviation_low) - SpotPriceModel::kTick / 2);
    EXPECT_LE(e.price, *level * std::exp(m5->deviation_high) + SpotPriceModel::kTick / 2);
  }

  Market again;
  EXPECT_EQ(again.spot_prices().Series(pool).value()->events(), (*series)->events());
  EXPECT_NE(again.spot_prices().Series({"us-west-2a", "m5.large"}).value()->events(),
            (*series)->events());
}

TEST(SpotPricesTest, PoolWithNeitherDataNorModelIsNotFound) {
  Market market;
  Result<double> price = market.spot_prices().PriceAt({"us-east-2a", "a1.large"}, TimePoint());
  ASSERT_FALSE(price.ok());
  EXPECT_EQ(price.status().kind(), ErrorKind::kNotFound);
  EXPECT_NE(price.status().message().find("nothing recorded"), std::string::npos);
}

}  // namespace
}  // namespace spotrun::market
