// Ec2Client parsing real and AWS-faithful XML answers (testdata/ec2-xml, see its README),
// including the 4-page DescribeInstanceTypes listing followed by …All.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <string>

#include "aws/ec2_client.h"
#include "base/file.h"
#include "testing/fake_query_transport.h"
#include "testing/test_paths.h"

namespace spotrun {
namespace {

using ::spotrun::testing::FakeQueryTransport;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Optional;

std::string Xml(const std::string& name) {
  Result<std::string> body = ReadFile(::spotrun::testing::TestDataDir() + "/ec2-xml/" + name);
  EXPECT_TRUE(body.ok()) << body.status().ToString();
  return body.value_or("");
}

TimePoint At(int y, unsigned mo, unsigned d, int h, int mi, int s) {
  return std::chrono::sys_days{std::chrono::year{y} / mo / d} + std::chrono::hours(h) +
         std::chrono::minutes(mi) + std::chrono::seconds(s);
}

class Ec2ClientParseTest : public ::testing::Test {
 protected:
  FakeQueryTransport transport_;
  Ec2Client client_{transport_, {.max_pages = 10, .new_client_token = [] { return "t"; }}};
};

TEST_F(Ec2ClientParseTest, DescribeInstancesReadsASpotInstance) {
  transport_.Answer("DescribeInstances", Xml("describe-instances-spot.xml"));
  Result<DescribeInstancesResponse> r = client_.DescribeInstances({});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->reservations.size(), 2u);
  EXPECT_EQ(r->next_token, "");
  const Reservation& res = r->reservations[0];
  EXPECT_EQ(res.reservation_id, "r-0a1b2c3d4e5f60718");
  EXPECT_EQ(res.owner_id, "123456789012");
  EXPECT_EQ(res.requester_id, "854251627541");
  ASSERT_EQ(res.instances.size(), 1u);
  const Instance& i = res.instances[0];
  EXPECT_EQ(i.instance_id, "i-1234567890abcdef0");
  EXPECT_EQ(i.instance_type, "c5.2xlarge");
  EXPECT_EQ(i.state.code, 16);
  EXPECT_EQ(i.state.name, "running");
  EXPECT_EQ(i.image_id, "ami-0abcdef1234567890");
  EXPECT_EQ(i.key_name, "spotrun");
  EXPECT_THAT(i.launch_time, Optional(At(2020, 7, 31, 8, 4, 11)));
  EXPECT_EQ(i.availability_zone, "eu-west-3a");
  EXPECT_EQ(i.private_ip_address, "172.31.11.152");
  EXPECT_EQ(i.public_ip_address, "35.180.3.7");
  EXPECT_EQ(i.private_dns_name, "ip-172-31-11-152.eu-west-3.compute.internal");
  EXPECT_EQ(i.public_dns_name, "ec2-35-180-3-7.eu-west-3.compute.amazonaws.com");
  EXPECT_EQ(i.subnet_id, "subnet-56f5f633");
  EXPECT_EQ(i.vpc_id, "vpc-11112222");
  EXPECT_TRUE(i.IsSpot());
  EXPECT_EQ(i.instance_lifecycle, "spot");
  EXPECT_EQ(i.spot_instance_request_id, "sir-7a688402");
  ASSERT_EQ(i.security_groups.size(), 1u);  // the instance's, not its interface's again
  EXPECT_EQ(i.security_groups[0].group_id, "sg-0598c7d356eba48d7");
  EXPECT_EQ(i.security_groups[0].group_name, "spotrun-ssh");
  EXPECT_THAT(i.tags, ElementsAre(Tag{"Name", "train-1"}, Tag{"spotrun:managed", "true"}));
  EXPECT_EQ(FindTag(i.tags, "Name"), "train-1");
  ASSERT_EQ(i.block_device_mappings.size(), 2u);
  EXPECT_EQ(i.block_device_mappings[0].device_name, "/dev/xvda");
  EXPECT_EQ(i.block_device_mappings[0].volume_id, "vol-1234567890abcdef0");
  EXPECT_EQ(i.block_device_mappings[0].status, "attached");
  EXPECT_TRUE(i.block_device_mappings[0].delete_on_termination);
  EXPECT_FALSE(i.block_device_mappings[1].delete_on_termination);
  EXPECT_THAT(i.block_device_mappings[1].attach_time, Optional(At(2020, 7, 31, 8, 4, 12)));
  EXPECT_EQ(i.metadata_options.http_tokens, "required");
  EXPECT_EQ(i.metadata_options.state, "applied");
  EXPECT_THAT(i.metadata_options.http_put_response_hop_limit, Optional(2));
  EXPECT_EQ(i.state_transition_reason, "");
  EXPECT_EQ(i.state_reason, std::nullopt);
  EXPECT_EQ(i.architecture, "x86_64");
  ASSERT_TRUE(i.iam_instance_profile.has_value());
  EXPECT_EQ(i.iam_instance_profile->arn,
            "arn:aws:iam::123456789012:instance-profile/spotrun-agent");
  EXPECT_EQ(i.iam_instance_profile->id, "AIPAJEDNCAA64SSD123AB");
  EXPECT_EQ(i.root_device_name, "/dev/xvda");
  EXPECT_EQ(i.root_device_type, "ebs");
  EXPECT_EQ(i.platform_details, "Linux/UNIX");
  EXPECT_EQ(i.client_token, "3f2b0c1e-5d6a-4b7c-8d9e-0f1a2b3c4d5e");
}

TEST_F(Ec2ClientParseTest, DescribeInstancesReadsAStoppedOnDemandInstance) {
  transport_.Answer("DescribeInstances", Xml("describe-instances-spot.xml"));
  Result<std::vector<Reservation>> r = client_.DescribeInstancesAll({});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::vector<Instance> all = InstancesOf(*r);
  ASSERT_EQ(all.size(), 2u);
  const Instance& i = all[1];
  EXPECT_FALSE(i.IsSpot());
  EXPECT_EQ(i.instance_lifecycle, "");
  EXPECT_EQ(i.state.code, 80);
  EXPECT_EQ(i.state.name, "stopped");
  EXPECT_EQ(i.public_ip_address, "");
  EXPECT_EQ(i.public_dns_name, "");
  EXPECT_EQ(i.state_transition_reason, "User initiated (2020-07-30 17:20:05 GMT)");
  ASSERT_TRUE(i.state_reason.has_value());
  EXPECT_EQ(i.state_reason->code, "Client.UserInitiatedShutdown");
  EXPECT_EQ(i.metadata_options.http_tokens, "optional");
  EXPECT_TRUE(i.block_device_mappings.empty());
  EXPECT_FALSE(i.iam_instance_profile.has_value());
  EXPECT_EQ(transport_.calls().size(), 1u);  // no nextToken: one page
}

TEST_F(Ec2ClientParseTest, RunInstancesReturnsTheReservation) {
  transport_.Answer("RunInstances", Xml("run-instances-spot.xml"));
  Result<Reservation> r = client_.RunInstances({.image_id = "ami-1", .instance_type = "t3.micro"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->reservation_id, "r-0d4f3c2b1a0987654");
  EXPECT_EQ(r->owner_id, "123456789012");
  ASSERT_EQ(r->instances.size(), 1u);
  const Instance& i = r->instances[0];
  EXPECT_EQ(i.instance_id, "i-0b22a22eec53b9321");
  EXPECT_EQ(i.state.name, "pending");
  EXPECT_EQ(i.state.code, 0);
  EXPECT_TRUE(i.IsSpot());
  EXPECT_EQ(i.spot_instance_request_id, "sir-3a4b5c6d");
  EXPECT_EQ(i.instance_type, "g4dn.xlarge");
  EXPECT_EQ(i.metadata_options.state, "pending");
  EXPECT_EQ(i.metadata_options.http_tokens, "required");
  EXPECT_EQ(FindTag(i.tags, "spotrun:managed"), "true");
  EXPECT_EQ(FindTag(i.tags, "absent"), std::nullopt);
}

TEST_F(Ec2ClientParseTest, StateChangesOfStartStopTerminate) {
  transport_.Answer("StartInstances", Xml("start-instances.xml"));
  transport_.Answer("StopInstances", Xml("stop-instances.xml"));
  transport_.Answer("TerminateInstances", Xml("terminate-instances.xml"));

  auto started = client_.StartInstances({{"i-1234567890abcdef0"}});
  ASSERT_TRUE(started.ok());
  ASSERT_EQ(started->size(), 1u);
  EXPECT_EQ((*started)[0].instance_id, "i-1234567890abcdef0");
  EXPECT_EQ((*started)[0].previous_state.name, "stopped");
  EXPECT_EQ((*started)[0].current_state.name, "pending");

  auto stopped = client_.StopInstances({{"i-1234567890abcdef0"}});
  ASSERT_TRUE(stopped.ok());
  EXPECT_EQ((*stopped)[0].current_state.code, 64);
  EXPECT_EQ((*stopped)[0].current_state.name, "stopping");
  EXPECT_EQ((*stopped)[0].previous_state.code, 16);

  auto terminated = client_.TerminateInstances({{"i-1234567890abcdef0", "i-0598c7d356eba48d7"}});
  ASSERT_TRUE(terminated.ok());
  ASSERT_EQ(terminated->size(), 2u);
  EXPECT_EQ((*terminated)[1].instance_id, "i-0598c7d356eba48d7");
  EXPECT_EQ((*terminated)[1].current_state.name, "shutting-down");
  EXPECT_EQ((*terminated)[1].previous_state.name, "stopped");
}

TEST_F(Ec2ClientParseTest, DescribeSpotInstanceRequests) {
  transport_.Answer("DescribeSpotInstanceRequests", Xml("describe-spot-instance-requests.xml"));
  auto r = client_.DescribeSpotInstanceRequestsAll({});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 2u);
  const SpotInstanceRequest& a = (*r)[0];
  EXPECT_EQ(a.spot_instance_request_id, "sir-1a2b3c4d");
  EXPECT_EQ(a.state, "active");
  EXPECT_EQ(a.status.code, "fulfilled");
  EXPECT_EQ(a.status.message, "Your spot request is fulfilled.");
  EXPECT_THAT(a.status.update_time, Optional(At(2020, 7, 31, 8, 4, 15)));
  EXPECT_EQ(a.type, "one-time");
  EXPECT_EQ(a.spot_price, "0.250000");
  EXPECT_EQ(a.instance_id, "i-1234567890abcdef0");
  EXPECT_EQ(a.launch_specification.instance_type, "c5.2xlarge");
  EXPECT_EQ(a.launch_specification.availability_zone, "eu-west-3a");
  EXPECT_EQ(a.launch_specification.image_id, "ami-0abcdef1234567890");
  EXPECT_EQ(a.launch_specification.key_name, "spotrun");
  EXPECT_EQ(a.launch_specification.subnet_id, "subnet-56f5f633");
  ASSERT_EQ(a.launch_specification.security_groups.size(), 1u);
  EXPECT_EQ(a.instance_interruption_behavior, "terminate");
  EXPECT_EQ(a.launched_availability_zone, "eu-west-3a");
  EXPECT_EQ(a.product_description, "Linux/UNIX");
  EXPECT_THAT(a.create_time, Optional(At(2020, 7, 31, 8, 4, 10)));
  EXPECT_EQ(a.valid_until, std::nullopt);
  EXPECT_EQ(FindTag(a.tags, "spotrun:job"), "j-42");

  const SpotInstanceRequest& b = (*r)[1];
  EXPECT_EQ(b.state, "open");
  EXPECT_EQ(b.status.code, "price-too-low");
  EXPECT_THAT(b.status.message, HasSubstr("0.1228"));
  EXPECT_EQ(b.type, "persistent");
  EXPECT_EQ(b.instance_id, "");
  EXPECT_EQ(b.instance_interruption_behavior, "stop");
  EXPECT_THAT(b.valid_until, Optional(At(2020, 8, 7, 8, 4, 10)));
}

TEST_F(Ec2ClientParseTest, DescribeSpotPriceHistoryFollowsNextToken) {
  transport_.SetHandler([](std::string_view, const QueryParams& params) -> Result<std::string> {
    return Xml(params.Has("NextToken") ? "describe-spot-price-history-page2.xml"
                                       : "describe-spot-price-history-page1.xml");
  });
  auto r = client_.DescribeSpotPriceHistoryAll(
      {.instance_types = {"c5.2xlarge"}, .product_descriptions = {"Linux/UNIX"}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 8u);
  const SpotPrice& newest = (*r)[0];
  EXPECT_EQ(newest.availability_zone, "eu-west-3a");
  EXPECT_EQ(newest.instance_type, "c5.2xlarge");
  EXPECT_EQ(newest.product_description, "Linux/UNIX");
  EXPECT_EQ(newest.spot_price, "0.122800");  // kept as sent, trailing zeros and all
  EXPECT_EQ(newest.timestamp, At(2020, 7, 31, 8, 2, 50));
  EXPECT_EQ((*r)[7].spot_price, "0.123100");
  EXPECT_EQ((*r)[7].timestamp, At(2020, 7, 27, 18, 10, 15));
  ASSERT_EQ(transport_.calls().size(), 2u);
  EXPECT_FALSE(transport_.calls()[0].params.Has("NextToken"));
  EXPECT_EQ(transport_.calls()[1].params.Get("NextToken"), "eyJ2IjoiMiIsImMiOiJjNS4yeGxhcmdlIn0=");
  EXPECT_EQ(transport_.calls()[1].params.Get("InstanceType.1"), "c5.2xlarge");
}

TEST_F(Ec2ClientParseTest, DescribeInstanceTypesOnePage) {
  transport_.Answer("DescribeInstanceTypes", Xml("describe-instance-types/page1.xml"));
  auto r = client_.DescribeInstanceTypes({});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->instance_types.size(), 100u);
  EXPECT_EQ(r->next_token, "page2");
  const InstanceTypeInfo& first = r->instance_types[0];
  EXPECT_EQ(first.instance_type, "m5dn.8xlarge");
  EXPECT_EQ(first.memory_mib, 131072);
  EXPECT_EQ(first.instance_storage_gb, 1200);
  EXPECT_EQ(first.network_performance, "25 Gigabit");
  EXPECT_EQ(first.hypervisor, "nitro");
  EXPECT_TRUE(first.current_generation);
  EXPECT_THAT(first.supported_architectures, ElementsAre("x86_64"));
  EXPECT_THAT(first.sustained_clock_speed_ghz, Optional(3.1));
  EXPECT_EQ(first.GpuCount(), 0);
}

TEST_F(Ec2ClientParseTest, DescribeInstanceTypesAllFollowsFourPages) {
  transport_.SetHandler([](std::string_view, const QueryParams& params) -> Result<std::string> {
    std::string token = params.Get("NextToken").value_or("page1");
    return Xml("describe-instance-types/" + token + ".xml");
  });
  auto r = client_.DescribeInstanceTypesAll({.max_results = 100});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->size(), 341u);  // 100 + 100 + 100 + 41
  ASSERT_EQ(transport_.calls().size(), 4u);
  EXPECT_FALSE(transport_.calls()[0].params.Has("NextToken"));
  EXPECT_EQ(transport_.calls()[1].params.Get("NextToken"), "page2");
  EXPECT_EQ(transport_.calls()[2].params.Get("NextToken"), "page3");
  EXPECT_EQ(transport_.calls()[3].params.Get("NextToken"), "page4");
  for (const auto& call : transport_.calls()) {
    EXPECT_EQ(call.action, "DescribeInstanceTypes");
    EXPECT_EQ(call.params.Get("MaxResults"), "100");
  }

  std::set<std::string> names;
  const InstanceTypeInfo* g4dn = nullptr;
  for (const InstanceTypeInfo& t : *r) {
    names.insert(t.instance_type);
    EXPECT_GT(t.default_vcpus, 0) << t.instance_type;
    EXPECT_GT(t.memory_mib, 0) << t.instance_type;
    EXPECT_FALSE(t.supported_architectures.empty()) << t.instance_type;
    if (t.instance_type == "g4dn.metal") g4dn = &t;
  }
  EXPECT_EQ(names.size(), 341u);  // no item lost or doubled across pages
  ASSERT_NE(g4dn, nullptr);
  ASSERT_EQ(g4dn->gpus.size(), 1u);
  EXPECT_EQ(g4dn->gpus[0].name, "T4");
  EXPECT_EQ(g4dn->gpus[0].manufacturer, "NVIDIA");
  EXPECT_EQ(g4dn->gpus[0].count, 8);
  EXPECT_EQ(g4dn->gpus[0].memory_mib, 16384);
  EXPECT_EQ(g4dn->total_gpu_memory_mib, 131072);
  EXPECT_EQ(g4dn->GpuCount(), 8);
  EXPECT_TRUE(g4dn->bare_metal);
}

TEST_F(Ec2ClientParseTest, InstanceTypeWithCommentsAndUsageClasses) {
  transport_.Answer("DescribeInstanceTypes", Xml("describe-instance-types/t3a-nano.xml"));
  auto r = client_.DescribeInstanceTypes({.instance_types = {"t3a.nano"}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->instance_types.size(), 1u);
  const InstanceTypeInfo& t = r->instance_types[0];
  EXPECT_EQ(t.instance_type, "t3a.nano");
  EXPECT_EQ(t.default_vcpus, 4);  // the edited value, next to an XML comment
  EXPECT_EQ(t.default_cores, 1);
  EXPECT_EQ(t.memory_mib, 1024);
  EXPECT_THAT(t.supported_usage_classes, ElementsAre("on-demand", "spot"));
  EXPECT_TRUE(t.SupportsSpot());
  EXPECT_TRUE(t.burstable_performance_supported);
  EXPECT_TRUE(t.hibernation_supported);
  EXPECT_FALSE(t.bare_metal);
  EXPECT_EQ(t.instance_storage_gb, 0);
  EXPECT_EQ(r->next_token, "");
}

TEST_F(Ec2ClientParseTest, AnErrorDocumentInA2xxBodyIsRejected) {
  transport_.Answer("DescribeInstanceTypes", Xml("describe-instance-types/c1-medium.xml"));
  auto r = client_.DescribeInstanceTypes({});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().kind(), ErrorKind::kInternal);
  EXPECT_THAT(r.status().message(), HasSubstr("<Response>"));
  EXPECT_THAT(r.status().message(), HasSubstr("DescribeInstanceTypesResponse"));
  EXPECT_FALSE(r.status().hint().empty());
}

TEST_F(Ec2ClientParseTest, ABodyThatIsNotXmlIsRejected) {
  transport_.Answer("DescribeRegions", std::string("<html><body>proxy login"));
  auto r = client_.DescribeRegions({});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().kind(), ErrorKind::kInternal);
  EXPECT_THAT(r.status().message(), HasSubstr("not XML"));
}

TEST_F(Ec2ClientParseTest, TransportErrorsPassThroughUnchanged) {
  transport_.Answer("DescribeInstances",
                    Status::Aws(ErrorKind::kRefused, "InvalidInstanceID.NotFound",
                                "The instance ID 'i-1' does not exist", "req-1", 400));
  auto r = client_.DescribeInstances({.instance_ids = {"i-1"}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), "InvalidInstanceID.NotFound");
  EXPECT_EQ(r.status().request_id(), "req-1");
}

}  // namespace
}  // namespace spotrun
