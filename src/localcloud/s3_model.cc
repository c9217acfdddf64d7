#include "localcloud/s3_model.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <system_error>

#include "aws/client_token.h"
#include "aws/crypto.h"
#include "aws/md5.h"
#include "aws/s3_location.h"
#include "aws/uri_encode.h"
#include "base/base64.h"
#include "base/file.h"
#include "localcloud/s3_error.h"

namespace spotrun {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kUploadsDir = ".uploads";
constexpr std::string_view kTempDir = ".tmp";
constexpr std::string_view kBucketFile = "bucket.json";
constexpr size_t kMaxKeyBytes = 1024;
constexpr size_t kMaxPlainFileName = 200;
constexpr int kMaxPartNumber = 10000;
constexpr int kMaxListKeys = 1000;

int64_t ToMillis(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
TimePoint FromMillis(int64_t ms) { return TimePoint(std::chrono::milliseconds(ms)); }

Status IoError(std::string_view what, const std::string& path, int error) {
  return Status::Internal(fmt::format("cannot {} {}: {}", what, path, std::strerror(error)),
                          "check the local cloud's state directory (disk full? permissions?)");
}

// Writes `data` to a new file at `path` and fsyncs it.
Status WriteDurable(const std::string& path, std::string_view data) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return IoError("create", path, errno);
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int error = errno;
      ::close(fd);
      ::unlink(path.c_str());
      return IoError("write", path, error);
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    int error = errno;
    ::close(fd);
    ::unlink(path.c_str());
    return IoError("sync", path, error);
  }
  ::close(fd);
  return Status::Ok();
}

// `length` bytes of the file at `path` from `offset`.
Result<std::string> ReadRange(int fd, const std::string& path, int64_t offset, int64_t length) {
  std::string out(static_cast<size_t>(length), '\0');
  size_t done = 0;
  while (done < out.size()) {
    ssize_t n = ::pread(fd, out.data() + done, out.size() - done,
                        static_cast<off_t>(offset + static_cast<int64_t>(done)));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return IoError("read", path, errno);
    if (n == 0) return Status::Internal(fmt::format("{} is shorter than its metadata says", path));
    done += static_cast<size_t>(n);
  }
  return out;
}

// The file name of an object: its key percent-encoded ('/' too, and a leading '.', so no
// name is "." or ".."), or "%%" + SHA-256 for a key too long for a file name ("%%" never
// starts an encoded key, since '%' itself is encoded).
std::string ObjectFileName(const std::string& key) {
  std::string name = UriEncode(key);
  if (name.starts_with('.')) name = "%2E" + name.substr(1);
  if (name.size() > kMaxPlainFileName) return "%%" + Sha256Hex(key);
  return name;
}

std::string Quoted(std::string_view hex) { return fmt::format("\"{}\"", hex); }

std::string Unquoted(std::string_view etag) {
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') {
    etag = etag.substr(1, etag.size() - 2);
  }
  return std::string(etag);
}

Status CheckKey(const std::string& key) {
  if (key.empty()) return S3Error("InvalidArgument", "An object key must not be empty.");
  if (key.size() > kMaxKeyBytes) return S3Error("KeyTooLongError", "Your key is too long");
  return Status::Ok();
}

Status CheckBucketName(const std::string& bucket) {
  if (!S3Location::Parse("s3://" + bucket).ok()) {
    return S3Error("InvalidBucketName", "The specified bucket is not valid.");
  }
  return Status::Ok();
}

std::string MetaJson(const std::string& key, int64_t size, const std::string& etag,
                     TimePoint last_modified) {
  // The key as hex: a key need not be valid UTF-8, which JSON requires.
  nlohmann::json json = {{"key_hex", HexEncode(key)},
                         {"size", size},
                         {"etag", etag},
                         {"last_modified_ms", ToMillis(last_modified)}};
  return json.dump(2) + "\n";
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::optional<std::string> HexDecode(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 2) {
    int high = HexValue(hex[i]), low = HexValue(hex[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    out.push_back(static_cast<char>(high * 16 + low));
  }
  return out;
}

}  // namespace

S3Model::S3Model(std::string root, Clock& clock) : root_(std::move(root)), clock_(clock) {}

Result<std::unique_ptr<S3Model>> S3Model::Open(const std::string& root, Clock& clock) {
  std::unique_ptr<S3Model> model(new S3Model(root, clock));
  SPOTRUN_RETURN_IF_ERROR(model->Load());
  return model;
}

TimePoint S3Model::Now() const {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(clock_.Now());
}

std::string S3Model::BucketDir(const std::string& bucket) const {
  return (fs::path(root_) / bucket).string();
}
std::string S3Model::ObjectPath(const std::string& bucket, const std::string& key) const {
  return (fs::path(root_) / bucket / "objects" / ObjectFileName(key)).string();
}
std::string S3Model::MetaPath(const std::string& bucket, const std::string& key) const {
  return (fs::path(root_) / bucket / "meta" / (ObjectFileName(key) + ".json")).string();
}
std::string S3Model::UploadDir(const std::string& upload_id) const {
  return (fs::path(root_) / kUploadsDir / upload_id).string();
}

std::string S3Model::TempPath() {
  return (fs::path(root_) / kTempDir /
          fmt::format("{}.{}", ::getpid(), next_temp_.fetch_add(1, std::memory_order_relaxed)))
      .string();
}

Status S3Model::Load() {
  std::error_code ec;
  fs::remove_all(fs::path(root_) / kTempDir, ec);
  for (std::string_view dir : {kTempDir, kUploadsDir}) {
    fs::create_directories(fs::path(root_) / dir, ec);
    if (ec) {
      return Status::FailedPrecondition(
          fmt::format("cannot create {}: {}", (fs::path(root_) / dir).string(), ec.message()),
          "pick a writable --state directory");
    }
  }
  for (const fs::directory_entry& entry : fs::directory_iterator(root_, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with('.') || !entry.is_directory()) continue;
    SPOTRUN_RETURN_IF_ERROR(LoadBucket(name));
  }
  for (const fs::directory_entry& entry :
       fs::directory_iterator(fs::path(root_) / kUploadsDir, ec)) {
    Result<std::string> text = ReadFile((entry.path() / "upload.json").string());
    if (!text.ok()) continue;
    nlohmann::json json = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
    if (!json.is_object() || !json.contains("bucket") || !json.contains("key_hex")) continue;
    std::optional<std::string> key = HexDecode(json.value("key_hex", ""));
    if (!key) continue;
    uploads_[entry.path().filename().string()] =
        Upload{.bucket = json.value("bucket", ""), .key = *key};
  }
  return Status::Ok();
}

Status S3Model::LoadBucket(const std::string& name) {
  Bucket bucket;
  if (Result<std::string> text = ReadFile((fs::path(BucketDir(name)) / kBucketFile).string());
      text.ok()) {
    nlohmann::json json = nlohmann::json::parse(*text, nullptr, false);
    if (json.is_object()) bucket.creation_date = FromMillis(json.value("created_ms", int64_t{0}));
  }
  std::error_code ec;
  for (const fs::directory_entry& entry :
       fs::directory_iterator(fs::path(BucketDir(name)) / "meta", ec)) {
    if (entry.path().extension() != ".json") continue;  // a write a crash interrupted
    Result<std::string> text = ReadFile(entry.path().string());
    if (!text.ok()) continue;
    nlohmann::json json = nlohmann::json::parse(*text, nullptr, false);
    if (!json.is_object()) continue;
    std::optional<std::string> key = HexDecode(json.value("key_hex", ""));
    if (!key || key->empty()) continue;
    ObjectMeta meta{.size = json.value("size", int64_t{0}),
                    .etag = json.value("etag", ""),
                    .last_modified = FromMillis(json.value("last_modified_ms", int64_t{0}))};
    // The bytes are renamed into place before the sidecar: a sidecar without its object (or
    // with another size) is what a crash between the two leaves; the object is dropped.
    std::error_code size_ec;
    const uintmax_t size = fs::file_size(ObjectPath(name, *key), size_ec);
    if (size_ec || static_cast<int64_t>(size) != meta.size) continue;
    bucket.objects.emplace(std::move(*key), std::move(meta));
  }
  buckets_.emplace(name, std::move(bucket));
  return Status::Ok();
}

Result<const S3Model::Bucket*> S3Model::FindBucketLocked(const std::string& bucket) const {
  auto found = buckets_.find(bucket);
  if (found == buckets_.end()) return NoSuchBucket();
  return &found->second;
}

Status S3Model::CreateBucket(const std::string& bucket) {
  SPOTRUN_RETURN_IF_ERROR(CheckBucketName(bucket));
  std::lock_guard lock(mu_);
  if (buckets_.contains(bucket)) return Status::Ok();  // us-east-1: the owner may repeat it
  std::error_code ec;
  for (std::string_view dir : {"objects", "meta"}) {
    fs::create_directories(fs::path(BucketDir(bucket)) / dir, ec);
    if (ec) return IoError("create", BucketDir(bucket), ec.value());
  }
  Bucket state{.creation_date = Now(), .objects = {}};
  nlohmann::json json = {{"created_ms", ToMillis(state.creation_date)}};
  SPOTRUN_RETURN_IF_ERROR(
      WriteFileAtomic((fs::path(BucketDir(bucket)) / kBucketFile).string(), json.dump() + "\n"));
  buckets_.emplace(bucket, std::move(state));
  return Status::Ok();
}

Status S3Model::HeadBucket(const std::string& bucket) {
  std::lock_guard lock(mu_);
  return FindBucketLocked(bucket).status();
}

Status S3Model::DeleteBucket(const std::string& bucket) {
  std::lock_guard lock(mu_);
  SPOTRUN_ASSIGN_OR_RETURN(const Bucket* state, FindBucketLocked(bucket));
  if (!state->objects.empty()) {
    return S3Error("BucketNotEmpty", "The bucket you tried to delete is not empty");
  }
  std::error_code ec;
  fs::remove_all(BucketDir(bucket), ec);
  if (ec) return IoError("remove", BucketDir(bucket), ec.value());
  buckets_.erase(bucket);
  return Status::Ok();
}

std::vector<S3BucketSummary> S3Model::ListBuckets() const {
  std::lock_guard lock(mu_);
  std::vector<S3BucketSummary> out;
  for (const auto& [name, bucket] : buckets_) {
    out.push_back(S3BucketSummary{.name = name, .creation_date = bucket.creation_date});
  }
  return out;
}

Status S3Model::CommitObjectLocked(const std::string& bucket, const std::string& key,
                                   const std::string& temp, const ObjectMeta& meta) {
  auto found = buckets_.find(bucket);
  if (found == buckets_.end()) {
    ::unlink(temp.c_str());
    return NoSuchBucket();
  }
  const std::string path = ObjectPath(bucket, key);
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    int error = errno;
    ::unlink(temp.c_str());
    return IoError("store", path, error);
  }
  SPOTRUN_RETURN_IF_ERROR(WriteFileAtomic(
      MetaPath(bucket, key), MetaJson(key, meta.size, meta.etag, meta.last_modified), 0600));
  found->second.objects[key] = meta;
  return Status::Ok();
}

Result<std::string> S3Model::PutObject(const PutObjectRequest& request) {
  SPOTRUN_RETURN_IF_ERROR(CheckKey(request.key));
  SPOTRUN_RETURN_IF_ERROR(HeadBucket(request.bucket));
  // The bytes go to disk outside the lock; only the rename and the index hold it.
  const std::string temp = TempPath();
  SPOTRUN_RETURN_IF_ERROR(WriteDurable(temp, request.body));
  ObjectMeta meta{.size = static_cast<int64_t>(request.body.size()),
                  .etag = Quoted(Md5Hex(request.body)),
                  .last_modified = Now()};
  std::lock_guard lock(mu_);
  SPOTRUN_RETURN_IF_ERROR(CommitObjectLocked(request.bucket, request.key, temp, meta));
  return meta.etag;
}

Result<GetObjectResponse> S3Model::GetObject(const GetObjectRequest& request) {
  ObjectMeta meta;
  int fd = -1;
  const std::string path = ObjectPath(request.bucket, request.key);
  {
    // The file is opened under the lock, so the bytes read are those the metadata describes
    // even if the key is replaced meanwhile (the rename leaves this open file alone).
    std::lock_guard lock(mu_);
    SPOTRUN_ASSIGN_OR_RETURN(const Bucket* bucket, FindBucketLocked(request.bucket));
    auto found = bucket->objects.find(request.key);
    if (found == bucket->objects.end()) return NoSuchKey();
    meta = found->second;
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return IoError("open", path, errno);
  }
  int64_t first = 0, last = meta.size - 1;
  if (request.range) {
    first = request.range->first;
    last = std::min(request.range->second, meta.size - 1);
    if (first < 0 || first >= meta.size || request.range->second < first) {
      ::close(fd);
      return S3Error("InvalidRange", "The requested range is not satisfiable");
    }
  }
  Result<std::string> body = ReadRange(fd, path, first, std::max<int64_t>(0, last - first + 1));
  ::close(fd);
  SPOTRUN_RETURN_IF_ERROR(body.status());
  return GetObjectResponse{.body = std::move(*body),
                           .size = meta.size,
                           .etag = meta.etag,
                           .last_modified = meta.last_modified};
}

Result<HeadObjectResponse> S3Model::HeadObject(const std::string& bucket, const std::string& key) {
  std::lock_guard lock(mu_);
  SPOTRUN_ASSIGN_OR_RETURN(const Bucket* state, FindBucketLocked(bucket));
  auto found = state->objects.find(key);
  if (found == state->objects.end()) return NoSuchKey();
  return HeadObjectResponse{.size = found->second.size,
                            .etag = found->second.etag,
                            .last_modified = found->second.last_modified};
}

Result<ListObjectsV2Response> S3Model::ListObjectsV2(const ListObjectsV2Request& request) {
  std::string after = request.start_after;
  if (!request.continuation_token.empty()) {
    std::optional<std::string> decoded = Base64Decode(request.continuation_token);
    if (!decoded) {
      return S3Error("InvalidArgument", "The continuation token provided is incorrect");
    }
    after = std::max(after, *decoded);
  }
  const int max_keys = std::clamp(request.max_keys, 0, kMaxListKeys);
  const std::string& prefix = request.prefix;
  const std::string& delimiter = request.delimiter;

  std::lock_guard lock(mu_);
  SPOTRUN_ASSIGN_OR_RETURN(const Bucket* bucket, FindBucketLocked(request.bucket));
  ListObjectsV2Response response;
  // The token is the last key or common prefix answered: nothing under a common prefix
  // already answered comes again.
  std::string last_common_prefix = after;
  std::string last_answered;
  int answered = 0;
  auto it =
      after.empty() ? bucket->objects.lower_bound(prefix) : bucket->objects.upper_bound(after);
  if (!after.empty() && after < prefix) it = bucket->objects.lower_bound(prefix);
  for (; it != bucket->objects.end(); ++it) {
    const std::string& key = it->first;
    if (!key.starts_with(prefix)) {
      if (key > prefix) break;  // past every key with the prefix
      continue;
    }
    std::string common_prefix;
    if (!delimiter.empty()) {
      size_t at = key.find(delimiter, prefix.size());
      if (at != std::string::npos) common_prefix = key.substr(0, at + delimiter.size());
    }
    if (!common_prefix.empty() && common_prefix == last_common_prefix) continue;
    if (answered == max_keys) {
      response.is_truncated = true;
      break;
    }
    ++answered;
    if (!common_prefix.empty()) {
      response.common_prefixes.push_back(common_prefix);
      last_common_prefix = common_prefix;
      last_answered = common_prefix;
    } else {
      response.contents.push_back(S3ObjectSummary{.key = key,
                                                  .size = it->second.size,
                                                  .etag = it->second.etag,
                                                  .last_modified = it->second.last_modified});
      last_answered = key;
    }
  }
  if (response.is_truncated) response.next_continuation_token = Base64Encode(last_answered);
  return response;
}

Status S3Model::DeleteObject(const std::string& bucket, const std::string& key) {
  std::lock_guard lock(mu_);
  auto found = buckets_.find(bucket);
  if (found == buckets_.end()) return NoSuchBucket();
  if (found->second.objects.erase(key) == 0) return Status::Ok();
  // The sidecar first: an object without one is not loaded again after a crash.
  ::unlink(MetaPath(bucket, key).c_str());
  ::unlink(ObjectPath(bucket, key).c_str());
  return Status::Ok();
}

Result<std::string> S3Model::CreateMultipartUpload(const std::string& bucket,
                                                   const std::string& key) {
  SPOTRUN_RETURN_IF_ERROR(CheckKey(key));
  std::string upload_id = RandomClientToken();
  upload_id.erase(std::remove(upload_id.begin(), upload_id.end(), '-'), upload_id.end());
  std::lock_guard lock(mu_);
  SPOTRUN_RETURN_IF_ERROR(FindBucketLocked(bucket).status());
  std::error_code ec;
  fs::create_directories(UploadDir(upload_id), ec);
  if (ec) return IoError("create", UploadDir(upload_id), ec.value());
  nlohmann::json json = {{"bucket", bucket}, {"key_hex", HexEncode(key)}};
  SPOTRUN_RETURN_IF_ERROR(
      WriteFileAtomic((fs::path(UploadDir(upload_id)) / "upload.json").string(), json.dump()));
  uploads_[upload_id] = Upload{.bucket = bucket, .key = key};
  return upload_id;
}

Result<std::string> S3Model::UploadPart(const std::string& bucket, const std::string& key,
                                        const std::string& upload_id, int part_number,
                                        const std::string& body) {
  if (part_number < 1 || part_number > kMaxPartNumber) {
    return S3Error("InvalidArgument",
                   "Part number must be an integer between 1 and 10000, inclusive");
  }
  {
    std::lock_guard lock(mu_);
    auto found = uploads_.find(upload_id);
    if (found == uploads_.end() || found->second.bucket != bucket || found->second.key != key) {
      return NoSuchUpload();
    }
  }
  const std::string temp = TempPath();
  SPOTRUN_RETURN_IF_ERROR(WriteDurable(temp, body));
  std::lock_guard lock(mu_);
  const std::string path = (fs::path(UploadDir(upload_id)) / std::to_string(part_number)).string();
  if (!uploads_.contains(upload_id) || ::rename(temp.c_str(), path.c_str()) != 0) {
    ::unlink(temp.c_str());
    return NoSuchUpload();  // aborted or completed meanwhile
  }
  return Quoted(Md5Hex(body));
}

Result<std::string> S3Model::CompleteMultipartUpload(const std::string& bucket,
                                                     const std::string& key,
                                                     const std::string& upload_id,
                                                     const std::vector<CompletedPart>& parts) {
  {
    std::lock_guard lock(mu_);
    auto found = uploads_.find(upload_id);
    if (found == uploads_.end() || found->second.bucket != bucket || found->second.key != key) {
      return NoSuchUpload();
    }
  }
  if (parts.empty()) {
    return S3Error("MalformedXML",
                   "The XML you provided was not well-formed or did not validate against our "
                   "published schema");
  }
  // The parts are joined outside the lock into one temp file, checking each against the
  // ETag the caller was given for it.
  const std::string temp = TempPath();
  int out = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (out < 0) return IoError("create", temp, errno);
  auto fail = [&](Status status) {
    ::close(out);
    ::unlink(temp.c_str());
    return status;
  };
  std::string md5s;
  int64_t size = 0;
  // The list is checked as a whole before any part is read, as S3 does.
  for (size_t i = 1; i < parts.size(); ++i) {
    if (parts[i].part_number <= parts[i - 1].part_number) {
      return fail(S3Error("InvalidPartOrder",
                          "The list of parts was not in ascending order. Parts must be ordered "
                          "by part number."));
    }
  }
  for (size_t i = 0; i < parts.size(); ++i) {
    Result<std::string> body =
        ReadFile((fs::path(UploadDir(upload_id)) / std::to_string(parts[i].part_number)).string());
    const std::string md5 = body.ok() ? Md5(*body) : std::string();
    if (!body.ok() || Unquoted(parts[i].etag) != HexEncode(md5)) {
      return fail(S3Error("InvalidPart",
                          "One or more of the specified parts could not be found.  The part may "
                          "not have been uploaded, or the specified entity tag may not match "
                          "the part's entity tag."));
    }
    if (i + 1 < parts.size() && static_cast<int64_t>(body->size()) < min_part_size_) {
      return fail(S3Error("EntityTooSmall",
                          "Your proposed upload is smaller than the minimum allowed size"));
    }
    size_t done = 0;
    while (done < body->size()) {
      ssize_t n = ::write(out, body->data() + done, body->size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return fail(IoError("write", temp, errno));
      done += static_cast<size_t>(n);
    }
    md5s += md5;
    size += static_cast<int64_t>(body->size());
  }
  if (::fsync(out) != 0) return fail(IoError("sync", temp, errno));
  ::close(out);
  ObjectMeta meta{.size = size,
                  .etag = Quoted(fmt::format("{}-{}", Md5Hex(md5s), parts.size())),
                  .last_modified = Now()};
  std::lock_guard lock(mu_);
  if (!uploads_.contains(upload_id)) {
    ::unlink(temp.c_str());
    return NoSuchUpload();
  }
  SPOTRUN_RETURN_IF_ERROR(CommitObjectLocked(bucket, key, temp, meta));
  uploads_.erase(upload_id);
  std::error_code ec;
  fs::remove_all(UploadDir(upload_id), ec);
  return meta.etag;
}

Status S3Model::AbortMultipartUpload(const std::string& bucket, const std::string& key,
                                     const std::string& upload_id) {
  std::lock_guard lock(mu_);
  auto found = uploads_.find(upload_id);
  if (found == uploads_.end() || found->second.bucket != bucket || found->second.key != key) {
    return NoSuchUpload();
  }
  uploads_.erase(found);
  std::error_code ec;
  fs::remove_all(UploadDir(upload_id), ec);
  return Status::Ok();
}

}  // namespace spotrun
