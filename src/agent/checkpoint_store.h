// CheckpointStore: a job's checkpoints in S3 (job_store_layout.h). Upload writes every file
// of a directory (multipart above a threshold, read from the file part by part, never whole),
// then the manifest — files, sizes, SHA-256 — last, so a checkpoint without a manifest is
// incomplete and never restored. RestoreNewest takes the newest complete checkpoint,
// verifies every file's size and SHA-256 and refuses one that does not match (trying the next
// older one); Prune keeps the newest N complete ones and removes incomplete ones older than
// them. Borrows the S3Api and Clock; not thread-safe.
//
// What a checkpoint holds: every regular file under the dir, hidden ones included (a job's
// ".state" is as much its checkpoint as anything). Symbolic links are kept as links (their
// target text, in the manifest only), never followed: a "latest -> step-900" link survives
// and a link to "/" does not upload the machine. Empty directories, sockets, FIFOs and devices
// are not kept (logged). File modes are not kept: restored files are 0644, dirs 0755. A dir
// with nothing to keep is an error, as is a file name that is not UTF-8.
#ifndef SPOTRUN_AGENT_CHECKPOINT_STORE_H_
#define SPOTRUN_AGENT_CHECKPOINT_STORE_H_

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "aws/s3_api.h"
#include "aws/s3_location.h"
#include "base/clock.h"
#include "base/result.h"
#include "base/status.h"

namespace spotrun {

struct CheckpointFile {
  std::string path;  // relative to the checkpoint dir, "/"-separated
  int64_t size = 0;
  std::string sha256;   // lowercase hex; empty for a symlink
  std::string symlink;  // non-empty: a symbolic link to this target (no object stored)
};

struct CheckpointManifest {
  int64_t seq = 0;
  int attempt = 0;
  TimePoint created{};
  std::vector<CheckpointFile> files;
  int64_t TotalBytes() const;
};

std::string CheckpointManifestToJson(const CheckpointManifest& manifest);
Result<CheckpointManifest> CheckpointManifestFromJson(std::string_view json);

class CheckpointStore {
 public:
  struct Options {
    int64_t multipart_threshold = 64 << 20;  // bytes; larger files go up in parts
    int64_t part_size = 16 << 20;            // also the size of each ranged GET on restore
    // Called after each file or part went up or came down (at most part_size apart), so a
    // long transfer can show it is alive (the agent's heartbeat). May be empty.
    std::function<void()> on_progress{};
  };
  CheckpointStore(S3Api& s3, S3Location job_location, Clock& clock, Options options);

  // Uploads `dir` as the next checkpoint (newest seq + 1). An empty or missing dir is an error.
  Result<CheckpointManifest> Upload(const std::filesystem::path& dir, int attempt);
  // Complete checkpoints, newest first.
  Result<std::vector<CheckpointManifest>> ListComplete();
  // Restores the newest complete checkpoint that verifies into `dir`, replacing what was
  // there; nullopt (and `dir` untouched) when there is none. Each checkpoint is downloaded
  // into a sibling temp dir and renamed into place only once every file verified, so a failed
  // restore never leaves a half dir (`dir` must therefore not be a mount point). Each refused
  // one is reported to `on_refused` with why; errors reaching S3 or writing the disk are
  // returned instead (they say nothing about the checkpoint).
  Result<std::optional<CheckpointManifest>> RestoreNewest(
      const std::filesystem::path& dir,
      const std::function<void(const CheckpointManifest&, const Status&)>& on_refused);
  // Keeps the newest `keep` (>= 1) complete checkpoints; removes older complete ones and
  // incomplete ones older than the oldest kept (a newer incomplete one may be uploading).
  // A manifest is deleted before its files, so a checkpoint never looks complete half-gone.
  Status Prune(int keep);

 private:
  struct Listed {
    int64_t seq = 0;
    bool complete = false;
  };
  Result<std::vector<Listed>> ListSeqs(bool check_complete);  // newest first
  Result<CheckpointFile> UploadFile(int64_t seq, const std::filesystem::path& file,
                                    const std::string& path);
  Status DownloadFile(int64_t seq, const CheckpointFile& file, const std::filesystem::path& to);
  Status Restore(const CheckpointManifest& manifest, const std::filesystem::path& to);
  Status Delete(int64_t seq);

  S3Api& s3_;
  S3Location location_;
  Clock& clock_;
  Options options_;
};

}  // namespace spotrun

#endif  // SPOTRUN_AGENT_CHECKPOINT_STORE_H_
