#include "localcloud/fake_instance_runtime.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace spotrun {
namespace {

using ::testing::ElementsAre;

TEST(FakeInstanceRuntimeTest, RecordsCallsAndTheStatesTheyImply) {
  FakeInstanceRuntime runtime;
  InstanceSpec spec;
  spec.instance_id = "i-1";
  spec.address = "127.1.0.1";
  ASSERT_TRUE(runtime.Boot(spec).ok());
  EXPECT_EQ(runtime.Describe("i-1")->state, RuntimeState::kRunning);
  EXPECT_TRUE(runtime.SshReady("i-1"));
  ASSERT_TRUE(runtime.Hibernate("i-1").ok());
  EXPECT_EQ(runtime.Resume("i-1").ok(), true);
  EXPECT_EQ(runtime.Boot(spec).kind(), ErrorKind::kFailedPrecondition);
  ASSERT_TRUE(runtime.Stop("i-1").ok());
  EXPECT_EQ(runtime.Describe("i-1")->state, RuntimeState::kStopped);
  EXPECT_EQ(runtime.Resume("i-1").kind(), ErrorKind::kFailedPrecondition);
  ASSERT_TRUE(runtime.Terminate("i-1", /*keep_root=*/false).ok());
  EXPECT_EQ(runtime.Describe("i-1")->state, RuntimeState::kAbsent);
  EXPECT_THAT(runtime.calls(), ElementsAre("Boot i-1", "Hibernate i-1", "Resume i-1", "Boot i-1",
                                           "Stop i-1", "Resume i-1", "Terminate i-1"));
  EXPECT_EQ(runtime.last_spec("i-1").address, "127.1.0.1");
}

TEST(FakeInstanceRuntimeTest, FailNextFailsOneCallAndChangesNothing) {
  FakeInstanceRuntime runtime;
  InstanceSpec spec;
  spec.instance_id = "i-2";
  runtime.FailNext(Status::Internal("sshd would not start"));
  EXPECT_EQ(runtime.Boot(spec).kind(), ErrorKind::kInternal);
  EXPECT_EQ(runtime.Describe("i-2")->state, RuntimeState::kAbsent);
  EXPECT_TRUE(runtime.Boot(spec).ok());
  runtime.set_ssh_ready(false);
  EXPECT_FALSE(runtime.SshReady("i-2"));
}

}  // namespace
}  // namespace spotrun
