#include "cli/managed_machine_names.h"

#include <gtest/gtest.h>

#include "testing/unimplemented_ec2_api.h"

namespace spotrun {
namespace {

Instance Named(std::string id, std::string name) {
  Instance i;
  i.instance_id = std::move(id);
  if (!name.empty()) i.tags = {{"spotrun:managed", "true"}, {"Name", std::move(name)}};
  return i;
}

// Two pages of instances; records the requests.
class FakeEc2 : public testing::UnimplementedEc2Api {
 public:
  Result<DescribeInstancesResponse> DescribeInstances(
      const DescribeInstancesRequest& request) override {
    requests.push_back(request);
    DescribeInstancesResponse page;
    if (!request.next_token) {
      page.reservations = {{"r-1", "", "", {Named("i-1", "train"), Named("i-2", "")}}};
      page.next_token = "page2";
    } else {
      page.reservations = {
          {"r-2",
           "",
           "",
           {Named("i-3", "api"), Named("i-4", "train"), Named("i-5", "evil\nname")}}};
    }
    return page;
  }
  std::vector<DescribeInstancesRequest> requests;
};

TEST(ManagedMachineNamesTest, SortedUniqueNamesOfManagedLiveMachinesFromEveryPage) {
  FakeEc2 ec2;
  Result<std::vector<std::string>> names = ManagedMachineNames(ec2);
  ASSERT_TRUE(names.ok()) << names.status().ToString();
  EXPECT_EQ(*names, (std::vector<std::string>{"api", "train"}));
  ASSERT_EQ(ec2.requests.size(), 2u);
  const std::vector<Filter>& filters = ec2.requests[0].filters;
  ASSERT_EQ(filters.size(), 2u);
  EXPECT_EQ(filters[0].name, "tag-key");
  EXPECT_EQ(filters[0].values, std::vector<std::string>{"spotrun:managed"});
  EXPECT_EQ(filters[1].name, "instance-state-name");
  EXPECT_EQ(filters[1].values,
            (std::vector<std::string>{"pending", "running", "stopping", "stopped"}));
}

TEST(ManagedMachineNamesTest, ACloudErrorIsReturned) {
  testing::UnimplementedEc2Api ec2;
  EXPECT_FALSE(ManagedMachineNames(ec2).ok());
}

}  // namespace
}  // namespace spotrun
