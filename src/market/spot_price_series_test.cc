#include "market/spot_price_series.h"

#include <gtest/gtest.h>

namespace spotrun::market {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

TimePoint At(std::string_view iso) {
  TimePoint t;
  EXPECT_TRUE(ParseIso8601(iso, &t)) << iso;
  return t;
}

// A 10-hour window with changes at +1 h and +5 h.
SpotPriceSeries Series() {
  TimePoint start = At("2021-01-01T00:00:00Z");
  return SpotPriceSeries({{start + hours(1), 0.10}, {start + hours(5), 0.20}}, start,
                         start + hours(10), "test");
}

TEST(SpotPriceSeriesTest, PriceAtReplaysTheWindowInALoop) {
  SpotPriceSeries s = Series();
  const TimePoint anchor = At("2026-01-01T00:00:00Z");
  EXPECT_EQ(s.PriceAt(anchor + minutes(30), anchor), 0.20);  // before the first change: wraps
  EXPECT_EQ(s.PriceAt(anchor + hours(1), anchor), 0.10);
  EXPECT_EQ(s.PriceAt(anchor + hours(5) - minutes(1), anchor), 0.10);
  EXPECT_EQ(s.PriceAt(anchor + hours(5), anchor), 0.20);
  EXPECT_EQ(s.PriceAt(anchor + hours(11), anchor), 0.10);             // second loop
  EXPECT_EQ(s.PriceAt(anchor - hours(10) + hours(2), anchor), 0.10);  // before the anchor
}

TEST(SpotPriceSeriesTest, HistoryIsNewestFirstWithThePriceInEffectAtStart) {
  SpotPriceSeries s = Series();
  const TimePoint anchor = At("2026-01-01T00:00:00Z");
  std::vector<SpotPriceEvent> h = s.History(anchor + hours(2), anchor + hours(12), anchor);
  ASSERT_EQ(h.size(), 3u);
  EXPECT_EQ(h[0], (SpotPriceEvent{anchor + hours(11), 0.10}));  // loop 2's first change
  EXPECT_EQ(h[1], (SpotPriceEvent{anchor + hours(5), 0.20}));
  EXPECT_EQ(h[2], (SpotPriceEvent{anchor + hours(1), 0.10}));  // in effect at start
}

TEST(SpotPriceSeriesTest, HistoryStartingBeforeTheFirstChangeReachesIntoThePreviousLoop) {
  SpotPriceSeries s = Series();
  const TimePoint anchor = At("2026-01-01T00:00:00Z");
  std::vector<SpotPriceEvent> h = s.History(anchor + minutes(10), anchor + minutes(20), anchor);
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0], (SpotPriceEvent{anchor - hours(5), 0.20}));
}

TEST(SpotPriceSeriesTest, EventExactlyAtStartIsNotRepeated) {
  SpotPriceSeries s = Series();
  const TimePoint anchor = At("2026-01-01T00:00:00Z");
  std::vector<SpotPriceEvent> h = s.History(anchor + hours(5), anchor + hours(6), anchor);
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].timestamp, anchor + hours(5));
  EXPECT_TRUE(s.History(anchor + hours(6), anchor + hours(5), anchor).empty());
}

}  // namespace
}  // namespace spotrun::market
