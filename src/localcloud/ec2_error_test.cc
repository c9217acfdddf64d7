#include "localcloud/ec2_error.h"

#include <gtest/gtest.h>

#include "aws/aws_error.h"

namespace spotrun {
namespace {

TEST(Ec2ErrorTest, HttpStatusesAreEc2s) {
  EXPECT_EQ(HttpStatusForEc2Error("InvalidInstanceID.NotFound"), 400);
  EXPECT_EQ(HttpStatusForEc2Error("DryRunOperation"), 412);
  EXPECT_EQ(HttpStatusForEc2Error("RequestLimitExceeded"), 503);
  EXPECT_EQ(HttpStatusForEc2Error("InternalError"), 500);
  EXPECT_EQ(HttpStatusForEc2Error("AuthFailure"), 401);
  EXPECT_EQ(HttpStatusForEc2Error("SignatureDoesNotMatch"), 403);
  EXPECT_EQ(HttpStatusForEc2Error("RequestExpired"), 400);
}

TEST(Ec2ErrorTest, KindsFollowTheClientsClassification) {
  Status not_found = Ec2Error("InvalidInstanceID.NotFound", "The instance ID 'i-1' does not exist");
  EXPECT_EQ(not_found.kind(), ErrorKind::kNotFound);
  EXPECT_EQ(not_found.code(), "InvalidInstanceID.NotFound");
  EXPECT_EQ(not_found.message(), "The instance ID 'i-1' does not exist");
  EXPECT_EQ(Ec2Error("RequestLimitExceeded", "Request limit exceeded.").kind(),
            ErrorKind::kUnavailable);
  EXPECT_TRUE(IsDryRunOperation(DryRunSucceeded()));
}

}  // namespace
}  // namespace spotrun
