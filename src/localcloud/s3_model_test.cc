#include "localcloud/s3_model.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "aws/md5.h"
#include "base/temp_dir.h"

namespace spotrun {
namespace {

class S3ModelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<ScopedTempDir> dir = ScopedTempDir::Create("s3model");
    ASSERT_TRUE(dir.ok());
    dir_.emplace(std::move(*dir));
    Reopen();
    ASSERT_TRUE(model_->CreateBucket("bucket").ok());
  }
  void Reopen() {
    model_.reset();
    Result<std::unique_ptr<S3Model>> model = S3Model::Open(Root(), clock_);
    ASSERT_TRUE(model.ok()) << model.status().ToString();
    model_ = std::move(*model);
  }
  std::string Root() const { return (dir_->path() / "s3").string(); }
  std::string Put(const std::string& key, const std::string& body) {
    Result<std::string> etag = model_->PutObject({.bucket = "bucket", .key = key, .body = body});
    EXPECT_TRUE(etag.ok()) << etag.status().ToString();
    return etag.ok() ? *etag : "";
  }
  std::vector<std::string> Keys(const ListObjectsV2Response& page) {
    std::vector<std::string> keys;
    for (const S3ObjectSummary& object : page.contents) keys.push_back(object.key);
    return keys;
  }

  FakeClock clock_;
  std::optional<ScopedTempDir> dir_;
  std::unique_ptr<S3Model> model_;
};

TEST_F(S3ModelTest, PutThenGetAndHead) {
  const std::string etag = Put("a/b.txt", "hello");
  EXPECT_EQ(etag, "\"" + Md5Hex("hello") + "\"");
  Result<GetObjectResponse> got = model_->GetObject({.bucket = "bucket", .key = "a/b.txt"});
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->body, "hello");
  EXPECT_EQ(got->size, 5);
  EXPECT_EQ(got->etag, etag);
  EXPECT_EQ(got->last_modified, clock_.Now());
  Result<HeadObjectResponse> head = model_->HeadObject("bucket", "a/b.txt");
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->size, 5);
  EXPECT_EQ(head->etag, etag);
}

TEST_F(S3ModelTest, RangesAreInclusiveAndCutAtTheEnd) {
  Put("k", "0123456789");
  auto get = [&](int64_t first, int64_t last) {
    return model_->GetObject({.bucket = "bucket", .key = "k", .range = std::pair{first, last}});
  };
  EXPECT_EQ(get(2, 4)->body, "234");
  EXPECT_EQ(get(8, 100)->body, "89");
  EXPECT_EQ(get(8, 100)->size, 10);
  Result<GetObjectResponse> past = get(10, 20);
  ASSERT_FALSE(past.ok());
  EXPECT_EQ(past.status().code(), "InvalidRange");
  EXPECT_EQ(past.status().http_status(), 416);
}

TEST_F(S3ModelTest, MissingBucketsAndKeysAreNotFoundWithS3Codes) {
  Result<GetObjectResponse> key = model_->GetObject({.bucket = "bucket", .key = "nope"});
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.status().kind(), ErrorKind::kNotFound);
  EXPECT_EQ(key.status().code(), "NoSuchKey");
  EXPECT_EQ(key.status().http_status(), 404);
  Status bucket = model_->HeadBucket("other-bucket");
  EXPECT_EQ(bucket.kind(), ErrorKind::kNotFound);
  EXPECT_EQ(bucket.code(), "NoSuchBucket");
  EXPECT_EQ(model_->PutObject({.bucket = "other-bucket", .key = "k", .body = "x"}).status().code(),
            "NoSuchBucket");
  EXPECT_EQ(model_->HeadObject("bucket", "nope").status().code(), "NoSuchKey");
}

TEST_F(S3ModelTest, BucketsAreValidatedListedAndDeletedWhenEmpty) {
  EXPECT_EQ(model_->CreateBucket("Bad_Name").code(), "InvalidBucketName");
  EXPECT_TRUE(model_->CreateBucket("bucket").ok());  // again: the owner may
  ASSERT_TRUE(model_->CreateBucket("another").ok());
  std::vector<S3BucketSummary> buckets = model_->ListBuckets();
  ASSERT_EQ(buckets.size(), 2u);
  EXPECT_EQ(buckets[0].name, "another");
  EXPECT_EQ(buckets[1].name, "bucket");
  Put("k", "x");
  Status not_empty = model_->DeleteBucket("bucket");
  EXPECT_EQ(not_empty.code(), "BucketNotEmpty");
  EXPECT_EQ(not_empty.http_status(), 409);
  ASSERT_TRUE(model_->DeleteObject("bucket", "k").ok());
  ASSERT_TRUE(model_->DeleteObject("bucket", "k").ok());  // a missing key: fine, as in S3
  ASSERT_TRUE(model_->DeleteBucket("bucket").ok());
  EXPECT_EQ(model_->HeadBucket("bucket").code(), "NoSuchBucket");
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::path(Root()) / "bucket"));
}

TEST_F(S3ModelTest, OddKeysAreStoredAndListedExactly) {
  const std::vector<std::string> keys = {
      ".", "..", "a b/c%d", "dir/", "x/../y", "\xc3\xa9t\xc3\xa9", std::string(600, 'k')};
  for (const std::string& key : keys) Put(key, "body of " + key);
  Reopen();
  for (const std::string& key : keys) {
    Result<GetObjectResponse> got = model_->GetObject({.bucket = "bucket", .key = key});
    ASSERT_TRUE(got.ok()) << key;
    EXPECT_EQ(got->body, "body of " + key);
  }
  Result<ListObjectsV2Response> all = model_->ListObjectsV2({.bucket = "bucket"});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->contents.size(), keys.size());
}

TEST_F(S3ModelTest, ObjectsAndBucketsSurviveAReopen) {
  const std::string etag = Put("keep/me", "durable");
  clock_.Advance(std::chrono::hours(1));
  Reopen();
  Result<HeadObjectResponse> head = model_->HeadObject("bucket", "keep/me");
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->etag, etag);
  EXPECT_EQ(head->last_modified, clock_.Now() - std::chrono::hours(1));
  EXPECT_EQ(model_->ListBuckets().size(), 1u);
}

TEST_F(S3ModelTest, ListingIsInBinaryKeyOrderWithPrefixAndDelimiter) {
  for (const char* key : {"b", "a/1", "a/2", "a/sub/3", "\xc3\xa9", "Z", "ab"}) Put(key, "x");
  Result<ListObjectsV2Response> all = model_->ListObjectsV2({.bucket = "bucket"});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(Keys(*all),
            (std::vector<std::string>{"Z", "a/1", "a/2", "a/sub/3", "ab", "b", "\xc3\xa9"}));
  Result<ListObjectsV2Response> top = model_->ListObjectsV2({.bucket = "bucket", .delimiter = "/"});
  EXPECT_EQ(Keys(*top), (std::vector<std::string>{"Z", "ab", "b", "\xc3\xa9"}));
  EXPECT_EQ(top->common_prefixes, std::vector<std::string>{"a/"});
  Result<ListObjectsV2Response> under =
      model_->ListObjectsV2({.bucket = "bucket", .prefix = "a/", .delimiter = "/"});
  EXPECT_EQ(Keys(*under), (std::vector<std::string>{"a/1", "a/2"}));
  EXPECT_EQ(under->common_prefixes, std::vector<std::string>{"a/sub/"});
  Result<ListObjectsV2Response> after =
      model_->ListObjectsV2({.bucket = "bucket", .start_after = "a/2"});
  EXPECT_EQ(Keys(*after), (std::vector<std::string>{"a/sub/3", "ab", "b", "\xc3\xa9"}));
}

TEST_F(S3ModelTest, PagesWalkEveryKeyAndCommonPrefixOnce) {
  for (int i = 0; i < 7; ++i) Put("k" + std::to_string(i), "x");
  for (int i = 0; i < 3; ++i) Put("p" + std::to_string(i) + "/x", "x");
  std::vector<std::string> seen;
  ListObjectsV2Request request{.bucket = "bucket", .delimiter = "/", .max_keys = 3};
  int pages = 0;
  while (true) {
    Result<ListObjectsV2Response> page = model_->ListObjectsV2(request);
    ASSERT_TRUE(page.ok());
    ++pages;
    EXPECT_LE(page->contents.size() + page->common_prefixes.size(), 3u);
    for (const auto& object : page->contents) seen.push_back(object.key);
    for (const auto& prefix : page->common_prefixes) seen.push_back(prefix);
    if (!page->is_truncated) break;
    request.continuation_token = page->next_continuation_token;
  }
  EXPECT_EQ(pages, 4);
  EXPECT_EQ(seen, (std::vector<std::string>{"k0", "k1", "k2", "k3", "k4", "k5", "k6", "p0/", "p1/",
                                            "p2/"}));
  EXPECT_EQ(model_->ListObjectsV2({.bucket = "bucket", .continuation_token = "!!"}).status().code(),
            "InvalidArgument");
}

TEST_F(S3ModelTest, MultipartUploadJoinsPartsWithS3sEtag) {
  model_->set_min_part_size(4);
  Result<std::string> id = model_->CreateMultipartUpload("bucket", "big");
  ASSERT_TRUE(id.ok());
  Result<std::string> e1 = model_->UploadPart("bucket", "big", *id, 1, "aaaa");
  Result<std::string> e2 = model_->UploadPart("bucket", "big", *id, 2, "bb");
  ASSERT_TRUE(e1.ok() && e2.ok());
  Reopen();  // uploads in progress are durable too
  model_->set_min_part_size(4);
  Result<std::string> etag =
      model_->CompleteMultipartUpload("bucket", "big", *id, {{1, *e1}, {2, *e2}});
  ASSERT_TRUE(etag.ok()) << etag.status().ToString();
  EXPECT_EQ(*etag, "\"" + Md5Hex(Md5("aaaa") + Md5("bb")) + "-2\"");
  EXPECT_EQ(model_->GetObject({.bucket = "bucket", .key = "big"})->body, "aaaabb");
  EXPECT_EQ(model_->AbortMultipartUpload("bucket", "big", *id).code(), "NoSuchUpload");
}

TEST_F(S3ModelTest, MultipartRefusesBadPartsAndAbortDropsThem) {
  model_->set_min_part_size(4);
  Result<std::string> id = model_->CreateMultipartUpload("bucket", "big");
  ASSERT_TRUE(id.ok());
  Result<std::string> e1 = model_->UploadPart("bucket", "big", *id, 1, "aa");
  Result<std::string> e2 = model_->UploadPart("bucket", "big", *id, 2, "bb");
  EXPECT_EQ(model_->UploadPart("bucket", "big", *id, 0, "x").status().code(), "InvalidArgument");
  EXPECT_EQ(
      model_->CompleteMultipartUpload("bucket", "big", *id, {{1, *e1}, {2, *e2}}).status().code(),
      "EntityTooSmall");
  EXPECT_EQ(
      model_->CompleteMultipartUpload("bucket", "big", *id, {{2, *e2}, {1, *e1}}).status().code(),
      "InvalidPartOrder");
  EXPECT_EQ(model_->CompleteMultipartUpload("bucket", "big", *id, {{1, *e2}}).status().code(),
            "InvalidPart");
  ASSERT_TRUE(model_->AbortMultipartUpload("bucket", "big", *id).ok());
  EXPECT_EQ(model_->UploadPart("bucket", "big", *id, 3, "x").status().code(), "NoSuchUpload");
  EXPECT_EQ(model_->HeadObject("bucket", "big").status().code(), "NoSuchKey");
  EXPECT_TRUE(std::filesystem::is_empty(std::filesystem::path(Root()) / ".uploads"));
}

}  // namespace
}  // namespace spotrun
