// S3Client on the wire: real CurlHttpClient and real sockets against a loopback server that
// plays S3 — path-style URLs and key escaping, the payload hash, S3's error documents, retries
// (backoff on a FakeClock), ListObjectsV2 pages, ranged GETs and multipart uploads.
#include "aws/s3_client.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "aws/crypto.h"
#include "http/curl_http_client.h"
#include "testing/loopback_server.h"
#include "testing/loopback_sockets.h"

namespace spotrun {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Optional;

std::string S3Error(std::string_view code, std::string_view message) {
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{}</Code><Message>{}</Message>"
      "<RequestId>req-s3</RequestId><HostId>host</HostId></Error>",
      code, message);
}

std::string Header(const HttpRequest& request, std::string_view name) {
  return FindHeader(request.headers, name).value_or("<none>");
}

class S3ClientTest : public ::testing::Test {
 protected:
  S3ClientTest()
      : credentials_(Credentials{.access_key_id = "AKIDEXAMPLE",
                                 .secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                 .session_token = "",
                                 .expiration = std::nullopt,
                                 .source = "test"}),
        client_(Options(server_.base_url() + "/")) {}

  S3Client::Options Options(std::string endpoint) {
    S3Client::Options o;
    o.endpoint = std::move(endpoint);
    o.region = "eu-west-3";
    o.credentials = &credentials_;
    o.http = &http_;
    o.clock = &clock_;
    o.random = [] { return 0.5; };
    return o;
  }
  HttpRequest Only() {
    std::vector<HttpRequest> got = server_.requests();
    EXPECT_EQ(got.size(), 1u);
    return got.empty() ? HttpRequest{} : got.front();
  }

  // Declared first so the client's keep-alive connection closes before the server stops.
  testing::LoopbackServer server_;
  StaticCredentialsProvider credentials_;
  CurlHttpClient http_;
  FakeClock clock_;
  S3Client client_;
};

TEST_F(S3ClientTest, UrlsArePathStyleWithKeysEscapedButTheirSlashesKept) {
  const std::string base = server_.base_url();
  EXPECT_EQ(client_.Url("bucket"), base + "/bucket");  // the endpoint's '/' is not doubled
  EXPECT_EQ(client_.Url("bucket", "a/b c/d+e%f~g_h-i.j"),
            base + "/bucket/a/b%20c/d%2Be%25f~g_h-i.j");
  EXPECT_EQ(client_.Url("bucket", "ckpt/é?#&="), base + "/bucket/ckpt/%C3%A9%3F%23%26%3D");
  EXPECT_EQ(client_.Url("bucket", "k", "uploads"), base + "/bucket/k?uploads");
}

TEST_F(S3ClientTest, PutObjectSignsTheBodysSha256AndReturnsTheEtag) {
  server_.Enqueue(200, "", {{"ETag", "\"9b2cf535f27731c974343645a3985328\""}});
  const std::string body = std::string("checkpoint\0bytes\xff", 17);
  Result<std::string> etag =
      client_.PutObject({.bucket = "jobs", .key = "j-1/a b+c.bin", .body = body});
  ASSERT_TRUE(etag.ok()) << etag.status().ToString();
  EXPECT_EQ(*etag, "\"9b2cf535f27731c974343645a3985328\"");

  HttpRequest r = Only();
  EXPECT_EQ(r.method, "PUT");
  EXPECT_EQ(r.url, "/jobs/j-1/a%20b%2Bc.bin");
  EXPECT_EQ(r.body, body);
  EXPECT_EQ(Header(r, "x-amz-content-sha256"), Sha256Hex(body));
  EXPECT_EQ(Header(r, "Content-Type"), "binary/octet-stream");
  const std::string authorization = Header(r, "Authorization");
  EXPECT_THAT(authorization, HasSubstr("/eu-west-3/s3/aws4_request"));
  EXPECT_THAT(authorization, HasSubstr("x-amz-content-sha256"));
}

TEST_F(S3ClientTest, AnEmptyBodyIsSignedWithTheEmptyStringsHash) {
  server_.Enqueue(204);
  ASSERT_TRUE(client_.DeleteObject("jobs", "j-1/old").ok());
  HttpRequest r = Only();
  EXPECT_EQ(r.method, "DELETE");
  EXPECT_EQ(r.url, "/jobs/j-1/old");
  EXPECT_EQ(Header(r, "x-amz-content-sha256"),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_F(S3ClientTest, RangeGetSendsTheRangeAndReportsTheWholeObjectsSize) {
  server_.Enqueue(206, "56789",
                  {{"Content-Range", "bytes 5-9/100"},
                   {"ETag", "\"e\""},
                   {"Last-Modified", "Wed, 21 Oct 2026 07:28:00 GMT"}});
  Result<GetObjectResponse> got = client_.GetObject(
      {.bucket = "jobs", .key = "big", .range = std::pair<int64_t, int64_t>(5, 9)});
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->body, "56789");
  EXPECT_EQ(got->size, 100);
  EXPECT_EQ(got->etag, "\"e\"");
  EXPECT_EQ(FormatIso8601(got->last_modified), "2026-10-21T07:28:00Z");
  EXPECT_EQ(Header(Only(), "Range"), "bytes=5-9");
}

TEST_F(S3ClientTest, AWholeGetHasNoRangeAndItsSizeIsTheBody) {
  server_.Enqueue(200, "0123456789");
  Result<GetObjectResponse> got = client_.GetObject({.bucket = "jobs", .key = "small"});
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->size, 10);
  EXPECT_EQ(Header(Only(), "Range"), "<none>");
}

TEST_F(S3ClientTest, NoSuchKeyAndNoSuchBucketAreNotFound) {
  server_.Enqueue(404, S3Error("NoSuchKey", "The specified key does not exist."));
  server_.Enqueue(404, S3Error("NoSuchBucket", "The specified bucket does not exist"));
  Status key = client_.GetObject({.bucket = "jobs", .key = "gone"}).status();
  EXPECT_EQ(key.kind(), ErrorKind::kNotFound);
  EXPECT_EQ(key.code(), "NoSuchKey");
  EXPECT_THAT(key.message(), HasSubstr("The specified key does not exist."));
  Status bucket = client_.ListObjectsV2({.bucket = "nobucket"}).status();
  EXPECT_EQ(bucket.kind(), ErrorKind::kNotFound);
  EXPECT_EQ(bucket.code(), "NoSuchBucket");
  EXPECT_EQ(server_.request_count(), 2);  // neither is retried
}

TEST_F(S3ClientTest, ABodiless404OnHeadIsNotFoundWithTheRightCode) {
  server_.Enqueue(404);
  server_.Enqueue(404);
  Status object = client_.HeadObject("jobs", "gone").status();
  EXPECT_EQ(object.kind(), ErrorKind::kNotFound);
  EXPECT_EQ(object.code(), "NoSuchKey");
  Status bucket = client_.HeadBucket("nobucket");
  EXPECT_EQ(bucket.kind(), ErrorKind::kNotFound);
  EXPECT_EQ(bucket.code(), "NoSuchBucket");
  EXPECT_EQ(server_.requests()[0].method, "HEAD");
}

TEST_F(S3ClientTest, HeadObjectReadsSizeEtagAndTime) {
  server_.Enqueue(200, std::string(1234, 'x'),
                  {{"ETag", "\"h\""}, {"Last-Modified", "Wed, 21 Oct 2026 07:28:00 GMT"}});
  Result<HeadObjectResponse> head = client_.HeadObject("jobs", "j-1/manifest.json");
  ASSERT_TRUE(head.ok()) << head.status().ToString();
  EXPECT_EQ(head->size, 1234);
  EXPECT_EQ(head->etag, "\"h\"");
  EXPECT_EQ(FormatIso8601(head->last_modified), "2026-10-21T07:28:00Z");
}

TEST_F(S3ClientTest, AccessDeniedIsNotRetriedAndSaysWhatToDo) {
  server_.Enqueue(403, S3Error("AccessDenied", "Access Denied"));
  Status denied = client_.GetObject({.bucket = "jobs", .key = "k"}).status();
  EXPECT_EQ(denied.code(), "AccessDenied");
  EXPECT_EQ(denied.kind(), ErrorKind::kPermissionDenied);
  EXPECT_THAT(denied.hint(), HasSubstr("IAM"));
  EXPECT_EQ(server_.request_count(), 1);
}

TEST_F(S3ClientTest, SlowDownAnd5xxAreRetriedWithBackoffAndTheSameBody) {
  server_.Enqueue(503, S3Error("SlowDown", "Please reduce your request rate."));
  server_.Enqueue(500, S3Error("InternalError", "We encountered an internal error."));
  server_.Enqueue(200, "", {{"ETag", "\"ok\""}});
  const TimePoint before = clock_.Now();
  Result<std::string> etag = client_.PutObject({.bucket = "jobs", .key = "k", .body = "body"});
  ASSERT_TRUE(etag.ok()) << etag.status().ToString();
  EXPECT_EQ(*etag, "\"ok\"");
  std::vector<HttpRequest> got = server_.requests();
  ASSERT_EQ(got.size(), 3u);
  for (const HttpRequest& r : got) {
    EXPECT_EQ(r.body, "body");
    EXPECT_EQ(Header(r, "x-amz-content-sha256"), Sha256Hex("body"));
  }
  EXPECT_GT(clock_.Now(), before);  // it slept between tries (on the fake clock)
}

TEST_F(S3ClientTest, SlowDownThatNeverEndsGivesUpAsUnavailable) {
  for (int i = 0; i < 10; ++i) server_.Enqueue(503, S3Error("SlowDown", "Reduce your rate."));
  Status status = client_.DeleteObject("jobs", "k");
  EXPECT_EQ(status.kind(), ErrorKind::kUnavailable);
  EXPECT_EQ(status.code(), "SlowDown");
  EXPECT_EQ(server_.request_count(), 3);  // botocore's standard mode: 3 attempts
}

TEST_F(S3ClientTest, ListObjectsV2FollowsContinuationTokens) {
  server_.Enqueue(200,
                  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                  "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                  "<Name>jobs</Name><Prefix>j-1/</Prefix><KeyCount>2</KeyCount>"
                  "<MaxKeys>2</MaxKeys><Delimiter>/</Delimiter><IsTruncated>true</IsTruncated>"
                  "<NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM="
                  "</NextContinuationToken>"
                  "<Contents><Key>j-1/a &amp; b.txt</Key>"
                  "<LastModified>2026-10-21T07:28:00.123Z</LastModified>"
                  "<ETag>&quot;aa&quot;</ETag><Size>12</Size>"
                  "<StorageClass>STANDARD</StorageClass></Contents>"
                  "<CommonPrefixes><Prefix>j-1/checkpoints/</Prefix></CommonPrefixes>"
                  "</ListBucketResult>");
  server_.Enqueue(200,
                  "<ListBucketResult><IsTruncated>false</IsTruncated>"
                  "<Contents><Key>j-1/z</Key><Size>0</Size><ETag>\"zz\"</ETag>"
                  "<LastModified>2026-10-21T07:29:00.000Z</LastModified></Contents>"
                  "</ListBucketResult>");
  ListObjectsV2Request request{.bucket = "jobs", .prefix = "j-1/", .delimiter = "/", .max_keys = 2};
  Result<ListObjectsV2Response> first = client_.ListObjectsV2(request);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_TRUE(first->is_truncated);
  ASSERT_EQ(first->contents.size(), 1u);
  EXPECT_EQ(first->contents[0].key, "j-1/a & b.txt");
  EXPECT_EQ(first->contents[0].size, 12);
  EXPECT_EQ(first->contents[0].etag, "\"aa\"");
  EXPECT_EQ(FormatIso8601(first->contents[0].last_modified, /*millis=*/true),
            "2026-10-21T07:28:00.123Z");
  EXPECT_THAT(first->common_prefixes, ElementsAre("j-1/checkpoints/"));

  request.continuation_token = first->next_continuation_token;
  Result<ListObjectsV2Response> second = client_.ListObjectsV2(request);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_FALSE(second->is_truncated);
  ASSERT_EQ(second->contents.size(), 1u);
  EXPECT_EQ(second->contents[0].key, "j-1/z");

  std::vector<HttpRequest> got = server_.requests();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].method, "GET");
  EXPECT_EQ(got[0].url, "/jobs?list-type=2&delimiter=%2F&max-keys=2&prefix=j-1%2F");
  EXPECT_EQ(got[1].url,
            "/jobs?list-type=2&continuation-token=1ueGcxLPRx1Tr%2FXYExHnhbYLgveDs2J%2Fwm36Hy4vbOwM%"
            "3D&delimiter=%2F&max-keys=2&prefix=j-1%2F");
}

TEST_F(S3ClientTest, AListAnswerThatIsNotXmlIsAnError) {
  server_.Enqueue(200, "<html>captive portal");
  Status status = client_.ListObjectsV2({.bucket = "jobs"}).status();
  EXPECT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("not XML"));
}

TEST_F(S3ClientTest, MultipartUploadCreatesUploadsPartsAndCompletes) {
  server_.Enqueue(200,
                  "<InitiateMultipartUploadResult><Bucket>jobs</Bucket><Key>big file</Key>"
                  "<UploadId>VXBsb2FkIElE+/=</UploadId></InitiateMultipartUploadResult>");
  server_.Enqueue(200, "", {{"ETag", "\"p1\""}});
  server_.Enqueue(200, "", {{"ETag", "\"p2\""}});
  server_.Enqueue(200,
                  "<CompleteMultipartUploadResult><Bucket>jobs</Bucket><Key>big file</Key>"
                  "<ETag>\"all-2\"</ETag></CompleteMultipartUploadResult>");
  Result<std::string> id = client_.CreateMultipartUpload("jobs", "big file");
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_EQ(*id, "VXBsb2FkIElE+/=");
  Result<std::string> p1 = client_.UploadPart("jobs", "big file", *id, 1, "part one");
  Result<std::string> p2 = client_.UploadPart("jobs", "big file", *id, 2, "two");
  ASSERT_TRUE(p1.ok() && p2.ok());
  EXPECT_EQ(*p1, "\"p1\"");
  Result<std::string> done =
      client_.CompleteMultipartUpload("jobs", "big file", *id, {{1, *p1}, {2, *p2}});
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_EQ(*done, "\"all-2\"");

  std::vector<HttpRequest> got = server_.requests();
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0].method, "POST");
  EXPECT_EQ(got[0].url, "/jobs/big%20file?uploads");
  EXPECT_EQ(got[1].method, "PUT");
  EXPECT_EQ(got[1].url, "/jobs/big%20file?partNumber=1&uploadId=VXBsb2FkIElE%2B%2F%3D");
  EXPECT_EQ(Header(got[1], "x-amz-content-sha256"), Sha256Hex("part one"));
  EXPECT_EQ(got[2].url, "/jobs/big%20file?partNumber=2&uploadId=VXBsb2FkIElE%2B%2F%3D");
  EXPECT_EQ(got[3].method, "POST");
  EXPECT_EQ(got[3].url, "/jobs/big%20file?uploadId=VXBsb2FkIElE%2B%2F%3D");
  EXPECT_EQ(got[3].body,
            "<?xml version=\"1.0\"?>"
            "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
            "<Part><PartNumber>1</PartNumber><ETag>\"p1\"</ETag></Part>"
            "<Part><PartNumber>2</PartNumber><ETag>\"p2\"</ETag></Part>"
            "</CompleteMultipartUpload>");
  EXPECT_EQ(Header(got[3], "x-amz-content-sha256"), Sha256Hex(got[3].body));
}

TEST_F(S3ClientTest, AbortMultipartUploadDeletesTheUpload) {
  server_.Enqueue(204);
  ASSERT_TRUE(client_.AbortMultipartUpload("jobs", "k", "id/1").ok());
  HttpRequest r = Only();
  EXPECT_EQ(r.method, "DELETE");
  EXPECT_EQ(r.url, "/jobs/k?uploadId=id%2F1");
}

TEST_F(S3ClientTest, ACreateMultipartAnswerWithoutAnUploadIdIsAnError) {
  server_.Enqueue(200, "<InitiateMultipartUploadResult/>");
  EXPECT_FALSE(client_.CreateMultipartUpload("jobs", "k").ok());
}

// S3 can answer CompleteMultipartUpload 200 and then fail in the body; the SDKs treat that
// <Error> as the error it names (and retry it when it is retryable, as InternalError is).
TEST_F(S3ClientTest, ACompleteThatFailsInsideA200IsAnError) {
  server_.Enqueue(200, S3Error("InvalidPart",
                               "One or more of the specified parts could not "
                               "be found."));
  Status status = client_.CompleteMultipartUpload("jobs", "k", "id", {{1, "\"p1\""}}).status();
  EXPECT_EQ(status.code(), "InvalidPart");
  EXPECT_EQ(status.kind(), ErrorKind::kRefused);  // not a transient 5xx: the parts are wrong
  EXPECT_EQ(server_.request_count(), 1);
}

TEST_F(S3ClientTest, ACompleteThatFailsRetryablyInsideA200IsRetried) {
  server_.Enqueue(200, S3Error("InternalError", "We encountered an internal error."));
  server_.Enqueue(200,
                  "<CompleteMultipartUploadResult><ETag>\"all\"</ETag>"
                  "</CompleteMultipartUploadResult>");
  Result<std::string> done = client_.CompleteMultipartUpload("jobs", "k", "id", {{1, "\"p1\""}});
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_EQ(*done, "\"all\"");
  EXPECT_EQ(server_.request_count(), 2);
}

TEST_F(S3ClientTest, CreateBucketThatIsAlreadyOursSucceeds) {
  server_.Enqueue(409, S3Error("BucketAlreadyOwnedByYou",
                               "Your previous request to create the "
                               "named bucket succeeded."));
  EXPECT_TRUE(client_.CreateBucket("jobs").ok());
  EXPECT_EQ(Only().url, "/jobs");
}

TEST_F(S3ClientTest, AnUnreachableEndpointSaysWhereItTried) {
  testing::RefusedPort refused;
  const std::string endpoint = fmt::format("http://127.0.0.1:{}", refused.port());
  S3Client::Options options = Options(endpoint);
  options.retry.max_attempts = 1;
  S3Client client(options);
  Status status = client.HeadBucket("jobs");
  EXPECT_EQ(status.kind(), ErrorKind::kUnavailable);
  EXPECT_THAT(status.ToString(), HasSubstr(endpoint));
}

}  // namespace
}  // namespace spotrun
