#include "agent/job_store_layout.h"

#include <gtest/gtest.h>

namespace spotrun {
namespace {

TEST(JobStoreLayoutTest, KeysAreZeroPaddedSoKeyOrderIsNumericOrder) {
  EXPECT_EQ(CheckpointPrefix(7), "checkpoints/0000000007/");
  EXPECT_EQ(CheckpointFileKey(7, "a/b.bin"), "checkpoints/0000000007/files/a/b.bin");
  EXPECT_EQ(CheckpointManifestKey(12), "checkpoints/0000000012/manifest.json");
  EXPECT_EQ(EventsPrefix(3), "events/0003/");
  EXPECT_EQ(EventKey(3, 42, "run-exited"), "events/0003/000042-run-exited.json");
  EXPECT_EQ(LogKey(3), "logs/attempt-3.log");
  EXPECT_EQ(HeartbeatKey(3), "heartbeats/attempt-3.json");
  EXPECT_EQ(OutputKey("results/x.csv"), "outputs/results/x.csv");
  EXPECT_LT(CheckpointPrefix(9), CheckpointPrefix(10));
}

TEST(JobStoreLayoutTest, CheckpointSeqOfKey) {
  EXPECT_EQ(CheckpointSeqOfKey("checkpoints/0000000007/"), 7);
  EXPECT_EQ(CheckpointSeqOfKey(CheckpointManifestKey(123)), 123);
  EXPECT_EQ(CheckpointSeqOfKey(CheckpointFileKey(5, "x")), 5);
  EXPECT_EQ(CheckpointSeqOfKey("checkpoints/0000000000/"), std::nullopt);
  EXPECT_EQ(CheckpointSeqOfKey("checkpoints/00000000x7/"), std::nullopt);
  EXPECT_EQ(CheckpointSeqOfKey("checkpoints/-000000007/"), std::nullopt);
  EXPECT_EQ(CheckpointSeqOfKey("checkpoints/7/"), std::nullopt);
  EXPECT_EQ(CheckpointSeqOfKey("checkpoints/0000000007"), std::nullopt);
  EXPECT_EQ(CheckpointSeqOfKey("events/0000000007/"), std::nullopt);
}

TEST(JobStoreLayoutTest, JobStoreKeyKeepsTrailingSlashesOfPrefixes) {
  S3Location job{"bucket", "jobs/j1"};
  EXPECT_EQ(JobStoreKey(job, EventsPrefix(1)), "jobs/j1/events/0001/");
  EXPECT_EQ(JobStoreKey(job, ""), "jobs/j1/");
  EXPECT_EQ(JobStoreKey(S3Location{"bucket", ""}, "checkpoints/"), "checkpoints/");
}

}  // namespace
}  // namespace spotrun
