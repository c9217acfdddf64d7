#include "localcloud/ec2_pages.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace spotrun {
namespace {

std::vector<std::string> Keys(int n) {
  std::vector<std::string> keys;
  for (int i = 0; i < n; ++i) keys.push_back(std::string("i-").append(std::to_string(100 + i)));
  return keys;
}

TEST(Ec2PagesTest, WithoutMaxResultsEverythingComesAtOnce) {
  Result<PageSlice> page = SlicePage(Keys(12), std::nullopt, std::nullopt);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->begin, 0u);
  EXPECT_EQ(page->count, 12u);
  EXPECT_EQ(page->next_token, "");
}

TEST(Ec2PagesTest, TokensWalkEveryItemOnceAndTheLastPageHasNone) {
  const std::vector<std::string> keys = Keys(12);
  std::vector<std::string> seen;
  std::optional<std::string> token;
  int pages = 0;
  do {
    Result<PageSlice> page = SlicePage(keys, 5, token);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    for (size_t i = 0; i < page->count; ++i) seen.push_back(keys[page->begin + i]);
    token = page->next_token;
    ++pages;
  } while (!token->empty());
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen, keys);
}

TEST(Ec2PagesTest, ABoundaryStaysRightWhenItemsComeAndGo) {
  std::vector<std::string> keys = Keys(10);
  Result<PageSlice> first = SlicePage(keys, 5, std::nullopt);
  ASSERT_TRUE(first.ok());
  keys.erase(keys.begin());            // an earlier item goes away
  keys.insert(keys.begin(), "i-000");  // and a new one sorts before the boundary
  Result<PageSlice> second = SlicePage(keys, 5, first->next_token);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(keys[second->begin], "i-105");
  EXPECT_EQ(second->count, 5u);
}

TEST(Ec2PagesTest, RefusesMaxResultsOutOfRangeAndForeignTokens) {
  EXPECT_EQ(SlicePage(Keys(3), 4, std::nullopt).status().code(), "InvalidParameterValue");
  EXPECT_EQ(SlicePage(Keys(3), 1001, std::nullopt).status().code(), "InvalidParameterValue");
  EXPECT_TRUE(SlicePage(Keys(3), 5, std::nullopt).ok());
  EXPECT_EQ(SlicePage(Keys(3), 5, std::string("not-a-token")).status().code(),
            "InvalidParameterValue");
  EXPECT_TRUE(SlicePage(Keys(3), 100, std::nullopt, PageLimits{5, 100}).ok());
  EXPECT_FALSE(SlicePage(Keys(3), 101, std::nullopt, PageLimits{5, 100}).ok());
}

TEST(Ec2PagesTest, PaginateSlicesTheItems) {
  std::vector<int> items = {1, 2, 3, 4, 5, 6, 7};
  auto key_of = [](int v) { return std::string("k").append(std::to_string(v)); };
  auto page = Paginate(items, key_of, 5, std::nullopt);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->first, (std::vector<int>{1, 2, 3, 4, 5}));
  auto rest = Paginate(items, key_of, 5, page->second);
  ASSERT_TRUE(rest.ok());
  EXPECT_EQ(rest->first, (std::vector<int>{6, 7}));
  EXPECT_EQ(rest->second, "");
}

}  // namespace
}  // namespace spotrun
