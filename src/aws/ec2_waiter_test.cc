#include "aws/ec2_waiter.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "testing/ec2_query_model.h"
#include "testing/fake_query_transport.h"

namespace spotrun {
namespace {

using ::spotrun::testing::Ec2Answer;
using ::spotrun::testing::FakeQueryTransport;
using std::chrono::seconds;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

using IdStates = std::vector<std::pair<std::string, std::string>>;

std::string InstancesXml(const IdStates& instances, std::string_view reason = "") {
  std::string items;
  for (const auto& [id, state] : instances) {
    items += fmt::format(
        "<item><instanceId>{}</instanceId><instanceState><code>0</code><name>{}</name>"
        "</instanceState><ipAddress>203.0.113.9</ipAddress>",
        id, state);
    if (!reason.empty()) {
      items += fmt::format(
          "<stateReason><code>{0}</code><message>{0}: gone</message></stateReason>", reason);
    }
    items += "</item>";
  }
  return Ec2Answer("DescribeInstances",
                   "<reservationSet><item><reservationId>r-1</reservationId>"
                   "<instancesSet>" +
                       items + "</instancesSet></item></reservationSet>");
}

std::string SpotXml(const IdStates& requests) {
  std::string items;
  for (const auto& [id, code] : requests) {
    items += fmt::format(
        "<item><spotInstanceRequestId>{}</spotInstanceRequestId><state>open</state>"
        "<status><code>{}</code><message>message for {}</message></status>"
        "<instanceId>i-from-{}</instanceId></item>",
        id, code, code, id);
  }
  return Ec2Answer("DescribeSpotInstanceRequests",
                   "<spotInstanceRequestSet>" + items + "</spotInstanceRequestSet>");
}

std::string SetXml(std::string_view action, std::string_view set, std::string_view id_element,
                   std::string_view state_element, const IdStates& resources) {
  std::string items;
  for (const auto& [id, state] : resources) {
    items += fmt::format("<item><{0}>{1}</{0}><{2}>{3}</{2}></item>", id_element, id, state_element,
                         state);
  }
  return Ec2Answer(action, fmt::format("<{0}>{1}</{0}>", set, items));
}

Status NotFound(std::string_view code) {
  return Status::Aws(ErrorKind::kRefused, code, "does not exist", "req-1", 400);
}

class Ec2WaiterTest : public ::testing::Test {
 protected:
  WaitOptions Options() {
    WaitOptions o;
    o.progress = [this](std::string_view text) { progress_.emplace_back(text); };
    return o;
  }

  FakeQueryTransport transport_;
  Ec2Client client_{transport_};
  FakeClock clock_;
  Ec2Waiter waiter_{client_, clock_};
  std::vector<std::string> progress_;
};

TEST(Ec2WaiterSpecTest, KindsNameTheirWaiters) {
  EXPECT_EQ(WaiterSpec(Ec2WaiterKind::kInstanceRunning).name, "InstanceRunning");
  EXPECT_EQ(WaiterSpec(Ec2WaiterKind::kInstanceStopped).name, "InstanceStopped");
  EXPECT_EQ(WaiterSpec(Ec2WaiterKind::kInstanceTerminated).name, "InstanceTerminated");
  EXPECT_EQ(WaiterSpec(Ec2WaiterKind::kImageAvailable).name, "ImageAvailable");
  EXPECT_EQ(WaiterSpec(Ec2WaiterKind::kSpotInstanceRequestFulfilled).name,
            "SpotInstanceRequestFulfilled");
  EXPECT_EQ(WaiterSpec(Ec2WaiterKind::kVolumeAvailable).name, "VolumeAvailable");
  EXPECT_EQ(WaiterSpec(Ec2WaiterKind::kVolumeInUse).name, "VolumeInUse");
  EXPECT_EQ(WaiterSpec(Ec2WaiterKind::kSnapshotCompleted).name, "SnapshotCompleted");
}

TEST(Ec2WaiterSpecTest, MatchesBotocoreWaitersJson) {
  std::ifstream in(std::string(::spotrun::testing::kBotocoreEc2ModelDir) + "/waiters-2.json");
  ASSERT_TRUE(in) << "botocore's EC2 waiters are missing; install python3-botocore";
  nlohmann::json waiters = nlohmann::json::parse(in)["waiters"];
  for (int k = 0; k <= static_cast<int>(Ec2WaiterKind::kSnapshotCompleted); ++k) {
    const Ec2WaiterSpec& spec = WaiterSpec(static_cast<Ec2WaiterKind>(k));
    SCOPED_TRACE(spec.name);
    ASSERT_TRUE(waiters.contains(spec.name));
    const nlohmann::json& w = waiters[std::string(spec.name)];
    EXPECT_EQ(w["operation"], spec.operation);
    EXPECT_EQ(seconds(w["delay"].get<int>()), spec.delay);
    EXPECT_EQ(w["maxAttempts"].get<int>(), spec.max_attempts);
    std::vector<std::string> success, failure, retry;
    bool failure_seen = false;
    for (const auto& a : w["acceptors"]) {
      std::string matcher = a["matcher"], state = a["state"];
      if (matcher == "pathAll" && state == "success") {
        EXPECT_FALSE(failure_seen) << "Judge() checks success acceptors first";
        EXPECT_EQ(a["argument"], spec.argument);
        success.push_back(a["expected"]);
      } else if (matcher == "pathAny" && state == "failure") {
        failure_seen = true;
        EXPECT_EQ(a["argument"], spec.argument);
        failure.push_back(a["expected"]);
      } else if (matcher == "error" && state == "retry") {
        retry.push_back(a["expected"]);
      } else {
        ADD_FAILURE() << "acceptor kind not modelled: " << a.dump();
      }
    }
    auto strings = [](const std::vector<std::string_view>& v) {
      return std::vector<std::string>(v.begin(), v.end());
    };
    EXPECT_EQ(success, strings(spec.success_all));
    EXPECT_EQ(failure, strings(spec.failure_any));
    EXPECT_EQ(retry, strings(spec.retry_errors));
  }
}

TEST_F(Ec2WaiterTest, InstanceRunningRetriesNotFoundRightAfterLaunch) {
  transport_.Answer("DescribeInstances", NotFound("InvalidInstanceID.NotFound"));
  transport_.Answer("DescribeInstances", InstancesXml({{"i-123", "pending"}}));
  transport_.Answer("DescribeInstances", InstancesXml({{"i-123", "pending"}}));
  transport_.Answer("DescribeInstances", InstancesXml({{"i-123", "running"}}));
  auto r = waiter_.WaitUntilInstanceRunning({"i-123"}, Options());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].public_ip_address, "203.0.113.9");
  EXPECT_THAT(progress_, ElementsAre("i-123 not visible yet (0 s)", "i-123 pending (15 s)",
                                     "i-123 pending (30 s)", "i-123 running (45 s)"));
  EXPECT_EQ(clock_.total_slept(), seconds(45));
  EXPECT_EQ(clock_.sleep_calls(), 3);
  for (const auto& call : transport_.calls()) {
    EXPECT_EQ(call.params.Get("InstanceId.1"), "i-123");
  }
}

TEST_F(Ec2WaiterTest, InstanceRunningFailsFastWhenASpotInstanceIsReclaimed) {
  transport_.Answer("DescribeInstances", InstancesXml({{"i-1", "pending"}}));
  transport_.Answer("DescribeInstances",
                    InstancesXml({{"i-1", "terminated"}}, "Server.SpotInstanceTermination"));
  auto r = waiter_.WaitUntilInstanceRunning({"i-1"}, Options());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().kind(), ErrorKind::kFailedPrecondition);
  EXPECT_THAT(r.status().message(), HasSubstr("instance i-1 is terminated"));
  EXPECT_THAT(r.status().message(), HasSubstr("Server.SpotInstanceTermination: gone"));
  EXPECT_FALSE(r.status().hint().empty());
  EXPECT_EQ(transport_.calls().size(), 2u);
}

TEST_F(Ec2WaiterTest, InstanceRunningNeedsEveryInstanceAndFailsOnAnyStopping) {
  transport_.Answer("DescribeInstances", InstancesXml({{"i-1", "running"}, {"i-2", "pending"}}));
  transport_.Answer("DescribeInstances", InstancesXml({{"i-1", "running"}, {"i-2", "running"}}));
  auto r = waiter_.WaitUntilInstanceRunning({"i-1", "i-2"}, Options());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(progress_[0], "i-1 running, i-2 pending (0 s)");

  transport_.Answer("DescribeInstances", InstancesXml({{"i-3", "running"}, {"i-4", "stopping"}}));
  auto stopping = waiter_.WaitUntilInstanceRunning({"i-3", "i-4"});
  EXPECT_EQ(stopping.status().kind(), ErrorKind::kFailedPrecondition);
  EXPECT_THAT(stopping.status().message(), HasSubstr("i-4 is stopping"));
}

TEST_F(Ec2WaiterTest, InstanceStoppedDoesNotRetryNotFound) {
  transport_.Answer("DescribeInstances", NotFound("InvalidInstanceID.NotFound"));
  auto r = waiter_.WaitUntilInstanceStopped({"i-1"}, Options());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), "InvalidInstanceID.NotFound");
  EXPECT_THAT(r.status().message(), HasSubstr("waiting for instance i-1 to be stopped"));
  EXPECT_TRUE(progress_.empty());
}

TEST_F(Ec2WaiterTest, InstanceStoppedFailsOnPendingAndTerminatedSucceeds) {
  transport_.Answer("DescribeInstances", InstancesXml({{"i-1", "pending"}}));
  EXPECT_EQ(waiter_.WaitUntilInstanceStopped({"i-1"}).status().kind(),
            ErrorKind::kFailedPrecondition);
  transport_.Answer("DescribeInstances", InstancesXml({{"i-2", "shutting-down"}}));
  transport_.Answer("DescribeInstances", InstancesXml({{"i-2", "terminated"}}));
  EXPECT_TRUE(waiter_.WaitUntilInstanceTerminated({"i-2"}).ok());
}

TEST_F(Ec2WaiterTest, TimeoutPollsOnceMoreAtTheDeadline) {
  transport_.Answer("DescribeInstances", InstancesXml({{"i-1", "pending"}}));
  WaitOptions options = Options();
  options.timeout = seconds(50);
  auto r = waiter_.WaitUntilInstanceRunning({"i-1"}, options);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().kind(), ErrorKind::kDeadlineExceeded);
  EXPECT_THAT(r.status().message(), HasSubstr("instance i-1 not running after 50 s and 5 polls"));
  EXPECT_THAT(r.status().message(), HasSubstr("last seen: i-1 pending"));
  EXPECT_THAT(progress_,
              ElementsAre("i-1 pending (0 s)", "i-1 pending (15 s)", "i-1 pending (30 s)",
                          "i-1 pending (45 s)", "i-1 pending (50 s)"));
  EXPECT_EQ(clock_.total_slept(), seconds(50));
}

TEST_F(Ec2WaiterTest, DefaultsAreFortyPollsFifteenSecondsApart) {
  transport_.Answer("DescribeInstances", InstancesXml({{"i-1", "pending"}}));
  auto r = waiter_.WaitUntilInstanceRunning({"i-1"});
  EXPECT_EQ(r.status().kind(), ErrorKind::kDeadlineExceeded);
  EXPECT_EQ(transport_.calls().size(), 40u);
  EXPECT_EQ(clock_.total_slept(), seconds(39 * 15));
}

TEST_F(Ec2WaiterTest, OptionsOverrideDelayAndAttempts) {
  transport_.Answer("DescribeVolumes", SetXml("DescribeVolumes", "volumeSet", "volumeId", "status",
                                              {{"vol-1", "creating"}}));
  WaitOptions options;
  options.delay = seconds(2);
  options.max_attempts = 3;
  auto r = waiter_.WaitUntilVolumeAvailable({"vol-1"}, options);
  EXPECT_EQ(r.status().kind(), ErrorKind::kDeadlineExceeded);
  EXPECT_EQ(transport_.calls().size(), 3u);
  EXPECT_EQ(clock_.total_slept(), seconds(4));
}

TEST_F(Ec2WaiterTest, AnEmptyListingIsNotSuccess) {
  // botocore's pathAll never matches an empty list: keep polling.
  transport_.Answer("DescribeInstances", Ec2Answer("DescribeInstances", "<reservationSet/>"));
  transport_.Answer("DescribeInstances", InstancesXml({{"i-1", "running"}}));
  auto r = waiter_.WaitUntilInstanceRunning({"i-1"}, Options());
  ASSERT_TRUE(r.ok());
  EXPECT_THAT(progress_, ElementsAre("no instance listed yet (0 s)", "i-1 running (15 s)"));
}

TEST_F(Ec2WaiterTest, SpotRequestFulfilledRetriesNotFoundAndHoldingCodes) {
  transport_.Answer("DescribeSpotInstanceRequests",
                    NotFound("InvalidSpotInstanceRequestID.NotFound"));
  transport_.Answer("DescribeSpotInstanceRequests", SpotXml({{"sir-1", "pending-evaluation"}}));
  transport_.Answer("DescribeSpotInstanceRequests", SpotXml({{"sir-1", "price-too-low"}}));
  transport_.Answer("DescribeSpotInstanceRequests", SpotXml({{"sir-1", "fulfilled"}}));
  auto r = waiter_.WaitUntilSpotInstanceRequestFulfilled({"sir-1"}, Options());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)[0].instance_id, "i-from-sir-1");
  EXPECT_THAT(progress_,
              ElementsAre("sir-1 not visible yet (0 s)", "sir-1 pending-evaluation (15 s)",
                          "sir-1 price-too-low (30 s)", "sir-1 fulfilled (45 s)"));
  EXPECT_EQ(transport_.last_call().params.Get("SpotInstanceRequestId.1"), "sir-1");
}

TEST_F(Ec2WaiterTest, SpotRequestFailsFastOnTerminalCodes) {
  for (std::string code :
       {"schedule-expired", "canceled-before-fulfillment", "bad-parameters", "system-error"}) {
    SCOPED_TRACE(code);
    FakeQueryTransport transport;
    Ec2Client client(transport);
    FakeClock clock;
    Ec2Waiter waiter(client, clock);
    transport.Answer("DescribeSpotInstanceRequests", SpotXml({{"sir-1", code}}));
    auto r = waiter.WaitUntilSpotInstanceRequestFulfilled({"sir-1"});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().kind(), ErrorKind::kFailedPrecondition);
    EXPECT_THAT(r.status().message(), HasSubstr("spot request sir-1 is " + code));
    EXPECT_THAT(r.status().message(), HasSubstr("message for " + code));
    EXPECT_EQ(transport.calls().size(), 1u);
    EXPECT_EQ(clock.sleep_calls(), 0);
  }
}

TEST_F(Ec2WaiterTest, SpotRequestSuccessNeedsOneCodeForAll) {
  // Two pathAll acceptors, as in botocore: a mix of the two success codes matches neither.
  transport_.Answer(
      "DescribeSpotInstanceRequests",
      SpotXml({{"sir-1", "fulfilled"}, {"sir-2", "request-canceled-and-instance-running"}}));
  transport_.Answer("DescribeSpotInstanceRequests",
                    SpotXml({{"sir-1", "request-canceled-and-instance-running"},
                             {"sir-2", "request-canceled-and-instance-running"}}));
  auto r = waiter_.WaitUntilSpotInstanceRequestFulfilled({"sir-1", "sir-2"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(transport_.calls().size(), 2u);
}

TEST_F(Ec2WaiterTest, ImageAvailableAndFailed) {
  auto images = [](std::string_view state) {
    return SetXml("DescribeImages", "imagesSet", "imageId", "imageState",
                  {{"ami-1", std::string(state)}});
  };
  transport_.Answer("DescribeImages", images("pending"));
  transport_.Answer("DescribeImages", images("available"));
  EXPECT_TRUE(waiter_.WaitUntilImageAvailable({"ami-1"}).ok());
  transport_.Answer("DescribeImages", images("failed"));
  EXPECT_EQ(waiter_.WaitUntilImageAvailable({"ami-1"}).status().kind(),
            ErrorKind::kFailedPrecondition);
  EXPECT_EQ(transport_.last_call().params.Get("ImageId.1"), "ami-1");
}

TEST_F(Ec2WaiterTest, VolumeInUseAndDeleted) {
  auto volumes = [](std::string_view state) {
    return SetXml("DescribeVolumes", "volumeSet", "volumeId", "status",
                  {{"vol-1", std::string(state)}});
  };
  transport_.Answer("DescribeVolumes", volumes("available"));
  transport_.Answer("DescribeVolumes", volumes("in-use"));
  EXPECT_TRUE(waiter_.WaitUntilVolumeInUse({"vol-1"}).ok());
  transport_.Answer("DescribeVolumes", volumes("deleted"));
  EXPECT_EQ(waiter_.WaitUntilVolumeAvailable({"vol-1"}).status().kind(),
            ErrorKind::kFailedPrecondition);
}

TEST_F(Ec2WaiterTest, SnapshotCompletedAndError) {
  auto snapshots = [](std::string_view state) {
    return SetXml("DescribeSnapshots", "snapshotSet", "snapshotId", "status",
                  {{"snap-1", std::string(state)}});
  };
  transport_.Answer("DescribeSnapshots", snapshots("pending"));
  transport_.Answer("DescribeSnapshots", snapshots("completed"));
  auto done = waiter_.WaitUntilSnapshotCompleted({"snap-1"}, Options());
  ASSERT_TRUE(done.ok());
  EXPECT_THAT(progress_, ElementsAre("snap-1 pending (0 s)", "snap-1 completed (15 s)"));
  transport_.Answer("DescribeSnapshots", snapshots("error"));
  EXPECT_EQ(waiter_.WaitUntilSnapshotCompleted({"snap-1"}).status().kind(),
            ErrorKind::kFailedPrecondition);
}

TEST_F(Ec2WaiterTest, ProgressNamesAtMostThreeResources) {
  transport_.Answer("DescribeInstances", InstancesXml({{"i-1", "running"},
                                                       {"i-2", "pending"},
                                                       {"i-3", "pending"},
                                                       {"i-4", "pending"},
                                                       {"i-5", "running"}}));
  WaitOptions options = Options();
  options.max_attempts = 1;
  (void)waiter_.WaitUntilInstanceRunning({"i-1", "i-2", "i-3", "i-4", "i-5"}, options);
  EXPECT_THAT(progress_, ElementsAre("i-1 running, i-2 pending, i-3 pending, +2 more (0 s)"));
}

TEST_F(Ec2WaiterTest, NoIdsIsAnInvalidArgument) {
  auto r = waiter_.WaitUntilInstanceRunning({});
  EXPECT_EQ(r.status().kind(), ErrorKind::kInvalidArgument);
  EXPECT_TRUE(transport_.calls().empty());
}

}  // namespace
}  // namespace spotrun
