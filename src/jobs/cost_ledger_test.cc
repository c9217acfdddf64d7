#include "jobs/cost_ledger.h"

#include <gtest/gtest.h>

namespace spotrun {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

const TimePoint kT0 = FakeClock().Now();

CostLedgerEntry Entry(std::string id, MarketType market, double price, double on_demand,
                      TimePoint start) {
  return CostLedgerEntry{.instance_id = std::move(id),
                         .instance_type = "g4dn.xlarge",
                         .zone = "us-east-1a",
                         .market = market,
                         .price_per_hour = price,
                         .on_demand_price_per_hour = on_demand,
                         .start = start};
}

TEST(CostLedgerTest, AnEmptyLedgerCostsNothing) {
  CostLedger ledger;
  EXPECT_EQ(ledger.Cost(kT0), 0);
  EXPECT_EQ(ledger.OnDemandCost(kT0), 0);
  EXPECT_EQ(ledger.SavingsPercent(kT0), 0);
  EXPECT_EQ(ledger.MachineTime(kT0), Duration::zero());
  EXPECT_EQ(ledger.Summary(kT0), "cost $0 (no machine yet)");
}

TEST(CostLedgerTest, AnOpenEntryGrowsWithTime) {
  CostLedger ledger;
  ledger.Open(Entry("i-1", MarketType::kSpot, 0.2, 0.5, kT0));
  EXPECT_DOUBLE_EQ(ledger.Cost(kT0 + minutes(30)), 0.1);
  EXPECT_DOUBLE_EQ(ledger.Cost(kT0 + hours(2)), 0.4);
  EXPECT_DOUBLE_EQ(ledger.OnDemandCost(kT0 + hours(2)), 1.0);
  EXPECT_DOUBLE_EQ(ledger.Savings(kT0 + hours(2)), 0.6);
  EXPECT_DOUBLE_EQ(ledger.SavingsPercent(kT0 + hours(2)), 60);
  EXPECT_EQ(ledger.Cost(kT0 - hours(1)), 0);  // nothing before the start
}

TEST(CostLedgerTest, AClosedEntryStopsBilling) {
  CostLedger ledger;
  ledger.Open(Entry("i-1", MarketType::kSpot, 0.3, 0.6, kT0));
  EXPECT_TRUE(ledger.Close("i-1", kT0 + hours(1)));
  EXPECT_FALSE(ledger.Close("i-1", kT0 + hours(2)));  // already closed
  EXPECT_FALSE(ledger.Close("i-unknown", kT0));
  EXPECT_DOUBLE_EQ(ledger.Cost(kT0 + hours(5)), 0.3);
  EXPECT_DOUBLE_EQ(ledger.Cost(kT0 + minutes(30)), 0.15);  // asked before the end
  EXPECT_EQ(ledger.MachineTime(kT0 + hours(5)), hours(1));
}

TEST(CostLedgerTest, SumsMachinesByMarket) {
  CostLedger ledger;
  ledger.Open(Entry("i-1", MarketType::kSpot, 0.2, 0.6, kT0));
  ledger.Close("i-1", kT0 + minutes(30));
  ledger.Open(Entry("i-2", MarketType::kOnDemand, 0.6, 0.6, kT0 + minutes(32)));
  ledger.Close("i-2", kT0 + minutes(47));
  ledger.Open(Entry("i-3", MarketType::kSpot, 0.1, 0.4, kT0 + minutes(48)));
  TimePoint now = kT0 + minutes(78);
  EXPECT_EQ(ledger.MachineTime(now), minutes(75));
  EXPECT_EQ(ledger.MachineTime(now, MarketType::kSpot), minutes(60));
  EXPECT_EQ(ledger.MachineTime(now, MarketType::kOnDemand), minutes(15));
  EXPECT_DOUBLE_EQ(ledger.Cost(now), 0.1 + 0.15 + 0.05);
  EXPECT_DOUBLE_EQ(ledger.OnDemandCost(now), 0.3 + 0.15 + 0.2);
  EXPECT_NEAR(ledger.SavingsPercent(now), 100.0 * 0.35 / 0.65, 1e-9);
}

TEST(CostLedgerTest, APriceChangeSplitsTheEntry) {
  CostLedger ledger;
  ledger.Open(Entry("i-1", MarketType::kSpot, 0.2, 0.5, kT0));
  EXPECT_TRUE(ledger.ChangePrice("i-1", kT0 + hours(1), 0.4));
  EXPECT_FALSE(ledger.ChangePrice("i-2", kT0 + hours(1), 0.4));
  ASSERT_EQ(ledger.entries().size(), 2u);
  EXPECT_DOUBLE_EQ(ledger.Cost(kT0 + hours(2)), 0.6);
  EXPECT_TRUE(ledger.Close("i-1", kT0 + hours(2)));  // closes the open part
  EXPECT_DOUBLE_EQ(ledger.Cost(kT0 + hours(9)), 0.6);
}

TEST(CostLedgerTest, RebuildsFromPersistedEntries) {
  CostLedger first;
  first.Open(Entry("i-1", MarketType::kSpot, 0.2, 0.5, kT0));
  CostLedger copy(first.entries());
  EXPECT_DOUBLE_EQ(copy.Cost(kT0 + hours(1)), first.Cost(kT0 + hours(1)));
}

TEST(CostLedgerTest, SummaryLine) {
  CostLedger ledger;
  ledger.Open(Entry("i-1", MarketType::kSpot, 0.0125, 0.0416, kT0));
  ledger.Close("i-1", kT0 + minutes(58));
  ledger.Open(Entry("i-2", MarketType::kOnDemand, 0.0416, 0.0416, kT0 + minutes(58)));
  TimePoint now = kT0 + minutes(62);
  // 58 min at 0.0125 + 4 min at 0.0416 = 0.012083 + 0.002773 = 0.014857; on-demand 0.042987.
  EXPECT_EQ(ledger.Summary(now),
            "cost $0.0149 for 1h02m (spot 58m, on-demand 4m); on-demand would be $0.0430: "
            "saved $0.0281 (65 %)");
}

TEST(CostLedgerTest, SummarySaysWhenSpotCostMore) {
  CostLedger ledger;
  ledger.Open(Entry("i-1", MarketType::kSpot, 2.0, 1.0, kT0));
  EXPECT_EQ(ledger.Summary(kT0 + hours(1)),
            "cost $2.00 for 1h00m (spot 1h00m); on-demand would be $1.00: $1.00 more than "
            "on-demand");
}

TEST(CostLedgerTest, FormatsDollars) {
  EXPECT_EQ(FormatUsd(0), "$0.0000");
  EXPECT_EQ(FormatUsd(0.01234), "$0.0123");
  EXPECT_EQ(FormatUsd(12.346), "$12.35");
  EXPECT_EQ(MarketTypeName(MarketType::kOnDemand), "on-demand");
  EXPECT_EQ(MarketTypeName(MarketType::kSpot), "spot");
}

}  // namespace
}  // namespace spotrun
