#include "market/data_set.h"

#include <gtest/gtest.h>

#include "base/file.h"
#include "base/temp_dir.h"
#include "market/market.h"

namespace spotrun::market {
namespace {

TEST(DataSetTest, EmbedsEveryDataFileByteForByte) {
  DataSet embedded = DataSet::Embedded();
  Result<DataSet> on_disk = DataSet::FromDirectory(SPOTRUN_DATA_DIR);
  ASSERT_TRUE(on_disk.ok()) << on_disk.status().ToString();
  for (const EmbeddedFile& file : EmbeddedFiles()) {
    Result<std::string_view> disk_text = on_disk->File(file.name);
    ASSERT_TRUE(disk_text.ok()) << file.name;
    EXPECT_EQ(file.contents(), *disk_text) << file.name;
  }
  for (std::string_view name :
       {"regions.tsv", "availability-zones.tsv", "instance-types.tsv", "on-demand-linux.tsv",
        "spot-advisor-linux.tsv", "spot-advisor-ranges.tsv", "spot-price-sources.tsv",
        "spot-price-model.tsv"}) {
    EXPECT_TRUE(embedded.File(name).ok()) << name;
  }
  EXPECT_EQ(embedded.origin(), "embedded");
}

TEST(DataSetTest, MissingFileSaysWhichAndWhere) {
  Result<std::string_view> file = DataSet::Embedded().File("nope.tsv");
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.status().kind(), ErrorKind::kNotFound);
  EXPECT_NE(file.status().message().find("nope.tsv"), std::string::npos);
  EXPECT_FALSE(file.status().hint().empty());
}

TEST(DataSetTest, MissingDirectoryIsNotFound) {
  Result<DataSet> data = DataSet::FromDirectory("/nonexistent/market-data");
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.status().kind(), ErrorKind::kNotFound);
}

TEST(DataSetTest, DirectoryOverrideReplacesTheEmbeddedData) {
  Result<ScopedTempDir> dir = ScopedTempDir::Create("market");
  ASSERT_TRUE(dir.ok());
  const std::string path = dir->path().string();
  ASSERT_TRUE(
      WriteFileAtomic(path + "/on-demand-linux.tsv", "instance_type\tus-east-1\nm5.large\t0.5\n")
          .ok());
  ASSERT_TRUE(WriteFileAtomic(path + "/ignored.txt", "not a tsv").ok());
  Result<DataSet> data = DataSet::FromDirectory(path);
  ASSERT_TRUE(data.ok());
  EXPECT_FALSE(data->File("ignored.txt").ok());
  OnDemandPrices prices(*data);
  EXPECT_EQ(prices.HourlyPrice("us-east-1", "m5.large").value_or(0), 0.5);
}

// Nothing is read when a Market is built: over an empty directory construction succeeds and
// only a lookup reports the missing file.
TEST(DataSetTest, MarketParsesNothingUntilAsked) {
  Result<ScopedTempDir> dir = ScopedTempDir::Create("market");
  ASSERT_TRUE(dir.ok());
  Result<DataSet> empty = DataSet::FromDirectory(dir->path().string());
  ASSERT_TRUE(empty.ok());
  Market market(*empty);
  Result<InstanceTypeInfo> type = market.instance_types().Find("m5.large");
  ASSERT_FALSE(type.ok());
  EXPECT_NE(type.status().message().find("instance-types.tsv"), std::string::npos);
}

}  // namespace
}  // namespace spotrun::market
