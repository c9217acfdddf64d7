// CheckpointStore: a job's checkpoints in S3 (job_store_layout.h). Upload writes every file
// of a directory (multipart above a threshold), then the manifest — files, sizes, SHA-256 —
// last, so a checkpoint without a manifest is incomplete and never restored. Restore takes
// the newest complete checkpoint, verifies every file's size and SHA-256 and refuses one
// that does not match (trying the next older one); Prune keeps the newest N complete ones
// and removes incomplete ones older than them. Borrows the S3Api and Clock; not thread-safe.
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
  std::string sha256;  // lowercase hex
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
    int64_t part_size = 16 << 20;
  };
  CheckpointStore(S3Api& s3, S3Location job_location, Clock& clock, Options options);

  // Uploads `dir` as the next checkpoint (newest seq + 1). An empty or missing dir is an error.
  Result<CheckpointManifest> Upload(const std::filesystem::path& dir, int attempt);
  // Complete checkpoints, newest first.
  Result<std::vector<CheckpointManifest>> ListComplete();
  // Restores the newest complete checkpoint that verifies into `dir` (emptied first); nullopt
  // when there is none. Each refused one is reported to `on_refused` with why.
  Result<std::optional<CheckpointManifest>> RestoreNewest(
      const std::filesystem::path& dir,
      const std::function<void(const CheckpointManifest&, const Status&)>& on_refused);
  Status Prune(int keep);

 private:
  S3Api& s3_;
  S3Location location_;
  Clock& clock_;
  Options options_;
};

}  // namespace spotrun

#endif  // SPOTRUN_AGENT_CHECKPOINT_STORE_H_
