// Parse rate of a DescribeInstancesResponse holding 1,000 instances (a large account's
// listing), through Ec2Client::DescribeInstances with an in-memory transport: XML parse and
// conversion to typed Instances, both included. The XML is
// generated from one realistic running spot instance (network interface, volumes, tags,
// IMDSv2 options), each copy with its own ids and addresses. Reports instances/s and MB/s.
#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <malloc.h>

#include <cstdlib>
#include <string>

#include "aws/ec2_client.h"

namespace spotrun {
namespace {

constexpr int kInstances = 1000;

// {0}: a per-instance number; {1}, {2}: the last two octets of its addresses.
constexpr std::string_view kInstanceTemplate = R"(
        <item>
          <instanceId>i-0{0:016x}</instanceId>
          <imageId>ami-0abcdef1234567890</imageId>
          <instanceState><code>16</code><name>running</name></instanceState>
          <privateDnsName>ip-172-31-{1}-{2}.eu-west-3.compute.internal</privateDnsName>
          <dnsName>ec2-35-180-{1}-{2}.eu-west-3.compute.amazonaws.com</dnsName>
          <reason/>
          <keyName>spotrun</keyName>
          <amiLaunchIndex>0</amiLaunchIndex>
          <productCodes/>
          <instanceType>c5.2xlarge</instanceType>
          <launchTime>2020-07-31T08:04:11.000Z</launchTime>
          <placement><availabilityZone>eu-west-3a</availabilityZone><groupName/><tenancy>default</tenancy></placement>
          <monitoring><state>disabled</state></monitoring>
          <subnetId>subnet-56f5f633</subnetId>
          <vpcId>vpc-11112222</vpcId>
          <privateIpAddress>172.31.{1}.{2}</privateIpAddress>
          <ipAddress>35.180.{1}.{2}</ipAddress>
          <sourceDestCheck>true</sourceDestCheck>
          <groupSet><item><groupId>sg-0598c7d356eba48d7</groupId><groupName>spotrun-ssh</groupName></item></groupSet>
          <architecture>x86_64</architecture>
          <rootDeviceType>ebs</rootDeviceType>
          <rootDeviceName>/dev/xvda</rootDeviceName>
          <blockDeviceMapping>
            <item><deviceName>/dev/xvda</deviceName><ebs><volumeId>vol-0{0:016x}</volumeId><status>attached</status>
              <attachTime>2020-07-31T08:04:12.000Z</attachTime><deleteOnTermination>true</deleteOnTermination></ebs></item>
            <item><deviceName>/dev/sdf</deviceName><ebs><volumeId>vol-1{0:016x}</volumeId><status>attached</status>
              <attachTime>2020-07-31T08:04:12.000Z</attachTime><deleteOnTermination>false</deleteOnTermination></ebs></item>
          </blockDeviceMapping>
          <instanceLifecycle>spot</instanceLifecycle>
          <spotInstanceRequestId>sir-{0:08x}</spotInstanceRequestId>
          <virtualizationType>hvm</virtualizationType>
          <clientToken>3f2b0c1e-5d6a-4b7c-8d9e-{0:012x}</clientToken>
          <tagSet>
            <item><key>Name</key><value>train-{0}</value></item>
            <item><key>spotrun:managed</key><value>true</value></item>
            <item><key>spotrun:job</key><value>j-{0}</value></item>
          </tagSet>
          <hypervisor>nitro</hypervisor>
          <networkInterfaceSet>
            <item>
              <networkInterfaceId>eni-0{0:016x}</networkInterfaceId>
              <subnetId>subnet-56f5f633</subnetId><vpcId>vpc-11112222</vpcId><description/>
              <ownerId>123456789012</ownerId><status>in-use</status><macAddress>0a:2b:3c:4d:{1:02x}:{2:02x}</macAddress>
              <privateIpAddress>172.31.{1}.{2}</privateIpAddress>
              <privateDnsName>ip-172-31-{1}-{2}.eu-west-3.compute.internal</privateDnsName>
              <sourceDestCheck>true</sourceDestCheck>
              <groupSet><item><groupId>sg-0598c7d356eba48d7</groupId><groupName>spotrun-ssh</groupName></item></groupSet>
              <attachment><attachmentId>eni-attach-0{0:016x}</attachmentId><deviceIndex>0</deviceIndex><status>attached</status>
                <attachTime>2020-07-31T08:04:11.000Z</attachTime><deleteOnTermination>true</deleteOnTermination><networkCardIndex>0</networkCardIndex></attachment>
              <association><publicIp>35.180.{1}.{2}</publicIp><publicDnsName>ec2-35-180-{1}-{2}.eu-west-3.compute.amazonaws.com</publicDnsName><ipOwnerId>amazon</ipOwnerId></association>
              <privateIpAddressesSet><item><privateIpAddress>172.31.{1}.{2}</privateIpAddress><primary>true</primary></item></privateIpAddressesSet>
              <ipv6AddressesSet/>
              <interfaceType>interface</interfaceType>
            </item>
          </networkInterfaceSet>
          <iamInstanceProfile><arn>arn:aws:iam::123456789012:instance-profile/spotrun-agent</arn><id>AIPAJEDNCAA64SSD123AB</id></iamInstanceProfile>
          <ebsOptimized>true</ebsOptimized>
          <enaSupport>true</enaSupport>
          <cpuOptions><coreCount>4</coreCount><threadsPerCore>2</threadsPerCore></cpuOptions>
          <capacityReservationSpecification><capacityReservationPreference>open</capacityReservationPreference></capacityReservationSpecification>
          <hibernationOptions><configured>false</configured></hibernationOptions>
          <enclaveOptions><enabled>false</enabled></enclaveOptions>
          <metadataOptions><state>applied</state><httpTokens>required</httpTokens><httpPutResponseHopLimit>2</httpPutResponseHopLimit>
            <httpEndpoint>enabled</httpEndpoint><httpProtocolIpv6>disabled</httpProtocolIpv6><instanceMetadataTags>enabled</instanceMetadataTags></metadataOptions>
          <platformDetails>Linux/UNIX</platformDetails>
          <usageOperation>RunInstances</usageOperation>
          <usageOperationUpdateTime>2020-07-31T08:04:11.000Z</usageOperationUpdateTime>
          <privateDnsNameOptions><hostnameType>ip-name</hostnameType><enableResourceNameDnsARecord>false</enableResourceNameDnsARecord>
            <enableResourceNameDnsAAAARecord>false</enableResourceNameDnsAAAARecord></privateDnsNameOptions>
          <maintenanceOptions><autoRecovery>default</autoRecovery></maintenanceOptions>
        </item>)";

std::string DescribeInstancesXml(int instances) {
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<DescribeInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">\n"
      "  <requestId>8f7724cf-496f-496e-8fe3-example</requestId>\n  <reservationSet>";
  // One reservation per instance, as separate RunInstances calls produce.
  for (int i = 0; i < instances; ++i) {
    xml += fmt::format(
        "\n    <item>\n      <reservationId>r-0{:016x}</reservationId>\n"
        "      <ownerId>123456789012</ownerId>\n      <groupSet/>\n      <instancesSet>",
        i);
    xml += fmt::format(fmt::runtime(kInstanceTemplate), i, i / 256, i % 256);
    xml += "\n      </instancesSet>\n    </item>";
  }
  xml += "\n  </reservationSet>\n</DescribeInstancesResponse>\n";
  return xml;
}

// Hands over the body prepared for the next call, as a real transport hands over the string
// it received; preparing the copy is kept out of the timing so only parsing is measured.
class HandOverTransport : public QueryTransport {
 public:
  void Prepare(const std::string& body) { next_ = body; }
  Result<std::string> Call(std::string_view, const QueryParams&) override {
    return std::move(next_);
  }

 private:
  std::string next_;
};

// Two runs of the same work. "fresh_heap" keeps glibc's defaults, under which the megabytes
// a parse allocates go back to the kernel after every call and are page-faulted in again on
// the next: on a VM where faults are dear this dominates, and it is what a short-lived
// `spotrun ls` pays. "warm_heap" first tells malloc to keep freed memory (as a long-running
// controller's heap soon does), leaving the cost of parsing itself. Run order matters: the
// warm run changes malloc settings for the rest of the process.
void BM_DescribeInstances1000(benchmark::State& state) {
  if (state.range(0) == 1) {
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    mallopt(M_MMAP_THRESHOLD, 32 << 20);  // glibc's maximum on 64-bit
    mallopt(M_TOP_PAD, 64 << 20);
  }
  std::string xml = DescribeInstancesXml(kInstances);
  HandOverTransport transport;
  Ec2Client client(transport);
  for (auto _ : state) {
    state.PauseTiming();
    transport.Prepare(xml);
    state.ResumeTiming();
    Result<DescribeInstancesResponse> r = client.DescribeInstances({});
    if (!r.ok() || r->reservations.size() != kInstances ||
        r->reservations.back().instances.at(0).tags.size() != 3) {
      state.SkipWithError("parse failed");
      break;
    }
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(xml.size()));
  state.counters["instances/s"] =
      benchmark::Counter(kInstances, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["xml_MB"] = static_cast<double>(xml.size()) / 1e6;
}
BENCHMARK(BM_DescribeInstances1000)
    ->ArgName("warm_heap")
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace spotrun

BENCHMARK_MAIN();
