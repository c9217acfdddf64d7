// ResolveImage and the Ubuntu LTS choice, against a fake DescribeImages (Canonical's names),
// and own images against the local cloud's EC2 model.
#include "cloud/image_resolver.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cloud/managed_tags.h"
#include "localcloud/ec2_model_test_fixture.h"
#include "testing/unimplemented_ec2_api.h"

namespace spotrun {
namespace {

using ::testing::HasSubstr;

TEST(UbuntuServerVersionTest, ReadsCanonicalNames) {
  EXPECT_EQ(
      UbuntuServerVersion("ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20240423"),
      "24.04");
  EXPECT_EQ(UbuntuServerVersion("ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-arm64-server-20240207.1"),
            "22.04");
  EXPECT_EQ(UbuntuServerVersion("ubuntu-minimal/images/hvm-ssd/ubuntu-jammy-22.04-amd64-minimal-1"),
            std::nullopt);
  EXPECT_EQ(UbuntuServerVersion("my-image"), std::nullopt);
}

TEST(UbuntuServerVersionTest, LtsIsAnEvenYearsApril) {
  EXPECT_TRUE(IsLtsVersion("22.04"));
  EXPECT_TRUE(IsLtsVersion("24.04"));
  EXPECT_FALSE(IsLtsVersion("23.04"));
  EXPECT_FALSE(IsLtsVersion("24.10"));
  EXPECT_FALSE(IsLtsVersion("x.04"));
}

class CanonicalImages : public testing::UnimplementedEc2Api {
 public:
  Result<std::vector<Image>> DescribeImages(const DescribeImagesRequest& request) override {
    last = request;
    std::vector<Image> matching;
    for (const Image& i : images) {
      bool arch_ok = true;
      for (const Filter& f : request.filters) {
        if (f.name == "architecture") arch_ok = f.values.front() == i.architecture;
      }
      if (arch_ok) matching.push_back(i);
    }
    return matching;
  }
  void Add(std::string name, std::string arch, int day) {
    images.push_back({.image_id = "ami-" + std::to_string(images.size()),
                      .name = std::move(name),
                      .state = "available",
                      .owner_id = std::string(kCanonicalOwnerId),
                      .architecture = std::move(arch),
                      .creation_date = TimePoint{} + std::chrono::hours(24 * day)});
  }
  std::vector<Image> images;
  DescribeImagesRequest last;
};

TEST(NewestUbuntuLtsTest, HighestLtsVersionThenLatestBuild) {
  CanonicalImages ec2;
  ec2.Add("ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20250101", "x86_64", 30);
  ec2.Add("ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20240101", "x86_64", 10);
  ec2.Add("ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20240301", "x86_64", 20);
  ec2.Add("ubuntu/images/hvm-ssd-gp3/ubuntu-oracular-24.10-amd64-server-20250101", "x86_64", 40);
  ec2.Add("ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-arm64-server-20240501", "arm64", 50);
  Result<Image> image = ResolveImage(ec2, "ubuntu", "x86_64");
  ASSERT_TRUE(image.ok()) << image.status().ToString();
  EXPECT_EQ(image->name, "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20240301");
  EXPECT_EQ(ec2.last.owners, std::vector<std::string>{std::string(kCanonicalOwnerId)});
  Result<Image> arm = ResolveImage(ec2, "", "arm64");
  ASSERT_TRUE(arm.ok());
  EXPECT_EQ(arm->architecture, "arm64");
}

TEST(NewestUbuntuLtsTest, NoneIsNotFoundWithAHint) {
  CanonicalImages ec2;
  Result<Image> image = NewestUbuntuLts(ec2, "x86_64");
  EXPECT_EQ(image.status().kind(), ErrorKind::kNotFound);
  EXPECT_THAT(image.status().hint(), HasSubstr("--image"));
}

class OwnImageTest : public testing::Ec2ModelTest {};

TEST_F(OwnImageTest, ByNameIdAndPrefixAndArchitectureMismatch) {
  std::string machine = Launch(OnDemand());
  Advance(std::chrono::minutes(1));  // running
  CreateImageRequest request{.instance_id = machine, .name = "cuda-base"};
  request.tag_specifications = {{"image", ManagedTags("cuda-base", "box")}};
  Result<std::string> id = model_->CreateImage(request);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_EQ(ResolveImage(*model_, "cuda-base", "x86_64")->image_id, *id);
  EXPECT_EQ(ResolveImage(*model_, *id, "")->name, "cuda-base");
  EXPECT_EQ(ResolveImage(*model_, id->substr(0, 9), "")->image_id, *id);
  Result<Image> arm = ResolveImage(*model_, "cuda-base", "arm64");
  EXPECT_EQ(arm.status().kind(), ErrorKind::kFailedPrecondition);
  EXPECT_THAT(arm.status().message(), HasSubstr("x86_64"));
  EXPECT_EQ(ResolveImage(*model_, "cuda-bsae", "").status().kind(), ErrorKind::kNotFound);
  EXPECT_THAT(ResolveImage(*model_, "cuda-bsae", "").status().hint(), HasSubstr("cuda-base"));
}

}  // namespace
}  // namespace spotrun
