#include "testing/in_memory_s3.h"

#include <algorithm>
#include <string_view>

#include "aws/crypto.h"
#include "base/base64.h"

namespace spotrun::testing {
namespace {

Status S3Error(ErrorKind kind, std::string_view code, std::string_view message, int http) {
  return Status::Aws(kind, code, message, "in-memory-s3", http);
}

Status NoSuchBucket(const std::string& bucket) {
  return S3Error(ErrorKind::kNotFound, "NoSuchBucket",
                 "The specified bucket does not exist: " + bucket, 404);
}

std::string ETagOf(std::string_view body) { return "\"" + Sha256Hex(body).substr(0, 32) + "\""; }

// The continuation token is opaque to callers: 'k' + the last key returned, or 'p' + the last
// common prefix returned (whose keys must all be skipped), base64'd.
std::string EncodeToken(char kind, std::string_view last) {
  return Base64Encode(std::string(1, kind) + std::string(last));
}

}  // namespace

Status InMemoryS3::CreateBucket(const std::string& bucket) {
  std::lock_guard lock(mu_);
  buckets_.try_emplace(bucket);
  return Status::Ok();
}

Status InMemoryS3::HeadBucket(const std::string& bucket) {
  std::lock_guard lock(mu_);
  return FindBucket(bucket).status();
}

Result<std::string> InMemoryS3::PutObject(const PutObjectRequest& request) {
  std::lock_guard lock(mu_);
  ++put_object_calls_;
  if (auto it = put_failures_.find(put_object_calls_); it != put_failures_.end()) {
    Status error = std::move(it->second);
    put_failures_.erase(it);
    return error;
  }
  SPOTRUN_ASSIGN_OR_RETURN(Bucket * bucket, FindBucket(request.bucket));
  Object object{request.body, ETagOf(request.body), clock_.Now()};
  (*bucket)[request.key] = object;
  return object.etag;
}

Result<GetObjectResponse> InMemoryS3::GetObject(const GetObjectRequest& request) {
  std::lock_guard lock(mu_);
  SPOTRUN_ASSIGN_OR_RETURN(Object * object, FindObject(request.bucket, request.key));
  GetObjectResponse response;
  response.size = static_cast<int64_t>(object->body.size());
  response.etag = object->etag;
  response.last_modified = object->last_modified;
  if (!request.range) {
    response.body = object->body;
    return response;
  }
  auto [first, last] = *request.range;
  if (first < 0 || last < first || first >= response.size) {
    return S3Error(ErrorKind::kRefused, "InvalidRange", "The requested range is not satisfiable",
                   416);
  }
  last = std::min(last, response.size - 1);
  response.body =
      object->body.substr(static_cast<size_t>(first), static_cast<size_t>(last - first + 1));
  return response;
}

Result<HeadObjectResponse> InMemoryS3::HeadObject(const std::string& bucket,
                                                  const std::string& key) {
  std::lock_guard lock(mu_);
  SPOTRUN_ASSIGN_OR_RETURN(Object * object, FindObject(bucket, key));
  return HeadObjectResponse{static_cast<int64_t>(object->body.size()), object->etag,
                            object->last_modified};
}

Result<ListObjectsV2Response> InMemoryS3::ListObjectsV2(const ListObjectsV2Request& request) {
  std::lock_guard lock(mu_);
  SPOTRUN_ASSIGN_OR_RETURN(Bucket * bucket, FindBucket(request.bucket));
  std::string after = request.start_after;
  std::string skip_prefix;  // a common prefix already returned on an earlier page
  if (!request.continuation_token.empty()) {
    std::optional<std::string> token = Base64Decode(request.continuation_token);
    if (!token || token->empty() || ((*token)[0] != 'k' && (*token)[0] != 'p')) {
      return S3Error(ErrorKind::kInvalidArgument, "InvalidArgument",
                     "The continuation token provided is incorrect", 400);
    }
    after = token->substr(1);
    if ((*token)[0] == 'p') skip_prefix = after;
  }
  ListObjectsV2Response response;
  const int max_keys = std::clamp(request.max_keys, 0, 1000);
  int returned = 0;
  auto it = after.empty() ? bucket->lower_bound(request.prefix) : bucket->upper_bound(after);
  for (; it != bucket->end(); ++it) {
    const std::string& key = it->first;
    if (!key.starts_with(request.prefix)) {
      if (key > request.prefix) break;
      continue;
    }
    if (!skip_prefix.empty() && key.starts_with(skip_prefix)) continue;
    std::string common;
    if (!request.delimiter.empty()) {
      size_t at = key.find(request.delimiter, request.prefix.size());
      if (at != std::string::npos) common = key.substr(0, at + request.delimiter.size());
    }
    if (!common.empty() && !response.common_prefixes.empty() &&
        response.common_prefixes.back() == common) {
      continue;  // folded into the prefix just returned
    }
    if (returned == max_keys) {
      response.is_truncated = max_keys > 0;
      break;
    }
    ++returned;
    if (common.empty()) {
      const Object& object = it->second;
      response.contents.push_back(
          {key, static_cast<int64_t>(object.body.size()), object.etag, object.last_modified});
      response.next_continuation_token = EncodeToken('k', key);
    } else {
      response.common_prefixes.push_back(common);
      response.next_continuation_token = EncodeToken('p', common);
    }
  }
  if (!response.is_truncated) response.next_continuation_token.clear();
  return response;
}

Status InMemoryS3::DeleteObject(const std::string& bucket, const std::string& key) {
  std::lock_guard lock(mu_);
  SPOTRUN_ASSIGN_OR_RETURN(Bucket * found, FindBucket(bucket));
  found->erase(key);
  return Status::Ok();
}

Result<std::string> InMemoryS3::CreateMultipartUpload(const std::string& bucket,
                                                      const std::string& key) {
  std::lock_guard lock(mu_);
  SPOTRUN_RETURN_IF_ERROR(FindBucket(bucket).status());
  std::string id = "upload-" + std::to_string(next_upload_++);
  uploads_[id] = Upload{bucket, key, {}};
  return id;
}

Result<std::string> InMemoryS3::UploadPart(const std::string& bucket, const std::string& key,
                                           const std::string& upload_id, int part_number,
                                           const std::string& body) {
  std::lock_guard lock(mu_);
  ++upload_part_calls_;
  SPOTRUN_ASSIGN_OR_RETURN(Upload * upload, FindUpload(bucket, key, upload_id));
  if (part_number < 1 || part_number > 10000) {
    return S3Error(ErrorKind::kInvalidArgument, "InvalidArgument",
                   "Part number must be an integer between 1 and 10000, inclusive", 400);
  }
  Object part{body, ETagOf(body), clock_.Now()};
  upload->parts[part_number] = part;
  return part.etag;
}

Result<std::string> InMemoryS3::CompleteMultipartUpload(const std::string& bucket,
                                                        const std::string& key,
                                                        const std::string& upload_id,
                                                        const std::vector<CompletedPart>& parts) {
  std::lock_guard lock(mu_);
  SPOTRUN_ASSIGN_OR_RETURN(Upload * upload, FindUpload(bucket, key, upload_id));
  if (parts.empty()) {
    return S3Error(ErrorKind::kInvalidArgument, "MalformedXML",
                   "You must specify at least one part", 400);
  }
  for (size_t i = 1; i < parts.size(); ++i) {
    if (parts[i].part_number <= parts[i - 1].part_number) {
      return S3Error(ErrorKind::kInvalidArgument, "InvalidPartOrder",
                     "The list of parts was not in ascending order", 400);
    }
  }
  std::string body;
  for (size_t i = 0; i < parts.size(); ++i) {
    auto it = upload->parts.find(parts[i].part_number);
    if (it == upload->parts.end() || it->second.etag != parts[i].etag) {
      return S3Error(ErrorKind::kInvalidArgument, "InvalidPart",
                     "One or more of the specified parts could not be found", 400);
    }
    if (i + 1 < parts.size() &&
        static_cast<int64_t>(it->second.body.size()) < options_.min_part_size) {
      return S3Error(ErrorKind::kInvalidArgument, "EntityTooSmall",
                     "Your proposed upload is smaller than the minimum allowed size", 400);
    }
    body += it->second.body;
  }
  std::string etag = ETagOf(body);
  etag.insert(etag.size() - 1, "-" + std::to_string(parts.size()));
  buckets_[bucket][key] = Object{std::move(body), etag, clock_.Now()};
  uploads_.erase(upload_id);
  return etag;
}

Status InMemoryS3::AbortMultipartUpload(const std::string& bucket, const std::string& key,
                                        const std::string& upload_id) {
  std::lock_guard lock(mu_);
  SPOTRUN_RETURN_IF_ERROR(FindUpload(bucket, key, upload_id).status());
  uploads_.erase(upload_id);
  return Status::Ok();
}

void InMemoryS3::FailPutObject(int nth, Status error) {
  std::lock_guard lock(mu_);
  put_failures_[put_object_calls_ + nth] = std::move(error);
}

void InMemoryS3::CorruptObject(const std::string& bucket, const std::string& key) {
  std::lock_guard lock(mu_);
  Result<Object*> object = FindObject(bucket, key);
  if (object.ok() && !(*object)->body.empty()) {
    std::string& body = (*object)->body;
    body[body.size() / 2] = static_cast<char>(~body[body.size() / 2]);
  }
}

void InMemoryS3::TruncateObject(const std::string& bucket, const std::string& key, int64_t size) {
  std::lock_guard lock(mu_);
  Result<Object*> object = FindObject(bucket, key);
  if (object.ok() && static_cast<int64_t>((*object)->body.size()) > size) {
    (*object)->body.resize(static_cast<size_t>(size));
  }
}

std::optional<std::string> InMemoryS3::Body(const std::string& bucket,
                                            const std::string& key) const {
  std::lock_guard lock(mu_);
  auto b = buckets_.find(bucket);
  if (b == buckets_.end()) return std::nullopt;
  auto o = b->second.find(key);
  if (o == b->second.end()) return std::nullopt;
  return o->second.body;
}

std::vector<std::string> InMemoryS3::Keys(const std::string& bucket) const {
  std::lock_guard lock(mu_);
  std::vector<std::string> keys;
  if (auto b = buckets_.find(bucket); b != buckets_.end()) {
    for (const auto& [key, object] : b->second) keys.push_back(key);
  }
  return keys;
}

int InMemoryS3::put_object_calls() const {
  std::lock_guard lock(mu_);
  return put_object_calls_;
}

int InMemoryS3::upload_part_calls() const {
  std::lock_guard lock(mu_);
  return upload_part_calls_;
}

int InMemoryS3::open_multipart_uploads() const {
  std::lock_guard lock(mu_);
  return static_cast<int>(uploads_.size());
}

Result<InMemoryS3::Bucket*> InMemoryS3::FindBucket(const std::string& bucket) {
  auto it = buckets_.find(bucket);
  if (it == buckets_.end()) return NoSuchBucket(bucket);
  return &it->second;
}

Result<InMemoryS3::Object*> InMemoryS3::FindObject(const std::string& bucket,
                                                   const std::string& key) {
  SPOTRUN_ASSIGN_OR_RETURN(Bucket * found, FindBucket(bucket));
  auto it = found->find(key);
  if (it == found->end()) {
    return S3Error(ErrorKind::kNotFound, "NoSuchKey", "The specified key does not exist: " + key,
                   404);
  }
  return &it->second;
}

Result<InMemoryS3::Upload*> InMemoryS3::FindUpload(const std::string& bucket,
                                                   const std::string& key,
                                                   const std::string& upload_id) {
  auto it = uploads_.find(upload_id);
  if (it == uploads_.end() || it->second.bucket != bucket || it->second.key != key) {
    return S3Error(ErrorKind::kNotFound, "NoSuchUpload",
                   "The specified multipart upload does not exist", 404);
  }
  return &it->second;
}

}  // namespace spotrun::testing
