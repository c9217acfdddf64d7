// S3Model: the local cloud's S3, in process, over durable directories. Each bucket is a
// directory under the root (the local cloud's STATE/s3); an object is a file there, written
// to a temp file, fsynced and renamed into place, so it appears whole or not at all, with a
// JSON sidecar holding its key, size, ETag and last-modified time (doc/localcloud.md has the
// layout). ETags are S3's: the quoted MD5 hex of the bytes, or for a multipart upload the
// MD5 of the parts' MD5s with "-N". Listings come from an index kept in memory (rebuilt from
// the sidecars at Open), in UTF-8 binary key order. Multipart uploads are staged under
// .uploads/ until completed or aborted. Thread-safe: a mutex guards the index; object bytes
// are written and read outside it.
#ifndef SPOTRUN_LOCALCLOUD_S3_MODEL_H_
#define SPOTRUN_LOCALCLOUD_S3_MODEL_H_

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "aws/s3_api.h"
#include "base/clock.h"
#include "base/result.h"

namespace spotrun {

struct S3BucketSummary {
  std::string name;
  TimePoint creation_date{};
};

class S3Model final : public S3Api {
 public:
  // Opens (creating it when missing) the S3 kept under `root`; borrows `clock` (for
  // last-modified times), which must outlive the model. Temp files a crash left are removed.
  static Result<std::unique_ptr<S3Model>> Open(const std::string& root, Clock& clock);

  Status CreateBucket(const std::string& bucket) override;
  Status HeadBucket(const std::string& bucket) override;
  // Refused with BucketNotEmpty while the bucket holds objects.
  Status DeleteBucket(const std::string& bucket);
  std::vector<S3BucketSummary> ListBuckets() const;

  Result<std::string> PutObject(const PutObjectRequest& request) override;
  // A range past the end is cut at the end; one starting past the end is InvalidRange.
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

  // S3's smallest part but the last: 5 MiB. Tests may lower it.
  void set_min_part_size(int64_t bytes) { min_part_size_ = bytes; }
  const std::string& root() const { return root_; }

 private:
  struct ObjectMeta {
    int64_t size = 0;
    std::string etag;  // quoted
    TimePoint last_modified{};
  };
  struct Bucket {
    TimePoint creation_date{};
    std::map<std::string, ObjectMeta> objects;  // std::string orders bytes as unsigned
  };
  struct Upload {
    std::string bucket;
    std::string key;
  };

  S3Model(std::string root, Clock& clock);
  Status Load();
  Status LoadBucket(const std::string& name);
  // A fresh path under .tmp/ for bytes about to be renamed into place.
  std::string TempPath();
  std::string BucketDir(const std::string& bucket) const;
  std::string ObjectPath(const std::string& bucket, const std::string& key) const;
  std::string MetaPath(const std::string& bucket, const std::string& key) const;
  std::string UploadDir(const std::string& upload_id) const;
  // Moves the finished temp file `temp` into place as `key` with `meta`. Holds mu_.
  Status CommitObjectLocked(const std::string& bucket, const std::string& key,
                            const std::string& temp, const ObjectMeta& meta);
  Result<const Bucket*> FindBucketLocked(const std::string& bucket) const;
  TimePoint Now() const;

  const std::string root_;
  Clock& clock_;
  int64_t min_part_size_ = int64_t{5} << 20;
  std::atomic<uint64_t> next_temp_{0};
  mutable std::mutex mu_;
  std::map<std::string, Bucket> buckets_;
  std::map<std::string, Upload> uploads_;  // by upload id
};

}  // namespace spotrun

#endif  // SPOTRUN_LOCALCLOUD_S3_MODEL_H_
