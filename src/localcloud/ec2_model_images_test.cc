#include <gtest/gtest.h>

#include <fstream>

#include "base/file.h"
#include "localcloud/ec2_resources_test_fixture.h"

namespace spotrun {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kInstance = "i-0123456789abcdef0";
constexpr std::string_view kNobleAmd64 =
    "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20240927";

class ImagesTest : public Ec2ResourcesTest {
 protected:
  void SetUp() override {
    Ec2ResourcesTest::SetUp();
    StartWithInstances({MakeInstance(std::string(kInstance)),
                        MakeInstance("i-00000000000000001", "us-east-1a", "terminated")});
  }
  Image Describe(const std::string& id) {
    Result<std::vector<Image>> images = model_->DescribeImages({.image_ids = {id}});
    EXPECT_TRUE(images.ok()) << images.status().ToString();
    return images.ok() && !images->empty() ? images->front() : Image{};
  }
};

TEST_F(ImagesTest, PublicUbuntuImagesAreOwnedByCanonical) {
  Result<std::vector<Image>> images = model_->DescribeImages(
      {.owners = {std::string(Ec2Model::kCanonicalOwnerId)},
       .filters = {{"name", {"ubuntu/images/hvm-ssd*/ubuntu-*-amd64-server-*"}}}});
  ASSERT_TRUE(images.ok()) << images.status().ToString();
  ASSERT_EQ(images->size(), 2u);  // noble and jammy
  for (const Image& image : *images) {
    EXPECT_EQ(image.owner_id, "099720109477");
    EXPECT_TRUE(image.is_public);
    EXPECT_EQ(image.state, "available");
    EXPECT_EQ(image.architecture, "x86_64");
    EXPECT_EQ(image.root_device_name, "/dev/sda1");
    EXPECT_EQ(image.root_device_type, "ebs");
    EXPECT_EQ(image.virtualization_type, "hvm");
    ASSERT_FALSE(image.block_device_mappings.empty());
    EXPECT_EQ(image.block_device_mappings[0].device_name, "/dev/sda1");
    ASSERT_TRUE(image.block_device_mappings[0].ebs);
    EXPECT_FALSE(image.block_device_mappings[0].ebs->snapshot_id);  // an empty root
    ASSERT_TRUE(image.creation_date);
  }
  Result<std::vector<Image>> noble = model_->DescribeImages(
      {.filters = {{"name", {std::string(kNobleAmd64)}}, {"architecture", {"x86_64"}}}});
  ASSERT_EQ(noble->size(), 1u);
  EXPECT_EQ(FormatIso8601(*noble->front().creation_date).substr(0, 10), "2024-09-27");
  EXPECT_EQ(model_->DescribeImages({.filters = {{"architecture", {"arm64"}}}})->size(), 2u);
  EXPECT_EQ(model_->DescribeImages({.filters = {{"name", {"*jammy-22.04*"}}}})->size(), 2u);
  EXPECT_EQ(model_->DescribeImages({.owners = {"self"}})->size(), 0u);
  EXPECT_EQ(model_->DescribeImages({.owners = {"amazon"}})->size(), 0u);
}

TEST_F(ImagesTest, PublicImageIdsAreFixedPerRegion) {
  std::string first =
      model_->DescribeImages({.filters = {{"name", {std::string(kNobleAmd64)}}}})->front().image_id;
  Start();  // another new state in the same region
  std::string second =
      model_->DescribeImages({.filters = {{"name", {std::string(kNobleAmd64)}}}})->front().image_id;
  EXPECT_EQ(first, second);
  EXPECT_EQ(first.size(), 4u + 17u);
}

TEST_F(ImagesTest, DescribeImagesErrors) {
  EXPECT_EQ(CodeOf(model_->DescribeImages({.image_ids = {"ami-12345678"}})),
            "InvalidAMIID.NotFound");
  EXPECT_EQ(model_->DescribeImages({.image_ids = {"ami-12345678"}}).status().message(),
            "The image id '[ami-12345678]' does not exist");
  EXPECT_EQ(CodeOf(model_->DescribeImages({.image_ids = {"ami-xyz"}})), "InvalidAMIID.Malformed");
  EXPECT_EQ(CodeOf(model_->DescribeImages({.owners = {"nobody"}})), "InvalidUserID.Malformed");
  EXPECT_EQ(CodeOf(model_->DescribeImages({.filters = {{"nope", {"x"}}}})),
            "InvalidParameterValue");
  EXPECT_EQ(CodeOf(model_->DescribeImages({.dry_run = true})), "DryRunOperation");
}

TEST_F(ImagesTest, CreateImageCopiesTheRootIntoASnapshot) {
  fs::create_directories(RootOf(kInstance) / "home/ubuntu");
  ASSERT_TRUE(
      WriteFileAtomic((RootOf(kInstance) / "home/ubuntu/model.bin").string(), "weights").ok());
  Result<std::string> id = model_->CreateImage(
      {.instance_id = std::string(kInstance),
       .name = "my-image (v1)",
       .description = "trained",
       .tag_specifications = {{"image", {{"Name", "mine"}}}, {"snapshot", {{"of", "root"}}}}});
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  Image image = Describe(*id);
  EXPECT_EQ(image.state, "available");
  EXPECT_EQ(image.owner_id, Ec2Model::kDefaultOwnerId);
  EXPECT_FALSE(image.is_public);
  EXPECT_EQ(image.name, "my-image (v1)");
  EXPECT_EQ(image.tags, (std::vector<Tag>{{"Name", "mine"}}));
  ASSERT_EQ(image.block_device_mappings.size(), 1u);
  ASSERT_TRUE(image.block_device_mappings[0].ebs->snapshot_id);
  const std::string snapshot_id = *image.block_device_mappings[0].ebs->snapshot_id;

  Result<DescribeSnapshotsResponse> snapshots =
      model_->DescribeSnapshots({.snapshot_ids = {snapshot_id}});
  ASSERT_TRUE(snapshots.ok());
  const Snapshot& snapshot = snapshots->snapshots[0];
  EXPECT_EQ(snapshot.state, "completed");
  EXPECT_EQ(snapshot.description,
            "Created by CreateImage(" + std::string(kInstance) + ") for " + *id);
  EXPECT_EQ(snapshot.tags, (std::vector<Tag>{{"of", "root"}}));
  Result<std::string> copied =
      ReadFile((DataDir() / "snapshots" / snapshot_id / "home/ubuntu/model.bin").string());
  ASSERT_TRUE(copied.ok());
  EXPECT_EQ(*copied, "weights");

  EXPECT_EQ(model_->DescribeImages({.owners = {"self"}})->size(), 1u);
  EXPECT_EQ(
      model_->DescribeImages({.filters = {{"block-device-mapping.snapshot-id", {snapshot_id}}}})
          ->size(),
      1u);
}

TEST_F(ImagesTest, CreateImageErrors) {
  const std::string id(kInstance);
  ASSERT_TRUE(model_->CreateImage({.instance_id = id, .name = "taken"}).ok());
  EXPECT_EQ(CodeOf(model_->CreateImage({.instance_id = id, .name = "taken"})),
            "InvalidAMIName.Duplicate");
  EXPECT_EQ(CodeOf(model_->CreateImage({.instance_id = id, .name = "ab"})),
            "InvalidAMIName.Malformed");
  EXPECT_EQ(CodeOf(model_->CreateImage({.instance_id = id, .name = "bad*name"})),
            "InvalidAMIName.Malformed");
  EXPECT_EQ(CodeOf(model_->CreateImage({.instance_id = id})), "MissingParameter");
  EXPECT_EQ(CodeOf(model_->CreateImage({.instance_id = "i-00000000000000009", .name = "x-1"})),
            "InvalidInstanceID.NotFound");
  EXPECT_EQ(CodeOf(model_->CreateImage({.instance_id = "nope", .name = "x-1"})),
            "InvalidInstanceID.Malformed");
  EXPECT_EQ(CodeOf(model_->CreateImage({.instance_id = "i-00000000000000001", .name = "x-1"})),
            "IncorrectInstanceState");
  EXPECT_EQ(CodeOf(model_->CreateImage(
                {.instance_id = id, .name = "x-1", .tag_specifications = {{"volume", {}}}})),
            "InvalidParameterValue");
  EXPECT_EQ(CodeOf(model_->CreateImage({.instance_id = id, .name = "x-1", .dry_run = true})),
            "DryRunOperation");
  EXPECT_EQ(model_->DescribeImages({.owners = {"self"}})->size(), 1u);
}

TEST_F(ImagesTest, DeregisterOwnImagesOnlyAndKeepTheSnapshot) {
  std::string id =
      model_->CreateImage({.instance_id = std::string(kInstance), .name = "x-1"}).value();
  std::string snapshot = *Describe(id).block_device_mappings[0].ebs->snapshot_id;
  EXPECT_EQ(CodeOf(model_->DeleteSnapshot({.snapshot_id = snapshot})), "InvalidSnapshot.InUse");
  std::string canonical =
      model_->DescribeImages({.filters = {{"name", {std::string(kNobleAmd64)}}}})->front().image_id;
  EXPECT_EQ(CodeOf(model_->DeregisterImage({.image_id = canonical})), "AuthFailure");
  EXPECT_EQ(CodeOf(model_->DeregisterImage({.image_id = "ami-12345678"})), "InvalidAMIID.NotFound");
  EXPECT_EQ(CodeOf(model_->DeregisterImage({.image_id = id, .dry_run = true})), "DryRunOperation");
  ASSERT_TRUE(model_->DeregisterImage({.image_id = id}).ok());
  EXPECT_EQ(CodeOf(model_->DescribeImages({.image_ids = {id}})), "InvalidAMIID.NotFound");
  EXPECT_TRUE(model_->DescribeSnapshots({.snapshot_ids = {snapshot}}).ok());
  EXPECT_TRUE(model_->DeleteSnapshot({.snapshot_id = snapshot}).ok());
  EXPECT_FALSE(fs::exists(DataDir() / "snapshots" / snapshot));
}

TEST_F(ImagesTest, WithoutDataDirImagesHaveNoFiles) {
  Ec2State state;
  InstanceRecord instance = MakeInstance(std::string(kInstance));
  state.instances.emplace(instance.instance.instance_id, instance);
  Start(std::move(state), /*with_data_dir=*/false);
  Result<std::string> id =
      model_->CreateImage({.instance_id = std::string(kInstance), .name = "x-1"});
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_FALSE(fs::exists(DataDir()));
}

}  // namespace
}  // namespace spotrun
