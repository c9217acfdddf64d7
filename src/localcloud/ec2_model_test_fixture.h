// Test-only: an Ec2Model over a hand-built Ec2State (one image, one key pair, a default VPC
// with a default subnet in two zones and its default security group), a FakeClock, a
// FakeInstanceRuntime, the embedded market data and a deterministic random source. Shared by
// the instance, spot and interruption tests. Not thread-safe (one test at a time).
#ifndef SPOTRUN_LOCALCLOUD_EC2_MODEL_TEST_FIXTURE_H_
#define SPOTRUN_LOCALCLOUD_EC2_MODEL_TEST_FIXTURE_H_

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

#include "localcloud/ec2_model.h"
#include "localcloud/fake_instance_runtime.h"
#include "localcloud/loopback_address_pool.h"
#include "market/market.h"

namespace spotrun::testing {

inline const market::Market& SharedMarket() {
  static const market::Market* market = new market::Market();
  return *market;
}

class Ec2ModelTest : public ::testing::Test {
 public:
  static constexpr char kImage[] = "ami-0123456789abcdef0";
  static constexpr char kKeyName[] = "launch-key";
  static constexpr char kPublicKey[] = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAITEST launch-key";
  static constexpr char kVpc[] = "vpc-0123456789abcdef0";
  static constexpr char kSubnetA[] = "subnet-0000000000000000a";
  static constexpr char kSubnetB[] = "subnet-0000000000000000b";
  static constexpr char kGroup[] = "sg-0123456789abcdef0";
  static constexpr char kType[] = "m5.large";

 protected:
  void SetUp() override { Build({}); }

  void Build(Ec2Model::Options options) {
    model_.reset();
    Ec2State state;
    state.region = "us-east-1";
    state.owner_id = "000000000000";
    ImageRecord image;
    image.image = {.image_id = kImage,
                   .name = "ubuntu",
                   .state = "available",
                   .owner_id = "099720109477",
                   .architecture = "x86_64",
                   .root_device_name = "/dev/sda1",
                   .root_device_type = "ebs"};
    state.images[kImage] = image;
    KeyPairRecord key;
    key.key_pair = {.key_pair_id = "key-0123456789abcdef0",
                    .key_name = kKeyName,
                    .key_type = "ed25519",
                    .public_key = kPublicKey};
    state.key_pairs[key.key_pair.key_pair_id] = key;
    state.vpcs[kVpc] = {
        .vpc_id = kVpc, .cidr_block = "172.31.0.0/16", .state = "available", .is_default = true};
    state.subnets[kSubnetA] = {.subnet_id = kSubnetA,
                               .vpc_id = kVpc,
                               .availability_zone = "us-east-1a",
                               .availability_zone_id = "use1-az1",
                               .state = "available",
                               .default_for_az = true};
    state.subnets[kSubnetB] = {.subnet_id = kSubnetB,
                               .vpc_id = kVpc,
                               .availability_zone = "us-east-1b",
                               .availability_zone_id = "use1-az2",
                               .state = "available",
                               .default_for_az = true};
    state.security_groups[kGroup] = {.group_id = kGroup,
                                     .group_name = "default",
                                     .description = "default VPC security group",
                                     .vpc_id = kVpc};
    if (!pool_) {
      pool_ = std::make_unique<LoopbackAddressPool>(
          std::move(LoopbackAddressPool::Create("127.1.0.1", "127.1.0.254")).value());
    }
    Ec2Model::Deps deps{clock_, runtime_, SharedMarket(), [this] { return NextRandom(); },
                        pool_.get()};
    Result<std::unique_ptr<Ec2Model>> model = Ec2Model::Create(std::move(state), deps, options);
    ASSERT_TRUE(model.ok()) << model.status().ToString();
    model_ = std::move(model).value();
  }

  // Ids step through the digits; a test may force the value automatic interruptions draw.
  double NextRandom() {
    if (forced_random_) return *forced_random_;
    random_counter_ = (random_counter_ + 1) % 97;
    return random_counter_ / 97.0;
  }

  RunInstancesRequest OnDemand() {
    return {.image_id = kImage, .instance_type = kType, .key_name = kKeyName};
  }
  RunInstancesRequest Spot(std::string type = "one-time", std::string behavior = "terminate") {
    RunInstancesRequest request = OnDemand();
    request.instance_market_options = InstanceMarketOptionsRequest{
        .spot_options = SpotMarketOptions{.spot_instance_type = type,
                                          .instance_interruption_behavior = behavior}};
    return request;
  }

  std::string Launch(RunInstancesRequest request) {
    Result<Reservation> reservation = model_->RunInstances(request);
    EXPECT_TRUE(reservation.ok()) << reservation.status().ToString();
    return reservation.ok() ? reservation->instances.at(0).instance_id : "";
  }

  Instance Describe(const std::string& id) {
    Result<DescribeInstancesResponse> response = model_->DescribeInstances({.instance_ids = {id}});
    EXPECT_TRUE(response.ok()) << response.status().ToString();
    if (!response.ok() || response->reservations.empty()) return {};
    return response->reservations.at(0).instances.at(0);
  }
  std::string StateOf(const std::string& id) { return Describe(id).state.name; }

  SpotInstanceRequest SpotRequest(const std::string& id) {
    Result<DescribeSpotInstanceRequestsResponse> response =
        model_->DescribeSpotInstanceRequests({.spot_instance_request_ids = {id}});
    EXPECT_TRUE(response.ok()) << response.status().ToString();
    if (!response.ok() || response->spot_instance_requests.empty()) return {};
    return response->spot_instance_requests.at(0);
  }

  void Advance(Duration d) {
    clock_.Advance(d);
    model_->Tick();
  }

  FakeClock clock_;
  FakeInstanceRuntime runtime_;
  std::unique_ptr<LoopbackAddressPool> pool_;
  std::optional<double> forced_random_;
  int random_counter_ = 0;
  std::unique_ptr<Ec2Model> model_;
};

}  // namespace spotrun::testing

#endif  // SPOTRUN_LOCALCLOUD_EC2_MODEL_TEST_FIXTURE_H_
