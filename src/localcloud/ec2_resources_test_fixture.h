// Ec2ResourcesTest: the fixture of the EC2 model's resource tests (images, volumes, keys,
// network, tags, catalog). It builds an Ec2Model over a FakeClock, the embedded market data,
// a fixed random source and a temporary data_dir, with a runtime whose instances have real
// (temporary) root directories, so file effects can be checked. Instances are put straight
// into the state (AddInstance), not launched. Test-only; not thread-safe.
#ifndef SPOTRUN_LOCALCLOUD_EC2_RESOURCES_TEST_FIXTURE_H_
#define SPOTRUN_LOCALCLOUD_EC2_RESOURCES_TEST_FIXTURE_H_

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "base/clock.h"
#include "base/temp_dir.h"
#include "localcloud/ec2_model.h"
#include "localcloud/fake_instance_runtime.h"
#include "market/market.h"

namespace spotrun {

// A FakeInstanceRuntime whose instances' roots are ROOTS/ID (real directories a test fills).
class RootDirRuntime final : public InstanceRuntime {
 public:
  explicit RootDirRuntime(std::filesystem::path roots) : roots_(std::move(roots)) {}
  Status Boot(const InstanceSpec& spec) override { return fake_.Boot(spec); }
  Status Stop(std::string_view id) override { return fake_.Stop(id); }
  Status Terminate(std::string_view id, bool keep_root) override {
    return fake_.Terminate(id, keep_root);
  }
  Status Hibernate(std::string_view id) override { return fake_.Hibernate(id); }
  Status Resume(std::string_view id) override { return fake_.Resume(id); }
  Result<RuntimeStatus> Describe(std::string_view id) override {
    Result<RuntimeStatus> status = fake_.Describe(id);
    if (status.ok()) status->root_dir = RootOf(id).string();
    return status;
  }
  bool SshReady(std::string_view id) override { return fake_.SshReady(id); }

  std::filesystem::path RootOf(std::string_view id) const { return roots_ / std::string(id); }

 private:
  FakeInstanceRuntime fake_;
  std::filesystem::path roots_;
};

class Ec2ResourcesTest : public ::testing::Test {
 protected:
  static const market::Market& SharedMarket() {
    static const market::Market* market = new market::Market();
    return *market;
  }

  void SetUp() override {
    Result<ScopedTempDir> dir = ScopedTempDir::Create("spotrun-ec2-test");
    ASSERT_TRUE(dir.ok());
    temp_ = std::make_unique<ScopedTempDir>(std::move(dir).value());
    runtime_ = std::make_unique<RootDirRuntime>(temp_->path() / "roots");
  }

  // Builds the model over `state` (a new state gets the region's defaults).
  void Start(Ec2State state = {}, bool with_data_dir = true) {
    auto engine = std::make_shared<std::mt19937_64>(42);
    Ec2Model::Deps deps{clock_, *runtime_, SharedMarket(),
                        [engine] { return std::uniform_real_distribution<double>(0, 1)(*engine); }};
    Ec2Model::Options options;
    options.region = "us-east-1";
    if (with_data_dir) options.data_dir = (temp_->path() / "data").string();
    Result<std::unique_ptr<Ec2Model>> model = Ec2Model::Create(std::move(state), deps, options);
    ASSERT_TRUE(model.ok()) << model.status().ToString();
    model_ = std::move(model).value();
  }

  // An instance record as RunInstances would leave it, in `zone` and `state`.
  static InstanceRecord MakeInstance(std::string id, std::string zone = "us-east-1a",
                                     std::string state = "running") {
    InstanceRecord record;
    record.instance.instance_id = std::move(id);
    record.instance.availability_zone = std::move(zone);
    record.instance.state = {state == "running" ? 16 : state == "stopped" ? 80 : 48, state};
    record.instance.instance_type = "m5.large";
    record.instance.architecture = "x86_64";
    record.instance.root_device_name = "/dev/sda1";
    record.instance.root_device_type = "ebs";
    return record;
  }

  void StartWithInstances(std::vector<InstanceRecord> instances) {
    Ec2State state;
    for (InstanceRecord& r : instances) {
      std::string id = r.instance.instance_id;
      state.instances.emplace(id, std::move(r));
    }
    // No region yet: Create treats the state as new and seeds the defaults.
    Start(std::move(state));
  }

  std::filesystem::path DataDir() const { return temp_->path() / "data"; }
  std::filesystem::path RootOf(std::string_view id) const { return runtime_->RootOf(id); }

  std::string DefaultVpcId() {
    Result<DescribeVpcsResponse> vpcs = model_->DescribeVpcs({});
    EXPECT_TRUE(vpcs.ok());
    return vpcs.ok() && !vpcs->vpcs.empty() ? vpcs->vpcs.front().vpc_id : "";
  }

  FakeClock clock_;
  std::unique_ptr<ScopedTempDir> temp_;
  std::unique_ptr<RootDirRuntime> runtime_;
  std::unique_ptr<Ec2Model> model_;
};

// The AWS error code of a failed result or status ("" when it succeeded).
template <typename T>
std::string CodeOf(const Result<T>& result) {
  return result.ok() ? "" : result.status().code();
}
inline std::string CodeOf(const Status& status) { return status.ok() ? "" : status.code(); }

}  // namespace spotrun

#endif  // SPOTRUN_LOCALCLOUD_EC2_RESOURCES_TEST_FIXTURE_H_
