// Where a job keeps everything that must outlive its machines, under the job's S3 location
// (the job file's checkpoint.store + "/" + job id):
//   checkpoints/SEQ/files/PATH   a checkpoint's files (SEQ: 10 digits, 1-based, increasing)
//   checkpoints/SEQ/manifest.json written last: a checkpoint without one is incomplete
//   events/ATTEMPT/SEQ-KIND.json the agent's reports to the controller (ATTEMPT 4, SEQ 6 digits)
//   logs/attempt-ATTEMPT.log     the attempt's setup and run output, uploaded as it grows
//   heartbeats/attempt-ATTEMPT.json  the agent's latest heartbeat, overwritten in place every
//                                heartbeat_interval (one PUT each, never a growing list)
//   outputs/PATH                 the job's outputs, uploaded when the run succeeded
// Pure functions; thread-safe.
#ifndef SPOTRUN_AGENT_JOB_STORE_LAYOUT_H_
#define SPOTRUN_AGENT_JOB_STORE_LAYOUT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "aws/s3_location.h"

namespace spotrun {

std::string CheckpointPrefix(int64_t seq);  // "checkpoints/0000000007/"
std::string CheckpointFileKey(int64_t seq, std::string_view path);
std::string CheckpointManifestKey(int64_t seq);
std::optional<int64_t> CheckpointSeqOfKey(std::string_view relative_key);
std::string EventsPrefix(int attempt);  // "events/0003/"
std::string EventKey(int attempt, int seq, std::string_view kind);
std::string LogKey(int attempt);               // "logs/attempt-3.log"
std::string HeartbeatKey(int attempt);         // "heartbeats/attempt-3.json"
std::string OutputKey(std::string_view path);  // "outputs/PATH"
// The bucket key of `relative` (any key or key prefix above, kept byte for byte, trailing "/"
// included — S3Location::Key trims it) under the job's location.
std::string JobStoreKey(const S3Location& job, std::string_view relative);

}  // namespace spotrun

#endif  // SPOTRUN_AGENT_JOB_STORE_LAYOUT_H_
