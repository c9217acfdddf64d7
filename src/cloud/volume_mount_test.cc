// The device choice, mount-directory checks and the mount scripts. The scripts' local-cloud
// ("directory") world runs here for real with /bin/sh on a fake instance root; the block
// world needs a real EBS device and is checked for its shape only.
#include "cloud/volume_mount.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "base/file.h"
#include "base/subprocess.h"
#include "base/temp_dir.h"

namespace spotrun {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

TEST(NextFreeDeviceTest, SkipsTheRootAndAttachedDevicesInBothNamings) {
  Instance instance;
  instance.root_device_name = "/dev/sda1";
  EXPECT_EQ(*NextFreeDevice(instance), "/dev/sdf");
  instance.block_device_mappings = {{.device_name = "/dev/sdf"}, {.device_name = "/dev/xvdg"}};
  EXPECT_EQ(*NextFreeDevice(instance), "/dev/sdh");
  instance.block_device_mappings.clear();
  for (char c = 'f'; c <= 'p'; ++c) {
    instance.block_device_mappings.push_back({.device_name = std::string("/dev/sd") + c});
  }
  Result<std::string> none = NextFreeDevice(instance);
  EXPECT_EQ(none.status().kind(), ErrorKind::kFailedPrecondition);
  EXPECT_THAT(none.status().hint(), HasSubstr("volume detach"));
}

TEST(MountDirTest, DefaultIsUnderDataAndOnlyPlainAbsolutePathsPass) {
  EXPECT_EQ(DefaultMountDir("work", "vol-1"), "/data/work");
  EXPECT_EQ(DefaultMountDir("", "vol-1"), "/data/vol-1");
  EXPECT_TRUE(CheckMountDir("/data/work").ok());
  EXPECT_TRUE(CheckMountDir("/srv/my_data-2").ok());
  for (const char* bad : {"data", "/", "/data/../etc", "/a b", "/x'y", "/data/"}) {
    EXPECT_FALSE(CheckMountDir(bad).ok()) << bad;
  }
}

TEST(MountReportTest, ParsesTheLastLine) {
  std::optional<MountReport> r = ParseMountReport("noise\nspotrun-mount: block yes /data/work\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->world, "block");
  EXPECT_TRUE(r->formatted);
  EXPECT_EQ(r->path, "/data/work");
  EXPECT_FALSE(ParseMountReport("nothing"));
}

TEST(MountScriptTest, BothScriptsAreValidShell) {
  for (const std::string& script :
       {MountScript("vol-0123456789abcdef0", "/dev/sdf", "/data/w"),
        UnmountScript("vol-0123456789abcdef0", "/dev/sdf", "/data/w")}) {
    SubprocessOptions check;
    check.argv = {"sh", "-n"};
    check.stdin_data = script;
    Result<SubprocessResult> r = RunSubprocess(check);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->exit_code, 0) << r->stderr_text;
  }
}

TEST(MountScriptTest, BlockWorldFormatsOnlyAnEmptyDeviceAndMountsWithNofail) {
  std::string script = MountScript("vol-0123456789abcdef0", "/dev/sdf", "/data/w");
  EXPECT_THAT(script, HasSubstr("Amazon_Elastic_Block_Store_\"$vol_key\""));
  EXPECT_THAT(script, HasSubstr("vol_key='vol0123456789abcdef0'"));
  EXPECT_THAT(script, HasSubstr("blkid -o value -s TYPE"));
  EXPECT_THAT(script, HasSubstr("mkfs.ext4"));
  EXPECT_THAT(script, HasSubstr("defaults,nofail"));
}

// A fake local-cloud instance: ROOT/home/root is the session's home and the attached volume
// is ROOT/mnt/volumes/sdf, a link to the volume's directory elsewhere.
class DirectoryWorldTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = temp_.path() / "instance";
    volume_ = temp_.path() / "volumes" / "vol-1";
    fs::create_directories(root_ / "home" / "root");
    fs::create_directories(root_ / "mnt" / "volumes");
    fs::create_directories(volume_);
    fs::create_directory_symlink(volume_, root_ / "mnt" / "volumes" / "sdf");
  }
  SubprocessResult Run(const std::string& script) {
    SubprocessOptions run;
    run.argv = {"sh", "-s"};
    run.stdin_data = script;
    run.env["HOME"] = (root_ / "home" / "root").string();
    Result<SubprocessResult> r = RunSubprocess(run);
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : SubprocessResult{};
  }

  ScopedTempDir temp_ = ScopedTempDir::Create("volume-mount").value();
  fs::path root_, volume_;
};

TEST_F(DirectoryWorldTest, FirstAttachMarksTheVolumeAndLinksTheMountPoint) {
  SubprocessResult r = Run(MountScript("vol-1", "/dev/sdf", "/data/work"));
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  std::optional<MountReport> report = ParseMountReport(r.stdout_text);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->world, "directory");
  EXPECT_TRUE(report->formatted);
  EXPECT_EQ(report->path, (root_ / "data" / "work").string());
  EXPECT_TRUE(fs::exists(volume_ / std::string(kVolumeMarkerFile)));
  ASSERT_TRUE(WriteFileAtomic((root_ / "data" / "work" / "hello.txt").string(), "hi").ok());
  EXPECT_TRUE(fs::exists(volume_ / "hello.txt"));
}

TEST_F(DirectoryWorldTest, ARestoredVolumeIsOnlyLinkedAndUnmountRemovesTheLink) {
  ASSERT_TRUE(WriteFileAtomic((volume_ / std::string(kVolumeMarkerFile)).string(), "vol-1").ok());
  ASSERT_TRUE(WriteFileAtomic((volume_ / "kept.txt").string(), "data").ok());
  SubprocessResult r = Run(MountScript("vol-1", "/dev/sdf", "/srv/x"));
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  EXPECT_FALSE(ParseMountReport(r.stdout_text)->formatted);
  EXPECT_TRUE(fs::exists(root_ / "srv" / "x" / "kept.txt"));
  SubprocessResult u = Run(UnmountScript("vol-1", "/dev/sdf", "/srv/x"));
  ASSERT_EQ(u.exit_code, 0) << u.stderr_text;
  EXPECT_FALSE(fs::exists(fs::symlink_status(root_ / "srv" / "x")));
  EXPECT_TRUE(fs::exists(volume_ / "kept.txt"));
}

TEST_F(DirectoryWorldTest, RefusesToHideANonEmptyDirectory) {
  fs::create_directories(root_ / "data" / "work");
  ASSERT_TRUE(WriteFileAtomic((root_ / "data" / "work" / "mine").string(), "x").ok());
  SubprocessResult r = Run(MountScript("vol-1", "/dev/sdf", "/data/work"));
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_THAT(r.stderr_text, HasSubstr("not empty"));
}

TEST(MountScriptTest, AMissingDeviceFailsAfterWaiting) {
  // Shortened: no volume anywhere and a HOME whose root is "/" (not a local cloud).
  std::string script = MountScript("vol-1", "/dev/sdf", "/data/w");
  size_t at = script.find("-ge 90");
  ASSERT_NE(at, std::string::npos);
  script.replace(at, 6, "-ge 1");
  SubprocessOptions run;
  run.argv = {"sh", "-s"};
  run.stdin_data = script;
  run.env["HOME"] = "/home/nobody";
  Result<SubprocessResult> r = RunSubprocess(run);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->exit_code, 3);
  EXPECT_THAT(r->stderr_text, HasSubstr("did not appear"));
}

}  // namespace
}  // namespace spotrun
