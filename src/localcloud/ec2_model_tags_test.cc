#include <gtest/gtest.h>

#include "localcloud/ec2_resources_test_fixture.h"

namespace spotrun {
namespace {

class TagsTest : public Ec2ResourcesTest {
 protected:
  void SetUp() override {
    Ec2ResourcesTest::SetUp();
    StartWithInstances({MakeInstance("i-0123456789abcdef0")});
  }
  std::vector<Tag> TagsOf(const std::string& id) {
    std::vector<Tag> tags;
    Result<DescribeTagsResponse> rows = model_->DescribeTags({.filters = {{"resource-id", {id}}}});
    EXPECT_TRUE(rows.ok());
    for (const TagDescription& row : rows->tags) tags.push_back({row.key, row.value});
    return tags;
  }
  static constexpr std::string_view kInstance = "i-0123456789abcdef0";
};

TEST_F(TagsTest, CreateTagsOnEveryKindOfResource) {
  std::string vpc = DefaultVpcId();
  std::string subnet = model_->DescribeSubnets({})->subnets[0].subnet_id;
  std::string group = model_->DescribeSecurityGroups({})->security_groups[0].group_id;
  std::string volume =
      model_->CreateVolume({.availability_zone = "us-east-1a", .size = 1})->volume_id;
  std::string snapshot = model_->CreateSnapshot({.volume_id = volume})->snapshot_id;
  std::string image =
      model_->CreateImage({.instance_id = std::string(kInstance), .name = "img"}).value();
  std::string key = model_->CreateKeyPair({.key_name = "k", .key_type = "ed25519"})->key_pair_id;
  std::vector<std::string> ids = {
      std::string(kInstance), vpc, subnet, group, volume, snapshot, image, key};
  ASSERT_TRUE(model_->CreateTags({.resource_ids = ids, .tags = {{"team", "ml"}}}).ok());
  Result<DescribeTagsResponse> rows = model_->DescribeTags({.filters = {{"key", {"team"}}}});
  ASSERT_TRUE(rows.ok());
  std::map<std::string, std::string> types;
  for (const TagDescription& row : rows->tags) types[row.resource_id] = row.resource_type;
  EXPECT_EQ(types[std::string(kInstance)], "instance");
  EXPECT_EQ(types[vpc], "vpc");
  EXPECT_EQ(types[subnet], "subnet");
  EXPECT_EQ(types[group], "security-group");
  EXPECT_EQ(types[volume], "volume");
  EXPECT_EQ(types[snapshot], "snapshot");
  EXPECT_EQ(types[image], "image");
  EXPECT_EQ(types[key], "key-pair");
  // The resource's own Describe shows them too.
  EXPECT_EQ(model_->DescribeVolumes({.filters = {{"tag:team", {"ml"}}}})->volumes.size(), 1u);
}

TEST_F(TagsTest, CreateTagsOverwritesAValue) {
  const std::string id(kInstance);
  ASSERT_TRUE(model_->CreateTags({.resource_ids = {id}, .tags = {{"Name", "a"}}}).ok());
  ASSERT_TRUE(model_->CreateTags({.resource_ids = {id}, .tags = {{"Name", "b"}}}).ok());
  EXPECT_EQ(TagsOf(id), (std::vector<Tag>{{"Name", "b"}}));
}

TEST_F(TagsTest, UnknownIdsAreRefusedWithTheResourcesOwnCode) {
  auto code = [&](std::string id) {
    return CodeOf(model_->CreateTags({.resource_ids = {id}, .tags = {{"k", "v"}}}));
  };
  EXPECT_EQ(code("i-00000000000000000"), "InvalidInstanceID.NotFound");
  EXPECT_EQ(code("vol-00000000000000000"), "InvalidVolume.NotFound");
  EXPECT_EQ(code("snap-00000000000000000"), "InvalidSnapshot.NotFound");
  EXPECT_EQ(code("ami-00000000000000000"), "InvalidAMIID.NotFound");
  EXPECT_EQ(code("sg-00000000000000000"), "InvalidGroup.NotFound");
  EXPECT_EQ(code("sir-00000000"), "InvalidSpotInstanceRequestID.NotFound");
  EXPECT_EQ(code("key-00000000000000000"), "InvalidKeyPair.NotFound");
  EXPECT_EQ(code("bogus"), "InvalidID");
  // All or nothing: one bad id leaves the good one untagged.
  EXPECT_EQ(CodeOf(model_->CreateTags(
                {.resource_ids = {std::string(kInstance), "vol-00000000"}, .tags = {{"k", "v"}}})),
            "InvalidVolume.NotFound");
  EXPECT_TRUE(TagsOf(std::string(kInstance)).empty());
}

TEST_F(TagsTest, TagRules) {
  const std::string id(kInstance);
  auto code = [&](std::vector<Tag> tags) {
    return CodeOf(model_->CreateTags({.resource_ids = {id}, .tags = tags}));
  };
  EXPECT_EQ(code({{"aws:reserved", "x"}}), "InvalidParameterValue");
  EXPECT_EQ(code({{std::string(129, 'k'), "x"}}), "InvalidParameterValue");
  EXPECT_EQ(code({{"k", std::string(257, 'v')}}), "InvalidParameterValue");
  EXPECT_EQ(code({{std::string(128, 'k'), std::string(256, 'v')}}), "");
  EXPECT_EQ(code({}), "MissingParameter");
  EXPECT_EQ(CodeOf(model_->CreateTags({.tags = {{"k", "v"}}})), "MissingParameter");
  std::vector<Tag> many;
  for (int i = 0; i < 49; ++i) many.push_back({"k" + std::to_string(i), "v"});
  EXPECT_EQ(code(many), "");  // 50 with the long one
  EXPECT_EQ(code({{"one-more", "v"}}), "TagLimitExceeded");
}

TEST_F(TagsTest, DryRunChangesNothing) {
  EXPECT_EQ(CodeOf(model_->CreateTags(
                {.resource_ids = {std::string(kInstance)}, .tags = {{"k", "v"}}, .dry_run = true})),
            "DryRunOperation");
  EXPECT_TRUE(TagsOf(std::string(kInstance)).empty());
}

TEST_F(TagsTest, DeleteTagsByKeyByKeyAndValueAndAll) {
  const std::string id(kInstance);
  ASSERT_TRUE(model_
                  ->CreateTags({.resource_ids = {id},
                                .tags = {{"a", "1"}, {"b", "2"}, {"c", "3"}, {"d", "4"}}})
                  .ok());
  ASSERT_TRUE(model_->DeleteTags({.resource_ids = {id}, .keys = {"a"}}).ok());
  ASSERT_TRUE(model_->DeleteTags({.resource_ids = {id}, .tags = {{"b", "wrong"}}}).ok());
  ASSERT_TRUE(model_->DeleteTags({.resource_ids = {id}, .tags = {{"c", "3"}}}).ok());
  EXPECT_EQ(TagsOf(id), (std::vector<Tag>{{"b", "2"}, {"d", "4"}}));
  EXPECT_EQ(CodeOf(model_->DeleteTags({.resource_ids = {id}, .dry_run = true})), "DryRunOperation");
  ASSERT_TRUE(model_->DeleteTags({.resource_ids = {id}}).ok());
  EXPECT_TRUE(TagsOf(id).empty());
  EXPECT_EQ(CodeOf(model_->DeleteTags({.resource_ids = {"vol-12345678"}, .keys = {"a"}})),
            "InvalidVolume.NotFound");
}

TEST_F(TagsTest, DescribeTagsFiltersAndPages) {
  const std::string id(kInstance);
  std::string vpc = DefaultVpcId();
  std::vector<Tag> tags;
  for (int i = 0; i < 7; ++i) tags.push_back({"k" + std::to_string(i), "v" + std::to_string(i)});
  ASSERT_TRUE(model_->CreateTags({.resource_ids = {id, vpc}, .tags = tags}).ok());
  EXPECT_EQ(model_->DescribeTags({})->tags.size(), 14u);
  EXPECT_EQ(model_->DescribeTags({.filters = {{"resource-type", {"vpc"}}}})->tags.size(), 7u);
  EXPECT_EQ(model_->DescribeTags({.filters = {{"value", {"v1", "v2"}}}})->tags.size(), 4u);
  EXPECT_EQ(
      model_->DescribeTags({.filters = {{"key", {"k*"}}, {"resource-id", {vpc}}}})->tags.size(),
      7u);
  EXPECT_EQ(CodeOf(model_->DescribeTags({.filters = {{"nope", {"x"}}}})), "InvalidParameterValue");

  std::vector<TagDescription> all;
  std::optional<std::string> token;
  int pages = 0;
  do {
    Result<DescribeTagsResponse> page =
        model_->DescribeTags({.max_results = 5, .next_token = token});
    ASSERT_TRUE(page.ok());
    all.insert(all.end(), page->tags.begin(), page->tags.end());
    token = page->next_token;
    ++pages;
  } while (!token->empty());
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(all.size(), 14u);
  EXPECT_EQ(all.front().resource_id, id);  // "i-…" sorts before "vpc-…"
  EXPECT_EQ(all.back().resource_id, vpc);
  EXPECT_EQ(all.back().key, "k6");
}

}  // namespace
}  // namespace spotrun
