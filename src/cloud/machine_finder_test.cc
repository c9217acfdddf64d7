// FindMachine and ListMachines against the local cloud's EC2 model (in process).
#include "cloud/machine_finder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cloud/managed_tags.h"
#include "localcloud/ec2_model_test_fixture.h"

namespace spotrun {
namespace {

using ::testing::HasSubstr;

class MachineFinderTest : public testing::Ec2ModelTest {
 protected:
  std::string LaunchNamed(const std::string& name, bool managed = true) {
    RunInstancesRequest request = OnDemand();
    std::vector<Tag> tags = ManagedTags(name);
    if (!managed) tags.pop_back();
    request.tag_specifications = {{.resource_type = "instance", .tags = tags}};
    return Launch(request);
  }
};

TEST_F(MachineFinderTest, ListsManagedMachinesOnlyInLaunchOrder) {
  std::string a = LaunchNamed("alpha");
  Advance(std::chrono::seconds(1));
  std::string b = LaunchNamed("beta");
  LaunchNamed("someone-elses", /*managed=*/false);
  Result<std::vector<Machine>> machines = ListMachines(*model_, false);
  ASSERT_TRUE(machines.ok()) << machines.status().ToString();
  ASSERT_EQ(machines->size(), 2u);
  EXPECT_EQ((*machines)[0].name, "alpha");
  EXPECT_EQ((*machines)[0].id(), a);
  EXPECT_EQ((*machines)[1].name, "beta");
  EXPECT_EQ((*machines)[1].market(), "on-demand");
  EXPECT_TRUE((*machines)[1].managed());
}

TEST_F(MachineFinderTest, TerminatedOnlyWhenAskedFor) {
  std::string a = LaunchNamed("alpha");
  ASSERT_TRUE(model_->TerminateInstances({.instance_ids = {a}}).ok());
  Advance(std::chrono::minutes(5));
  EXPECT_EQ(ListMachines(*model_, false)->size(), 0u);
  EXPECT_EQ(ListMachines(*model_, true)->size(), 1u);
  Result<Machine> found = FindMachine(*model_, "alpha");
  EXPECT_EQ(found.status().kind(), ErrorKind::kNotFound);
}

TEST_F(MachineFinderTest, FindsByNameIdAndUniquePrefix) {
  std::string a = LaunchNamed("alpha");
  EXPECT_EQ(FindMachine(*model_, "alpha")->id(), a);
  EXPECT_EQ(FindMachine(*model_, a)->name, "alpha");
  EXPECT_EQ(FindMachine(*model_, a.substr(0, 8))->id(), a);
  EXPECT_EQ(FindMachine(*model_, a.substr(2, 6))->id(), a);
}

TEST_F(MachineFinderTest, UnknownNameSuggestsTheNearest) {
  LaunchNamed("trainer");
  Result<Machine> found = FindMachine(*model_, "trainr");
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.status().kind(), ErrorKind::kNotFound);
  EXPECT_THAT(found.status().message(), HasSubstr("no machine named \"trainr\""));
  EXPECT_THAT(found.status().hint(), HasSubstr("did you mean trainer?"));
}

TEST_F(MachineFinderTest, UnknownIdIsNotFound) {
  Result<Machine> found = FindMachine(*model_, "i-0123456789abcdef0");
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.status().kind(), ErrorKind::kNotFound);
  EXPECT_THAT(found.status().hint(), HasSubstr("spotrun ls"));
}

TEST_F(MachineFinderTest, ANameOfSeveralMachinesIsAmbiguous) {
  std::string a = LaunchNamed("twin");
  std::string b = LaunchNamed("twin");
  Result<Machine> found = FindMachine(*model_, "twin");
  ASSERT_FALSE(found.ok());
  EXPECT_THAT(found.status().message(), HasSubstr(a));
  EXPECT_THAT(found.status().message(), HasSubstr(b));
  EXPECT_THAT(found.status().hint(), HasSubstr("instance id"));
}

}  // namespace
}  // namespace spotrun
