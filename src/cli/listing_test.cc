#include "cli/listing.h"

#include <gtest/gtest.h>

namespace spotrun {
namespace {

TEST(ListingTest, TableAlignsColumnsAndShowsNullAsDash) {
  Listing l({{"name", "NAME"}, {"state", "STATE"}, {"price", "$/H"}});
  l.Add({"train", "running", 0.0312});
  l.Add({"a-much-longer-name", nullptr, 1});
  EXPECT_EQ(l.RenderTable(),
            "NAME                STATE    $/H\n"
            "train               running  0.0312\n"
            "a-much-longer-name  -        1\n");
}

TEST(ListingTest, JsonKeepsKeysInColumnOrderAndTypes) {
  Listing l({{"name", "NAME"}, {"count", "COUNT"}});
  l.Add({"x", 3});
  EXPECT_EQ(l.RenderJson(), "[\n  {\n    \"name\": \"x\",\n    \"count\": 3\n  }\n]\n");
  Listing empty(std::vector<Column>{{"name", "NAME"}});
  EXPECT_EQ(empty.RenderJson(), "[]\n");
}

}  // namespace
}  // namespace spotrun
