// End-to-end tests of ls, show, start/stop/reboot/terminate, change-type and gc: the real binary
// against a local cloud in this process; machines are launched through the model with spotrun's
// tags, the way `spotrun launch` makes them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli/local_cloud_session.h"
#include "cloud/managed_tags.h"

namespace spotrun {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class ManageCommandsTest : public ::testing::Test {
 protected:
  std::string ImageId() {
    Result<std::vector<Image>> images = session_.ec2().DescribeImages(
        {.owners = {"099720109477"}, .filters = {{"architecture", {"x86_64"}}}});
    EXPECT_TRUE(images.ok() && !images->empty());
    return images.ok() && !images->empty() ? images->front().image_id : "";
  }
  RunInstancesRequest Request(const std::string& name, bool managed = true) {
    RunInstancesRequest request{.image_id = ImageId(), .instance_type = "t3.micro"};
    std::vector<Tag> tags = ManagedTags(name);
    if (!managed) tags = {{"Name", name}};
    request.tag_specifications = {{.resource_type = "instance", .tags = tags}};
    return request;
  }
  std::string Launch(RunInstancesRequest request) {
    Result<Reservation> launched = session_.ec2().RunInstances(request);
    EXPECT_TRUE(launched.ok()) << launched.status().ToString();
    if (!launched.ok()) return "";
    std::string id = launched->instances.front().instance_id;
    EXPECT_TRUE(WaitForState(id, "running"));
    return id;
  }
  std::string LaunchSpot(const std::string& name) {
    RunInstancesRequest request = Request(name);
    request.instance_market_options = InstanceMarketOptionsRequest{
        .spot_options = SpotMarketOptions{.spot_instance_type = "one-time"}};
    return Launch(request);
  }
  bool WaitForState(const std::string& id, const std::string& state) {
    return testing::LocalCloudSession::WaitFor(
        [&] { return session_.Describe(id).state.name == state; });
  }
  std::vector<std::string> Zones() {
    std::vector<std::string> zones;
    Result<std::vector<AvailabilityZone>> found = session_.ec2().DescribeAvailabilityZones({});
    EXPECT_TRUE(found.ok());
    if (found.ok()) {
      for (const AvailabilityZone& z : *found) zones.push_back(z.zone_name);
    }
    return zones;
  }

  testing::LocalCloudSession session_;
};

TEST_F(ManageCommandsTest, LsShowsManagedMachinesAsATableAndAsJson) {
  std::string alpha = Launch(Request("alpha"));
  std::string beta = LaunchSpot("beta");
  Launch(Request("not-ours", /*managed=*/false));
  SubprocessResult table = session_.Run({"ls"});
  ASSERT_EQ(table.exit_code, 0) << table.stderr_text;
  EXPECT_THAT(table.stdout_text, HasSubstr("NAME"));
  EXPECT_THAT(table.stdout_text, HasSubstr("$/H"));
  EXPECT_THAT(table.stdout_text, HasSubstr("UPTIME"));
  EXPECT_THAT(table.stdout_text, HasSubstr(alpha));
  EXPECT_THAT(table.stdout_text, HasSubstr("on-demand"));
  EXPECT_THAT(table.stdout_text, Not(HasSubstr("not-ours")));

  SubprocessResult json = session_.Run({"-o", "json", "ls"});
  ASSERT_EQ(json.exit_code, 0) << json.stderr_text;
  nlohmann::json machines = nlohmann::json::parse(json.stdout_text);
  ASSERT_EQ(machines.size(), 2u);
  nlohmann::json a, b;
  for (const nlohmann::json& m : machines) (m["name"] == "alpha" ? a : b) = m;
  EXPECT_EQ(a["id"], alpha);
  EXPECT_EQ(a["type"], "t3.micro");
  EXPECT_EQ(a["market"], "on-demand");
  EXPECT_EQ(a["state"], "running");
  Instance described = session_.Describe(alpha);
  EXPECT_EQ(a["address"], described.public_ip_address.empty() ? described.private_ip_address
                                                              : described.public_ip_address);
  EXPECT_TRUE(a["price_per_hour"].is_number());
  EXPECT_TRUE(a["uptime_seconds"].is_number());
  EXPECT_TRUE(a["launch_time"].is_string());
  EXPECT_TRUE(a["zone"].is_string());
  EXPECT_EQ(b["name"], "beta");
  EXPECT_EQ(b["id"], beta);
  EXPECT_EQ(b["market"], "spot");
  ASSERT_TRUE(b["price_per_hour"].is_number()) << b.dump();
  EXPECT_LT(b["price_per_hour"].get<double>(), a["price_per_hour"].get<double>());
}

TEST_F(ManageCommandsTest, ShowSaysEverythingAboutOneMachine) {
  std::string beta = LaunchSpot("beta");
  SubprocessResult text = session_.Run({"show", "beta"});
  ASSERT_EQ(text.exit_code, 0) << text.stderr_text;
  EXPECT_THAT(text.stdout_text, HasSubstr(beta));
  EXPECT_THAT(text.stdout_text, HasSubstr("t3.micro (2 vCPU, 1 GiB)"));
  EXPECT_THAT(text.stdout_text, HasSubstr("spot request"));
  EXPECT_THAT(text.stdout_text, HasSubstr("one-time"));
  EXPECT_THAT(text.stdout_text, HasSubstr("spotrun:managed=true"));
  EXPECT_THAT(text.stdout_text, HasSubstr("estimate"));

  SubprocessResult json = session_.Run({"-o", "json", "show", beta.substr(0, 8)});
  ASSERT_EQ(json.exit_code, 0) << json.stderr_text;
  nlohmann::json m = nlohmann::json::parse(json.stdout_text);
  EXPECT_EQ(m["name"], "beta");
  EXPECT_EQ(m["vcpus"], 2);
  EXPECT_EQ(m["spot_request"]["type"], "one-time");
  EXPECT_EQ(m["spot_request"]["state"], "active");
  EXPECT_EQ(m["tags"]["Name"], "beta");
  EXPECT_TRUE(m["price_per_hour"].is_number());
  EXPECT_TRUE(m["estimated_cost_so_far"].is_number());
  EXPECT_TRUE(m["volumes"].is_array());
}

TEST_F(ManageCommandsTest, StopStartRebootAndTerminateWait) {
  std::string id = Launch(Request("box"));
  SubprocessResult stop = session_.Run({"stop", "box", "--wait"});
  ASSERT_EQ(stop.exit_code, 0) << stop.stderr_text;
  EXPECT_THAT(stop.stdout_text, HasSubstr("box (" + id + "): running → stopped"));
  EXPECT_EQ(session_.Describe(id).state.name, "stopped");
  SubprocessResult start = session_.Run({"start", id, "--wait"});
  ASSERT_EQ(start.exit_code, 0) << start.stderr_text;
  EXPECT_THAT(start.stdout_text, HasSubstr("stopped → running"));
  EXPECT_EQ(session_.Describe(id).state.name, "running");
  SubprocessResult reboot = session_.Run({"reboot", "box", "--wait"});
  ASSERT_EQ(reboot.exit_code, 0) << reboot.stderr_text;
  EXPECT_EQ(session_.Describe(id).state.name, "running");
  SubprocessResult terminate = session_.Run({"terminate", "-y", "box", "--wait"});
  ASSERT_EQ(terminate.exit_code, 0) << terminate.stderr_text;
  EXPECT_THAT(terminate.stdout_text, HasSubstr("running → terminated"));
  EXPECT_EQ(session_.Describe(id).state.name, "terminated");
}

TEST_F(ManageCommandsTest, StopOfAOneTimeSpotMachineIsRefusedClearly) {
  std::string id = LaunchSpot("spotty");
  SubprocessResult stop = session_.Run({"stop", "spotty"});
  EXPECT_NE(stop.exit_code, 0);
  EXPECT_THAT(stop.stderr_text, HasSubstr("one-time request"));
  EXPECT_THAT(stop.stderr_text, HasSubstr("--persistent"));
  EXPECT_EQ(session_.Describe(id).state.name, "running");
}

TEST_F(ManageCommandsTest, TerminateRefusesWithoutYesOffATerminal) {
  std::string id = Launch(Request("box"));
  SubprocessResult terminate = session_.Run({"terminate", "box"});
  EXPECT_NE(terminate.exit_code, 0);
  EXPECT_THAT(terminate.stderr_text, HasSubstr("not on a terminal"));
  EXPECT_THAT(terminate.stderr_text, HasSubstr("spotrun terminate -y box"));
  EXPECT_EQ(session_.Describe(id).state.name, "running");
}

TEST_F(ManageCommandsTest, TerminateCancelsAPersistentRequestSoNoReplacementAppears) {
  RequestSpotInstancesRequest request;
  request.launch_specification = {.image_id = ImageId(), .instance_type = "t3.micro"};
  request.type = "persistent";
  request.tag_specifications = {
      {.resource_type = "spot-instances-request", .tags = ManagedTags("keeper", "keeper")}};
  Result<std::vector<SpotInstanceRequest>> made = session_.ec2().RequestSpotInstances(request);
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  const std::string sir = made->front().spot_instance_request_id;
  auto request_of = [&] {
    return session_.ec2()
        .DescribeSpotInstanceRequests({.spot_instance_request_ids = {sir}})
        ->spot_instance_requests.front();
  };
  ASSERT_TRUE(
      testing::LocalCloudSession::WaitFor([&] { return !request_of().instance_id.empty(); }));
  const std::string id = request_of().instance_id;
  ASSERT_TRUE(
      session_.ec2().CreateTags({.resource_ids = {id}, .tags = ManagedTags("keeper")}).ok());
  ASSERT_TRUE(WaitForState(id, "running"));

  SubprocessResult terminate = session_.Run({"terminate", "-y", "keeper", "--wait"});
  ASSERT_EQ(terminate.exit_code, 0) << terminate.stderr_text;
  EXPECT_THAT(terminate.stderr_text, HasSubstr("cancelled persistent spot request " + sir));
  EXPECT_EQ(request_of().state, "cancelled");
  EXPECT_EQ(session_.Describe(id).state.name, "terminated");
  // Give a reopened request time to launch a replacement; none may appear.
  testing::LocalCloudSession::WaitFor([] { return false; }, std::chrono::seconds(3));
  Result<DescribeInstancesResponse> all = session_.ec2().DescribeInstances(
      {.filters = {{"instance-state-name", {"pending", "running"}}}});
  ASSERT_TRUE(all.ok());
  EXPECT_TRUE(all->reservations.empty()) << "a replacement was launched";
}

TEST_F(ManageCommandsTest, AmbiguousAndUnknownNamesSayWhatToDo) {
  std::string first = Launch(Request("twin"));
  std::string second = Launch(Request("twin"));
  SubprocessResult ambiguous = session_.Run({"stop", "twin"});
  EXPECT_NE(ambiguous.exit_code, 0);
  EXPECT_THAT(ambiguous.stderr_text, HasSubstr("matches 2 machines"));
  EXPECT_THAT(ambiguous.stderr_text, HasSubstr(first));
  EXPECT_THAT(ambiguous.stderr_text, HasSubstr("instance id"));
  SubprocessResult unknown = session_.Run({"show", "twni"});
  EXPECT_EQ(unknown.exit_code, 3);
  EXPECT_THAT(unknown.stderr_text, HasSubstr("no machine named \"twni\""));
  EXPECT_THAT(unknown.stderr_text, HasSubstr("did you mean twin"));
  EXPECT_EQ(session_.Describe(first).state.name, "running");
  EXPECT_EQ(session_.Describe(second).state.name, "running");
}

TEST_F(ManageCommandsTest, ChangeTypeNeedsRestartWhileRunning) {
  std::string id = Launch(Request("box"));
  SubprocessResult refused = session_.Run({"change-type", "box", "t3.small"});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_THAT(refused.stderr_text, HasSubstr("--restart"));
  EXPECT_EQ(session_.Describe(id).instance_type, "t3.micro");
  SubprocessResult unknown = session_.Run({"change-type", "box", "t3.smal"});
  EXPECT_EQ(unknown.exit_code, 3);
  EXPECT_THAT(unknown.stderr_text, HasSubstr("t3.small"));
  SubprocessResult changed = session_.Run({"change-type", "box", "t3.small", "--restart"});
  ASSERT_EQ(changed.exit_code, 0) << changed.stderr_text;
  EXPECT_THAT(changed.stdout_text, HasSubstr("t3.micro → t3.small (restarted)"));
  Instance after = session_.Describe(id);
  EXPECT_EQ(after.instance_type, "t3.small");
  EXPECT_EQ(after.state.name, "running");
  ASSERT_EQ(session_.Run({"stop", "box", "--wait"}).exit_code, 0);
  SubprocessResult stopped = session_.Run({"change-type", "box", "t3.medium"});
  ASSERT_EQ(stopped.exit_code, 0) << stopped.stderr_text;
  EXPECT_EQ(session_.Describe(id).instance_type, "t3.medium");
  EXPECT_EQ(session_.Describe(id).state.name, "stopped");
}

TEST_F(ManageCommandsTest, GcRemovesAnOrphanedRequestAndAVolumeAndLeavesOthersAlone) {
  for (const std::string& zone : Zones()) {
    ASSERT_TRUE(session_.ec2().SetCapacity("t3.micro", zone, 0).ok());
  }
  RequestSpotInstancesRequest request;
  request.launch_specification = {.image_id = ImageId(), .instance_type = "t3.micro"};
  request.type = "persistent";
  request.tag_specifications = {
      {.resource_type = "spot-instances-request", .tags = ManagedTags("gone", "gone")}};
  const std::string sir =
      session_.ec2().RequestSpotInstances(request)->front().spot_instance_request_id;
  request.tag_specifications = {
      {.resource_type = "spot-instances-request", .tags = {{"Name", "theirs"}}}};
  const std::string theirs =
      session_.ec2().RequestSpotInstances(request)->front().spot_instance_request_id;
  const std::string zone = Zones().front();
  auto volume = [&](std::vector<Tag> tags) {
    return session_.ec2()
        .CreateVolume({.availability_zone = zone,
                       .size = 10,
                       .volume_type = "gp3",
                       .tag_specifications = {{.resource_type = "volume", .tags = tags}}})
        ->volume_id;
  };
  const std::string ours = volume(ManagedTags("scratch", "gone"));
  const std::string other = volume({{"Name", "theirs"}});
  ASSERT_TRUE(testing::LocalCloudSession::WaitFor([&] {
    return session_.ec2().DescribeVolumes({.volume_ids = {ours}})->volumes.front().state ==
           "available";
  }));

  SubprocessResult dry = session_.Run({"gc", "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.stderr_text;
  EXPECT_THAT(dry.stdout_text, HasSubstr(sir));
  EXPECT_THAT(dry.stdout_text, HasSubstr(ours));
  EXPECT_THAT(dry.stdout_text, HasSubstr("10 GiB"));
  EXPECT_THAT(dry.stdout_text, Not(HasSubstr(theirs)));
  EXPECT_THAT(dry.stdout_text, Not(HasSubstr(other)));
  EXPECT_THAT(dry.stderr_text, HasSubstr("dry run"));

  SubprocessResult refused = session_.Run({"gc"});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_THAT(refused.stderr_text, HasSubstr("spotrun gc -y"));

  SubprocessResult removed = session_.Run({"gc", "-y"});
  ASSERT_EQ(removed.exit_code, 0) << removed.stderr_text;
  auto state_of = [&](const std::string& id) {
    return session_.ec2()
        .DescribeSpotInstanceRequests({.spot_instance_request_ids = {id}})
        ->spot_instance_requests.front()
        .state;
  };
  EXPECT_EQ(state_of(sir), "cancelled");
  EXPECT_EQ(state_of(theirs), "open");
  Result<DescribeVolumesResponse> volumes = session_.ec2().DescribeVolumes({});
  ASSERT_TRUE(volumes.ok());
  std::vector<std::string> left;
  for (const Volume& v : volumes->volumes) {
    if (v.state != "deleting" && v.state != "deleted") left.push_back(v.volume_id);
  }
  EXPECT_THAT(left, ::testing::Contains(other));
  EXPECT_THAT(left, Not(::testing::Contains(ours)));
  SubprocessResult again = session_.Run({"gc", "--dry-run"});
  EXPECT_THAT(again.stderr_text, HasSubstr("nothing to clean up"));
}

}  // namespace
}  // namespace spotrun
