#include "cli/machine_text.h"

#include <gtest/gtest.h>

namespace spotrun {
namespace {

using std::chrono::seconds;

TEST(MachineTextTest, UptimeIsShortAndCoarse) {
  EXPECT_EQ(FormatUptime(std::nullopt), "-");
  EXPECT_EQ(FormatUptime(seconds(45)), "45s");
  EXPECT_EQ(FormatUptime(seconds(12 * 60 + 5)), "12m");
  EXPECT_EQ(FormatUptime(seconds(2 * 3600 + 5 * 60)), "2h 05m");
  EXPECT_EQ(FormatUptime(seconds(3 * 86400 + 4 * 3600 + 59)), "3d 04h");
}

TEST(MachineTextTest, PricesAndDollars) {
  EXPECT_EQ(FormatHourlyPrice(0.0312), "0.0312");
  EXPECT_EQ(FormatHourlyPrice(std::nullopt), "-");
  EXPECT_EQ(FormatDollars(1.234), "$1.23");
  EXPECT_EQ(FormatDollars(0.001), "<$0.01");
  EXPECT_EQ(FormatDollars(0), "$0.00");
}

TEST(MachineTextTest, WaiterProgressWithoutItsElapsedTime) {
  EXPECT_EQ(WithoutElapsed("i-1 pending (12 s)"), "i-1 pending");
  EXPECT_EQ(WithoutElapsed("i-1 pending"), "i-1 pending");
}

}  // namespace
}  // namespace spotrun
