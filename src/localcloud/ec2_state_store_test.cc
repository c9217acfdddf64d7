// Ec2State through JSON (every record kind, every member that matters checked on the way
// back) and through the SQLite store on a real temp file: round trip, deletes, reopen, file
// mode, and a failed flush keeping its dirty keys.
#include "localcloud/ec2_state_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "base/temp_dir.h"
#include "localcloud/ec2_state_json.h"
#include "store/database.h"

namespace spotrun {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Optional;

const TimePoint kT0 = std::chrono::sys_days{std::chrono::year{2026} / 3 / 1};
// Not a whole millisecond: the store keeps the clock's tick.
const TimePoint kT1 = kT0 + std::chrono::seconds(90) + std::chrono::nanoseconds(123456789);

std::vector<Tag> Tags() { return {{"Name", "web"}, {"spotrun:managed", "true"}}; }

BlockDeviceMapping RootDevice() {
  return {.device_name = "/dev/xvda",
          .ebs = EbsBlockDevice{.volume_size = 8,
                                .volume_type = "gp3",
                                .iops = 3000,
                                .throughput = 125,
                                .encrypted = true,
                                .delete_on_termination = false,
                                .snapshot_id = "snap-root",
                                .kms_key_id = "alias/k"},
          .virtual_name = "root",
          .no_device = ""};
}

// A state with one record of every kind and every member set to something not default.
Ec2State FullState() {
  Ec2State s;
  s.region = "us-east-1";
  s.owner_id = "123456789012";

  InstanceRecord i;
  i.instance = Instance{
      .instance_id = "i-0abc",
      .instance_type = "m5.large",
      .state = {16, "running"},
      .image_id = "ami-1",
      .key_name = "k1",
      .launch_time = kT0,
      .availability_zone = "us-east-1a",
      .private_ip_address = "127.0.10.2",
      .public_ip_address = "127.0.10.3",
      .private_dns_name = "ip-127-0-10-2.ec2.internal",
      .public_dns_name = "ec2-127-0-10-3.compute-1.amazonaws.com",
      .subnet_id = "subnet-1",
      .vpc_id = "vpc-1",
      .instance_lifecycle = "spot",
      .spot_instance_request_id = "sir-1",
      .security_groups = {{"sg-1", "default"}},
      .tags = Tags(),
      .block_device_mappings = {{"/dev/xvda", "vol-1", "attached", kT0, true}},
      .metadata_options = {"applied", "required", "enabled", 2},
      .state_transition_reason = "User initiated (2026-03-01 00:00:00 GMT)",
      .state_reason = StateReason{"Client.UserInitiatedShutdown", "User initiated shutdown"},
      .architecture = "x86_64",
      .iam_instance_profile = IamInstanceProfile{"arn:aws:iam::1:instance-profile/p", "AIPA"},
      .root_device_name = "/dev/xvda",
      .root_device_type = "ebs",
      .platform_details = "Linux/UNIX",
      .client_token = "tok"};
  i.reservation_id = "r-1";
  i.owner_id = "123456789012";
  i.requester_id = "226008221399";
  i.user_data = std::string("#!/bin/sh\n\0\xff", 12);
  i.authorized_key = "ssh-ed25519 AAAA me";
  i.instance_initiated_shutdown_behavior = "terminate";
  i.interruption_behavior = "hibernate";
  i.spot_max_price = "0.05";
  i.running_at = kT0;
  i.transition_at = kT1;
  i.hibernating = true;
  i.rebalance_at = kT0 + std::chrono::minutes(1);
  i.notice_at = kT0 + std::chrono::minutes(2);
  i.interrupt_at = kT0 + std::chrono::minutes(4);
  i.interrupt_action = "stop";
  i.terminated_at = kT0 + std::chrono::hours(1);
  s.instances["i-0abc"] = i;

  SpotRequestRecord r;
  r.request = SpotInstanceRequest{
      .spot_instance_request_id = "sir-1",
      .state = "active",
      .status = {"fulfilled", "Your spot request is fulfilled.", kT1},
      .type = "persistent",
      .spot_price = "0.050000",
      .instance_id = "i-0abc",
      .launch_specification =
          {"ami-1", "m5.large", "k1", "us-east-1a", "subnet-1", {{"sg-1", "default"}}},
      .instance_interruption_behavior = "stop",
      .launched_availability_zone = "us-east-1a",
      .product_description = "Linux/UNIX",
      .valid_until = kT0 + std::chrono::hours(24 * 7),
      .create_time = kT0,
      .fault = StateReason{"capacity-not-available", "no capacity"},
      .tags = Tags()};
  r.launch = {.image_id = "ami-1",
              .instance_type = "m5.large",
              .key_name = "k1",
              .security_group_ids = {"sg-1"},
              .subnet_id = "subnet-1",
              .availability_zone = "us-east-1a",
              .user_data = "echo hi",
              .iam_instance_profile = IamInstanceProfileSpecification{.arn = "arn:p", .name = "p"},
              .block_device_mappings = {RootDevice()},
              .ebs_optimized = true};
  r.metadata_options = {.http_tokens = "optional",
                        .http_endpoint = "disabled",
                        .http_put_response_hop_limit = 3,
                        .instance_metadata_tags = "enabled"};
  r.instance_tags = {{"job", "j-1"}};
  r.client_token = "ct";
  r.from_run_instances = true;
  s.spot_requests["sir-1"] = r;

  ImageRecord image;
  image.image = Image{.image_id = "ami-1",
                      .name = "frozen",
                      .description = "d",
                      .state = "available",
                      .owner_id = "123456789012",
                      .architecture = "arm64",
                      .creation_date = kT0,
                      .root_device_name = "/dev/xvda",
                      .root_device_type = "ebs",
                      .virtualization_type = "hvm",
                      .platform_details = "Linux/UNIX",
                      .is_public = true,
                      .state_reason = StateReason{"c", "m"},
                      .block_device_mappings = {RootDevice()},
                      .tags = Tags()};
  image.root_snapshot_id = "snap-root";
  s.images["ami-1"] = image;

  VolumeRecord volume;
  volume.volume = Volume{.volume_id = "vol-1",
                         .size = 20,
                         .volume_type = "io2",
                         .state = "in-use",
                         .availability_zone = "us-east-1a",
                         .create_time = kT0,
                         .encrypted = true,
                         .iops = 6000,
                         .throughput = 250,
                         .snapshot_id = "snap-2",
                         .attachments = {{"vol-1", "i-0abc", "/dev/sdf", "attached", kT1, true}},
                         .tags = Tags()};
  volume.dir = "/var/lib/spotrun/volumes/vol-1";
  s.volumes["vol-1"] = volume;

  SnapshotRecord snapshot;
  snapshot.snapshot = Snapshot{.snapshot_id = "snap-2",
                               .volume_id = "vol-1",
                               .volume_size = 20,
                               .state = "completed",
                               .state_message = "ok",
                               .progress = "100%",
                               .start_time = kT0,
                               .description = "nightly",
                               .owner_id = "123456789012",
                               .encrypted = true,
                               .tags = Tags()};
  snapshot.dir = "/var/lib/spotrun/snapshots/snap-2";
  s.snapshots["snap-2"] = snapshot;

  s.key_pairs["key-1"] = KeyPairRecord{KeyPairInfo{.key_pair_id = "key-1",
                                                   .key_name = "k1",
                                                   .key_fingerprint = "SHA256:abc",
                                                   .key_type = "ed25519",
                                                   .public_key = "ssh-ed25519 AAAA me",
                                                   .create_time = kT0,
                                                   .tags = Tags()}};

  s.security_groups["sg-1"] = SecurityGroup{
      .group_id = "sg-1",
      .group_name = "default",
      .description = "default VPC security group",
      .vpc_id = "vpc-1",
      .owner_id = "123456789012",
      .ip_permissions = {{"tcp", 22, 22, {{"203.0.113.7/32", "me"}, {"10.0.0.0/8", {}}}}},
      .ip_permissions_egress = {{"-1", {}, {}, {{"0.0.0.0/0", {}}}}},
      .tags = Tags()};
  s.vpcs["vpc-1"] = Vpc{"vpc-1", "172.31.0.0/16", "available", true, "123456789012", Tags()};
  s.subnets["subnet-1"] = Subnet{.subnet_id = "subnet-1",
                                 .vpc_id = "vpc-1",
                                 .availability_zone = "us-east-1a",
                                 .availability_zone_id = "use1-az4",
                                 .cidr_block = "172.31.0.0/20",
                                 .state = "available",
                                 .available_ip_address_count = 4091,
                                 .default_for_az = true,
                                 .map_public_ip_on_launch = true,
                                 .tags = Tags()};
  s.capacity["m5.large@us-east-1a"] = PoolCapacity{.available = 3, .spot = 0};
  s.capacity["c5.large@us-east-1b"] = PoolCapacity{};  // unlimited, stated
  s.client_tokens["RunInstances/tok"] = "r-1";
  return s;
}

void TouchAll(Ec2State& s) {
  for (const auto& [id, _] : s.instances) s.Touch(id);
  for (const auto& [id, _] : s.spot_requests) s.Touch(id);
  for (const auto& [id, _] : s.images) s.Touch(id);
  for (const auto& [id, _] : s.volumes) s.Touch(id);
  for (const auto& [id, _] : s.snapshots) s.Touch(id);
  for (const auto& [id, _] : s.key_pairs) s.Touch(id);
  for (const auto& [id, _] : s.security_groups) s.Touch(id);
  for (const auto& [id, _] : s.vpcs) s.Touch(id);
  for (const auto& [id, _] : s.subnets) s.Touch(id);
  for (const auto& [key, _] : s.capacity) s.Touch("pool:" + key);
  for (const auto& [key, _] : s.client_tokens) s.Touch("token:" + key);
}

// Every record of `s` as JSON, by key: equal states give equal maps.
std::map<std::string, std::string> Dump(Ec2State s) {
  TouchAll(s);
  std::map<std::string, std::string> out;
  for (const std::string& key : s.dirty) {
    Result<std::optional<std::string>> json = RecordJson(s, key);
    EXPECT_TRUE(json.ok() && *json) << key;
    if (json.ok() && *json) out[key] = **json;
  }
  return out;
}

// Member-by-member checks of the parts Dump cannot catch (a member missing from the JSON on
// both sides compares equal there).
void ExpectFullState(const Ec2State& s) {
  EXPECT_EQ(s.region, "us-east-1");
  EXPECT_EQ(s.owner_id, "123456789012");
  ASSERT_EQ(s.instances.count("i-0abc"), 1u);
  const InstanceRecord& i = s.instances.at("i-0abc");
  EXPECT_EQ(i.instance.state.code, 16);
  EXPECT_EQ(i.instance.state.name, "running");
  EXPECT_THAT(i.instance.launch_time, Optional(kT0));
  EXPECT_EQ(i.instance.public_dns_name, "ec2-127-0-10-3.compute-1.amazonaws.com");
  EXPECT_EQ(i.instance.security_groups.at(0).group_name, "default");
  EXPECT_EQ(i.instance.tags, Tags());
  EXPECT_THAT(i.instance.block_device_mappings.at(0).attach_time, Optional(kT0));
  EXPECT_TRUE(i.instance.block_device_mappings.at(0).delete_on_termination);
  EXPECT_THAT(i.instance.metadata_options.http_put_response_hop_limit, Optional(2));
  EXPECT_EQ(i.instance.metadata_options.http_tokens, "required");
  ASSERT_TRUE(i.instance.state_reason);
  EXPECT_EQ(i.instance.state_reason->code, "Client.UserInitiatedShutdown");
  ASSERT_TRUE(i.instance.iam_instance_profile);
  EXPECT_EQ(i.instance.iam_instance_profile->id, "AIPA");
  EXPECT_EQ(i.instance.client_token, "tok");
  EXPECT_EQ(i.user_data, std::string("#!/bin/sh\n\0\xff", 12));
  EXPECT_EQ(i.instance_initiated_shutdown_behavior, "terminate");
  EXPECT_THAT(i.transition_at, Optional(kT1));
  EXPECT_TRUE(i.hibernating);
  EXPECT_THAT(i.interrupt_at, Optional(kT0 + std::chrono::minutes(4)));
  EXPECT_EQ(i.interrupt_action, "stop");
  EXPECT_THAT(i.terminated_at, Optional(kT0 + std::chrono::hours(1)));

  const SpotRequestRecord& r = s.spot_requests.at("sir-1");
  EXPECT_EQ(r.request.status.code, "fulfilled");
  EXPECT_THAT(r.request.status.update_time, Optional(kT1));
  EXPECT_EQ(r.request.launch_specification.security_groups.at(0).group_id, "sg-1");
  ASSERT_TRUE(r.request.fault);
  EXPECT_EQ(r.request.fault->message, "no capacity");
  EXPECT_THAT(r.launch.user_data, Optional(std::string("echo hi")));
  ASSERT_TRUE(r.launch.iam_instance_profile);
  EXPECT_THAT(r.launch.iam_instance_profile->arn, Optional(std::string("arn:p")));
  ASSERT_TRUE(r.launch.block_device_mappings.at(0).ebs);
  EXPECT_THAT(r.launch.block_device_mappings.at(0).ebs->kms_key_id,
              Optional(std::string("alias/k")));
  EXPECT_THAT(r.launch.block_device_mappings.at(0).ebs->delete_on_termination, Optional(false));
  EXPECT_THAT(r.launch.block_device_mappings.at(0).no_device, Optional(std::string("")));
  EXPECT_THAT(r.launch.ebs_optimized, Optional(true));
  EXPECT_EQ(r.metadata_options.http_tokens, "optional");
  EXPECT_THAT(r.metadata_options.instance_metadata_tags, Optional(std::string("enabled")));
  EXPECT_THAT(r.instance_tags, ElementsAre(Tag{"job", "j-1"}));
  EXPECT_TRUE(r.from_run_instances);

  const ImageRecord& image = s.images.at("ami-1");
  EXPECT_TRUE(image.image.is_public);
  EXPECT_EQ(image.image.architecture, "arm64");
  EXPECT_EQ(image.root_snapshot_id, "snap-root");
  const VolumeRecord& volume = s.volumes.at("vol-1");
  EXPECT_EQ(volume.volume.size, 20);
  EXPECT_THAT(volume.volume.throughput, Optional(250));
  EXPECT_EQ(volume.volume.attachments.at(0).device, "/dev/sdf");
  EXPECT_EQ(volume.dir, "/var/lib/spotrun/volumes/vol-1");
  EXPECT_EQ(s.snapshots.at("snap-2").snapshot.progress, "100%");
  EXPECT_EQ(s.snapshots.at("snap-2").dir, "/var/lib/spotrun/snapshots/snap-2");
  EXPECT_EQ(s.key_pairs.at("key-1").key_pair.public_key, "ssh-ed25519 AAAA me");
  const SecurityGroup& group = s.security_groups.at("sg-1");
  EXPECT_THAT(group.ip_permissions.at(0).from_port, Optional(22));
  EXPECT_THAT(group.ip_permissions.at(0).ip_ranges.at(0).description, Optional(std::string("me")));
  EXPECT_FALSE(group.ip_permissions.at(0).ip_ranges.at(1).description);
  EXPECT_FALSE(group.ip_permissions_egress.at(0).from_port);
  EXPECT_TRUE(s.vpcs.at("vpc-1").is_default);
  EXPECT_EQ(s.subnets.at("subnet-1").available_ip_address_count, 4091);
  EXPECT_TRUE(s.subnets.at("subnet-1").map_public_ip_on_launch);
  EXPECT_THAT(s.capacity.at("m5.large@us-east-1a").available, Optional(3));
  EXPECT_THAT(s.capacity.at("m5.large@us-east-1a").spot, Optional(0));
  EXPECT_FALSE(s.capacity.at("m5.large@us-east-1a").on_demand);
  EXPECT_FALSE(s.capacity.at("c5.large@us-east-1b").available);
  EXPECT_EQ(s.client_tokens.at("RunInstances/tok"), "r-1");
}

// ---- JSON ---------------------------------------------------------------------------------

TEST(Ec2StateJsonTest, EveryRecordRoundTrips) {
  Ec2State original = FullState();
  std::map<std::string, std::string> dumped = Dump(original);
  EXPECT_EQ(dumped.size(), 12u);
  Ec2State restored;
  restored.region = original.region;
  restored.owner_id = original.owner_id;
  for (const auto& [key, json] : dumped) {
    ASSERT_TRUE(RestoreRecord(restored, key, json).ok()) << key;
  }
  ExpectFullState(restored);
  EXPECT_EQ(Dump(restored), dumped);
}

TEST(Ec2StateJsonTest, KeysNameTheirKind) {
  EXPECT_EQ(*RecordKindOfKey("i-1"), Ec2RecordKind::kInstance);
  EXPECT_EQ(*RecordKindOfKey("sir-1"), Ec2RecordKind::kSpotInstanceRequest);
  EXPECT_EQ(*RecordKindOfKey("snap-1"), Ec2RecordKind::kSnapshot);
  EXPECT_EQ(*RecordKindOfKey("sg-1"), Ec2RecordKind::kSecurityGroup);
  EXPECT_EQ(*RecordKindOfKey("subnet-1"), Ec2RecordKind::kSubnet);
  EXPECT_EQ(*RecordKindOfKey("pool:m5.large@us-east-1a"), Ec2RecordKind::kPool);
  EXPECT_EQ(*RecordKindOfKey("token:RunInstances/abc"), Ec2RecordKind::kClientToken);
  EXPECT_EQ(RecordKindName(Ec2RecordKind::kSpotInstanceRequest), "spot-instances-request");
  EXPECT_FALSE(RecordKindOfKey("eni-1").ok());
  EXPECT_FALSE(RecordKindOfKey("i-").ok());
  EXPECT_FALSE(RecordJson(Ec2State(), "bogus").ok());
}

TEST(Ec2StateJsonTest, AbsentRecordHasNoJson) {
  Result<std::optional<std::string>> json = RecordJson(Ec2State(), "vol-gone");
  ASSERT_TRUE(json.ok());
  EXPECT_FALSE(*json);
}

TEST(Ec2StateJsonTest, TimesAreIsoUtcToTheTick) {
  Ec2State s = FullState();
  auto json = nlohmann::json::parse(**RecordJson(s, "i-0abc"));
  EXPECT_EQ(json["transition_at"], "2026-03-01T00:01:30.123456789Z");
  EXPECT_EQ(json["running_at"], "2026-03-01T00:00:00Z");
  EXPECT_EQ(json["instance"]["instance_id"], "i-0abc");
}

TEST(Ec2StateJsonTest, UserDataIsBase64AndBadUtf8IsReplaced) {
  Ec2State s = FullState();
  s.instances["i-0abc"].instance.tags = {{"k", "caf\xe9"}};  // Latin-1, not UTF-8
  Result<std::optional<std::string>> text = RecordJson(s, "i-0abc");
  ASSERT_TRUE(text.ok());
  auto json = nlohmann::json::parse(**text);
  EXPECT_EQ(json["user_data_base64"], "IyEvYmluL3NoCgD/");
  EXPECT_EQ(json["instance"]["tags"][0]["value"], "caf\xef\xbf\xbd");  // U+FFFD
  auto spot = nlohmann::json::parse(**RecordJson(s, "sir-1"));
  EXPECT_EQ(spot["launch"]["user_data_base64"], "ZWNobyBoaQ==");
  s.spot_requests["sir-1"].launch.user_data.reset();
  spot = nlohmann::json::parse(**RecordJson(s, "sir-1"));
  EXPECT_TRUE(spot["launch"]["user_data_base64"].is_null());
  EXPECT_FALSE(RestoreRecord(s, "i-1", R"({"user_data_base64": "not base64!"})").ok());
}

TEST(Ec2StateJsonTest, MissingMembersKeepTheirDefaults) {
  Ec2State s;
  ASSERT_TRUE(RestoreRecord(s, "i-1", R"({"instance": {"instance_id": "i-1"}})").ok());
  const InstanceRecord& i = s.instances.at("i-1");
  EXPECT_EQ(i.instance.instance_id, "i-1");
  EXPECT_EQ(i.instance_initiated_shutdown_behavior, "stop");
  EXPECT_FALSE(i.running_at);
}

TEST(Ec2StateJsonTest, DamagedRecordsAreErrors) {
  Ec2State s;
  Status not_json = RestoreRecord(s, "i-1", "{not json");
  ASSERT_FALSE(not_json.ok());
  EXPECT_THAT(not_json.message(), HasSubstr("i-1"));
  EXPECT_FALSE(not_json.hint().empty());
  EXPECT_FALSE(RestoreRecord(s, "i-1", R"({"instance": {"instance_id": 7}})").ok());
  EXPECT_FALSE(RestoreRecord(s, "i-1", R"({"running_at": "yesterday"})").ok());
  EXPECT_FALSE(RestoreRecord(s, "vol-1", R"({"volume": {"tags": {}}})").ok());
  EXPECT_FALSE(RestoreRecord(s, "vol-1", "[]").ok());
  EXPECT_FALSE(RestoreRecord(s, "eni-1", "{}").ok());
  EXPECT_TRUE(s.instances.empty());
  EXPECT_TRUE(s.volumes.empty());
}

// ---- Store --------------------------------------------------------------------------------

class Ec2StateStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto dir = ScopedTempDir::Create("ec2-state");
    ASSERT_TRUE(dir.ok());
    dir_.emplace(std::move(*dir));
    path_ = (dir_->path() / "ec2.db").string();
  }

  std::unique_ptr<Ec2StateStore> OpenStore() {
    auto store = Ec2StateStore::Open(path_);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(*store) : nullptr;
  }

  std::optional<ScopedTempDir> dir_;
  std::string path_;
};

TEST_F(Ec2StateStoreTest, FreshStoreLoadsEmpty) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  Result<Ec2State> state = store->Load();
  ASSERT_TRUE(state.ok()) << state.status().ToString();
  EXPECT_EQ(state->region, "");
  EXPECT_TRUE(state->instances.empty());
  EXPECT_TRUE(state->dirty.empty());
}

TEST_F(Ec2StateStoreTest, FullStateSurvivesReopen) {
  Ec2State original = FullState();
  TouchAll(original);
  {
    auto store = OpenStore();
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->Flush(original).ok());
    EXPECT_THAT(original.dirty, IsEmpty());
  }
  auto store = OpenStore();
  ASSERT_TRUE(store);
  Result<Ec2State> loaded = store->Load();
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  ExpectFullState(*loaded);
  EXPECT_EQ(Dump(*loaded), Dump(original));
  EXPECT_TRUE(loaded->dirty.empty());
}

TEST_F(Ec2StateStoreTest, FlushWritesOnlyDirtyKeysAndDeletesRemovedOnes) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  Ec2State state = FullState();
  TouchAll(state);
  ASSERT_TRUE(store->Flush(state).ok());

  state.volumes.erase("vol-1");
  state.Touch("vol-1");
  state.capacity.erase("m5.large@us-east-1a");
  state.Touch("pool:m5.large@us-east-1a");
  state.client_tokens.erase("RunInstances/tok");
  state.Touch("token:RunInstances/tok");
  state.instances["i-0abc"].instance.state = {80, "stopped"};
  state.Touch("i-0abc");
  state.images["ami-1"].image.name = "changed but not touched";
  ASSERT_TRUE(store->Flush(state).ok());

  Result<Ec2State> loaded = store->Load();
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->volumes.count("vol-1"), 0u);
  EXPECT_EQ(loaded->capacity.count("m5.large@us-east-1a"), 0u);
  EXPECT_EQ(loaded->capacity.count("c5.large@us-east-1b"), 1u);
  EXPECT_TRUE(loaded->client_tokens.empty());
  EXPECT_EQ(loaded->instances.at("i-0abc").instance.state.name, "stopped");
  EXPECT_EQ(loaded->images.at("ami-1").image.name, "frozen");  // untouched: not rewritten
  EXPECT_EQ(loaded->snapshots.size(), 1u);
}

TEST_F(Ec2StateStoreTest, RegionAndOwnerAreSavedWithoutDirtyKeys) {
  {
    auto store = OpenStore();
    ASSERT_TRUE(store);
    Ec2State state;
    state.region = "eu-west-1";
    state.owner_id = "000000000001";
    ASSERT_TRUE(store->Flush(state).ok());
  }
  auto store = OpenStore();
  ASSERT_TRUE(store);
  Result<Ec2State> loaded = store->Load();
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->region, "eu-west-1");
  EXPECT_EQ(loaded->owner_id, "000000000001");
}

TEST_F(Ec2StateStoreTest, FileIsPrivate) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  Ec2State state = FullState();
  TouchAll(state);
  ASSERT_TRUE(store->Flush(state).ok());
  struct stat st {};
  ASSERT_EQ(::stat(path_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  std::string wal = path_ + "-wal";
  if (::stat(wal.c_str(), &st) == 0) {
    EXPECT_EQ(st.st_mode & 0077, 0u);
  }
}

TEST_F(Ec2StateStoreTest, FailedFlushKeepsDirtyAndWritesNothing) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  Ec2State state = FullState();
  state.Touch("vol-1");
  state.Touch("eni-unknown");  // no known form: the whole flush fails
  Status s = store->Flush(state);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.message(), HasSubstr("eni-unknown"));
  EXPECT_EQ(state.dirty.size(), 2u);
  Result<Ec2State> loaded = store->Load();
  ASSERT_TRUE(loaded.ok());
  EXPECT_TRUE(loaded->volumes.empty());  // rolled back with the rest
  EXPECT_EQ(loaded->region, "");

  // A database that refuses the write (its table gone) also keeps the keys for the next try.
  state.dirty.erase("eni-unknown");
  {
    auto db = Database::Open(path_);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db->Execute("DROP TABLE records").ok());
  }
  EXPECT_FALSE(store->Flush(state).ok());
  EXPECT_THAT(state.dirty, ElementsAre("vol-1"));
}

TEST_F(Ec2StateStoreTest, DamagedRowFailsLoadWithTheFile) {
  {
    auto store = OpenStore();
    ASSERT_TRUE(store);
  }
  {
    auto db = Database::Open(path_);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(
        db->Execute("INSERT INTO records VALUES ('i-1', 'instance', '{\"hibernating\": 3.5e}')")
            .ok());
  }
  auto store = OpenStore();
  ASSERT_TRUE(store);
  Result<Ec2State> loaded = store->Load();
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.status().message(), HasSubstr(path_));
  EXPECT_THAT(loaded.status().message(), HasSubstr("i-1"));
}

TEST_F(Ec2StateStoreTest, OpenFailsInAMissingDirectory) {
  EXPECT_FALSE(Ec2StateStore::Open((dir_->path() / "no" / "such" / "ec2.db").string()).ok());
}

}  // namespace
}  // namespace spotrun
