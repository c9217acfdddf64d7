// Test-only: an Ec2Model with a fresh region's defaults (a default VPC with a default subnet
// per zone, Canonical's Ubuntu images), as a first launch finds them, on a FakeClock. For the
// launch tests of the cloud layer. Not thread-safe.
#ifndef SPOTRUN_CLOUD_LAUNCH_TEST_FIXTURE_H_
#define SPOTRUN_CLOUD_LAUNCH_TEST_FIXTURE_H_

#include <gtest/gtest.h>

#include "cloud/ssh_identity.h"
#include "localcloud/ec2_model_test_fixture.h"

namespace spotrun::testing {

class FreshRegionTest : public Ec2ModelTest {
 protected:
  void SetUp() override {
    pool_ = std::make_unique<LoopbackAddressPool>(
        std::move(LoopbackAddressPool::Create("127.1.0.1", "127.1.0.254")).value());
    BuildFresh({});
  }

  void BuildFresh(Ec2Model::Options options) {
    model_.reset();
    Ec2Model::Deps deps{clock_, runtime_, SharedMarket(), [this] { return NextRandom(); },
                        pool_.get()};
    Result<std::unique_ptr<Ec2Model>> model = Ec2Model::Create(Ec2State{}, deps, options);
    ASSERT_TRUE(model.ok()) << model.status().ToString();
    model_ = std::move(model).value();
  }

  static SshIdentity Identity() {
    return {
        .private_key_path = "/nonexistent/id_ed25519",
        .public_key =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIO1pQ8nqA/FNnn181pmsUDVMY27U3cd6L5s3zxlHX01l test",
        .fingerprint = "SHA256:test",
        .key_pair_name = "spotrun-0123abcd"};
  }
};

}  // namespace spotrun::testing

#endif  // SPOTRUN_CLOUD_LAUNCH_TEST_FIXTURE_H_
