// FindGarbage / RemoveGarbage against the local cloud's EC2 model: only managed resources,
// only orphaned ones, images kept unless asked for.
#include "cloud/garbage.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cloud/managed_tags.h"
#include "localcloud/ec2_model_test_fixture.h"

namespace spotrun {
namespace {

using ::testing::HasSubstr;

class GarbageTest : public testing::Ec2ModelTest {
 protected:
  std::string LaunchNamed(const std::string& name, RunInstancesRequest request) {
    request.tag_specifications = {{.resource_type = "instance", .tags = ManagedTags(name)}};
    std::string id = Launch(request);
    Advance(std::chrono::seconds(5));
    return id;
  }
  // Spot requests move one status per evaluation, a second apart.
  void Evaluate() {
    for (int i = 0; i < 10; ++i) Advance(std::chrono::seconds(2));
  }
  std::string PersistentRequest(const std::string& name, bool managed = true) {
    RequestSpotInstancesRequest request;
    request.launch_specification = {
        .image_id = kImage, .instance_type = kType, .key_name = kKeyName};
    request.type = "persistent";
    std::vector<Tag> tags = ManagedTags(name, name);
    if (!managed) tags = {{"Name", name}};
    request.tag_specifications = {{.resource_type = "spot-instances-request", .tags = tags}};
    Result<std::vector<SpotInstanceRequest>> made = model_->RequestSpotInstances(request);
    EXPECT_TRUE(made.ok()) << made.status().ToString();
    return made.ok() ? made->at(0).spot_instance_request_id : "";
  }
  std::string NewVolume(const std::string& name, bool managed = true) {
    std::vector<Tag> tags = managed ? ManagedTags(name, name) : std::vector<Tag>{{"Name", name}};
    Result<Volume> v =
        model_->CreateVolume({.availability_zone = "us-east-1a",
                              .size = 100,
                              .volume_type = "gp3",
                              .tag_specifications = {{.resource_type = "volume", .tags = tags}}});
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    Advance(std::chrono::seconds(5));
    return v.ok() ? v->volume_id : "";
  }
  std::vector<GarbageItem> Find(GarbageOptions options = {}) {
    Result<std::vector<GarbageItem>> items = FindGarbage(*model_, options);
    EXPECT_TRUE(items.ok()) << items.status().ToString();
    return items.ok() ? *items : std::vector<GarbageItem>{};
  }
  const GarbageItem* ItemWithId(const std::vector<GarbageItem>& items, const std::string& id) {
    for (const GarbageItem& item : items) {
      if (item.id == id) return &item;
    }
    return nullptr;
  }
};

TEST_F(GarbageTest, NothingWhenEverythingIsInUse) {
  LaunchNamed("box", OnDemand());
  LaunchNamed("spotty", Spot("persistent", "stop"));
  EXPECT_TRUE(Find().empty());
}

TEST_F(GarbageTest, AnOpenPersistentRequestWithoutAMachineIsGarbageAndIsCancelled) {
  ASSERT_TRUE(model_->SetCapacity(kType, "us-east-1a", 0).ok());
  ASSERT_TRUE(model_->SetCapacity(kType, "us-east-1b", 0).ok());
  std::string sir = PersistentRequest("orphan");
  std::string theirs = PersistentRequest("theirs", /*managed=*/false);
  Advance(std::chrono::seconds(10));
  std::vector<GarbageItem> items = Find();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].kind, GarbageKind::kSpotRequest);
  EXPECT_EQ(items[0].id, sir);
  EXPECT_EQ(items[0].name, "orphan");
  EXPECT_THAT(items[0].reason, HasSubstr("without a machine"));
  ASSERT_TRUE(RemoveGarbage(*model_, items[0]).ok());
  EXPECT_EQ(SpotRequest(sir).state, "cancelled");
  EXPECT_EQ(SpotRequest(theirs).state, "open");
  EXPECT_TRUE(Find().empty());
}

TEST_F(GarbageTest, APersistentRequestsUnnamedReplacementIsTerminatedWithIt) {
  std::string sir = PersistentRequest("orphan");
  Evaluate();
  std::string first = SpotRequest(sir).instance_id;
  ASSERT_FALSE(first.empty());
  ASSERT_TRUE(model_->TerminateInstances({.instance_ids = {first}}).ok());
  Evaluate();
  std::string replacement = SpotRequest(sir).instance_id;
  std::vector<GarbageItem> items = Find();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].id, sir);
  if (!replacement.empty() && replacement != first) {
    EXPECT_THAT(items[0].related, ::testing::ElementsAre(replacement));
  }
  ASSERT_TRUE(RemoveGarbage(*model_, items[0]).ok());
  EXPECT_EQ(SpotRequest(sir).state, "cancelled");
  if (!replacement.empty() && replacement != first) {
    EXPECT_THAT(StateOf(replacement), ::testing::AnyOf("shutting-down", "terminated"));
  }
}

TEST_F(GarbageTest, UnattachedManagedVolumesWithTheirMonthlyCost) {
  std::string ours = NewVolume("scratch");
  NewVolume("theirs", /*managed=*/false);
  std::vector<GarbageItem> items = Find();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].kind, GarbageKind::kVolume);
  EXPECT_EQ(items[0].id, ours);
  EXPECT_EQ(items[0].billed_gib, 100);
  ASSERT_TRUE(RemoveGarbage(*model_, items[0]).ok());
  Advance(std::chrono::seconds(5));
  EXPECT_TRUE(Find().empty());
}

TEST_F(GarbageTest, AnAttachedVolumeIsNotGarbage) {
  std::string box = LaunchNamed("box", OnDemand());
  std::string vol = NewVolume("data");
  ASSERT_TRUE(
      model_->AttachVolume({.volume_id = vol, .instance_id = box, .device = "/dev/sdf"}).ok());
  Advance(std::chrono::seconds(5));
  EXPECT_EQ(ItemWithId(Find(), vol), nullptr);
}

TEST_F(GarbageTest, ImagesOfGoneMachinesAreKeptUnlessAskedFor) {
  std::string box = LaunchNamed("box", OnDemand());
  Result<std::string> image =
      model_->CreateImage({.instance_id = box,
                           .name = "box-frozen",
                           .no_reboot = true,
                           .tag_specifications = {{.resource_type = "image",
                                                   .tags = ManagedTags("box-frozen", "box")}}});
  ASSERT_TRUE(image.ok()) << image.status().ToString();
  Advance(std::chrono::minutes(5));
  EXPECT_EQ(ItemWithId(Find(), *image), nullptr) << "its machine still exists";
  ASSERT_TRUE(model_->TerminateInstances({.instance_ids = {box}}).ok());
  Advance(std::chrono::minutes(5));
  const std::vector<GarbageItem> without_images = Find();
  const GarbageItem* kept = ItemWithId(without_images, *image);
  ASSERT_NE(kept, nullptr);
  EXPECT_TRUE(kept->kept);
  EXPECT_THAT(kept->reason, HasSubstr("--images"));
  EXPECT_FALSE(RemoveGarbage(*model_, *kept).ok());
  std::vector<GarbageItem> with_images = Find({.include_images = true});
  const GarbageItem* image_item = ItemWithId(with_images, *image);
  ASSERT_NE(image_item, nullptr);
  EXPECT_FALSE(image_item->kept);
  ASSERT_TRUE(RemoveGarbage(*model_, *image_item).ok());
  Result<std::vector<Image>> left = model_->DescribeImages({.owners = {"self"}});
  ASSERT_TRUE(left.ok());
  for (const Image& i : *left) EXPECT_NE(i.image_id, *image);
}

TEST_F(GarbageTest, SnapshotsOfDeletedManagedVolumes) {
  std::string vol = NewVolume("data");
  Result<Snapshot> snapshot = model_->CreateSnapshot(
      {.volume_id = vol,
       .tag_specifications = {{.resource_type = "snapshot", .tags = ManagedTags("data", "box")}}});
  ASSERT_TRUE(snapshot.ok()) << snapshot.status().ToString();
  Advance(std::chrono::minutes(5));
  EXPECT_EQ(ItemWithId(Find(), snapshot->snapshot_id), nullptr) << "its volume exists";
  ASSERT_TRUE(model_->DeleteVolume({.volume_id = vol}).ok());
  Advance(std::chrono::minutes(1));
  const std::vector<GarbageItem> items = Find();
  const GarbageItem* item = ItemWithId(items, snapshot->snapshot_id);
  ASSERT_NE(item, nullptr);
  EXPECT_EQ(item->kind, GarbageKind::kSnapshot);
  EXPECT_EQ(item->billed_gib, 100);
  ASSERT_TRUE(RemoveGarbage(*model_, *item).ok());
}

}  // namespace
}  // namespace spotrun
