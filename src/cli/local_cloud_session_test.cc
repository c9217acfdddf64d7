// The end-to-end harness itself: the real binary reaches the in-process local cloud through
// the profile the session writes.
#include "cli/local_cloud_session.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cloud/managed_tags.h"

namespace spotrun {
namespace {

using ::testing::HasSubstr;

TEST(LocalCloudSessionTest, TheBinaryReachesTheCloudThroughTheLocalProfile) {
  testing::LocalCloudSession session;
  Result<std::vector<Image>> images = session.ec2().DescribeImages(
      {.owners = {"099720109477"}, .filters = {{"architecture", {"x86_64"}}}});
  ASSERT_TRUE(images.ok() && !images->empty());
  RunInstancesRequest request{.image_id = images->front().image_id, .instance_type = "t3.micro"};
  request.tag_specifications = {{.resource_type = "instance", .tags = ManagedTags("smoke")}};
  Result<Reservation> launched = session.ec2().RunInstances(request);
  ASSERT_TRUE(launched.ok()) << launched.status().ToString();
  SubprocessResult names = session.Run({"__complete-names"});
  EXPECT_EQ(names.exit_code, 0) << names.stderr_text;
  EXPECT_EQ(names.stdout_text, "smoke\n");
  SubprocessResult config = session.Run({"config"});
  EXPECT_THAT(config.stdout_text, HasSubstr(session.cloud().endpoint()));
  EXPECT_THAT(config.stdout_text, HasSubstr(session.cloud().login_user()));
}

}  // namespace
}  // namespace spotrun
