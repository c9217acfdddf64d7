// S3Api: the S3 operations spotrun uses (buckets, objects, ListObjectsV2, multipart upload)
// as typed calls — the one interface both sides of spotrun's S3 speak. S3Client implements it
// over the wire (REST-XML, SigV4 with payload hashes, path-style addressing for custom
// endpoints); the local cloud's S3Model implements it in process over durable directories.
// Missing buckets and keys are kNotFound with S3's code (NoSuchBucket, NoSuchKey) kept.
// Thread-safety is the implementation's.
#ifndef SPOTRUN_AWS_S3_API_H_
#define SPOTRUN_AWS_S3_API_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "base/status.h"

namespace spotrun {

struct S3ObjectSummary {
  std::string key;
  int64_t size = 0;
  std::string etag;  // quoted, as S3 sends it
  TimePoint last_modified{};
};

struct PutObjectRequest {
  std::string bucket;
  std::string key;
  std::string body;
  std::string content_type{};  // empty: binary/octet-stream
};

struct GetObjectRequest {
  std::string bucket;
  std::string key;
  // Inclusive byte range [first, last]; unset: the whole object.
  std::optional<std::pair<int64_t, int64_t>> range{};
};

struct GetObjectResponse {
  std::string body;
  int64_t size = 0;  // of the whole object
  std::string etag;
  TimePoint last_modified{};
};

struct HeadObjectResponse {
  int64_t size = 0;
  std::string etag;
  TimePoint last_modified{};
};

struct ListObjectsV2Request {
  std::string bucket;
  std::string prefix{};
  std::string delimiter{};
  std::string start_after{};
  std::string continuation_token{};
  int max_keys = 1000;
};

struct ListObjectsV2Response {
  std::vector<S3ObjectSummary> contents;  // in key order (UTF-8 binary)
  std::vector<std::string> common_prefixes;
  bool is_truncated = false;
  std::string next_continuation_token;
};

struct CompletedPart {
  int part_number = 0;
  std::string etag;
};

class S3Api {
 public:
  virtual ~S3Api() = default;

  // Buckets. CreateBucket of a bucket the caller already owns succeeds (us-east-1's rule).
  virtual Status CreateBucket(const std::string& bucket) = 0;
  virtual Status HeadBucket(const std::string& bucket) = 0;

  // Objects. PutObject returns the new ETag.
  virtual Result<std::string> PutObject(const PutObjectRequest& request) = 0;
  virtual Result<GetObjectResponse> GetObject(const GetObjectRequest& request) = 0;
  virtual Result<HeadObjectResponse> HeadObject(const std::string& bucket,
                                                const std::string& key) = 0;
  // One page; S3 answers at most 1000 keys.
  virtual Result<ListObjectsV2Response> ListObjectsV2(const ListObjectsV2Request& request) = 0;
  // Deleting a missing key succeeds, as in S3.
  virtual Status DeleteObject(const std::string& bucket, const std::string& key) = 0;

  // Multipart upload: parts of at least 5 MiB except the last, numbered 1..10000.
  virtual Result<std::string> CreateMultipartUpload(const std::string& bucket,
                                                    const std::string& key) = 0;
  virtual Result<std::string> UploadPart(const std::string& bucket, const std::string& key,
                                         const std::string& upload_id, int part_number,
                                         const std::string& body) = 0;
  virtual Result<std::string> CompleteMultipartUpload(const std::string& bucket,
                                                      const std::string& key,
                                                      const std::string& upload_id,
                                                      const std::vector<CompletedPart>& parts) = 0;
  virtual Status AbortMultipartUpload(const std::string& bucket, const std::string& key,
                                      const std::string& upload_id) = 0;
};

}  // namespace spotrun

#endif  // SPOTRUN_AWS_S3_API_H_
