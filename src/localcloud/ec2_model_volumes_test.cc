#include <gtest/gtest.h>

#include "base/file.h"
#include "localcloud/ec2_resources_test_fixture.h"

namespace spotrun {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kInstance = "i-0123456789abcdef0";
constexpr std::string_view kOtherZone = "i-0123456789abcdef1";

class VolumesTest : public Ec2ResourcesTest {
 protected:
  void SetUp() override {
    Ec2ResourcesTest::SetUp();
    StartWithInstances({MakeInstance(std::string(kInstance)),
                        MakeInstance(std::string(kOtherZone), "us-east-1b")});
    fs::create_directories(RootOf(kInstance));
  }
  std::string NewVolume(int size = 10, std::string zone = "us-east-1a") {
    Result<Volume> volume = model_->CreateVolume({.availability_zone = zone, .size = size});
    EXPECT_TRUE(volume.ok()) << volume.status().ToString();
    return volume.ok() ? volume->volume_id : "";
  }
  Volume Describe(const std::string& id) {
    return model_->DescribeVolumes({.volume_ids = {id}})->volumes.at(0);
  }
};

TEST_F(VolumesTest, CreateVolumeMakesADirectory) {
  Result<Volume> volume =
      model_->CreateVolume({.availability_zone = "us-east-1a",
                            .size = 20,
                            .volume_type = "gp3",
                            .tag_specifications = {{"volume", {{"Name", "data"}}}}});
  ASSERT_TRUE(volume.ok()) << volume.status().ToString();
  EXPECT_TRUE(volume->volume_id.starts_with("vol-"));
  EXPECT_EQ(volume->state, "available");
  EXPECT_EQ(volume->size, 20);
  EXPECT_EQ(volume->iops, 3000);
  EXPECT_EQ(volume->throughput, 125);
  EXPECT_TRUE(volume->encrypted);  // the request's default
  EXPECT_EQ(volume->tags, (std::vector<Tag>{{"Name", "data"}}));
  EXPECT_TRUE(fs::is_directory(DataDir() / "volumes" / volume->volume_id));
  Result<Volume> gp2 = model_->CreateVolume({.availability_zone = "us-east-1a", .size = 100});
  EXPECT_EQ(gp2->volume_type, "gp2");
  EXPECT_EQ(gp2->iops, 300);
}

TEST_F(VolumesTest, CreateVolumeValidation) {
  auto code = [&](CreateVolumeRequest r) { return CodeOf(model_->CreateVolume(r)); };
  EXPECT_EQ(code({.availability_zone = "us-east-1z", .size = 1}), "InvalidParameterValue");
  EXPECT_EQ(code({.availability_zone = "us-west-2a", .size = 1}), "InvalidParameterValue");
  EXPECT_EQ(code({.size = 1}), "MissingParameter");
  EXPECT_EQ(code({.availability_zone = "us-east-1a"}), "MissingParameter");
  EXPECT_EQ(code({.availability_zone = "us-east-1a", .size = 0}), "InvalidParameterValue");
  EXPECT_EQ(code({.availability_zone = "us-east-1a", .size = 16385}), "InvalidParameterValue");
  EXPECT_EQ(code({.availability_zone = "us-east-1a", .size = 16384}), "");
  EXPECT_EQ(code({.availability_zone = "us-east-1a", .size = 100, .volume_type = "st1"}),
            "InvalidParameterValue");
  EXPECT_EQ(code({.availability_zone = "us-east-1a", .size = 1, .volume_type = "ssd"}),
            "InvalidParameterValue");
  EXPECT_EQ(code({.availability_zone = "us-east-1a", .size = 10, .volume_type = "io1"}),
            "MissingParameter");
  EXPECT_EQ(
      code({.availability_zone = "us-east-1a", .size = 10, .volume_type = "io1", .iops = 1000}),
      "InvalidParameterValue");  // more than 50 IOPS per GiB
  EXPECT_EQ(
      code({.availability_zone = "us-east-1a", .size = 10, .volume_type = "io1", .iops = 500}), "");
  EXPECT_EQ(
      code({.availability_zone = "us-east-1a", .size = 10, .volume_type = "gp2", .iops = 500}),
      "InvalidParameterCombination");
  EXPECT_EQ(
      code({.availability_zone = "us-east-1a", .size = 10, .volume_type = "gp3", .iops = 2000}),
      "InvalidParameterValue");
  EXPECT_EQ(
      code(
          {.availability_zone = "us-east-1a", .size = 10, .volume_type = "gp2", .throughput = 200}),
      "InvalidParameterCombination");
  EXPECT_EQ(code({.availability_zone = "us-east-1a", .snapshot_id = "snap-12345678"}),
            "InvalidSnapshot.NotFound");
  EXPECT_EQ(code({.availability_zone = "us-east-1a", .size = 1, .dry_run = true}),
            "DryRunOperation");
}

TEST_F(VolumesTest, ClientTokenMakesCreateVolumeIdempotent) {
  CreateVolumeRequest request{.availability_zone = "us-east-1a", .size = 5, .client_token = "t1"};
  Result<Volume> first = model_->CreateVolume(request);
  Result<Volume> second = model_->CreateVolume(request);
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(first->volume_id, second->volume_id);
  EXPECT_EQ(model_->DescribeVolumes({})->volumes.size(), 1u);
  request.size = 6;
  EXPECT_EQ(CodeOf(model_->CreateVolume(request)), "IdempotentParameterMismatch");
}

TEST_F(VolumesTest, SnapshotCopiesTheVolumeAndRestoreCopiesItBack) {
  std::string volume = NewVolume(8);
  ASSERT_TRUE(WriteFileAtomic((DataDir() / "volumes" / volume / "data.txt").string(), "v1").ok());
  Result<Snapshot> snapshot =
      model_->CreateSnapshot({.volume_id = volume,
                              .description = "backup",
                              .tag_specifications = {{"snapshot", {{"k", "v"}}}}});
  ASSERT_TRUE(snapshot.ok()) << snapshot.status().ToString();
  EXPECT_EQ(snapshot->state, "pending");  // as CreateSnapshot answers on AWS
  EXPECT_EQ(snapshot->volume_size, 8);
  Snapshot described =
      model_->DescribeSnapshots({.snapshot_ids = {snapshot->snapshot_id}})->snapshots.at(0);
  EXPECT_EQ(described.state, "completed");
  EXPECT_EQ(described.progress, "100%");
  EXPECT_EQ(described.description, "backup");
  EXPECT_EQ(described.volume_id, volume);

  // The snapshot is frozen: later writes to the volume do not reach it.
  ASSERT_TRUE(WriteFileAtomic((DataDir() / "volumes" / volume / "data.txt").string(), "v2").ok());
  EXPECT_EQ(*ReadFile((DataDir() / "snapshots" / snapshot->snapshot_id / "data.txt").string()),
            "v1");

  Result<Volume> restored = model_->CreateVolume(
      {.availability_zone = "us-east-1b", .snapshot_id = snapshot->snapshot_id});
  ASSERT_TRUE(restored.ok()) << restored.status().ToString();
  EXPECT_EQ(restored->size, 8);
  EXPECT_EQ(restored->snapshot_id, snapshot->snapshot_id);
  EXPECT_EQ(*ReadFile((DataDir() / "volumes" / restored->volume_id / "data.txt").string()), "v1");
  EXPECT_EQ(
      CodeOf(model_->CreateVolume(
          {.availability_zone = "us-east-1a", .size = 4, .snapshot_id = snapshot->snapshot_id})),
      "InvalidParameterValue");
  EXPECT_EQ(model_->DescribeVolumes({.filters = {{"snapshot-id", {snapshot->snapshot_id}}}})
                ->volumes.size(),
            1u);
}

TEST_F(VolumesTest, AttachLinksTheVolumeInsideTheInstance) {
  std::string volume = NewVolume();
  Result<VolumeAttachment> attached = model_->AttachVolume(
      {.volume_id = volume, .instance_id = std::string(kInstance), .device = "/dev/sdf"});
  ASSERT_TRUE(attached.ok()) << attached.status().ToString();
  EXPECT_EQ(attached->state, "attaching");
  EXPECT_EQ(attached->device, "/dev/sdf");
  const fs::path link = RootOf(kInstance) / "mnt/volumes/sdf";
  ASSERT_TRUE(fs::is_symlink(link));
  EXPECT_EQ(fs::read_symlink(link), DataDir() / "volumes" / volume);

  Volume v = Describe(volume);
  EXPECT_EQ(v.state, "in-use");
  ASSERT_EQ(v.attachments.size(), 1u);
  EXPECT_EQ(v.attachments[0].state, "attached");
  EXPECT_EQ(v.attachments[0].instance_id, kInstance);
  EXPECT_EQ(model_
                ->DescribeVolumes({.filters = {{"attachment.instance-id", {std::string(kInstance)}},
                                               {"attachment.status", {"attached"}}}})
                ->volumes.size(),
            1u);

  Result<VolumeAttachment> detached = model_->DetachVolume({.volume_id = volume});
  ASSERT_TRUE(detached.ok()) << detached.status().ToString();
  EXPECT_EQ(detached->state, "detaching");
  EXPECT_FALSE(fs::exists(fs::symlink_status(link)));
  EXPECT_EQ(Describe(volume).state, "available");
  EXPECT_TRUE(fs::is_directory(DataDir() / "volumes" / volume));  // the data stays
}

TEST_F(VolumesTest, AttachAndDetachKeepTheInstancesBlockDeviceMappings) {
  // The device check reads the instance's block device mappings: a device is taken while a
  // volume is attached there and free again once it is detached.
  std::string first = NewVolume();
  std::string second = NewVolume();
  const std::string instance(kInstance);
  ASSERT_TRUE(
      model_->AttachVolume({.volume_id = first, .instance_id = instance, .device = "/dev/sdg"})
          .ok());
  EXPECT_EQ(CodeOf(model_->AttachVolume(
                {.volume_id = second, .instance_id = instance, .device = "/dev/sdg"})),
            "InvalidParameterValue");
  ASSERT_TRUE(model_->DetachVolume({.volume_id = first, .instance_id = instance}).ok());
  EXPECT_TRUE(
      model_->AttachVolume({.volume_id = second, .instance_id = instance, .device = "/dev/sdg"})
          .ok());
  EXPECT_EQ(fs::read_symlink(RootOf(kInstance) / "mnt/volumes/sdg"),
            DataDir() / "volumes" / second);
}

TEST_F(VolumesTest, AttachErrors) {
  std::string volume = NewVolume();
  const std::string instance(kInstance);
  auto attach = [&](std::string vol, std::string inst, std::string device) {
    return CodeOf(model_->AttachVolume({.volume_id = vol, .instance_id = inst, .device = device}));
  };
  EXPECT_EQ(attach(volume, std::string(kOtherZone), "/dev/sdf"), "InvalidVolume.ZoneMismatch");
  EXPECT_EQ(attach(volume, instance, "/dev/foo"), "InvalidParameterValue");
  EXPECT_EQ(attach(volume, instance, "/dev/sda1"), "InvalidParameterValue");  // the root
  EXPECT_EQ(attach("vol-12345678", instance, "/dev/sdf"), "InvalidVolume.NotFound");
  EXPECT_EQ(attach(volume, "i-12345678", "/dev/sdf"), "InvalidInstanceID.NotFound");
  EXPECT_EQ(
      CodeOf(model_->AttachVolume(
          {.volume_id = volume, .instance_id = instance, .device = "/dev/sdf", .dry_run = true})),
      "DryRunOperation");
  EXPECT_EQ(Describe(volume).state, "available");
  EXPECT_EQ(attach(volume, instance, "/dev/sdf"), "");
  EXPECT_EQ(attach(volume, instance, "/dev/sdh"), "VolumeInUse");
  std::string second = NewVolume();
  Result<VolumeAttachment> taken =
      model_->AttachVolume({.volume_id = second, .instance_id = instance, .device = "/dev/sdf"});
  EXPECT_EQ(CodeOf(taken), "InvalidParameterValue");
  EXPECT_NE(taken.status().message().find("already in use"), std::string::npos);
  EXPECT_EQ(CodeOf(model_->DeleteVolume({.volume_id = volume})), "VolumeInUse");
  EXPECT_EQ(CodeOf(model_->DetachVolume({.volume_id = second})), "IncorrectState");
  EXPECT_EQ(
      CodeOf(model_->DetachVolume({.volume_id = volume, .instance_id = std::string(kOtherZone)})),
      "InvalidAttachment.NotFound");
}

TEST_F(VolumesTest, DeleteVolumeRemovesItsDirectory) {
  std::string volume = NewVolume();
  EXPECT_EQ(CodeOf(model_->DeleteVolume({.volume_id = volume, .dry_run = true})),
            "DryRunOperation");
  ASSERT_TRUE(model_->DeleteVolume({.volume_id = volume}).ok());
  EXPECT_FALSE(fs::exists(DataDir() / "volumes" / volume));
  EXPECT_EQ(CodeOf(model_->DeleteVolume({.volume_id = volume})), "InvalidVolume.NotFound");
  EXPECT_EQ(CodeOf(model_->DeleteVolume({.volume_id = "nope"})), "InvalidVolumeID.Malformed");
}

TEST_F(VolumesTest, DescribeVolumesFiltersAndPages) {
  for (int i = 1; i <= 7; ++i) NewVolume(i, i % 2 ? "us-east-1a" : "us-east-1b");
  EXPECT_EQ(
      model_->DescribeVolumes({.filters = {{"availability-zone", {"us-east-1a"}}}})->volumes.size(),
      4u);
  EXPECT_EQ(model_->DescribeVolumes({.filters = {{"size", {"1", "2"}}}})->volumes.size(), 2u);
  EXPECT_EQ(
      model_->DescribeVolumes({.filters = {{"status", {"available"}}, {"volume-type", {"gp2"}}}})
          ->volumes.size(),
      7u);
  EXPECT_EQ(CodeOf(model_->DescribeVolumes({.filters = {{"colour", {"x"}}}})),
            "InvalidParameterValue");
  Result<DescribeVolumesResponse> first = model_->DescribeVolumes({.max_results = 5});
  ASSERT_EQ(first->volumes.size(), 5u);
  Result<DescribeVolumesResponse> second =
      model_->DescribeVolumes({.max_results = 5, .next_token = first->next_token});
  ASSERT_EQ(second->volumes.size(), 2u);
  EXPECT_TRUE(second->next_token.empty());
  EXPECT_LT(first->volumes.back().volume_id, second->volumes.front().volume_id);
  EXPECT_EQ(CodeOf(model_->DescribeVolumes({.max_results = 501})), "InvalidParameterValue");
  EXPECT_EQ(CodeOf(model_->DescribeVolumes({.volume_ids = {"vol-12345678"}})),
            "InvalidVolume.NotFound");
}

TEST_F(VolumesTest, SnapshotsDescribeDeleteAndErrors) {
  std::string volume = NewVolume();
  std::string a = model_->CreateSnapshot({.volume_id = volume})->snapshot_id;
  std::string b = model_->CreateSnapshot({.volume_id = volume, .description = "two"})->snapshot_id;
  EXPECT_EQ(model_->DescribeSnapshots({.owner_ids = {"self"}})->snapshots.size(), 2u);
  EXPECT_EQ(model_->DescribeSnapshots({.owner_ids = {"123456789012"}})->snapshots.size(), 0u);
  EXPECT_EQ(model_->DescribeSnapshots({.filters = {{"description", {"two"}}}})->snapshots.size(),
            1u);
  EXPECT_EQ(
      model_->DescribeSnapshots({.filters = {{"volume-id", {volume}}, {"status", {"completed"}}}})
          ->snapshots.size(),
      2u);
  EXPECT_EQ(CodeOf(model_->CreateSnapshot({.volume_id = "vol-12345678"})),
            "InvalidVolume.NotFound");
  EXPECT_EQ(CodeOf(model_->CreateSnapshot({.volume_id = volume, .dry_run = true})),
            "DryRunOperation");
  EXPECT_EQ(CodeOf(model_->DescribeSnapshots({.snapshot_ids = {"snap-12345678"}})),
            "InvalidSnapshot.NotFound");
  ASSERT_TRUE(model_->DeleteSnapshot({.snapshot_id = a}).ok());
  EXPECT_FALSE(fs::exists(DataDir() / "snapshots" / a));
  EXPECT_EQ(CodeOf(model_->DeleteSnapshot({.snapshot_id = a})), "InvalidSnapshot.NotFound");
  EXPECT_EQ(model_->DescribeSnapshots({})->snapshots.at(0).snapshot_id, b);
}

TEST_F(VolumesTest, VolumesOfATerminatedInstanceBecomeAvailable) {
  Ec2State state;
  InstanceRecord gone = MakeInstance(std::string(kInstance), "us-east-1a", "terminated");
  state.instances.emplace(gone.instance.instance_id, gone);
  VolumeRecord volume;
  volume.volume = {.volume_id = "vol-00000000000000001",
                   .size = 1,
                   .volume_type = "gp2",
                   .state = "in-use",
                   .availability_zone = "us-east-1a"};
  volume.volume.attachments.push_back(
      {"vol-00000000000000001", std::string(kInstance), "/dev/sdf", "attached", {}, false});
  state.volumes.emplace(volume.volume.volume_id, volume);
  Start(std::move(state));
  Volume v = Describe("vol-00000000000000001");
  EXPECT_EQ(v.state, "available");
  EXPECT_TRUE(v.attachments.empty());
}

}  // namespace
}  // namespace spotrun
