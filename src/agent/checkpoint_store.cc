#include "agent/checkpoint_store.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "agent/job_store_layout.h"
#include "aws/crypto.h"
#include "base/log.h"

namespace spotrun {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kDirHint =
    "the job must write its checkpoint into $SPOTRUN_CHECKPOINT_DIR before it creates "
    "$SPOTRUN_CHECKPOINT_DONE";

// Refusals are kFailedPrecondition: the checkpoint itself is bad, an older one may do. Any
// other error (S3 unreachable, disk full) is returned as it is.
Status Refused(int64_t seq, std::string_view why) {
  return Status::FailedPrecondition(
      "checkpoint " + std::to_string(seq) + " refused: " + std::string(why),
      "it is damaged or incomplete in the store; an older checkpoint is used instead");
}

Status ErrnoStatus(std::string_view what, const fs::path& path) {
  return Status::Internal(std::string(what) + " " + path.string() + ": " + std::strerror(errno),
                          "check the disk has room and the directory is writable");
}

// Owns a file descriptor.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// Reads up to `n` bytes (fewer only at the end of the file) into `out`, replacing it.
Status ReadUpTo(int fd, int64_t n, const fs::path& path, std::string& out) {
  out.resize(static_cast<size_t>(n));
  size_t got = 0;
  while (got < out.size()) {
    ssize_t r = ::read(fd, out.data() + got, out.size() - got);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return ErrnoStatus("cannot read", path);
    if (r == 0) break;
    got += static_cast<size_t>(r);
  }
  out.resize(got);
  return Status::Ok();
}

Status WriteAll(int fd, std::string_view data, const fs::path& path) {
  while (!data.empty()) {
    ssize_t w = ::write(fd, data.data(), data.size());
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) return ErrnoStatus("cannot write", path);
    data.remove_prefix(static_cast<size_t>(w));
  }
  return Status::Ok();
}

bool IsUtf8(const std::string& text) {
  try {
    (void)nlohmann::json(text).dump();
    return true;
  } catch (const nlohmann::json::type_error&) {
    return false;
  }
}

struct LocalEntry {
  fs::path absolute;
  std::string path;  // relative, "/"-separated
  std::string symlink;
};

// What Upload keeps of `dir` (see the header), sorted by path.
Result<std::vector<LocalEntry>> ListDir(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Status::NotFound("checkpoint dir " + dir.string() + " does not exist", kDirHint);
  }
  std::vector<LocalEntry> entries;
  fs::recursive_directory_iterator it(dir, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    fs::file_status status = it->symlink_status(ec);
    if (ec) break;
    LocalEntry entry{it->path(), it->path().lexically_relative(dir).generic_string(), {}};
    if (!IsUtf8(entry.path)) {
      return Status::InvalidArgument("checkpoint file name is not UTF-8: " + entry.path,
                                     "rename it; S3 keys and the manifest are UTF-8");
    }
    if (fs::is_symlink(status)) {
      entry.symlink = fs::read_symlink(it->path(), ec).string();
      if (ec) break;
    } else if (fs::is_directory(status)) {
      continue;
    } else if (!fs::is_regular_file(status)) {
      LogWarning("checkpoint: skipping {} (not a file, directory or symlink)", entry.path);
      continue;
    }
    entries.push_back(std::move(entry));
  }
  if (ec) {
    return Status::Internal("cannot read checkpoint dir " + dir.string() + ": " + ec.message(),
                            "check the job left it readable");
  }
  if (entries.empty()) {
    return Status::FailedPrecondition("checkpoint dir " + dir.string() + " is empty", kDirHint);
  }
  std::sort(entries.begin(), entries.end(),
            [](const LocalEntry& a, const LocalEntry& b) { return a.path < b.path; });
  return entries;
}

// `dir` without a trailing slash, so it has a file name and a parent.
fs::path Normalized(const fs::path& dir) {
  fs::path p = dir.lexically_normal();
  if (p.filename().empty()) p = p.parent_path();
  return p;
}

// A fresh temp dir beside `dir` (same file system, so it can be renamed into place), after
// removing any left by a restore that crashed.
Result<fs::path> MakeRestoreDir(const fs::path& dir) {
  const fs::path parent = dir.parent_path();
  const std::string stem = "." + dir.filename().string() + ".restore-";
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec) return Status::Internal("cannot create " + parent.string() + ": " + ec.message());
  for (const fs::directory_entry& entry : fs::directory_iterator(parent, ec)) {
    if (entry.path().filename().string().starts_with(stem)) fs::remove_all(entry.path(), ec);
  }
  std::string templ = (parent / (stem + "XXXXXX")).string();
  if (::mkdtemp(templ.data()) == nullptr) return ErrnoStatus("cannot create", templ);
  ::chmod(templ.c_str(), 0755);
  return fs::path(templ);
}

}  // namespace

CheckpointStore::CheckpointStore(S3Api& s3, S3Location job_location, Clock& clock, Options options)
    : s3_(s3), location_(std::move(job_location)), clock_(clock), options_(options) {}

Result<CheckpointManifest> CheckpointStore::Upload(const fs::path& dir, int attempt) {
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<LocalEntry> entries, ListDir(dir));
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<Listed> listed, ListSeqs(/*check_complete=*/false));
  CheckpointManifest manifest;
  // Past every seq, complete or not: a half-written one's files must never mix with ours.
  manifest.seq = listed.empty() ? 1 : listed.front().seq + 1;
  manifest.attempt = attempt;
  for (const LocalEntry& entry : entries) {
    if (!entry.symlink.empty()) {
      manifest.files.push_back({entry.path, 0, "", entry.symlink});
      continue;
    }
    SPOTRUN_ASSIGN_OR_RETURN(CheckpointFile file,
                             UploadFile(manifest.seq, entry.absolute, entry.path));
    manifest.files.push_back(std::move(file));
  }
  manifest.created = clock_.Now();
  PutObjectRequest put;
  put.bucket = location_.bucket;
  put.key = JobStoreKey(location_, CheckpointManifestKey(manifest.seq));
  put.body = CheckpointManifestToJson(manifest);
  put.content_type = "application/json";
  Result<std::string> etag = s3_.PutObject(put);
  if (!etag.ok()) return etag.status().WithContext("writing the checkpoint's manifest");
  return manifest;
}

Result<CheckpointFile> CheckpointStore::UploadFile(int64_t seq, const fs::path& file,
                                                   const std::string& path) {
  Fd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return ErrnoStatus("cannot open", file);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return ErrnoStatus("cannot stat", file);
  const std::string key = JobStoreKey(location_, CheckpointFileKey(seq, path));
  Sha256Hasher hasher;
  CheckpointFile out{path, 0, "", ""};
  std::string chunk;
  if (st.st_size <= options_.multipart_threshold) {
    SPOTRUN_RETURN_IF_ERROR(ReadUpTo(fd.get(), st.st_size, file, chunk));
    out.size = static_cast<int64_t>(chunk.size());
    out.sha256 = hasher.Hash(chunk).Hex();
    Result<std::string> etag = s3_.PutObject({location_.bucket, key, std::move(chunk), ""});
    if (!etag.ok()) return etag.status().WithContext("uploading checkpoint file " + path);
    if (options_.on_progress) options_.on_progress();
    return out;
  }
  SPOTRUN_ASSIGN_OR_RETURN(std::string upload_id, s3_.CreateMultipartUpload(location_.bucket, key));
  // S3 takes at most 10000 parts: a file too big for part_size gets bigger parts.
  const int64_t part_size = std::max<int64_t>(options_.part_size, (st.st_size + 9999) / 10000);
  std::vector<CompletedPart> parts;
  Status status;
  while (status.ok()) {
    status = ReadUpTo(fd.get(), part_size, file, chunk);
    if (!status.ok() || (chunk.empty() && !parts.empty())) break;
    hasher.Update(chunk);
    out.size += static_cast<int64_t>(chunk.size());
    const int number = static_cast<int>(parts.size()) + 1;
    Result<std::string> etag = s3_.UploadPart(location_.bucket, key, upload_id, number, chunk);
    if (etag.ok()) parts.push_back({number, *etag});
    status = etag.status();
    if (options_.on_progress) options_.on_progress();
    if (static_cast<int64_t>(chunk.size()) < part_size) break;  // the last part
  }
  if (status.ok()) {
    status = s3_.CompleteMultipartUpload(location_.bucket, key, upload_id, parts).status();
  }
  if (!status.ok()) {
    (void)s3_.AbortMultipartUpload(location_.bucket, key, upload_id);  // best effort
    return status.WithContext("uploading checkpoint file " + path);
  }
  out.sha256 = hasher.FinishHex();
  return out;
}

Result<std::vector<CheckpointStore::Listed>> CheckpointStore::ListSeqs(bool check_complete) {
  const std::string base = JobStoreKey(location_, "");
  ListObjectsV2Request list;
  list.bucket = location_.bucket;
  list.prefix = base + "checkpoints/";
  list.delimiter = "/";
  std::vector<Listed> listed;
  while (true) {
    SPOTRUN_ASSIGN_OR_RETURN(ListObjectsV2Response page, s3_.ListObjectsV2(list));
    for (const std::string& prefix : page.common_prefixes) {
      std::optional<int64_t> seq = CheckpointSeqOfKey(std::string_view(prefix).substr(base.size()));
      if (seq) listed.push_back({*seq, false});
    }
    if (!page.is_truncated) break;
    list.continuation_token = page.next_continuation_token;
  }
  std::sort(listed.begin(), listed.end(),
            [](const Listed& a, const Listed& b) { return a.seq > b.seq; });
  if (!check_complete) return listed;
  for (Listed& entry : listed) {
    Result<HeadObjectResponse> head =
        s3_.HeadObject(location_.bucket, JobStoreKey(location_, CheckpointManifestKey(entry.seq)));
    if (!head.ok() && head.status().kind() != ErrorKind::kNotFound) return head.status();
    entry.complete = head.ok();
  }
  return listed;
}

Result<std::vector<CheckpointManifest>> CheckpointStore::ListComplete() {
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<Listed> listed, ListSeqs(/*check_complete=*/false));
  std::vector<CheckpointManifest> manifests;
  for (const Listed& entry : listed) {
    Result<GetObjectResponse> got =
        s3_.GetObject({location_.bucket, JobStoreKey(location_, CheckpointManifestKey(entry.seq))});
    if (!got.ok() && got.status().kind() == ErrorKind::kNotFound) continue;  // incomplete
    if (!got.ok()) return got.status();
    Result<CheckpointManifest> manifest = CheckpointManifestFromJson(got->body);
    if (!manifest.ok() || manifest->seq != entry.seq) {
      LogWarning("checkpoint {}: unreadable manifest, skipped", entry.seq);
      continue;
    }
    manifests.push_back(std::move(manifest).value());
  }
  return manifests;
}

Result<std::optional<CheckpointManifest>> CheckpointStore::RestoreNewest(
    const fs::path& dir_in,
    const std::function<void(const CheckpointManifest&, const Status&)>& on_refused) {
  const fs::path dir = Normalized(dir_in);
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<Listed> listed, ListSeqs(/*check_complete=*/false));
  for (const Listed& entry : listed) {
    Result<GetObjectResponse> got =
        s3_.GetObject({location_.bucket, JobStoreKey(location_, CheckpointManifestKey(entry.seq))});
    if (!got.ok() && got.status().kind() == ErrorKind::kNotFound) continue;  // incomplete
    if (!got.ok()) return got.status();
    Result<CheckpointManifest> manifest = CheckpointManifestFromJson(got->body);
    Status status = manifest.status();
    if (status.ok() && manifest->seq != entry.seq) {
      status = Status::FailedPrecondition("its manifest names checkpoint " +
                                          std::to_string(manifest->seq));
    }
    if (!status.ok()) {
      CheckpointManifest unreadable;
      unreadable.seq = entry.seq;
      on_refused(unreadable, Refused(entry.seq, status.message()));
      continue;
    }
    SPOTRUN_ASSIGN_OR_RETURN(fs::path temp, MakeRestoreDir(dir));
    status = Restore(*manifest, temp);
    std::error_code ec;
    if (status.ok()) {
      fs::remove_all(dir, ec);
      if (::rename(temp.c_str(), dir.c_str()) == 0) return std::optional(*manifest);
      status = ErrnoStatus("cannot move the restored checkpoint to", dir);
    }
    fs::remove_all(temp, ec);
    if (status.kind() != ErrorKind::kFailedPrecondition) return status;
    on_refused(*manifest, status);
  }
  return std::optional<CheckpointManifest>();
}

Status CheckpointStore::Restore(const CheckpointManifest& manifest, const fs::path& to) {
  for (const CheckpointFile& file : manifest.files) {
    const fs::path target = to / fs::path(file.path);
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    if (ec) return Status::Internal("cannot create " + target.parent_path().string());
    if (!file.symlink.empty()) {
      if (::symlink(file.symlink.c_str(), target.c_str()) != 0) {
        return ErrnoStatus("cannot create symlink", target);
      }
      continue;
    }
    SPOTRUN_RETURN_IF_ERROR(DownloadFile(manifest.seq, file, target));
  }
  return Status::Ok();
}

Status CheckpointStore::DownloadFile(int64_t seq, const CheckpointFile& file, const fs::path& to) {
  Fd fd(::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
  if (fd.get() < 0) return ErrnoStatus("cannot create", to);
  GetObjectRequest get{
      location_.bucket, JobStoreKey(location_, CheckpointFileKey(seq, file.path)), {}};
  Sha256Hasher hasher;
  int64_t written = 0;
  do {
    // Small files in one GET; larger ones in ranges of part_size, never whole in memory.
    if (file.size > options_.part_size) {
      get.range = {written, std::min(written + options_.part_size, file.size) - 1};
    }
    Result<GetObjectResponse> got = s3_.GetObject(get);
    if (!got.ok()) {
      const Status& e = got.status();
      if (e.kind() == ErrorKind::kNotFound || e.code() == "InvalidRange") {
        return Refused(seq, file.path + " is missing or shorter than the manifest says");
      }
      return e.WithContext("downloading checkpoint file " + file.path);
    }
    if (got->size != file.size) {
      return Refused(seq, file.path + " is " + std::to_string(got->size) +
                              " bytes, the manifest says " + std::to_string(file.size));
    }
    hasher.Update(got->body);
    SPOTRUN_RETURN_IF_ERROR(WriteAll(fd.get(), got->body, to));
    written += static_cast<int64_t>(got->body.size());
    if (options_.on_progress) options_.on_progress();
    if (got->body.empty()) break;
  } while (written < file.size);
  if (written != file.size) return Refused(seq, file.path + " came back short");
  if (hasher.FinishHex() != file.sha256) {
    return Refused(seq, file.path + " does not match its SHA-256 (corrupt)");
  }
  return Status::Ok();
}

Status CheckpointStore::Prune(int keep) {
  if (keep < 1) {
    return Status::InvalidArgument("keep must be at least 1, not " + std::to_string(keep),
                                   "set checkpoint.keep to 1 or more");
  }
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<Listed> listed, ListSeqs(/*check_complete=*/true));
  std::vector<int64_t> kept;
  for (const Listed& entry : listed) {  // newest first
    if (entry.complete && static_cast<int>(kept.size()) < keep) kept.push_back(entry.seq);
  }
  if (kept.empty()) return Status::Ok();  // nothing complete: every upload may yet matter
  for (const Listed& entry : listed) {
    const bool is_kept = std::find(kept.begin(), kept.end(), entry.seq) != kept.end();
    if (!is_kept && (entry.complete || entry.seq < kept.back())) {
      SPOTRUN_RETURN_IF_ERROR(Delete(entry.seq));
    }
  }
  return Status::Ok();
}

Status CheckpointStore::Delete(int64_t seq) {
  const std::string manifest_key = JobStoreKey(location_, CheckpointManifestKey(seq));
  SPOTRUN_RETURN_IF_ERROR(s3_.DeleteObject(location_.bucket, manifest_key));
  ListObjectsV2Request list;
  list.bucket = location_.bucket;
  list.prefix = JobStoreKey(location_, CheckpointPrefix(seq));
  while (true) {
    SPOTRUN_ASSIGN_OR_RETURN(ListObjectsV2Response page, s3_.ListObjectsV2(list));
    for (const S3ObjectSummary& object : page.contents) {
      SPOTRUN_RETURN_IF_ERROR(s3_.DeleteObject(location_.bucket, object.key));
    }
    if (!page.is_truncated) break;
    list.continuation_token = page.next_continuation_token;
  }
  return Status::Ok();
}

}  // namespace spotrun
