#include "localcloud/ec2_filters.h"

#include <gtest/gtest.h>

namespace spotrun {
namespace {

FilterValues StateIs(std::string state) {
  return [state](std::string_view name) -> std::vector<std::string> {
    if (name == "instance-state-name") return {state};
    return {};
  };
}

TEST(Ec2FiltersTest, WildcardsFollowEc2) {
  EXPECT_TRUE(MatchesWildcard("ubuntu/images/*-24.04-amd64-*",
                              "ubuntu/images/hvm-ssd/ubuntu-noble-24.04-amd64-server-20240927"));
  EXPECT_TRUE(MatchesWildcard("m5.*", "m5.large"));
  EXPECT_FALSE(MatchesWildcard("m5.*", "m5a.large"));
  EXPECT_TRUE(MatchesWildcard("m?.large", "m5.large"));
  EXPECT_FALSE(MatchesWildcard("m?.large", "m5a.large"));
  EXPECT_TRUE(MatchesWildcard("*", ""));
  EXPECT_TRUE(MatchesWildcard("a\\*b", "a*b"));
  EXPECT_FALSE(MatchesWildcard("a\\*b", "axb"));
  EXPECT_TRUE(MatchesWildcard("exact", "exact"));
  EXPECT_FALSE(MatchesWildcard("exact", "exactly"));
  EXPECT_TRUE(MatchesWildcard("*a*a*a*", "banana"));
}

TEST(Ec2FiltersTest, EveryFilterMustMatchAndAnyValueOfOne) {
  const std::vector<Tag> tags = {{"Name", "web"}, {"spotrun:managed", "true"}};
  std::vector<Filter> filters = {{"instance-state-name", {"pending", "running"}},
                                 {"tag:Name", {"w*"}}};
  EXPECT_TRUE(MatchesFilters(filters, tags, StateIs("running")));
  EXPECT_FALSE(MatchesFilters(filters, tags, StateIs("stopped")));
  filters.push_back({"tag-key", {"spotrun:managed"}});
  EXPECT_TRUE(MatchesFilters(filters, tags, StateIs("running")));
  filters.push_back({"tag-value", {"nope"}});
  EXPECT_FALSE(MatchesFilters(filters, tags, StateIs("running")));
  EXPECT_FALSE(MatchesFilters({{"tag:Missing", {"*"}}}, tags, StateIs("running")));
}

TEST(Ec2FiltersTest, UnknownNamesAndEmptyValuesAreRefusedAsEc2Does) {
  EXPECT_TRUE(ValidateFilters({{"instance-state-name", {"running"}}, {"tag:x", {"y"}}},
                              {"instance-state-name"})
                  .ok());
  Status unknown = ValidateFilters({{"colour", {"red"}}}, {"instance-state-name"});
  EXPECT_EQ(unknown.code(), "InvalidParameterValue");
  EXPECT_EQ(unknown.message(), "The filter 'colour' is invalid");
  EXPECT_EQ(unknown.http_status(), 400);
  EXPECT_EQ(ValidateFilters({{"instance-state-name", {}}}, {"instance-state-name"}).code(),
            "InvalidParameterValue");
}

TEST(Ec2FiltersTest, SelectedMeansAllWhenNothingAsked) {
  EXPECT_TRUE(Selected({}, "i-1"));
  EXPECT_TRUE(Selected({"i-2", "i-1"}, "i-1"));
  EXPECT_FALSE(Selected({"i-2"}, "i-1"));
}

}  // namespace
}  // namespace spotrun
