// Ec2Model's instances against a FakeInstanceRuntime and a FakeClock: launch validation and
// AWS's errors, states and their timing, runtime calls, filters, pages and ClientTokens.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "localcloud/ec2_model_test_fixture.h"

namespace spotrun {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;
using InstancesTest = testing::Ec2ModelTest;

void ExpectCode(const Status& status, std::string_view code) {
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.code(), code) << status.ToString();
}

TEST_F(InstancesTest, RunInstancesLaunchesPendingThenRunningAfterTheBootDelay) {
  Result<Reservation> reservation = model_->RunInstances(OnDemand());
  ASSERT_TRUE(reservation.ok()) << reservation.status().ToString();
  ASSERT_THAT(reservation->instances, SizeIs(1));
  const Instance& i = reservation->instances[0];
  EXPECT_TRUE(i.instance_id.starts_with("i-"));
  EXPECT_EQ(i.instance_id.size(), 19u);
  EXPECT_TRUE(reservation->reservation_id.starts_with("r-"));
  EXPECT_EQ(reservation->owner_id, "000000000000");
  EXPECT_EQ(i.state.code, 0);
  EXPECT_EQ(i.state.name, "pending");
  EXPECT_EQ(i.availability_zone, "us-east-1a");
  EXPECT_EQ(i.subnet_id, kSubnetA);
  EXPECT_EQ(i.vpc_id, kVpc);
  EXPECT_EQ(i.private_ip_address, "127.1.0.1");
  EXPECT_EQ(i.public_ip_address, "127.1.0.1");
  EXPECT_EQ(i.private_dns_name, "ip-127-1-0-1.ec2.internal");
  EXPECT_EQ(i.key_name, kKeyName);
  EXPECT_EQ(i.architecture, "x86_64");
  EXPECT_EQ(i.root_device_name, "/dev/sda1");
  EXPECT_EQ(i.metadata_options.http_tokens, "required");
  ASSERT_THAT(i.security_groups, SizeIs(1));
  EXPECT_EQ(i.security_groups[0].group_id, kGroup);
  EXPECT_EQ(i.instance_lifecycle, "");

  EXPECT_THAT(runtime_.calls(), ElementsAre("Boot " + i.instance_id));
  InstanceSpec spec = runtime_.last_spec(i.instance_id);
  EXPECT_EQ(spec.address, "127.1.0.1");
  EXPECT_EQ(spec.authorized_key, kPublicKey);

  Advance(std::chrono::seconds(1));
  EXPECT_EQ(StateOf(i.instance_id), "pending");
  Advance(std::chrono::seconds(1));
  Instance running = Describe(i.instance_id);
  EXPECT_EQ(running.state.code, 16);
  EXPECT_EQ(running.state.name, "running");
}

TEST_F(InstancesTest, SshPortOtherThan22IsPublishedAsATagWhileRunning) {
  runtime_.set_ssh_port(40022);
  const std::string id = Launch(OnDemand());
  EXPECT_THAT(Describe(id).tags, ::testing::IsEmpty());  // pending: no port yet
  Advance(std::chrono::seconds(2));
  EXPECT_THAT(Describe(id).tags, ElementsAre(Tag{"localcloud:ssh-port", "40022"}));

  // A stopped instance has no sshd; the next boot picks its port again.
  ASSERT_TRUE(model_->StopInstances({.instance_ids = {id}}).ok());
  EXPECT_THAT(Describe(id).tags, ::testing::IsEmpty());
  Advance(std::chrono::seconds(1));
  runtime_.set_ssh_port(40023);
  ASSERT_TRUE(model_->StartInstances({.instance_ids = {id}}).ok());
  Advance(std::chrono::seconds(2));
  EXPECT_THAT(Describe(id).tags, ElementsAre(Tag{"localcloud:ssh-port", "40023"}));

  runtime_.set_ssh_port(40024);
  ASSERT_TRUE(model_->RebootInstances({.instance_ids = {id}}).ok());
  EXPECT_THAT(Describe(id).tags, ElementsAre(Tag{"localcloud:ssh-port", "40024"}));

  // Back on port 22 (the cloud runs as root again): the tag goes.
  runtime_.set_ssh_port(22);
  ASSERT_TRUE(model_->RebootInstances({.instance_ids = {id}}).ok());
  EXPECT_THAT(Describe(id).tags, ::testing::IsEmpty());

  runtime_.set_ssh_port(40025);
  ASSERT_TRUE(model_->RebootInstances({.instance_ids = {id}}).ok());
  ASSERT_TRUE(model_->TerminateInstances({.instance_ids = {id}}).ok());
  EXPECT_THAT(Describe(id).tags, ::testing::IsEmpty());
}

TEST_F(InstancesTest, SshPort22IsNotTagged) {
  const std::string id = Launch(OnDemand());
  Advance(std::chrono::seconds(2));
  EXPECT_EQ(StateOf(id), "running");
  EXPECT_THAT(Describe(id).tags, ::testing::IsEmpty());
}

TEST_F(InstancesTest, UserDataTagsZoneAndCountArePassedOn) {
  RunInstancesRequest request = OnDemand();
  request.user_data = "#!/bin/sh\necho hi\n";
  request.availability_zone = "us-east-1b";
  request.min_count = 2;
  request.max_count = 3;
  request.tag_specifications = {{"instance", {{"Name", "worker"}}}, {"volume", {{"x", "y"}}}};
  request.client_token = "token-1";
  Result<Reservation> reservation = model_->RunInstances(request);
  ASSERT_TRUE(reservation.ok()) << reservation.status().ToString();
  ASSERT_THAT(reservation->instances, SizeIs(3));
  for (const Instance& i : reservation->instances) {
    EXPECT_EQ(i.availability_zone, "us-east-1b");
    EXPECT_EQ(i.subnet_id, kSubnetB);
    EXPECT_THAT(i.tags, ElementsAre(Tag{"Name", "worker"}));
    EXPECT_EQ(i.client_token, "token-1");
    EXPECT_EQ(runtime_.last_spec(i.instance_id).user_data, "#!/bin/sh\necho hi\n");
  }
}

TEST_F(InstancesTest, RunInstancesValidatesLikeEc2) {
  RunInstancesRequest request = OnDemand();
  request.image_id = "ami-00000000000000000";
  ExpectCode(model_->RunInstances(request).status(), "InvalidAMIID.NotFound");
  EXPECT_THAT(model_->RunInstances(request).status().message(),
              HasSubstr("The image id '[ami-00000000000000000]' does not exist"));
  request.image_id = "image-1";
  ExpectCode(model_->RunInstances(request).status(), "InvalidAMIID.Malformed");

  request = OnDemand();
  request.instance_type = "m5.lareg";
  ExpectCode(model_->RunInstances(request).status(), "InvalidParameterValue");
  EXPECT_EQ(model_->RunInstances(request).status().message(),
            "Invalid value 'm5.lareg' for InstanceType.");
  request.instance_type = "m6g.large";  // arm64 on an x86_64 image
  ExpectCode(model_->RunInstances(request).status(), "InvalidParameterValue");

  request = OnDemand();
  request.key_name = "nobody";
  ExpectCode(model_->RunInstances(request).status(), "InvalidKeyPair.NotFound");

  request = OnDemand();
  request.subnet_id = "subnet-00000000000000009";
  ExpectCode(model_->RunInstances(request).status(), "InvalidSubnetID.NotFound");

  request = OnDemand();
  request.availability_zone = "us-east-1z";
  ExpectCode(model_->RunInstances(request).status(), "InvalidParameterValue");

  request = OnDemand();
  request.security_group_ids = {"sg-00000000000000009"};
  ExpectCode(model_->RunInstances(request).status(), "InvalidGroup.NotFound");

  request = OnDemand();
  request.min_count = 0;
  ExpectCode(model_->RunInstances(request).status(), "InvalidParameterValue");
  request.min_count = 3;
  request.max_count = 2;
  ExpectCode(model_->RunInstances(request).status(), "InvalidParameterValue");

  EXPECT_TRUE(runtime_.calls().empty());
}

TEST_F(InstancesTest, DryRunValidatesAndLaunchesNothing) {
  RunInstancesRequest request = OnDemand();
  request.dry_run = true;
  ExpectCode(model_->RunInstances(request).status(), "DryRunOperation");
  request.key_name = "nobody";
  ExpectCode(model_->RunInstances(request).status(), "InvalidKeyPair.NotFound");
  EXPECT_TRUE(runtime_.calls().empty());
  Result<DescribeInstancesResponse> all = model_->DescribeInstances({});
  ASSERT_TRUE(all.ok());
  EXPECT_TRUE(all->reservations.empty());
}

TEST_F(InstancesTest, ClientTokenMakesRunInstancesIdempotent) {
  RunInstancesRequest request = OnDemand();
  request.client_token = "abc";
  Result<Reservation> first = model_->RunInstances(request);
  Result<Reservation> again = model_->RunInstances(request);
  ASSERT_TRUE(first.ok() && again.ok());
  EXPECT_EQ(first->reservation_id, again->reservation_id);
  EXPECT_EQ(first->instances[0].instance_id, again->instances[0].instance_id);
  EXPECT_THAT(runtime_.calls(), SizeIs(1));

  request.instance_type = "m5.xlarge";
  ExpectCode(model_->RunInstances(request).status(), "IdempotentParameterMismatch");
}

TEST_F(InstancesTest, CapacityLimitsLaunchesAndComesBackOnTerminate) {
  ASSERT_TRUE(model_->SetCapacity(kType, "us-east-1a", 1).ok());
  RunInstancesRequest request = OnDemand();
  request.max_count = 3;
  Result<Reservation> reservation = model_->RunInstances(request);
  ASSERT_TRUE(reservation.ok());
  EXPECT_THAT(reservation->instances, SizeIs(1));  // MinCount 1: what fits

  Status full = model_->RunInstances(OnDemand()).status();
  ExpectCode(full, "InsufficientInstanceCapacity");
  EXPECT_THAT(full.message(), HasSubstr("We currently do not have sufficient m5.large capacity "
                                        "in the Availability Zone you requested (us-east-1a)"));
  RunInstancesRequest other_zone = OnDemand();
  other_zone.availability_zone = "us-east-1b";
  EXPECT_TRUE(model_->RunInstances(other_zone).ok());

  ASSERT_TRUE(
      model_->TerminateInstances({.instance_ids = {reservation->instances[0].instance_id}}).ok());
  EXPECT_TRUE(model_->RunInstances(OnDemand()).ok());
  ASSERT_TRUE(model_->SetCapacity(kType, "us-east-1a", std::nullopt).ok());
  request.min_count = 3;
  EXPECT_TRUE(model_->RunInstances(request).ok());
  ExpectCode(model_->SetCapacity("m5.lareg", "us-east-1a", 1), "InvalidParameterValue");
}

TEST_F(InstancesTest, StopAndStartFollowEc2States) {
  const std::string id = Launch(OnDemand());
  Advance(std::chrono::seconds(2));
  Result<std::vector<InstanceStateChange>> stopped = model_->StopInstances({.instance_ids = {id}});
  ASSERT_TRUE(stopped.ok()) << stopped.status().ToString();
  EXPECT_EQ(stopped->at(0).previous_state.name, "running");
  EXPECT_EQ(stopped->at(0).current_state.code, 64);
  Instance stopping = Describe(id);
  EXPECT_EQ(stopping.state.name, "stopping");
  EXPECT_EQ(stopping.state_transition_reason, "User initiated (2026-01-01 00:00:02 GMT)");
  ASSERT_TRUE(stopping.state_reason.has_value());
  EXPECT_EQ(stopping.state_reason->code, "Client.UserInitiatedShutdown");
  Advance(std::chrono::seconds(1));
  EXPECT_EQ(Describe(id).state.code, 80);

  // Stopping a stopped instance changes nothing.
  stopped = model_->StopInstances({.instance_ids = {id}});
  ASSERT_TRUE(stopped.ok());
  EXPECT_EQ(stopped->at(0).current_state.name, "stopped");

  Result<std::vector<InstanceStateChange>> started = model_->StartInstances({.instance_ids = {id}});
  ASSERT_TRUE(started.ok());
  EXPECT_EQ(started->at(0).previous_state.name, "stopped");
  EXPECT_EQ(started->at(0).current_state.name, "pending");
  Advance(std::chrono::seconds(2));
  EXPECT_EQ(StateOf(id), "running");
  EXPECT_THAT(runtime_.calls(), ElementsAre("Boot " + id, "Stop " + id, "Boot " + id));
}

TEST_F(InstancesTest, HibernateFreezesAndStartResumes) {
  const std::string id = Launch(OnDemand());
  Advance(std::chrono::seconds(2));
  ASSERT_TRUE(model_->StopInstances({.instance_ids = {id}, .hibernate = true}).ok());
  EXPECT_EQ(Describe(id).state_reason->code, "Client.UserInitiatedHibernate");
  Advance(std::chrono::seconds(1));
  EXPECT_EQ(StateOf(id), "stopped");
  ASSERT_TRUE(model_->StartInstances({.instance_ids = {id}}).ok());
  EXPECT_THAT(runtime_.calls(), ElementsAre("Boot " + id, "Hibernate " + id, "Resume " + id));
}

TEST_F(InstancesTest, TerminateEndsProcessesReleasesTheAddressAndForgetsAfterAnHour) {
  const std::string id = Launch(OnDemand());
  Result<std::vector<InstanceStateChange>> ended =
      model_->TerminateInstances({.instance_ids = {id}});
  ASSERT_TRUE(ended.ok());
  EXPECT_EQ(ended->at(0).previous_state.name, "pending");
  EXPECT_EQ(ended->at(0).current_state.name, "shutting-down");
  EXPECT_FALSE(pool_->InUse("127.1.0.1"));
  EXPECT_THAT(runtime_.calls(), ElementsAre("Boot " + id, "Terminate " + id));
  Advance(std::chrono::seconds(1));
  Instance terminated = Describe(id);
  EXPECT_EQ(terminated.state.code, 48);
  EXPECT_EQ(terminated.public_ip_address, "");

  // Terminating again is harmless; starting or stopping is refused.
  EXPECT_TRUE(model_->TerminateInstances({.instance_ids = {id}}).ok());
  ExpectCode(model_->StartInstances({.instance_ids = {id}}).status(), "IncorrectInstanceState");
  ExpectCode(model_->StopInstances({.instance_ids = {id}}).status(), "IncorrectInstanceState");
  ExpectCode(model_->RebootInstances({.instance_ids = {id}}), "IncorrectInstanceState");

  Advance(std::chrono::minutes(59));
  EXPECT_EQ(StateOf(id), "terminated");
  Advance(std::chrono::minutes(1));
  ExpectCode(model_->DescribeInstances({.instance_ids = {id}}).status(),
             "InvalidInstanceID.NotFound");
}

TEST_F(InstancesTest, StartOfAStoppingInstanceIsRefused) {
  const std::string id = Launch(OnDemand());
  ASSERT_TRUE(model_->StopInstances({.instance_ids = {id}}).ok());
  Status refused = model_->StartInstances({.instance_ids = {id}}).status();
  ExpectCode(refused, "IncorrectInstanceState");
  EXPECT_EQ(refused.message(),
            "The instance '" + id + "' is not in a state from which it can be started.");
}

TEST_F(InstancesTest, StartNeedsCapacity) {
  const std::string id = Launch(OnDemand());
  ASSERT_TRUE(model_->StopInstances({.instance_ids = {id}}).ok());
  Advance(std::chrono::seconds(1));
  ASSERT_TRUE(model_->SetCapacity(kType, "us-east-1a", 0).ok());
  ExpectCode(model_->StartInstances({.instance_ids = {id}}).status(),
             "InsufficientInstanceCapacity");
}

TEST_F(InstancesTest, RebootBootsAgainAndStaysRunning) {
  const std::string id = Launch(OnDemand());
  Advance(std::chrono::seconds(2));
  ASSERT_TRUE(model_->RebootInstances({.instance_ids = {id}}).ok());
  EXPECT_EQ(StateOf(id), "running");
  EXPECT_THAT(runtime_.calls(), ElementsAre("Boot " + id, "Stop " + id, "Boot " + id));
}

TEST_F(InstancesTest, ModifyInstanceTypeOnlyWhenStopped) {
  const std::string id = Launch(OnDemand());
  Status refused =
      model_->ModifyInstanceAttribute({.instance_id = id, .instance_type = "m5.xlarge"});
  ExpectCode(refused, "IncorrectInstanceState");
  EXPECT_EQ(refused.message(), "The instance '" + id + "' is not in the 'stopped' state.");
  ASSERT_TRUE(model_->StopInstances({.instance_ids = {id}}).ok());
  Advance(std::chrono::seconds(1));
  ExpectCode(model_->ModifyInstanceAttribute({.instance_id = id, .instance_type = "m5.huge"}),
             "InvalidInstanceAttributeValue");
  ASSERT_TRUE(
      model_->ModifyInstanceAttribute({.instance_id = id, .instance_type = "m5.xlarge"}).ok());
  EXPECT_EQ(Describe(id).instance_type, "m5.xlarge");
}

TEST_F(InstancesTest, UnknownAndMalformedIdsAreRefused) {
  const std::string id = Launch(OnDemand());
  Status missing = model_->DescribeInstances({.instance_ids = {"i-0000000000000000f"}}).status();
  ExpectCode(missing, "InvalidInstanceID.NotFound");
  EXPECT_EQ(missing.message(), "The instance ID 'i-0000000000000000f' does not exist");
  Status two = model_->StopInstances({.instance_ids = {"i-00000001", "i-00000002", id}}).status();
  EXPECT_EQ(two.message(), "The instance IDs 'i-00000001, i-00000002' do not exist");
  ExpectCode(model_->TerminateInstances({.instance_ids = {"web-1"}}).status(),
             "InvalidInstanceID.Malformed");
  EXPECT_EQ(StateOf(id), "pending");  // nothing was stopped
}

TEST_F(InstancesTest, DescribeFiltersByEverySupportedName) {
  RunInstancesRequest tagged = OnDemand();
  tagged.tag_specifications = {{"instance", {{"spotrun:job", "train"}}}};
  const std::string a = Launch(tagged);
  RunInstancesRequest other = OnDemand();
  other.availability_zone = "us-east-1b";
  other.instance_type = "m5.xlarge";
  const std::string b = Launch(other);
  Advance(std::chrono::seconds(2));
  ASSERT_TRUE(model_->StopInstances({.instance_ids = {b}}).ok());

  auto ids = [&](std::vector<Filter> filters) {
    std::vector<std::string> out;
    Result<DescribeInstancesResponse> response =
        model_->DescribeInstances({.filters = std::move(filters)});
    EXPECT_TRUE(response.ok()) << response.status().ToString();
    if (response.ok()) {
      for (const Instance& i : InstancesOf(response->reservations)) out.push_back(i.instance_id);
    }
    return out;
  };
  EXPECT_THAT(ids({{"instance-state-name", {"running"}}}), ElementsAre(a));
  EXPECT_THAT(ids({{"instance-state-code", {"64"}}}), ElementsAre(b));
  EXPECT_THAT(ids({{"instance-type", {"m5.x*"}}}), ElementsAre(b));
  EXPECT_THAT(ids({{"availability-zone", {"us-east-1a"}}}), ElementsAre(a));
  EXPECT_THAT(ids({{"tag:spotrun:job", {"train"}}}), ElementsAre(a));
  EXPECT_THAT(ids({{"tag-key", {"spotrun:*"}}}), ElementsAre(a));
  EXPECT_THAT(ids({{"tag-value", {"train"}}}), ElementsAre(a));
  EXPECT_THAT(ids({{"instance-id", {b}}}), ElementsAre(b));
  EXPECT_THAT(ids({{"subnet-id", {kSubnetB}}}), ElementsAre(b));
  EXPECT_THAT(ids({{"vpc-id", {kVpc}}, {"image-id", {kImage}}, {"key-name", {kKeyName}}}),
              SizeIs(2));
  EXPECT_THAT(ids({{"private-ip-address", {Describe(a).private_ip_address}}}), ElementsAre(a));
  EXPECT_THAT(ids({{"ip-address", {Describe(b).public_ip_address}}}), ElementsAre(b));
  EXPECT_THAT(ids({{"instance-lifecycle", {"spot"}}}), SizeIs(0));
  EXPECT_THAT(ids({{"reservation-id", {"r-*"}}}), SizeIs(2));
  ExpectCode(model_->DescribeInstances({.filters = {{"colour", {"red"}}}}).status(),
             "InvalidParameterValue");
}

TEST_F(InstancesTest, DescribeGroupsByReservationAndPages) {
  RunInstancesRequest three = OnDemand();
  three.min_count = three.max_count = 3;
  ASSERT_TRUE(model_->RunInstances(three).ok());
  ASSERT_TRUE(model_->RunInstances(three).ok());
  Result<DescribeInstancesResponse> all = model_->DescribeInstances({});
  ASSERT_TRUE(all.ok());
  ASSERT_THAT(all->reservations, SizeIs(2));
  EXPECT_THAT(all->reservations[0].instances, SizeIs(3));
  EXPECT_EQ(all->next_token, "");

  Result<DescribeInstancesResponse> page = model_->DescribeInstances({.max_results = 5});
  ASSERT_TRUE(page.ok());
  EXPECT_THAT(InstancesOf(page->reservations), SizeIs(5));
  ASSERT_NE(page->next_token, "");
  Result<DescribeInstancesResponse> rest =
      model_->DescribeInstances({.max_results = 5, .next_token = page->next_token});
  ASSERT_TRUE(rest.ok());
  EXPECT_THAT(InstancesOf(rest->reservations), SizeIs(1));
  EXPECT_EQ(rest->next_token, "");

  ExpectCode(model_->DescribeInstances({.max_results = 4}).status(), "InvalidParameterValue");
  ExpectCode(
      model_
          ->DescribeInstances(
              {.instance_ids = {all->reservations[0].instances[0].instance_id}, .max_results = 5})
          .status(),
      "InvalidParameterCombination");
}

TEST_F(InstancesTest, LookupServesTheInstancesMetadata) {
  RunInstancesRequest request = OnDemand();
  request.user_data = "#!/bin/sh\ntrue\n";
  const std::string id = Launch(request);
  std::optional<ImdsView> view = model_->Lookup(id);
  ASSERT_TRUE(view.has_value());
  EXPECT_TRUE(view->http_tokens_required);
  auto& e = view->entries;
  EXPECT_EQ(e["meta-data/instance-id"], id);
  EXPECT_EQ(e["meta-data/instance-type"], kType);
  EXPECT_EQ(e["meta-data/ami-id"], kImage);
  EXPECT_EQ(e["meta-data/placement/availability-zone"], "us-east-1a");
  EXPECT_EQ(e["meta-data/placement/region"], "us-east-1");
  EXPECT_EQ(e["meta-data/local-ipv4"], "127.1.0.1");
  EXPECT_EQ(e["meta-data/public-ipv4"], "127.1.0.1");
  EXPECT_EQ(e["meta-data/hostname"], "ip-127-1-0-1.ec2.internal");
  EXPECT_EQ(e["meta-data/public-keys/"], "0=launch-key");
  EXPECT_EQ(e["meta-data/public-keys/0/openssh-key"], kPublicKey);
  EXPECT_EQ(e["meta-data/block-device-mapping/ami"], "/dev/sda1");
  EXPECT_EQ(e["user-data"], "#!/bin/sh\ntrue\n");
  EXPECT_THAT(e["dynamic/instance-identity/document"],
              HasSubstr("\"instanceId\" : \"" + id + "\""));
  EXPECT_THAT(e["dynamic/instance-identity/document"], HasSubstr("\"region\" : \"us-east-1\""));
  EXPECT_FALSE(e.contains("meta-data/spot/instance-action"));
  EXPECT_FALSE(model_->Lookup("i-00000000000000000").has_value());

  RunInstancesRequest v1 = OnDemand();
  v1.metadata_options.http_tokens = "optional";
  EXPECT_FALSE(model_->Lookup(Launch(v1))->http_tokens_required);
}

TEST_F(InstancesTest, RecoverBootsRunningInstancesAgainAndKeepsTheirAddresses) {
  Build({});  // a fresh model over an empty runtime history
  const std::string id = Launch(OnDemand());
  Advance(std::chrono::seconds(2));
  // Another model over the same records, as after a restart, is what Create does; here the
  // recovery path is driven through a second Create on a state with a running instance.
  Ec2State state;
  state.region = "us-east-1";
  state.owner_id = "000000000000";
  InstanceRecord record;
  record.instance = Describe(id);
  record.reservation_id = "r-00000000000000001";
  state.instances[id] = record;
  FakeInstanceRuntime fresh_runtime;
  Result<LoopbackAddressPool> fresh_pool = LoopbackAddressPool::Create("127.1.0.1", "127.1.0.9");
  ASSERT_TRUE(fresh_pool.ok());
  Ec2Model::Deps deps{clock_, fresh_runtime, testing::SharedMarket(), [] { return 0.5; },
                      &*fresh_pool};
  Result<std::unique_ptr<Ec2Model>> restarted = Ec2Model::Create(state, deps, {});
  ASSERT_TRUE(restarted.ok()) << restarted.status().ToString();
  EXPECT_THAT(fresh_runtime.calls(), ElementsAre("Boot " + id));
  EXPECT_TRUE(fresh_pool->InUse("127.1.0.1"));
}

}  // namespace
}  // namespace spotrun
