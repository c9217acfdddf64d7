// ListSpotRequests against the local cloud's EC2 model.
#include "cloud/spot_request_listing.h"

#include <gtest/gtest.h>

#include "cloud/managed_tags.h"
#include "localcloud/ec2_model_test_fixture.h"

namespace spotrun {
namespace {

class SpotRequestListingTest : public testing::Ec2ModelTest {
 protected:
  std::string LaunchSpot(const std::string& name, bool managed, std::string type = "one-time",
                         std::string behavior = "terminate") {
    RunInstancesRequest request = Spot(type, behavior);
    std::vector<Tag> tags = ManagedTags(name, name);
    if (!managed) tags = {{"Name", name}};
    request.tag_specifications = {{.resource_type = "spot-instances-request", .tags = tags}};
    return Launch(request);
  }
  std::string RequestOf(const std::string& instance) {
    return Describe(instance).spot_instance_request_id;
  }
};

TEST_F(SpotRequestListingTest, OwnOpenOrActiveRequestsUnlessAll) {
  std::string mine = RequestOf(LaunchSpot("mine", true, "persistent", "stop"));
  Advance(std::chrono::seconds(1));
  std::string theirs = RequestOf(LaunchSpot("theirs", false));
  std::string done = RequestOf(LaunchSpot("done", true));
  ASSERT_TRUE(model_->CancelSpotInstanceRequests({.spot_instance_request_ids = {done}}).ok());
  Result<std::vector<SpotInstanceRequest>> own = ListSpotRequests(*model_, false);
  ASSERT_TRUE(own.ok()) << own.status().ToString();
  ASSERT_EQ(own->size(), 1u);
  EXPECT_EQ(own->front().spot_instance_request_id, mine);
  EXPECT_EQ(MachineNameOf(own->front()), "mine");
  Result<std::vector<SpotInstanceRequest>> all = ListSpotRequests(*model_, true);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 3u);
  EXPECT_EQ(all->front().spot_instance_request_id, mine);
}

}  // namespace
}  // namespace spotrun
