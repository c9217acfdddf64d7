// The local cloud's contract suite: the same EC2 cases run in process against Ec2Model and
// over real HTTP — Ec2Client → AwsQueryClient (SigV4, retries) → QueryServer (verification)
// → DispatchEc2Action → Ec2Model. What passes in both proves the wire adds nothing and loses
// nothing. Instances run on a FakeInstanceRuntime and a FakeClock.
#include <gtest/gtest.h>

#include <memory>
#include <set>

#include "aws/aws_query_client.h"
#include "aws/credentials.h"
#include "aws/ec2_client.h"
#include "aws/random_source.h"
#include "http/curl_http_client.h"
#include "localcloud/ec2_model.h"
#include "localcloud/ec2_query_dispatch.h"
#include "localcloud/fake_instance_runtime.h"
#include "localcloud/query_server.h"
#include "market/market.h"

namespace spotrun {
namespace {

using std::chrono::seconds;

const market::Market& SharedMarket() {
  static const market::Market* market = new market::Market();
  return *market;
}

class StaticCredentials final : public CredentialsProvider {
 public:
  explicit StaticCredentials(Credentials c) : c_(std::move(c)) {}
  Result<Credentials> Get() override { return c_; }

 private:
  Credentials c_;
};

enum class Path { kInProcess, kHttp };

class Ec2ContractTest : public ::testing::TestWithParam<Path> {
 protected:
  void SetUp() override {
    int counter = 0;
    Ec2Model::Deps deps{.clock = clock_,
                        .runtime = runtime_,
                        .market = SharedMarket(),
                        .random = [counter]() mutable {
                          return static_cast<double>((counter++ * 7919) % 1000) / 1000.0;
                        }};
    Ec2Model::Options options;
    options.boot_delay = seconds(2);
    Result<std::unique_ptr<Ec2Model>> model = Ec2Model::Create(Ec2State(), deps, options);
    ASSERT_TRUE(model.ok()) << model.status().ToString();
    model_ = std::move(*model);
    if (GetParam() == Path::kInProcess) {
      api_ = model_.get();
      return;
    }
    const Credentials keys{.access_key_id = "AKIALOCALTEST", .secret_access_key = "secret"};
    QueryServer::Options server;
    server.host = "127.0.0.1";
    server.port = 0;
    server.region = "us-east-1";
    server.service = "ec2";
    server.credentials = {keys};
    server.clock = &clock_;
    server_ = std::make_unique<QueryServer>(
        server,
        [this](std::string_view action, const QueryParams& params, std::string_view request_id) {
          return DispatchEc2Action(*model_, action, params, request_id);
        });
    Result<int> started = server_->Start();
    ASSERT_TRUE(started.ok()) << started.status().ToString();
    credentials_ = std::make_unique<StaticCredentials>(keys);
    AwsQueryClient::Options query;
    query.service = "ec2";
    query.endpoint = "http://127.0.0.1:" + std::to_string(server_->port());
    query.region = "us-east-1";
    query.api_version = "2016-11-15";
    query.credentials = credentials_.get();
    query.http = http_.get();
    query.clock = &clock_;
    query_ = std::make_unique<AwsQueryClient>(std::move(query));
    client_ = std::make_unique<Ec2Client>(*query_);
    api_ = client_.get();
  }

  void TearDown() override {
    // Close the client's keep-alive connection first, so Stop need not wait it out.
    client_.reset();
    query_.reset();
    http_.reset();
    if (server_) server_->Stop();
  }

  Ec2Api& ec2() { return *api_; }

  std::string UbuntuImage() {
    Result<std::vector<Image>> images = ec2().DescribeImages(
        {.owners = {"099720109477"},
         .filters = {{"name", {"ubuntu/images/*ubuntu-noble-24.04-amd64-server-*"}}}});
    EXPECT_TRUE(images.ok()) << images.status().ToString();
    if (!images.ok() || images->empty()) return "";
    return images->front().image_id;
  }

  Result<Instance> Launch(bool spot, std::vector<Tag> tags = {}) {
    RunInstancesRequest request{.image_id = UbuntuImage(), .instance_type = "m5.large"};
    if (spot) request.instance_market_options = InstanceMarketOptionsRequest{};
    if (!tags.empty()) request.tag_specifications = {{"instance", tags}};
    SPOTRUN_ASSIGN_OR_RETURN(Reservation r, ec2().RunInstances(request));
    if (r.instances.size() != 1) return Status::Internal("expected one instance");
    return r.instances.front();
  }

  Result<Instance> Describe(const std::string& id) {
    SPOTRUN_ASSIGN_OR_RETURN(auto page, ec2().DescribeInstances({.instance_ids = {id}}));
    std::vector<Instance> all = InstancesOf(page.reservations);
    if (all.size() != 1) return Status::Internal("expected one instance");
    return all.front();
  }

  FakeClock clock_;
  FakeInstanceRuntime runtime_;
  std::unique_ptr<Ec2Model> model_;
  std::unique_ptr<QueryServer> server_;
  std::unique_ptr<CredentialsProvider> credentials_;
  std::unique_ptr<CurlHttpClient> http_ = std::make_unique<CurlHttpClient>();
  std::unique_ptr<AwsQueryClient> query_;
  std::unique_ptr<Ec2Client> client_;
  Ec2Api* api_ = nullptr;
};

TEST_P(Ec2ContractTest, EveryApiActionIsServed) { EXPECT_EQ(Ec2ActionNames().size(), 38u); }

TEST_P(Ec2ContractTest, RegionsZonesAndTheDefaultNetworkExist) {
  Result<std::vector<Region>> regions = ec2().DescribeRegions({});
  ASSERT_TRUE(regions.ok()) << regions.status().ToString();
  std::set<std::string> names;
  for (const Region& r : *regions) names.insert(r.region_name);
  EXPECT_TRUE(names.count("us-east-1"));
  Result<std::vector<AvailabilityZone>> zones = ec2().DescribeAvailabilityZones({});
  ASSERT_TRUE(zones.ok());
  ASSERT_FALSE(zones->empty());
  EXPECT_EQ(zones->front().region_name, "us-east-1");
  EXPECT_FALSE(zones->front().zone_id.empty());
  Result<DescribeVpcsResponse> vpcs = ec2().DescribeVpcs({.filters = {{"is-default", {"true"}}}});
  ASSERT_TRUE(vpcs.ok()) << vpcs.status().ToString();
  ASSERT_EQ(vpcs->vpcs.size(), 1u);
  Result<DescribeSubnetsResponse> subnets =
      ec2().DescribeSubnets({.filters = {{"vpc-id", {vpcs->vpcs[0].vpc_id}}}});
  ASSERT_TRUE(subnets.ok());
  EXPECT_EQ(subnets->subnets.size(), zones->size());
}

TEST_P(Ec2ContractTest, AnInstanceGoesThroughEc2sStates) {
  Result<Instance> launched = Launch(false, {{"Name", "web"}});
  ASSERT_TRUE(launched.ok()) << launched.status().ToString();
  EXPECT_EQ(launched->state.name, "pending");
  EXPECT_EQ(launched->state.code, 0);
  EXPECT_EQ(FindTag(launched->tags, "Name"), "web");
  clock_.Advance(seconds(3));
  Result<Instance> running = Describe(launched->instance_id);
  ASSERT_TRUE(running.ok());
  EXPECT_EQ(running->state.name, "running");

  Result<std::vector<InstanceStateChange>> stopped =
      ec2().StopInstances({.instance_ids = {launched->instance_id}});
  ASSERT_TRUE(stopped.ok()) << stopped.status().ToString();
  EXPECT_EQ(stopped->at(0).current_state.name, "stopping");
  EXPECT_EQ(stopped->at(0).previous_state.name, "running");
  clock_.Advance(seconds(5));
  EXPECT_EQ(Describe(launched->instance_id)->state.name, "stopped");

  ASSERT_TRUE(ec2().StartInstances({.instance_ids = {launched->instance_id}}).ok());
  clock_.Advance(seconds(5));
  EXPECT_EQ(Describe(launched->instance_id)->state.name, "running");

  Result<std::vector<InstanceStateChange>> gone =
      ec2().TerminateInstances({.instance_ids = {launched->instance_id}});
  ASSERT_TRUE(gone.ok());
  EXPECT_EQ(gone->at(0).current_state.name, "shutting-down");
  clock_.Advance(seconds(5));
  EXPECT_EQ(Describe(launched->instance_id)->state.name, "terminated");
  Result<std::vector<InstanceStateChange>> again =
      ec2().StartInstances({.instance_ids = {launched->instance_id}});
  EXPECT_EQ(again.status().code(), "IncorrectInstanceState");
}

TEST_P(Ec2ContractTest, SpotLaunchesMakeAFulfilledRequest) {
  Result<Instance> spot = Launch(true);
  ASSERT_TRUE(spot.ok()) << spot.status().ToString();
  EXPECT_EQ(spot->instance_lifecycle, "spot");
  ASSERT_FALSE(spot->spot_instance_request_id.empty());
  clock_.Advance(seconds(3));
  Result<DescribeSpotInstanceRequestsResponse> requests = ec2().DescribeSpotInstanceRequests(
      {.spot_instance_request_ids = {spot->spot_instance_request_id}});
  ASSERT_TRUE(requests.ok()) << requests.status().ToString();
  ASSERT_EQ(requests->spot_instance_requests.size(), 1u);
  EXPECT_EQ(requests->spot_instance_requests[0].state, "active");
  EXPECT_EQ(requests->spot_instance_requests[0].status.code, "fulfilled");
  EXPECT_EQ(requests->spot_instance_requests[0].instance_id, spot->instance_id);

  Result<DescribeSpotPriceHistoryResponse> prices = ec2().DescribeSpotPriceHistory(
      {.instance_types = {"m5.large"}, .product_descriptions = {"Linux/UNIX"}});
  ASSERT_TRUE(prices.ok()) << prices.status().ToString();
  ASSERT_FALSE(prices->spot_price_history.empty());
  EXPECT_EQ(prices->spot_price_history[0].instance_type, "m5.large");
}

TEST_P(Ec2ContractTest, FiltersAndPagesWalkEveryInstanceOnce) {
  for (int i = 0; i < 7; ++i) {
    ASSERT_TRUE(Launch(false, {{"group", i % 2 == 0 ? "even" : "odd"}}).ok());
  }
  std::set<std::string> seen;
  std::optional<std::string> token;
  int pages = 0;
  do {
    Result<DescribeInstancesResponse> page =
        ec2().DescribeInstances({.max_results = 5, .next_token = token});
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    for (const Instance& i : InstancesOf(page->reservations)) seen.insert(i.instance_id);
    token = page->next_token;
    ++pages;
  } while (!token->empty() && pages < 10);
  EXPECT_EQ(seen.size(), 7u);
  EXPECT_EQ(pages, 2);
  Result<DescribeInstancesResponse> even = ec2().DescribeInstances(
      {.filters = {{"tag:group", {"even"}}, {"instance-state-name", {"pending", "running"}}}});
  ASSERT_TRUE(even.ok());
  EXPECT_EQ(InstancesOf(even->reservations).size(), 4u);
}

TEST_P(Ec2ContractTest, ErrorsCarryEc2sCodes) {
  EXPECT_EQ(ec2().DescribeInstances({.instance_ids = {"i-0123456789abcdef0"}}).status().code(),
            "InvalidInstanceID.NotFound");
  Result<Reservation> bad_image =
      ec2().RunInstances({.image_id = "ami-0123456789abcdef0", .instance_type = "m5.large"});
  EXPECT_EQ(bad_image.status().code(), "InvalidAMIID.NotFound");
  Result<Reservation> dry =
      ec2().RunInstances({.image_id = UbuntuImage(), .instance_type = "m5.large", .dry_run = true});
  EXPECT_EQ(dry.status().code(), "DryRunOperation");
  EXPECT_EQ(InstancesOf(ec2().DescribeInstances({})->reservations).size(), 0u);
}

TEST_P(Ec2ContractTest, OneClientTokenLaunchesOnce) {
  RunInstancesRequest request{
      .image_id = UbuntuImage(), .instance_type = "m5.large", .client_token = "same-token"};
  Result<Reservation> first = ec2().RunInstances(request);
  Result<Reservation> second = ec2().RunInstances(request);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->instances.at(0).instance_id, second->instances.at(0).instance_id);
  EXPECT_EQ(InstancesOf(ec2().DescribeInstances({})->reservations).size(), 1u);
}

TEST_P(Ec2ContractTest, KeysVolumesAndSnapshots) {
  Result<KeyPairInfo> key = ec2().ImportKeyPair(
      {.key_name = "me",
       .public_key_material =
           "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB3ns6/e7T3JWqU2u3m5Jw4bx5ItFj9dBWxkAF2gvAKj me"});
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  Result<std::vector<KeyPairInfo>> keys = ec2().DescribeKeyPairs({.key_names = {"me"}});
  ASSERT_TRUE(keys.ok());
  ASSERT_EQ(keys->size(), 1u);
  EXPECT_EQ(keys->at(0).key_pair_id, key->key_pair_id);

  Result<Volume> volume =
      ec2().CreateVolume({.availability_zone = "us-east-1a", .size = 10, .volume_type = "gp3"});
  ASSERT_TRUE(volume.ok()) << volume.status().ToString();
  clock_.Advance(seconds(5));
  Result<DescribeVolumesResponse> volumes =
      ec2().DescribeVolumes({.volume_ids = {volume->volume_id}});
  ASSERT_TRUE(volumes.ok());
  ASSERT_EQ(volumes->volumes.size(), 1u);
  EXPECT_EQ(volumes->volumes[0].state, "available");
  EXPECT_EQ(volumes->volumes[0].size, 10);
  Result<Snapshot> snapshot = ec2().CreateSnapshot({.volume_id = volume->volume_id});
  ASSERT_TRUE(snapshot.ok()) << snapshot.status().ToString();
  clock_.Advance(seconds(5));
  Result<DescribeSnapshotsResponse> snapshots =
      ec2().DescribeSnapshots({.snapshot_ids = {snapshot->snapshot_id}});
  ASSERT_TRUE(snapshots.ok());
  ASSERT_EQ(snapshots->snapshots.size(), 1u);
  EXPECT_EQ(snapshots->snapshots[0].state, "completed");
  ASSERT_TRUE(ec2().DeleteSnapshot({.snapshot_id = snapshot->snapshot_id}).ok());
  ASSERT_TRUE(ec2().DeleteVolume({.volume_id = volume->volume_id}).ok());
}

TEST_P(Ec2ContractTest, TagsOnAnyResource) {
  Result<Instance> instance = Launch(false);
  ASSERT_TRUE(instance.ok());
  ASSERT_TRUE(ec2()
                  .CreateTags({.resource_ids = {instance->instance_id},
                               .tags = {{"spotrun:managed", "true"}}})
                  .ok());
  Result<DescribeTagsResponse> tags =
      ec2().DescribeTags({.filters = {{"resource-id", {instance->instance_id}}}});
  ASSERT_TRUE(tags.ok()) << tags.status().ToString();
  ASSERT_EQ(tags->tags.size(), 1u);
  EXPECT_EQ(tags->tags[0].key, "spotrun:managed");
  EXPECT_EQ(tags->tags[0].resource_type, "instance");
  ASSERT_TRUE(
      ec2()
          .DeleteTags({.resource_ids = {instance->instance_id}, .keys = {"spotrun:managed"}})
          .ok());
  EXPECT_TRUE(
      ec2().DescribeTags({.filters = {{"resource-id", {instance->instance_id}}}})->tags.empty());
}

INSTANTIATE_TEST_SUITE_P(InProcessAndOverHttp, Ec2ContractTest,
                         ::testing::Values(Path::kInProcess, Path::kHttp),
                         [](const ::testing::TestParamInfo<Path>& info) {
                           return info.param == Path::kInProcess ? "InProcess" : "Http";
                         });

}  // namespace
}  // namespace spotrun
