// End-to-end tests of `spotrun launch` and `spotrun requests`: the real binary against a local
// cloud in this process, whose instances are real processes with a real sshd.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "base/subprocess.h"
#include "cli/local_cloud_session.h"
#include "cloud/launch_prerequisites.h"
#include "cloud/launch_zones.h"
#include "cloud/managed_tags.h"
#include "cloud/ssh_readiness.h"
#include "localcloud/query_server.h"

namespace spotrun {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class LaunchCommandTest : public ::testing::Test {
 protected:
  std::vector<Instance> Instances(bool include_terminated = false) {
    std::vector<Instance> all =
        InstancesOf(session_.ec2().DescribeInstances({}).value().reservations);
    if (include_terminated) return all;
    std::erase_if(all, [](const Instance& i) {
      return i.state.name == "terminated" || i.state.name == "shutting-down";
    });
    return all;
  }
  std::vector<SpotInstanceRequest> OpenRequests() {
    std::vector<SpotInstanceRequest> all =
        session_.ec2().DescribeSpotInstanceRequests({}).value().spot_instance_requests;
    std::erase_if(
        all, [](const SpotInstanceRequest& r) { return r.state != "open" && r.state != "active"; });
    return all;
  }
  std::vector<LaunchZone> SpotZones(const std::string& type) {
    DefaultNetwork network = FindDefaultNetwork(session_.ec2()).value();
    return LaunchZones(session_.ec2(), network, type, true, "", session_.cloud().clock().Now())
        .value();
  }
  nlohmann::json LaunchJson(std::vector<std::string> args) {
    args.insert(args.begin(), {"-o", "json", "launch"});
    SubprocessResult r = session_.Run(args);
    EXPECT_EQ(r.exit_code, 0) << r.stderr_text;
    return r.exit_code == 0 ? nlohmann::json::parse(r.stdout_text) : nlohmann::json::object();
  }

  testing::LocalCloudSession session_;
};

TEST_F(LaunchCommandTest, OnDemandMachineRunsTaggedWithImdsV2AndTakesSsh) {
  SubprocessResult r = session_.Run({"launch", "web", "--on-demand"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  for (const char* stage : {"requested", "pending", "running", "ssh ready"}) {
    EXPECT_THAT(r.stderr_text, HasSubstr(stage));
  }
  ASSERT_EQ(Instances().size(), 1u);
  Instance i = Instances().front();
  EXPECT_EQ(r.stdout_text, fmt::format("web  {}  t3.micro  on-demand  running  {}\n", i.instance_id,
                                       i.private_ip_address));
  EXPECT_EQ(i.metadata_options.http_tokens, "required");
  EXPECT_EQ(FindTag(i.tags, kNameTag), "web");
  EXPECT_EQ(FindTag(i.tags, kManagedTag), "true");
  EXPECT_EQ(i.security_groups.at(0).group_name, kSshSecurityGroupName);

  std::string key = session_.home() + "/.config/spotrun/id_ed25519";
  ASSERT_TRUE(std::filesystem::exists(key));
  SubprocessOptions ssh;
  ssh.argv = {"ssh",
              "-i",
              key,
              "-o",
              "StrictHostKeyChecking=no",
              "-o",
              "UserKnownHostsFile=/dev/null",
              "-o",
              "BatchMode=yes",
              "-o",
              "ConnectTimeout=10",
              "-p",
              std::to_string(SshPortOf(i)),
              session_.cloud().login_user() + "@" + i.private_ip_address,
              "echo",
              "hello"};
  Result<SubprocessResult> logged_in = RunSubprocess(ssh);
  ASSERT_TRUE(logged_in.ok()) << logged_in.status().ToString();
  EXPECT_EQ(logged_in->exit_code, 0) << logged_in->stderr_text;
  EXPECT_EQ(logged_in->stdout_text, "hello\n");
}

TEST_F(LaunchCommandTest, SpotJsonThenASecondLaunchReusesKeyAndGroupAndANameIsRefusedTwice) {
  nlohmann::json first = LaunchJson({"trainer", "--type", "m5.large"});
  EXPECT_EQ(first["name"], "trainer");
  EXPECT_EQ(first["market"], "spot");
  EXPECT_EQ(first["state"], "running");
  EXPECT_EQ(first["zone"], SpotZones("m5.large").front().zone);
  nlohmann::json second = LaunchJson({"helper", "--type", "m5.large", "--no-wait"});
  EXPECT_EQ(second["state"], "pending");
  EXPECT_EQ(session_.ec2().DescribeKeyPairs({}).value().size(), 1u);
  EXPECT_EQ(session_.ec2()
                .DescribeSecurityGroups(
                    {.filters = {{"group-name", {std::string(kSshSecurityGroupName)}}}})
                .value()
                .security_groups.size(),
            1u);
  SubprocessResult twice = session_.Run({"launch", "trainer", "--no-wait"});
  EXPECT_NE(twice.exit_code, 0);
  EXPECT_THAT(twice.stderr_text, HasSubstr("a machine named \"trainer\" exists already"));
  EXPECT_THAT(twice.stderr_text, HasSubstr("spotrun terminate trainer"));
  EXPECT_EQ(Instances().size(), 2u);
}

TEST_F(LaunchCommandTest, UnknownTypeNamesTheNearestTypes) {
  SubprocessResult r = session_.Run({"launch", "box", "--type", "m5.lareg"});
  EXPECT_EQ(r.exit_code, kExitNotFound);
  EXPECT_THAT(r.stderr_text, HasSubstr("unknown instance type m5.lareg"));
  EXPECT_THAT(r.stderr_text, HasSubstr("m5.large"));
  EXPECT_TRUE(Instances().empty());
}

TEST_F(LaunchCommandTest, NoCapacityInTheCheapestZoneLaunchesInAnother) {
  std::vector<LaunchZone> zones = SpotZones("m5.large");
  ASSERT_GE(zones.size(), 2u);
  ASSERT_TRUE(session_.ec2().SetCapacity("m5.large", zones[0].zone, 0).ok());
  nlohmann::json machine = LaunchJson({"mover", "--type", "m5.large", "--no-wait"});
  EXPECT_EQ(machine["zone"], zones[1].zone);
}

TEST_F(LaunchCommandTest, NoCapacityAnywhereSaysSoAndLeavesNothing) {
  for (const LaunchZone& zone : SpotZones("m5.large")) {
    ASSERT_TRUE(session_.ec2().SetCapacity("m5.large", zone.zone, 0).ok());
  }
  SubprocessResult r = session_.Run({"launch", "starved", "--type", "m5.large", "--persistent"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.stderr_text, HasSubstr("no spot m5.large capacity"));
  EXPECT_THAT(r.stderr_text, HasSubstr("--on-demand"));
  EXPECT_THAT(r.stderr_text, HasSubstr("--type m5.xlarge"));
  EXPECT_TRUE(Instances().empty());
  EXPECT_TRUE(OpenRequests().empty());
}

TEST_F(LaunchCommandTest, ThrottlingIsSurvived) {
  session_.cloud().server().ThrottleNext(
      2);  // the first call is refused twice, its third try passes
  nlohmann::json machine = LaunchJson({"patient", "--on-demand", "--no-wait"});
  EXPECT_EQ(machine["name"], "patient");
  EXPECT_EQ(Instances().size(), 1u);
}

TEST_F(LaunchCommandTest, ADroppedRunInstancesAnswerStillMakesExactlyOneMachine) {
  session_.cloud().server().DropConnectionAfterNext(1, "RunInstances");
  SubprocessResult r = session_.Run({"-vv", "-o", "json", "launch", "once", "--type", "m5.large"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  // The answer was lost and the call retried, with the same ClientToken.
  EXPECT_THAT(r.stderr_text, HasSubstr("RunInstances attempt 2/"));
  nlohmann::json machine = nlohmann::json::parse(r.stdout_text);
  EXPECT_EQ(machine["state"], "running");
  std::vector<Instance> all = Instances(/*include_terminated=*/true);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all.front().instance_id, machine["id"]);
  EXPECT_EQ(OpenRequests().size(), 1u);
}

TEST_F(LaunchCommandTest, RequestsListsAPersistentRequestWithItsMachine) {
  nlohmann::json machine =
      LaunchJson({"keeper", "--type", "m5.large", "--persistent", "--no-wait"});
  SubprocessResult table = session_.Run({"requests"});
  ASSERT_EQ(table.exit_code, 0) << table.stderr_text;
  EXPECT_THAT(table.stdout_text, HasSubstr("MACHINE"));
  EXPECT_THAT(table.stdout_text, HasSubstr("keeper"));
  EXPECT_THAT(table.stdout_text, HasSubstr("persistent"));
  SubprocessResult json = session_.Run({"-o", "json", "requests"});
  ASSERT_EQ(json.exit_code, 0) << json.stderr_text;
  nlohmann::json rows = nlohmann::json::parse(json.stdout_text);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["machine"], "keeper");
  EXPECT_EQ(rows[0]["type"], "persistent");
  EXPECT_EQ(rows[0]["id"], machine["spot_request"]);
  ASSERT_TRUE(session_.ec2()
                  .CancelSpotInstanceRequests(
                      {.spot_instance_request_ids = {rows[0]["id"].get<std::string>()}})
                  .ok());
  EXPECT_THAT(session_.Run({"requests"}).stdout_text, HasSubstr("no open spot requests"));
  EXPECT_THAT(session_.Run({"requests", "--all"}).stdout_text, HasSubstr("cancelled"));
}

TEST_F(LaunchCommandTest, HelpTeachesWithExamples) {
  SubprocessResult r = session_.Run({"launch", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.stdout_text, HasSubstr("--on-demand"));
  EXPECT_THAT(r.stdout_text, HasSubstr("spotrun launch trainer"));
  EXPECT_THAT(r.stdout_text, HasSubstr("spot"));
}

}  // namespace
}  // namespace spotrun
