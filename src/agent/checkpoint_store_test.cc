#include "agent/checkpoint_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <map>
#include <set>

#include "agent/job_store_layout.h"
#include "aws/crypto.h"
#include "base/file.h"
#include "base/temp_dir.h"
#include "testing/in_memory_s3.h"

namespace spotrun {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

void WriteTo(const fs::path& path, std::string_view content) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

// Every regular file and symlink under `dir`: relative path -> content or "-> target".
std::map<std::string, std::string> Snapshot(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    std::string rel = entry.path().lexically_relative(dir).generic_string();
    if (entry.is_symlink()) {
      out[rel] = "-> " + fs::read_symlink(entry.path()).string();
    } else if (entry.is_regular_file()) {
      out[rel] = *ReadFile(entry.path().string());
    }
  }
  return out;
}

struct Refusal {
  int64_t seq;
  Status status;
};

class CheckpointStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(s3_.CreateBucket("bucket").ok());
    src_ = tmp_.path() / "ckpt";
    dst_ = tmp_.path() / "restored" / "ckpt";
  }

  CheckpointStore Store(CheckpointStore::Options options = {}) {
    return CheckpointStore(s3_, S3Location{"bucket", "jobs/j1"}, clock_, options);
  }

  // Writes one step's state and uploads it; returns the manifest's seq.
  int64_t UploadStep(CheckpointStore& store, int step) {
    fs::remove_all(src_);
    WriteTo(src_ / "step.txt", std::to_string(step));
    WriteTo(src_ / "model" / "weights.bin", std::string(100 + step, 'w'));
    Result<CheckpointManifest> manifest = store.Upload(src_, 1);
    EXPECT_TRUE(manifest.ok()) << manifest.status().ToString();
    return manifest.ok() ? manifest->seq : 0;
  }

  Result<std::optional<CheckpointManifest>> Restore(CheckpointStore& store) {
    return store.RestoreNewest(dst_, [this](const CheckpointManifest& m, const Status& s) {
      refusals_.push_back({m.seq, s});
    });
  }

  std::string Key(int64_t seq, std::string_view path) {
    return "jobs/j1/" + CheckpointFileKey(seq, path);
  }

  FakeClock clock_;
  testing::InMemoryS3 s3_{clock_, testing::InMemoryS3::Options{.min_part_size = 7}};
  ScopedTempDir tmp_ = std::move(ScopedTempDir::Create("checkpoint_store_test")).value();
  fs::path src_, dst_;
  std::vector<Refusal> refusals_;
};

TEST_F(CheckpointStoreTest, RoundTripKeepsNestedDirsHiddenFilesAndSymlinks) {
  WriteTo(src_ / "step.txt", "42");
  WriteTo(src_ / ".hidden", "dot");
  WriteTo(src_ / "a" / "b" / "c" / "deep.bin", std::string("\0\x01\xff binary", 10));
  WriteTo(src_ / "a" / "empty", "");
  fs::create_symlink("a/b/c/deep.bin", src_ / "latest");
  fs::create_directories(src_ / "empty-dir");
  CheckpointStore store = Store();

  Result<CheckpointManifest> uploaded = store.Upload(src_, 2);
  ASSERT_TRUE(uploaded.ok()) << uploaded.status().ToString();
  EXPECT_EQ(uploaded->seq, 1);
  EXPECT_EQ(uploaded->attempt, 2);
  EXPECT_EQ(uploaded->created, clock_.Now());
  EXPECT_EQ(uploaded->TotalBytes(), 2 + 3 + 10);
  EXPECT_EQ(uploaded->files.size(), 5u);
  EXPECT_EQ(s3_.Keys("bucket").back(), "jobs/j1/checkpoints/0000000001/manifest.json");

  WriteTo(dst_ / "stale.txt", "from an older run");  // a restore replaces, never merges
  Result<std::optional<CheckpointManifest>> restored = Restore(store);
  ASSERT_TRUE(restored.ok()) << restored.status().ToString();
  ASSERT_TRUE(restored->has_value());
  EXPECT_EQ((*restored)->seq, 1);
  std::map<std::string, std::string> expected = Snapshot(src_);
  EXPECT_EQ(Snapshot(dst_), expected);
  EXPECT_EQ(expected.at("latest"), "-> a/b/c/deep.bin");
  EXPECT_FALSE(fs::exists(dst_ / "empty-dir"));  // empty directories are not kept
  EXPECT_TRUE(refusals_.empty());
  // No restore temp dir is left beside the checkpoint dir.
  EXPECT_EQ(std::distance(fs::directory_iterator(dst_.parent_path()), fs::directory_iterator()), 1);
}

TEST_F(CheckpointStoreTest, EmptyOrMissingDirIsAClearError) {
  CheckpointStore store = Store();
  Result<CheckpointManifest> missing = store.Upload(src_, 1);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().kind(), ErrorKind::kNotFound);
  EXPECT_THAT(missing.status().hint(), HasSubstr("SPOTRUN_CHECKPOINT_DIR"));

  fs::create_directories(src_ / "only" / "dirs");
  Result<CheckpointManifest> empty = store.Upload(src_, 1);
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().kind(), ErrorKind::kFailedPrecondition);
  EXPECT_THAT(empty.status().message(), HasSubstr("is empty"));
  EXPECT_EQ(s3_.put_object_calls(), 0);
}

TEST_F(CheckpointStoreTest, FileNameThatIsNotUtf8IsRefusedBeforeUploading) {
  WriteTo(src_ / "bad\xff.bin", "x");
  CheckpointStore store = Store();
  Result<CheckpointManifest> uploaded = store.Upload(src_, 1);
  ASSERT_FALSE(uploaded.ok());
  EXPECT_EQ(uploaded.status().kind(), ErrorKind::kInvalidArgument);
  EXPECT_EQ(s3_.put_object_calls(), 0);
}

TEST_F(CheckpointStoreTest, NothingToRestoreLeavesTheDirAlone) {
  WriteTo(dst_ / "mine.txt", "keep");
  CheckpointStore store = Store();
  Result<std::optional<CheckpointManifest>> restored = Restore(store);
  ASSERT_TRUE(restored.ok());
  EXPECT_FALSE(restored->has_value());
  EXPECT_EQ(Snapshot(dst_).at("mine.txt"), "keep");
}

TEST_F(CheckpointStoreTest, ListCompleteIsNewestFirst) {
  CheckpointStore store = Store();
  EXPECT_EQ(UploadStep(store, 1), 1);
  clock_.Advance(std::chrono::minutes(10));
  EXPECT_EQ(UploadStep(store, 2), 2);
  Result<std::vector<CheckpointManifest>> complete = store.ListComplete();
  ASSERT_TRUE(complete.ok());
  ASSERT_EQ(complete->size(), 2u);
  EXPECT_EQ((*complete)[0].seq, 2);
  EXPECT_EQ((*complete)[1].seq, 1);
  EXPECT_GT((*complete)[0].created, (*complete)[1].created);
}

TEST_F(CheckpointStoreTest, HalfWrittenCheckpointWithoutManifestIsNeverRestored) {
  CheckpointStore store = Store();
  UploadStep(store, 1);
  // Step 2's two files land, its manifest (the third PutObject) does not.
  WriteTo(src_ / "step.txt", "2");
  s3_.FailPutObject(3, Status::Unavailable("connection reset"));
  ASSERT_FALSE(store.Upload(src_, 1).ok());
  EXPECT_TRUE(s3_.Body("bucket", Key(2, "step.txt")).has_value());

  Result<std::optional<CheckpointManifest>> restored = Restore(store);
  ASSERT_TRUE(restored.ok());
  ASSERT_TRUE(restored->has_value());
  EXPECT_EQ((*restored)->seq, 1);
  EXPECT_EQ(Snapshot(dst_).at("step.txt"), "1");
  EXPECT_TRUE(refusals_.empty());  // incomplete is not refused: it simply is not a checkpoint
  EXPECT_EQ(store.ListComplete()->size(), 1u);
  // The next upload never reuses the half-written seq.
  EXPECT_EQ(UploadStep(store, 3), 3);
}

TEST_F(CheckpointStoreTest, CorruptFileIsRefusedAndTheOlderOneRestored) {
  CheckpointStore store = Store();
  UploadStep(store, 1);
  UploadStep(store, 2);
  s3_.CorruptObject("bucket", Key(2, "model/weights.bin"));
  WriteTo(dst_ / "before.txt", "x");

  Result<std::optional<CheckpointManifest>> restored = Restore(store);
  ASSERT_TRUE(restored.ok()) << restored.status().ToString();
  ASSERT_TRUE(restored->has_value());
  EXPECT_EQ((*restored)->seq, 1);
  EXPECT_EQ(Snapshot(dst_), (std::map<std::string, std::string>{
                                {"model/weights.bin", std::string(101, 'w')}, {"step.txt", "1"}}));
  ASSERT_EQ(refusals_.size(), 1u);
  EXPECT_EQ(refusals_[0].seq, 2);
  EXPECT_EQ(refusals_[0].status.kind(), ErrorKind::kFailedPrecondition);
  EXPECT_THAT(refusals_[0].status.message(), HasSubstr("model/weights.bin"));
  EXPECT_THAT(refusals_[0].status.message(), HasSubstr("SHA-256"));
}

TEST_F(CheckpointStoreTest, TruncatedOrMissingFileIsRefused) {
  CheckpointStore store = Store();
  UploadStep(store, 1);
  UploadStep(store, 2);
  UploadStep(store, 3);
  s3_.TruncateObject("bucket", Key(3, "model/weights.bin"), 10);
  ASSERT_TRUE(s3_.DeleteObject("bucket", Key(2, "step.txt")).ok());

  Result<std::optional<CheckpointManifest>> restored = Restore(store);
  ASSERT_TRUE(restored.ok());
  ASSERT_TRUE(restored->has_value());
  EXPECT_EQ((*restored)->seq, 1);
  ASSERT_EQ(refusals_.size(), 2u);
  EXPECT_EQ(refusals_[0].seq, 3);
  EXPECT_THAT(refusals_[0].status.message(), HasSubstr("is 10 bytes, the manifest says 103"));
  EXPECT_EQ(refusals_[1].seq, 2);
  EXPECT_THAT(refusals_[1].status.message(), HasSubstr("step.txt is missing"));
}

TEST_F(CheckpointStoreTest, WhenEveryCheckpointIsRefusedTheDirIsUntouched) {
  CheckpointStore store = Store();
  UploadStep(store, 1);
  s3_.CorruptObject("bucket", Key(1, "step.txt"));
  WriteTo(dst_ / "mine.txt", "keep");

  Result<std::optional<CheckpointManifest>> restored = Restore(store);
  ASSERT_TRUE(restored.ok());
  EXPECT_FALSE(restored->has_value());
  EXPECT_EQ(refusals_.size(), 1u);
  EXPECT_EQ(Snapshot(dst_.parent_path()),
            (std::map<std::string, std::string>{{"ckpt/mine.txt", "keep"}}));
}

TEST_F(CheckpointStoreTest, ManifestWithAPathOutsideTheDirIsRefused) {
  CheckpointStore store = Store();
  UploadStep(store, 1);
  CheckpointManifest evil{2, 1, clock_.Now(), {{"../escape.txt", 1, Sha256Hex("x"), ""}}};
  ASSERT_TRUE(s3_.PutObject({"bucket", "jobs/j1/" + CheckpointManifestKey(2),
                             CheckpointManifestToJson(evil), ""})
                  .ok());
  Result<std::optional<CheckpointManifest>> restored = Restore(store);
  ASSERT_TRUE(restored.ok());
  EXPECT_EQ((*restored)->seq, 1);
  ASSERT_EQ(refusals_.size(), 1u);
  EXPECT_EQ(refusals_[0].seq, 2);
  EXPECT_THAT(refusals_[0].status.message(), HasSubstr("unsafe path"));
  EXPECT_FALSE(fs::exists(dst_.parent_path() / "escape.txt"));
}

TEST_F(CheckpointStoreTest, S3ErrorsAreReturnedNotTakenForRefusals) {
  CheckpointStore store(s3_, S3Location{"no-such-bucket", "j"}, clock_, {});
  Result<std::optional<CheckpointManifest>> restored = Restore(store);
  ASSERT_FALSE(restored.ok());
  EXPECT_EQ(restored.status().code(), "NoSuchBucket");
}

TEST_F(CheckpointStoreTest, LargeFilesGoUpInPartsAndComeBackInRanges) {
  CheckpointStore store = Store({.multipart_threshold = 10, .part_size = 7});
  std::string big;
  for (int i = 0; i < 30; ++i) big.push_back(static_cast<char>('a' + i % 26));
  WriteTo(src_ / "big.bin", big);                     // 7+7+7+7+2: five parts
  WriteTo(src_ / "exact.bin", std::string(21, 'e'));  // 7+7+7: three, no empty fourth
  WriteTo(src_ / "small.bin", "tiny");                // under the threshold: one PutObject
  Result<CheckpointManifest> uploaded = store.Upload(src_, 1);
  ASSERT_TRUE(uploaded.ok()) << uploaded.status().ToString();
  EXPECT_EQ(s3_.upload_part_calls(), 8);
  EXPECT_EQ(s3_.put_object_calls(), 2);  // small.bin and the manifest
  EXPECT_EQ(s3_.open_multipart_uploads(), 0);
  EXPECT_EQ(s3_.Body("bucket", Key(1, "big.bin")), big);
  EXPECT_EQ(uploaded->files[0].sha256, Sha256Hex(big));

  Result<std::optional<CheckpointManifest>> restored = Restore(store);
  ASSERT_TRUE(restored.ok()) << restored.status().ToString();
  ASSERT_TRUE(restored->has_value());
  EXPECT_EQ(Snapshot(dst_), Snapshot(src_));

  s3_.CorruptObject("bucket", Key(1, "big.bin"));  // caught across ranged reads too
  Result<std::optional<CheckpointManifest>> refused = Restore(store);
  ASSERT_TRUE(refused.ok());
  EXPECT_FALSE(refused->has_value());
  EXPECT_THAT(refusals_.at(0).status.message(), HasSubstr("big.bin does not match"));
}

// The agent heartbeats from on_progress: it must come after every part, up and down, so a
// long transfer never goes quiet for longer than one part takes.
TEST_F(CheckpointStoreTest, ProgressIsReportedAfterEveryFileAndPartBothWays) {
  int progress = 0;
  CheckpointStore store = Store(
      {.multipart_threshold = 10, .part_size = 7, .on_progress = [&progress] { ++progress; }});
  WriteTo(src_ / "big.bin", std::string(30, 'b'));    // five parts
  WriteTo(src_ / "exact.bin", std::string(21, 'e'));  // three parts
  WriteTo(src_ / "small.bin", "tiny");                // one PutObject
  ASSERT_TRUE(store.Upload(src_, 1).ok());
  EXPECT_EQ(progress, 9);
  progress = 0;
  Result<std::optional<CheckpointManifest>> restored = Restore(store);
  ASSERT_TRUE(restored.ok() && restored->has_value());
  EXPECT_EQ(progress, 9);  // 5 + 3 ranged GETs and one whole one
}

TEST_F(CheckpointStoreTest, PruneKeepsTheNewestCompleteAndSparesANewerUploadInProgress) {
  CheckpointStore store = Store();
  UploadStep(store, 1);
  WriteTo(src_ / "step.txt", "2");
  s3_.FailPutObject(3, Status::Unavailable("lost"));  // seq 2: files but no manifest
  ASSERT_FALSE(store.Upload(src_, 1).ok());
  UploadStep(store, 3);
  UploadStep(store, 4);
  UploadStep(store, 5);
  // seq 6 is being uploaded right now: one file there, no manifest yet.
  ASSERT_TRUE(s3_.PutObject({"bucket", Key(6, "step.txt"), "6", ""}).ok());

  ASSERT_TRUE(store.Prune(2).ok());
  std::set<int64_t> seqs;
  for (const std::string& key : s3_.Keys("bucket")) {
    seqs.insert(*CheckpointSeqOfKey(std::string_view(key).substr(8)));
  }
  EXPECT_THAT(seqs, ElementsAre(4, 5, 6));
  Result<std::vector<CheckpointManifest>> complete = store.ListComplete();
  ASSERT_TRUE(complete.ok());
  ASSERT_EQ(complete->size(), 2u);
  EXPECT_EQ((*complete)[0].seq, 5);

  EXPECT_EQ(store.Prune(0).kind(), ErrorKind::kInvalidArgument);
}

TEST_F(CheckpointStoreTest, PruneWithNothingCompleteDeletesNothing) {
  ASSERT_TRUE(s3_.PutObject({"bucket", Key(1, "step.txt"), "1", ""}).ok());
  CheckpointStore store = Store();
  ASSERT_TRUE(store.Prune(1).ok());
  EXPECT_EQ(s3_.Keys("bucket").size(), 1u);
}

TEST(CheckpointManifestTest, JsonRoundTrips) {
  CheckpointManifest manifest;
  manifest.seq = 12;
  manifest.attempt = 3;
  ASSERT_TRUE(ParseIso8601("2026-02-03T04:05:06.789Z", &manifest.created));
  manifest.files = {{"a/b.bin", 5, Sha256Hex("hello"), ""}, {"latest", 0, "", "a/b.bin"}};
  Result<CheckpointManifest> back = CheckpointManifestFromJson(CheckpointManifestToJson(manifest));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->seq, 12);
  EXPECT_EQ(back->attempt, 3);
  EXPECT_EQ(back->created, manifest.created);
  ASSERT_EQ(back->files.size(), 2u);
  EXPECT_EQ(back->files[0].path, "a/b.bin");
  EXPECT_EQ(back->files[0].size, 5);
  EXPECT_EQ(back->files[0].sha256, Sha256Hex("hello"));
  EXPECT_EQ(back->files[1].symlink, "a/b.bin");
}

TEST(CheckpointManifestTest, RefusesWhatCouldNotBeRestoredSafely) {
  auto with_files = [](std::string_view files) {
    return CheckpointManifestFromJson(
        std::string(R"({"seq":1,"attempt":1,"created":"2026-01-01T00:00:00Z","files":)") +
        std::string(files) + "}");
  };
  const std::string sha = "\"sha256\":\"" + Sha256Hex("") + "\"";
  EXPECT_TRUE(with_files("[{\"path\":\"a/b\",\"size\":0," + sha + "}]").ok());
  for (const char* path : {"/abs", "../up", "a/../b", "./a", "a//b", "a/", ""}) {
    EXPECT_FALSE(
        with_files("[{\"path\":\"" + std::string(path) + "\",\"size\":0," + sha + "}]").ok())
        << path;
  }
  EXPECT_FALSE(with_files(R"([{"path":"a","size":0,"sha256":"nothex"}])").ok());
  EXPECT_FALSE(with_files("[{\"path\":\"a\",\"size\":-1," + sha + "}]").ok());
  // A symlink "a" and a file "a/b": the file would be written through the link.
  EXPECT_FALSE(with_files("[{\"path\":\"a\",\"symlink\":\"/etc\"},{\"path\":\"a/b\",\"size\":0," +
                          sha + "}]")
                   .ok());
  EXPECT_FALSE(with_files("[{\"path\":\"a\",\"size\":0," + sha + "},{\"path\":\"a\",\"size\":0," +
                          sha + "}]")
                   .ok());
  EXPECT_FALSE(CheckpointManifestFromJson("{").ok());
}

}  // namespace
}  // namespace spotrun
