// InMemoryS3: an S3Api held in memory for tests, with the S3 semantics callers rely on —
// ListObjectsV2 in UTF-8 binary key order with prefix, delimiter, start-after, continuation
// and max-keys; multipart uploads (parts numbered 1..10000, all but the last at least
// Options::min_part_size); NoSuchBucket/NoSuchKey as kNotFound with S3's code — plus fault
// injection (fail the Nth PutObject, corrupt or truncate a stored object). Borrows the Clock
// (LastModified). Thread-safe: one mutex guards everything.
#ifndef SPOTRUN_TESTING_IN_MEMORY_S3_H_
#define SPOTRUN_TESTING_IN_MEMORY_S3_H_

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "aws/s3_api.h"
#include "base/clock.h"

namespace spotrun::testing {

class InMemoryS3 final : public S3Api {
 public:
  struct Options {
    int64_t min_part_size = 5 << 20;  // S3's rule; tests lower it to exercise multipart cheaply
  };
  explicit InMemoryS3(Clock& clock) : InMemoryS3(clock, Options()) {}
  InMemoryS3(Clock& clock, Options options) : clock_(clock), options_(options) {}

  Status CreateBucket(const std::string& bucket) override;
  Status HeadBucket(const std::string& bucket) override;
  Result<std::string> PutObject(const PutObjectRequest& request) override;
  Result<GetObjectResponse> GetObject(const GetObjectRequest& request) override;
  Result<HeadObjectResponse> HeadObject(const std::string& bucket, const std::string& key) override;
  Result<ListObjectsV2Response> ListObjectsV2(const ListObjectsV2Request& request) override;
  Status DeleteObject(const std::string& bucket, const std::string& key) override;
  Result<std::string> CreateMultipartUpload(const std::string& bucket,
                                            const std::string& key) override;
  Result<std::string> UploadPart(const std::string& bucket, const std::string& key,
                                 const std::string& upload_id, int part_number,
                                 const std::string& body) override;
  Result<std::string> CompleteMultipartUpload(const std::string& bucket, const std::string& key,
                                              const std::string& upload_id,
                                              const std::vector<CompletedPart>& parts) override;
  Status AbortMultipartUpload(const std::string& bucket, const std::string& key,
                              const std::string& upload_id) override;

  // Faults. The `nth` PutObject from now (1: the next one) fails with `error` and stores nothing.
  void FailPutObject(int nth, Status error);
  // Flips the bits of one byte in the middle of the object (size kept, as disk rot would).
  void CorruptObject(const std::string& bucket, const std::string& key);
  // Keeps only the first `size` bytes.
  void TruncateObject(const std::string& bucket, const std::string& key, int64_t size);

  // Inspection.
  std::optional<std::string> Body(const std::string& bucket, const std::string& key) const;
  std::vector<std::string> Keys(const std::string& bucket) const;  // in key order
  int put_object_calls() const;
  int upload_part_calls() const;
  int open_multipart_uploads() const;

 private:
  struct Object {
    std::string body;
    std::string etag;
    TimePoint last_modified;
  };
  struct Upload {
    std::string bucket, key;
    std::map<int, Object> parts;
  };
  using Bucket = std::map<std::string, Object>;

  Result<Bucket*> FindBucket(const std::string& bucket);
  Result<Object*> FindObject(const std::string& bucket, const std::string& key);
  Result<Upload*> FindUpload(const std::string& bucket, const std::string& key,
                             const std::string& upload_id);

  Clock& clock_;
  const Options options_;
  mutable std::mutex mu_;
  std::map<std::string, Bucket> buckets_;
  std::map<std::string, Upload> uploads_;
  int next_upload_ = 1;
  int put_object_calls_ = 0;
  int upload_part_calls_ = 0;
  std::map<int, Status> put_failures_;  // by put_object_calls_ value
};

}  // namespace spotrun::testing

#endif  // SPOTRUN_TESTING_IN_MEMORY_S3_H_
