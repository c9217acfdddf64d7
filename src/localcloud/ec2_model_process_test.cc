// Ec2Model over the real ProcessRuntime and ImdsServer: RunInstances makes a sandbox whose
// sshd accepts the launch key pair and whose IMDS serves the instance, and
// TerminateInstances leaves no process behind, however it daemonised. Real time and real
// sockets: waits poll with a deadline.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "base/file.h"
#include "base/subprocess.h"
#include "base/temp_dir.h"
#include "localcloud/ec2_model.h"
#include "localcloud/imds_server.h"
#include "localcloud/poll_until.h"
#include "localcloud/process_runtime.h"
#include "localcloud/test_loopback_addresses.h"

namespace spotrun {
namespace {

using std::chrono::milliseconds;

// Lets the ImdsServer be built before the model it asks.
class ForwardingImdsSource final : public ImdsSource {
 public:
  std::optional<ImdsView> Lookup(std::string_view instance_id) override {
    return model == nullptr ? std::nullopt : model->Lookup(instance_id);
  }
  Ec2Model* model = nullptr;
};

const market::Market& TheMarket() {
  static const market::Market* market = new market::Market();
  return *market;
}

TEST(Ec2ModelProcessTest, LaunchOpensSshAndTerminateEndsEveryProcess) {
  Result<ScopedTempDir> dir = ScopedTempDir::Create("spotrun-model-test");
  ASSERT_TRUE(dir.ok());
  const std::string key = (dir->path() / "key").string();
  SubprocessOptions keygen;
  keygen.argv = {"ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key};
  Result<SubprocessResult> made = RunSubprocess(keygen);
  ASSERT_TRUE(made.ok() && made->success());

  ProcessRuntime::Options runtime_options;
  runtime_options.state_dir = (dir->path() / "state").string();
  runtime_options.use_freezer_cgroup = false;
  Result<std::unique_ptr<ProcessRuntime>> runtime = ProcessRuntime::Create(runtime_options);
  ASSERT_TRUE(runtime.ok()) << runtime.status().ToString();

  RealClock clock;
  ForwardingImdsSource source;
  ImdsServer imds(source, clock);

  Ec2State state;
  state.region = "us-east-1";
  state.owner_id = "000000000000";
  state.images["ami-0123456789abcdef0"].image = {
      .image_id = "ami-0123456789abcdef0", .state = "available", .architecture = "x86_64"};
  // The image's root snapshot, made from an instance whose user data already ran.
  const std::filesystem::path snapshot = dir->path() / "snap";
  std::filesystem::create_directories(snapshot / "opt");
  std::filesystem::create_directories(snapshot / "var/lib/cloud/instance/sem");
  ASSERT_TRUE(WriteFileAtomic((snapshot / "opt/model.bin").string(), "weights").ok());
  ASSERT_TRUE(WriteFileAtomic(
                  (snapshot / "var/lib/cloud/instance/sem/config_scripts_user").string(), "i-old")
                  .ok());
  state.snapshots["snap-1"].dir = snapshot.string();
  state.images["ami-0123456789abcdef0"].root_snapshot_id = "snap-1";
  state.key_pairs["key-1"].key_pair = {
      .key_pair_id = "key-1", .key_name = "k", .public_key = *ReadFile(key + ".pub")};
  state.vpcs["vpc-1"] = {.vpc_id = "vpc-1", .is_default = true};
  state.subnets["subnet-1"] = {.subnet_id = "subnet-1",
                               .vpc_id = "vpc-1",
                               .availability_zone = "us-east-1a",
                               .default_for_az = true};
  state.security_groups["sg-1"] = {.group_id = "sg-1", .group_name = "default", .vpc_id = "vpc-1"};
  Ec2Model::Deps deps{
      clock, **runtime, TheMarket(), SystemRandomSource(), &testing::TestAddressPool(), &imds};
  Result<std::unique_ptr<Ec2Model>> model = Ec2Model::Create(std::move(state), deps, {});
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  source.model = model->get();

  RunInstancesRequest request{
      .image_id = "ami-0123456789abcdef0", .instance_type = "m5.large", .key_name = "k"};
  // A daemon that escapes its parent, as `nohup … &` over ssh would.
  request.user_data = "#!/bin/sh\nnohup sleep 300 >/dev/null 2>&1 &\n";
  Result<Reservation> reservation = (*model)->RunInstances(request);
  ASSERT_TRUE(reservation.ok()) << reservation.status().ToString();
  const std::string id = reservation->instances[0].instance_id;
  ASSERT_TRUE(PollUntil(
      milliseconds(10000), [&] { return (*runtime)->SshReady(id); }, milliseconds(20)))
      << "sshd did not come up; see " << (*runtime)->RootDir(id) << "/var/log/sshd.log";
  EXPECT_TRUE(imds.Endpoint(id).has_value());
  const std::string root = (*runtime)->RootDir(id);
  EXPECT_EQ(ReadFile(root + "/opt/model.bin").value_or(""), "weights");
  EXPECT_EQ(ReadFile(root + "/var/lib/cloud/instance/sem/config_scripts_user").value_or(""),
            id + "\n");  // user data ran at this instance's first boot
  EXPECT_TRUE(
      PollUntil(milliseconds(10000), [&] { return (*runtime)->Describe(id)->process_count >= 3; }));

  RuntimeStatus status = *(*runtime)->Describe(id);
  SubprocessOptions ssh;
  ssh.argv = {"ssh",
              "-F",
              "/dev/null",
              "-i",
              key,
              "-o",
              "IdentitiesOnly=yes",
              "-o",
              "BatchMode=yes",
              "-o",
              "StrictHostKeyChecking=no",
              "-o",
              "UserKnownHostsFile=/dev/null",
              "-o",
              "LogLevel=ERROR",
              "-o",
              "KexAlgorithms=curve25519-sha256",
              "-p",
              std::to_string(status.ssh_port),
              (*runtime)->login_user() + "@" + status.address,
              "echo $AWS_EC2_METADATA_SERVICE_ENDPOINT"};
  ssh.timeout = milliseconds(20000);
  Result<SubprocessResult> answer = RunSubprocess(ssh);
  ASSERT_TRUE(answer.ok());
  EXPECT_EQ(answer->stdout_text, *imds.Endpoint(id) + "\n") << answer->stderr_text;

  ASSERT_TRUE((*model)->TerminateInstances({.instance_ids = {id}}).ok());
  RuntimeStatus ended = *(*runtime)->Describe(id);
  EXPECT_EQ(ended.state, RuntimeState::kAbsent);
  EXPECT_EQ(ended.process_count, 0);
  EXPECT_FALSE(imds.Endpoint(id).has_value());
  EXPECT_FALSE(testing::TestAddressPool().InUse(status.address));
  source.model = nullptr;
}

}  // namespace
}  // namespace spotrun
