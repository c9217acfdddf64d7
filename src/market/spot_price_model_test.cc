#include "market/spot_price_model.h"

#include <gtest/gtest.h>

#include <cmath>

namespace spotrun::market {
namespace {

TEST(SpotPriceModelTest, MeasuredParametersPerFamilyOrOverall) {
  SpotPriceModel model(DataSet::Embedded());
  Result<SpotPriceModelParams> all = model.ParamsFor("g4dn");  // too few changes: "*"
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  EXPECT_EQ(all->family, "*");
  EXPECT_GT(all->changes, 1000);
  EXPECT_GT(all->changes_per_hour, 0);
  EXPECT_LT(all->deviation_low, 0);
  EXPECT_GT(all->deviation_high, 0);
  for (size_t i = 1; i < all->step_quantiles.size(); ++i) {
    EXPECT_LE(all->step_quantiles[i - 1], all->step_quantiles[i]);
  }
  EXPECT_EQ(model.ParamsFor("c5")->family, "c5");
}

TEST(SpotPriceModelTest, SeriesIsDeterministicPerPoolAndStaysInTheMeasuredBand) {
  SpotPriceModel model(DataSet::Embedded());
  const double level = 0.5;
  Result<SpotPriceSeries> a = model.Generate("use1-az1", "g4dn.xlarge", level);
  Result<SpotPriceSeries> b = model.Generate("use1-az1", "g4dn.xlarge", level);
  Result<SpotPriceSeries> other = model.Generate("use1-az2", "g4dn.xlarge", level);
  ASSERT_TRUE(a.ok() && b.ok() && other.ok());
  EXPECT_EQ(a->events(), b->events());
  EXPECT_NE(a->events(), other->events());
  EXPECT_EQ(a->window_start(), SpotPriceModel::WindowStart());
  EXPECT_EQ(a->window_end() - a->window_start(), SpotPriceModel::kWindow);
  EXPECT_DOUBLE_EQ(a->events().front().price, level);

  SpotPriceModelParams p = *model.ParamsFor("g4dn");
  // Time-weighted mean of the series: within the band around the level.
  double weighted = 0;
  for (size_t i = 0; i < a->events().size(); ++i) {
    const SpotPriceEvent& e = a->events()[i];
    EXPECT_GE(e.price, level * std::exp(p.deviation_low) - SpotPriceModel::kTick / 2);
    EXPECT_LE(e.price, level * std::exp(p.deviation_high) + SpotPriceModel::kTick / 2);
    TimePoint next = i + 1 < a->events().size() ? a->events()[i + 1].timestamp : a->window_end();
    weighted += e.price * std::chrono::duration<double>(next - e.timestamp).count();
  }
  double mean = weighted / std::chrono::duration<double>(SpotPriceModel::kWindow).count();
  EXPECT_GE(mean, level * std::exp(p.deviation_low));
  EXPECT_LE(mean, level * std::exp(p.deviation_high));
}

TEST(SpotPriceModelTest, ChangesArriveAtAboutTheMeasuredRate) {
  SpotPriceModel model(DataSet::Embedded());
  SpotPriceModelParams p = *model.ParamsFor("c5");
  // Over many pools, the mean number of changes per window is near rate x window; rounding to
  // the tick can only hide changes.
  double total = 0;
  const int pools = 200;
  for (int i = 0; i < pools; ++i) {
    total += model.Generate("zone" + std::to_string(i), "c5.4xlarge", 10.0)->events().size() - 1;
  }
  double expected = p.changes_per_hour * 24 * 30;
  EXPECT_NEAR(total / pools, expected, expected * 0.2);
}

TEST(SpotPriceModelTest, LevelMustBePositive) {
  EXPECT_EQ(SpotPriceModel(DataSet::Embedded()).Generate("z", "m5.large", 0).status().kind(),
            ErrorKind::kInvalidArgument);
}

}  // namespace
}  // namespace spotrun::market
