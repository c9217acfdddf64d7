#include "market/spot_advisor.h"

#include <gtest/gtest.h>

#include <cmath>

namespace spotrun::market {
namespace {

TEST(SpotAdvisorTest, RealEntriesOf2025_06_28) {
  SpotAdvisor advisor(DataSet::Embedded());
  Result<SpotAdvice> m5 = advisor.Advice("us-east-1", "m5.large");
  ASSERT_TRUE(m5.ok()) << m5.status().ToString();
  EXPECT_EQ(m5->savings_percent, 66);
  EXPECT_EQ(m5->bucket.index, 3);
  EXPECT_EQ(m5->bucket.label, "15-20%");
  Result<SpotAdvice> t3 = advisor.Advice("us-east-1", "t3.medium");
  EXPECT_EQ(t3->savings_percent, 56);
  EXPECT_EQ(t3->bucket.label, "<5%");
  Result<SpotAdvice> g5 = advisor.Advice("us-east-1", "g5.xlarge");
  EXPECT_EQ(g5->savings_percent, 59);
  EXPECT_EQ(g5->bucket.label, ">20%");
  EXPECT_EQ(advisor.Regions()->size(), 33u);
}

TEST(SpotAdvisorTest, BucketsAndTheirDocumentedRates) {
  Result<std::vector<InterruptionBucket>> buckets = SpotAdvisor(DataSet::Embedded()).Buckets();
  ASSERT_TRUE(buckets.ok());
  ASSERT_EQ(buckets->size(), 5u);
  EXPECT_EQ((*buckets)[0].label, "<5%");
  EXPECT_DOUBLE_EQ((*buckets)[0].MonthlyFraction(), 0.025);
  EXPECT_DOUBLE_EQ((*buckets)[2].MonthlyFraction(), 0.125);
  EXPECT_DOUBLE_EQ((*buckets)[4].MonthlyFraction(), 0.60);  // (20 + the advisor's max 100) / 2
  EXPECT_TRUE((*buckets)[1].within_global_rate);
  EXPECT_FALSE((*buckets)[2].within_global_rate);
  // A constant hourly hazard that interrupts the monthly fraction over 730.5 hours.
  for (const InterruptionBucket& b : *buckets) {
    double survive_month = std::exp(-b.HourlyRate() * 730.5);
    EXPECT_NEAR(1 - survive_month, b.MonthlyFraction(), 1e-12) << b.label;
  }
}

TEST(SpotAdvisorTest, MissingEntriesAreNotFound) {
  SpotAdvisor advisor(DataSet::Embedded());
  EXPECT_EQ(advisor.Advice("mars-north-1", "m5.large").status().kind(), ErrorKind::kNotFound);
  EXPECT_EQ(advisor.Advice("us-east-1", "m5.lareg").status().kind(), ErrorKind::kNotFound);
}

}  // namespace
}  // namespace spotrun::market
