// InMemoryS3 (src/testing) lives under the tests that lean on its S3 semantics.
#include "testing/in_memory_s3.h"

#include <gtest/gtest.h>

namespace spotrun::testing {
namespace {

class InMemoryS3Test : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(s3_.CreateBucket("b").ok());
    for (const char* key : {"a/1", "a/2", "a/x/1", "a/x/2", "a/y/1", "b/1", "c"}) {
      ASSERT_TRUE(s3_.PutObject({"b", key, std::string("body of ") + key, ""}).ok());
    }
  }
  ListObjectsV2Response List(ListObjectsV2Request request) {
    request.bucket = "b";
    Result<ListObjectsV2Response> page = s3_.ListObjectsV2(request);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    return page.ok() ? *page : ListObjectsV2Response{};
  }
  static std::vector<std::string> KeysOf(const ListObjectsV2Response& page) {
    std::vector<std::string> keys;
    for (const auto& object : page.contents) keys.push_back(object.key);
    return keys;
  }

  FakeClock clock_;
  InMemoryS3 s3_{clock_, InMemoryS3::Options{.min_part_size = 4}};
};

TEST_F(InMemoryS3Test, MissingKeyAndBucketAreNotFoundWithS3sCode) {
  Result<GetObjectResponse> got = s3_.GetObject({"b", "nope", {}});
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().kind(), ErrorKind::kNotFound);
  EXPECT_EQ(got.status().code(), "NoSuchKey");
  EXPECT_EQ(got.status().http_status(), 404);
  EXPECT_EQ(s3_.HeadObject("nobucket", "x").status().code(), "NoSuchBucket");
  EXPECT_TRUE(s3_.DeleteObject("b", "nope").ok());
}

TEST_F(InMemoryS3Test, RangedGet) {
  Result<GetObjectResponse> got = s3_.GetObject({"b", "c", std::pair<int64_t, int64_t>{3, 100}});
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->body, "y of c");
  EXPECT_EQ(got->size, 9);
  EXPECT_EQ(s3_.GetObject({"b", "c", std::pair<int64_t, int64_t>{9, 9}}).status().code(),
            "InvalidRange");
}

TEST_F(InMemoryS3Test, ListWithPrefixAndDelimiter) {
  ListObjectsV2Response page = List({.bucket = "b", .prefix = "a/", .delimiter = "/"});
  EXPECT_EQ(KeysOf(page), (std::vector<std::string>{"a/1", "a/2"}));
  EXPECT_EQ(page.common_prefixes, (std::vector<std::string>{"a/x/", "a/y/"}));
  EXPECT_FALSE(page.is_truncated);
  EXPECT_EQ(KeysOf(List({.bucket = "b", .prefix = "a/x"})),
            (std::vector<std::string>{"a/x/1", "a/x/2"}));
  EXPECT_EQ(KeysOf(List({.bucket = "b", .start_after = "a/y/1"})),
            (std::vector<std::string>{"b/1", "c"}));
}

TEST_F(InMemoryS3Test, ContinuationNeverRepeatsOrLosesAnEntry) {
  // One key or prefix per page: prefixes count once, as in S3.
  std::vector<std::string> seen;
  ListObjectsV2Request request{.bucket = "b", .delimiter = "/", .max_keys = 1};
  while (true) {
    ListObjectsV2Response page = List(request);
    for (const auto& key : KeysOf(page)) seen.push_back(key);
    for (const auto& prefix : page.common_prefixes) seen.push_back(prefix);
    if (!page.is_truncated) break;
    ASSERT_FALSE(page.next_continuation_token.empty());
    request.continuation_token = page.next_continuation_token;
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"a/", "b/", "c"}));

  seen.clear();
  request = {.bucket = "b", .prefix = "a/", .delimiter = "/", .max_keys = 3};
  ListObjectsV2Response first = List(request);
  EXPECT_TRUE(first.is_truncated);
  request.continuation_token = first.next_continuation_token;
  ListObjectsV2Response second = List(request);
  EXPECT_FALSE(second.is_truncated);
  EXPECT_EQ(KeysOf(first), (std::vector<std::string>{"a/1", "a/2"}));
  EXPECT_EQ(first.common_prefixes, (std::vector<std::string>{"a/x/"}));
  EXPECT_TRUE(KeysOf(second).empty());
  EXPECT_EQ(second.common_prefixes, (std::vector<std::string>{"a/y/"}));

  EXPECT_EQ(s3_.ListObjectsV2({.bucket = "b", .continuation_token = "garbage"}).status().code(),
            "InvalidArgument");
}

TEST_F(InMemoryS3Test, MultipartJoinsPartsInOrderAndEnforcesTheMinimumSize) {
  Result<std::string> id = s3_.CreateMultipartUpload("b", "big");
  ASSERT_TRUE(id.ok());
  Result<std::string> p1 = s3_.UploadPart("b", "big", *id, 1, "1234");
  Result<std::string> p2 = s3_.UploadPart("b", "big", *id, 2, "56");
  ASSERT_TRUE(p1.ok() && p2.ok());
  EXPECT_EQ(s3_.CompleteMultipartUpload("b", "big", *id, {{2, *p2}, {1, *p1}}).status().code(),
            "InvalidPartOrder");
  EXPECT_EQ(s3_.CompleteMultipartUpload("b", "big", *id, {{1, *p1}, {2, "\"x\""}}).status().code(),
            "InvalidPart");
  Result<std::string> etag = s3_.CompleteMultipartUpload("b", "big", *id, {{1, *p1}, {2, *p2}});
  ASSERT_TRUE(etag.ok());
  EXPECT_NE(etag->find("-2\""), std::string::npos);
  EXPECT_EQ(s3_.Body("b", "big"), "123456");
  EXPECT_EQ(s3_.open_multipart_uploads(), 0);

  Result<std::string> small = s3_.CreateMultipartUpload("b", "small");
  Result<std::string> s1 = s3_.UploadPart("b", "small", *small, 1, "12");
  Result<std::string> s2 = s3_.UploadPart("b", "small", *small, 2, "34");
  EXPECT_EQ(s3_.CompleteMultipartUpload("b", "small", *small, {{1, *s1}, {2, *s2}}).status().code(),
            "EntityTooSmall");
  EXPECT_TRUE(s3_.AbortMultipartUpload("b", "small", *small).ok());
  EXPECT_EQ(s3_.UploadPart("b", "small", *small, 3, "x").status().code(), "NoSuchUpload");
}

TEST_F(InMemoryS3Test, FaultInjection) {
  s3_.FailPutObject(2, Status::Unavailable("injected"));
  EXPECT_TRUE(s3_.PutObject({"b", "k1", "one", ""}).ok());
  EXPECT_EQ(s3_.PutObject({"b", "k2", "two", ""}).status().kind(), ErrorKind::kUnavailable);
  EXPECT_EQ(s3_.Body("b", "k2"), std::nullopt);
  EXPECT_TRUE(s3_.PutObject({"b", "k2", "two", ""}).ok());

  s3_.CorruptObject("b", "k1");
  EXPECT_NE(s3_.Body("b", "k1"), "one");
  EXPECT_EQ(s3_.Body("b", "k1")->size(), 3u);
  s3_.TruncateObject("b", "k2", 1);
  EXPECT_EQ(s3_.Body("b", "k2"), "t");
}

}  // namespace
}  // namespace spotrun::testing
