#include "aws/s3_location.h"

#include <gtest/gtest.h>

namespace spotrun {
namespace {

TEST(S3LocationTest, ParsesBucketAndPrefix) {
  Result<S3Location> location = S3Location::Parse("s3://my-bucket/train/resnet/");
  ASSERT_TRUE(location.ok()) << location.status().ToString();
  EXPECT_EQ(location->bucket, "my-bucket");
  EXPECT_EQ(location->prefix, "train/resnet");
  EXPECT_EQ(location->ToString(), "s3://my-bucket/train/resnet");
}

TEST(S3LocationTest, AWholeBucketHasAnEmptyPrefix) {
  for (std::string_view uri : {"s3://bucket.one", "s3://bucket.one/"}) {
    Result<S3Location> location = S3Location::Parse(uri);
    ASSERT_TRUE(location.ok()) << uri;
    EXPECT_EQ(location->prefix, "");
    EXPECT_EQ(location->ToString(), "s3://bucket.one");
    EXPECT_EQ(location->Key("a/b"), "a/b");
  }
}

TEST(S3LocationTest, KeyAndChildJoinWithOneSlash) {
  S3Location location = *S3Location::Parse("s3://bucket/jobs");
  EXPECT_EQ(location.Key("j-1/manifest.json"), "jobs/j-1/manifest.json");
  EXPECT_EQ(location.Key("/x/"), "jobs/x");
  EXPECT_EQ(location.Key(""), "jobs");
  S3Location child = location.Child("j-1");
  EXPECT_EQ(child.bucket, "bucket");
  EXPECT_EQ(child.prefix, "jobs/j-1");
  EXPECT_EQ(child.ToString(), "s3://bucket/jobs/j-1");
}

TEST(S3LocationTest, RefusesWhatS3Refuses) {
  for (std::string_view uri :
       {"bucket/key", "https://bucket/key", "s3://", "s3:///key", "s3://ab", "s3://Bucket",
        "s3://bucket_name", "s3://-bucket", "s3://bucket-", "s3://a..b",
        "s3://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "s3://bucket/a//b"}) {
    Result<S3Location> location = S3Location::Parse(uri);
    EXPECT_FALSE(location.ok()) << uri;
    if (!location.ok()) {
      EXPECT_EQ(location.status().kind(), ErrorKind::kInvalidArgument) << uri;
      EXPECT_FALSE(location.status().hint().empty()) << uri;
    }
  }
}

}  // namespace
}  // namespace spotrun
