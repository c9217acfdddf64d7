#include "market/tsv_text.h"

#include <gtest/gtest.h>

namespace spotrun::market {
namespace {

constexpr std::string_view kText =
    "instance_type\tzone\tprice\n"
    "m5.large\ta\t1\n"
    "m5.large\tb\t2\n"
    "m5.large.x\ta\t3\n"
    "xm5.large\ta\t4\n";

TEST(TsvTextTest, SplitsFieldsKeepingEmptyOnes) {
  std::vector<std::string_view> f = SplitFields("a\t\tc\t");
  ASSERT_EQ(f.size(), 4u);
  EXPECT_EQ(f[0], "a");
  EXPECT_EQ(f[1], "");
  EXPECT_EQ(f[3], "");
}

TEST(TsvTextTest, HeaderAndBody) {
  EXPECT_EQ(HeaderLine(kText), "instance_type\tzone\tprice");
  std::vector<std::string_view> body = BodyLines(kText);
  ASSERT_EQ(body.size(), 4u);
  EXPECT_EQ(body[3], "xm5.large\ta\t4");
  EXPECT_TRUE(BodyLines("header only\n").empty());
}

TEST(TsvTextTest, FindRowMatchesTheWholeFirstField) {
  EXPECT_EQ(FindRow(kText, "m5.large"), "m5.large\ta\t1");
  EXPECT_EQ(FindRow(kText, "m5.large.x"), "m5.large.x\ta\t3");
  EXPECT_EQ(FindRow(kText, "m5"), "");
  EXPECT_EQ(FindRow(kText, "instance_type"), "");  // the header is not a row
}

TEST(TsvTextTest, RowBlockIsTheRunOfRowsWithTheKey) {
  EXPECT_EQ(RowBlock(kText, "m5.large"), "m5.large\ta\t1\nm5.large\tb\t2");
  EXPECT_EQ(RowBlock(kText, "xm5.large"), "xm5.large\ta\t4");
  EXPECT_EQ(RowBlock(kText, "c5.large"), "");
}

TEST(TsvTextTest, NumbersMustFillTheField) {
  double d = 0;
  EXPECT_TRUE(ParseDouble("0.0423", &d));
  EXPECT_DOUBLE_EQ(d, 0.0423);
  EXPECT_FALSE(ParseDouble("0.04x", &d));
  EXPECT_FALSE(ParseDouble("", &d));
  int i = 0;
  EXPECT_TRUE(ParseInt("66", &i));
  EXPECT_EQ(i, 66);
  EXPECT_FALSE(ParseInt("6.6", &i));
}

}  // namespace
}  // namespace spotrun::market
