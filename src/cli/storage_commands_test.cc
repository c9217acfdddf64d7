// End-to-end tests of freeze, images/image, volume and snapshot: the real binary against an
// in-process local cloud whose instances run a real sshd. Machines are launched through the
// model with the SshIdentity's key pair, so these tests do not depend on `spotrun launch`.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "base/file.h"
#include "cli/local_cloud_session.h"
#include "cloud/managed_tags.h"
#include "cloud/ssh_identity.h"
#include "cloud/volume_mount.h"

namespace spotrun {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

class StorageCommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<SshIdentity> identity = ResolveSshIdentity(
        {.home = session_.home(), .config_dir = session_.home() + "/.config/spotrun"});
    ASSERT_TRUE(identity.ok()) << identity.status().ToString();
    key_name_ = identity->key_pair_name;
    ASSERT_TRUE(
        session_.ec2()
            .ImportKeyPair({.key_name = key_name_, .public_key_material = identity->public_key})
            .ok());
    Result<std::vector<Image>> ubuntu = session_.ec2().DescribeImages(
        {.owners = {"099720109477"}, .filters = {{"architecture", {"x86_64"}}}});
    ASSERT_TRUE(ubuntu.ok() && !ubuntu->empty());
    ubuntu_ = ubuntu->front().image_id;
  }

  // Launches a managed machine and waits until it runs.
  std::string Launch(const std::string& name, std::string image = "",
                     std::string zone = "us-east-1a") {
    RunInstancesRequest request{.image_id = image.empty() ? ubuntu_ : image,
                                .instance_type = "t3.micro",
                                .key_name = key_name_,
                                .availability_zone = zone};
    request.tag_specifications = {{.resource_type = "instance", .tags = ManagedTags(name)}};
    Result<Reservation> r = session_.ec2().RunInstances(request);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (!r.ok()) return "";
    std::string id = r->instances.front().instance_id;
    EXPECT_TRUE(testing::LocalCloudSession::WaitFor(
        [&] { return session_.Describe(id).state.name == "running"; }));
    return id;
  }

  fs::path State() { return session_.cloud().options().state_dir; }
  fs::path RootOf(const std::string& id) { return State() / "instances" / id; }
  fs::path VolumeDir(const std::string& id) { return State() / "data" / "volumes" / id; }

  SubprocessResult Ok(const std::vector<std::string>& args) {
    SubprocessResult r = session_.Run(args);
    EXPECT_EQ(r.exit_code, 0) << fmt::format("{}", fmt::join(args, " ")) << "\n" << r.stderr_text;
    return r;
  }
  Volume VolumeNamed(const std::string& name) {
    Result<DescribeVolumesResponse> r =
        session_.ec2().DescribeVolumes({.filters = {{"tag:Name", {name}}}});
    if (!r.ok() || r->volumes.empty()) return {};
    return r->volumes.front();
  }

  testing::LocalCloudSession session_;
  std::string key_name_, ubuntu_;
};

TEST_F(StorageCommandsTest, FreezeMakesATaggedImageThatLaunchesWithTheRootsFiles) {
  std::string box = Launch("box");
  ASSERT_TRUE(WriteFileAtomic((RootOf(box) / "home" / "root" / "model.bin").string(), "w").ok());
  SubprocessResult r = Ok({"freeze", "box", "box-base"});
  EXPECT_THAT(r.stdout_text, HasSubstr("box-base ami-"));
  EXPECT_THAT(r.stderr_text, HasSubstr("available"));

  Result<std::vector<Image>> images =
      session_.ec2().DescribeImages({.owners = {"self"}, .filters = {{"name", {"box-base"}}}});
  ASSERT_TRUE(images.ok() && images->size() == 1u);
  const Image& image = images->front();
  EXPECT_EQ(image.state, "available");
  EXPECT_EQ(FindTag(image.tags, kManagedTag), "true");
  EXPECT_EQ(FindTag(image.tags, kMachineTag), "box");
  std::string snapshot = *image.block_device_mappings.front().ebs->snapshot_id;
  Result<DescribeSnapshotsResponse> snap =
      session_.ec2().DescribeSnapshots({.snapshot_ids = {snapshot}});
  ASSERT_TRUE(snap.ok());
  EXPECT_EQ(FindTag(snap->snapshots.front().tags, kMachineTag), "box");

  std::string copy = Launch("copy", image.image_id);
  EXPECT_TRUE(fs::exists(RootOf(copy) / "home" / "root" / "model.bin"));

  SubprocessResult again = session_.Run({"freeze", "box", "box-base"});
  EXPECT_NE(again.exit_code, 0);
  EXPECT_THAT(again.stderr_text, HasSubstr("already have an image named \"box-base\""));
  EXPECT_THAT(again.stderr_text, HasSubstr("spotrun image rm box-base"));
}

TEST_F(StorageCommandsTest, FreezeNamesTheImageAfterTheMachineAndTheTime) {
  Launch("trainer");
  SubprocessResult r = Ok({"-o", "json", "freeze", "trainer", "--no-reboot"});
  nlohmann::json j = nlohmann::json::parse(r.stdout_text);
  EXPECT_THAT(j["name"].get<std::string>(), ::testing::MatchesRegex("trainer-[0-9]{8}-[0-9]{4}"));
  EXPECT_EQ(j["machine"], "trainer");
  SubprocessResult unknown = session_.Run({"freeze", "trainr"});
  EXPECT_EQ(unknown.exit_code, 3);
  EXPECT_THAT(unknown.stderr_text, HasSubstr("did you mean trainer"));
}

TEST_F(StorageCommandsTest, ImagesListsOwnImagesAndImageShowsUbuntuOrOne) {
  EXPECT_THAT(Ok({"images"}).stdout_text, HasSubstr("no images of your own"));
  Launch("box");
  Ok({"freeze", "box", "box-base"});
  SubprocessResult list = Ok({"images"});
  EXPECT_THAT(list.stdout_text, HasSubstr("MACHINE"));
  EXPECT_THAT(list.stdout_text, HasSubstr("box-base"));
  nlohmann::json j = nlohmann::json::parse(Ok({"-o", "json", "images"}).stdout_text);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["name"], "box-base");
  EXPECT_EQ(j[0]["machine"], "box");
  EXPECT_EQ(j[0]["state"], "available");

  nlohmann::json ubuntu = nlohmann::json::parse(Ok({"-o", "json", "image", "ubuntu"}).stdout_text);
  ASSERT_EQ(ubuntu.size(), 2u);
  EXPECT_EQ(ubuntu[0]["architecture"], "x86_64");
  EXPECT_EQ(ubuntu[1]["architecture"], "arm64");
  EXPECT_THAT(ubuntu[0]["name"].get<std::string>(), HasSubstr("24.04"));
  EXPECT_THAT(Ok({"image", "box-base"}).stdout_text, HasSubstr("box-base"));
  std::string id = j[0]["image_id"];
  EXPECT_THAT(Ok({"image", id}).stdout_text, HasSubstr("box-base"));

  SubprocessResult unknown = session_.Run({"image", "box-bsae"});
  EXPECT_EQ(unknown.exit_code, 3);
  EXPECT_THAT(unknown.stderr_text, HasSubstr("did you mean box-base"));

  SubprocessResult unconfirmed = session_.Run({"image", "rm", "box-base"});
  EXPECT_NE(unconfirmed.exit_code, 0);
  EXPECT_THAT(unconfirmed.stderr_text, HasSubstr("-y"));
  SubprocessResult rm = Ok({"-y", "images", "rm", "box-base"});
  EXPECT_THAT(rm.stdout_text, HasSubstr("removed image box-base"));
  EXPECT_THAT(rm.stdout_text, HasSubstr("snap-"));
  EXPECT_TRUE(session_.ec2().DescribeImages({.owners = {"self"}})->empty());
  EXPECT_TRUE(session_.ec2().DescribeSnapshots({.owner_ids = {"self"}})->snapshots.empty());
}

TEST_F(StorageCommandsTest, VolumeIsFormattedOnceMountedAndMovesBetweenMachines) {
  std::string first = Launch("first");
  std::string second = Launch("second");
  SubprocessResult created = Ok({"volume", "create", "work", "--size", "10", "--for", "first"});
  EXPECT_THAT(created.stdout_text, HasSubstr("work vol-"));
  Volume volume = VolumeNamed("work");
  ASSERT_FALSE(volume.volume_id.empty());
  EXPECT_EQ(FindTag(volume.tags, kManagedTag), "true");
  EXPECT_EQ(FindTag(volume.tags, kMachineTag), "first");
  EXPECT_EQ(volume.availability_zone, "us-east-1a");

  SubprocessResult attached = Ok({"volume", "attach", "work", "first"});
  EXPECT_THAT(attached.stdout_text, HasSubstr("attached to first at /dev/sdf"));
  EXPECT_THAT(attached.stdout_text, HasSubstr("(new: formatted)"));
  EXPECT_THAT(attached.stdout_text, HasSubstr((RootOf(first) / "data" / "work").string()));
  // A file written through the mount path is in the volume.
  ASSERT_TRUE(
      WriteFileAtomic((RootOf(first) / "data" / "work" / "results.csv").string(), "1,2").ok());
  EXPECT_TRUE(fs::exists(VolumeDir(volume.volume_id) / "results.csv"));
  EXPECT_TRUE(fs::exists(VolumeDir(volume.volume_id) / std::string(kVolumeMarkerFile)));

  SubprocessResult ls = Ok({"-o", "json", "volume", "ls"});
  nlohmann::json j = nlohmann::json::parse(ls.stdout_text);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["name"], "work");
  EXPECT_EQ(j[0]["machine"], "first");
  EXPECT_EQ(j[0]["device"], "/dev/sdf");
  EXPECT_EQ(j[0]["state"], "in-use");
  EXPECT_EQ(j[0]["size_gib"], 10);

  SubprocessResult busy = session_.Run({"-y", "volume", "rm", "work"});
  EXPECT_NE(busy.exit_code, 0);
  EXPECT_THAT(busy.stderr_text, HasSubstr("in use"));
  EXPECT_THAT(busy.stderr_text, HasSubstr("spotrun volume detach work"));

  Ok({"volume", "detach", "work"});
  EXPECT_FALSE(fs::exists(fs::symlink_status(RootOf(first) / "data" / "work")));
  EXPECT_EQ(VolumeNamed("work").state, "available");

  SubprocessResult moved = Ok({"volume", "attach", "work", "second", "--mount", "/srv/w"});
  EXPECT_THAT(moved.stdout_text, Not(HasSubstr("formatted")));
  EXPECT_EQ(ReadFile((RootOf(second) / "srv" / "w" / "results.csv").string()).value_or(""), "1,2");
  Ok({"volume", "detach", "work"});
  SubprocessResult rm = Ok({"-y", "volume", "rm", "work"});
  EXPECT_THAT(rm.stdout_text, HasSubstr("removed volume work"));
  EXPECT_THAT(Ok({"volume", "ls"}).stdout_text, HasSubstr("no volumes"));
}

TEST_F(StorageCommandsTest, SnapshotRestoresAVolumesData) {
  std::string box = Launch("box");
  Ok({"volume", "create", "data", "--size", "5", "--zone", "us-east-1a"});
  Ok({"volume", "attach", "data", "box"});
  ASSERT_TRUE(WriteFileAtomic((RootOf(box) / "data" / "data" / "a.txt").string(), "A").ok());

  SubprocessResult made = Ok({"snapshot", "create", "data", "data-1"});
  EXPECT_THAT(made.stdout_text, HasSubstr("data-1 snap-"));
  EXPECT_THAT(made.stderr_text, HasSubstr("completed"));
  nlohmann::json j = nlohmann::json::parse(Ok({"-o", "json", "snapshot", "ls"}).stdout_text);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["name"], "data-1");
  EXPECT_EQ(j[0]["volume"], "data");
  EXPECT_EQ(j[0]["state"], "completed");

  Ok({"volume", "create", "copy", "--zone", "us-east-1b", "--snapshot", "data-1"});
  Volume copy = VolumeNamed("copy");
  EXPECT_EQ(copy.size, 5);
  EXPECT_EQ(copy.availability_zone, "us-east-1b");
  EXPECT_EQ(ReadFile((VolumeDir(copy.volume_id) / "a.txt").string()).value_or(""), "A");
  std::string other = Launch("other", "", "us-east-1b");
  SubprocessResult restored = Ok({"volume", "attach", "copy", "other"});
  EXPECT_THAT(restored.stdout_text, Not(HasSubstr("formatted")));
  EXPECT_TRUE(fs::exists(RootOf(other) / "data" / "copy" / "a.txt"));

  SubprocessResult wrong_zone = session_.Run({"volume", "attach", "data", "other"});
  EXPECT_NE(wrong_zone.exit_code, 0);

  Ok({"-y", "snapshot", "rm", "data-1"});
  EXPECT_THAT(Ok({"snapshot", "ls"}).stdout_text, HasSubstr("no snapshots"));
}

TEST_F(StorageCommandsTest, UnknownNamesAndMissingChoicesSayWhatToDo) {
  Ok({"volume", "create", "scratch", "--size", "1", "--zone", "us-east-1a"});
  SubprocessResult typo = session_.Run({"volume", "attach", "scrath", "nobody"});
  EXPECT_EQ(typo.exit_code, 3);
  EXPECT_THAT(typo.stderr_text, HasSubstr("did you mean scratch"));
  SubprocessResult snap = session_.Run({"snapshot", "rm", "nothing"});
  EXPECT_EQ(snap.exit_code, 3);
  EXPECT_THAT(snap.stderr_text, HasSubstr("spotrun snapshot ls"));
  SubprocessResult twice =
      session_.Run({"volume", "create", "scratch", "--size", "1", "--zone", "us-east-1a"});
  EXPECT_NE(twice.exit_code, 0);
  EXPECT_THAT(twice.stderr_text, HasSubstr("exists already"));
  SubprocessResult nowhere = session_.Run({"volume", "create", "x", "--size", "1"});
  EXPECT_NE(nowhere.exit_code, 0);
  EXPECT_THAT(nowhere.stderr_text, HasSubstr("--zone ZONE or --for MACHINE"));
  SubprocessResult detached = session_.Run({"volume", "detach", "scratch"});
  EXPECT_NE(detached.exit_code, 0);
  EXPECT_THAT(detached.stderr_text, HasSubstr("not attached"));
}

TEST_F(StorageCommandsTest, AttachNeedsARunningMachineAndRemovalTakesYesAfterTheCommand) {
  std::string box = Launch("box");
  ASSERT_TRUE(session_.ec2().StopInstances({.instance_ids = {box}}).ok());
  ASSERT_TRUE(testing::LocalCloudSession::WaitFor(
      [&] { return session_.Describe(box).state.name == "stopped"; }));
  Ok({"volume", "create", "cold", "--size", "1", "--for", "box"});
  SubprocessResult stopped = session_.Run({"volume", "attach", "cold", "box"});
  EXPECT_NE(stopped.exit_code, 0);
  EXPECT_THAT(stopped.stderr_text, HasSubstr("not running"));
  EXPECT_THAT(stopped.stderr_text, HasSubstr("spotrun start box"));
  EXPECT_EQ(VolumeNamed("cold").state, "available");  // nothing half-done
  Ok({"volume", "rm", "cold", "-y"});
  EXPECT_TRUE(VolumeNamed("cold").volume_id.empty());
}

}  // namespace
}  // namespace spotrun
