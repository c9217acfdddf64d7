// FindVolume, FindSnapshot and the lists against the local cloud's EC2 model (in process).
#include "cloud/resource_finder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cloud/managed_tags.h"
#include "localcloud/ec2_model_test_fixture.h"

namespace spotrun {
namespace {

using ::testing::HasSubstr;

class ResourceFinderTest : public testing::Ec2ModelTest {
 protected:
  std::string MakeVolume(const std::string& name, bool managed = true) {
    std::vector<Tag> tags = ManagedTags(name);
    if (!managed) tags.pop_back();
    Result<Volume> v = model_->CreateVolume(
        {.availability_zone = "us-east-1a", .size = 1, .tag_specifications = {{"volume", tags}}});
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    return v.ok() ? v->volume_id : "";
  }
};

TEST_F(ResourceFinderTest, ListsOnlyManagedVolumesOldestFirst) {
  std::string a = MakeVolume("alpha");
  Advance(std::chrono::seconds(1));
  std::string b = MakeVolume("beta");
  MakeVolume("theirs", /*managed=*/false);
  Result<std::vector<Volume>> volumes = ListVolumes(*model_);
  ASSERT_TRUE(volumes.ok()) << volumes.status().ToString();
  ASSERT_EQ(volumes->size(), 2u);
  EXPECT_EQ((*volumes)[0].volume_id, a);
  EXPECT_EQ((*volumes)[1].volume_id, b);
}

TEST_F(ResourceFinderTest, FindsVolumesByNameIdAndUniquePrefix) {
  std::string a = MakeVolume("alpha");
  std::string theirs = MakeVolume("theirs", /*managed=*/false);
  EXPECT_EQ(FindVolume(*model_, "alpha")->volume_id, a);
  EXPECT_EQ(FindVolume(*model_, a)->volume_id, a);
  EXPECT_EQ(FindVolume(*model_, a.substr(0, 9))->volume_id, a);
  EXPECT_EQ(FindVolume(*model_, a.substr(4, 6))->volume_id, a);
  // A full id finds any volume; a name only spotrun's.
  EXPECT_EQ(FindVolume(*model_, theirs)->volume_id, theirs);
  EXPECT_EQ(FindVolume(*model_, "theirs").status().kind(), ErrorKind::kNotFound);
}

TEST_F(ResourceFinderTest, UnknownNamesAndIdsSayWhatToDo) {
  MakeVolume("training-data");
  Result<Volume> typo = FindVolume(*model_, "trainig-data");
  EXPECT_EQ(typo.status().kind(), ErrorKind::kNotFound);
  EXPECT_THAT(typo.status().hint(), HasSubstr("did you mean training-data"));
  EXPECT_THAT(typo.status().hint(), HasSubstr("spotrun volume ls"));
  Result<Volume> gone = FindVolume(*model_, "vol-0123456789abcdef0");
  EXPECT_EQ(gone.status().kind(), ErrorKind::kNotFound);
  EXPECT_EQ(FindVolume(*model_, "").status().kind(), ErrorKind::kInvalidArgument);
}

TEST_F(ResourceFinderTest, ADuplicateNameAsksForTheId) {
  std::string a = MakeVolume("twin");
  std::string b = MakeVolume("twin");
  Result<Volume> found = FindVolume(*model_, "twin");
  EXPECT_EQ(found.status().kind(), ErrorKind::kFailedPrecondition);
  EXPECT_THAT(found.status().message(), HasSubstr(a));
  EXPECT_THAT(found.status().message(), HasSubstr(b));
}

TEST_F(ResourceFinderTest, FindsSnapshotsByNameAndListsOnlyManagedOnes) {
  std::string v = MakeVolume("data");
  Result<Snapshot> s = model_->CreateSnapshot(
      {.volume_id = v, .tag_specifications = {{"snapshot", ManagedTags("data-1")}}});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_TRUE(model_->CreateSnapshot({.volume_id = v}).ok());
  Result<std::vector<Snapshot>> all = ListSnapshots(*model_);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ(FindSnapshot(*model_, "data-1")->snapshot_id, s->snapshot_id);
  EXPECT_EQ(FindSnapshot(*model_, s->snapshot_id)->snapshot_id, s->snapshot_id);
  EXPECT_THAT(FindSnapshot(*model_, "data-2").status().hint(), HasSubstr("spotrun snapshot ls"));
}

TEST_F(ResourceFinderTest, ImagesAreTheAccountsOwnAndLabelledByName) {
  std::string machine = Launch(OnDemand());
  Advance(std::chrono::minutes(1));  // running
  Result<std::string> id = model_->CreateImage({.instance_id = machine, .name = "frozen"});
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  Result<std::vector<Image>> images = ListImages(*model_);
  ASSERT_TRUE(images.ok());
  ASSERT_EQ(images->size(), 1u);  // not Canonical's
  EXPECT_EQ(ImageLabel(images->front()), "frozen");
  EXPECT_EQ(FindImage(*model_, "frozen")->image_id, *id);
}

}  // namespace
}  // namespace spotrun
