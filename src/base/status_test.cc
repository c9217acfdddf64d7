#include "base/status.h"

#include <gtest/gtest.h>

#include "base/result.h"

namespace spotrun {
namespace {

TEST(StatusTest, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.kind(), ErrorKind::kOk);
  EXPECT_EQ(s.message(), "");
  EXPECT_EQ(ExitCodeFor(s), kExitOk);
}

TEST(StatusTest, AwsErrorKeepsCodeMessageRequestId) {
  Status s = Status::Aws(ErrorKind::kRefused, "InvalidInstanceType", "bad type", "req-1", 400);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), "InvalidInstanceType");
  EXPECT_EQ(s.message(), "bad type");
  EXPECT_EQ(s.request_id(), "req-1");
  EXPECT_EQ(s.http_status(), 400);
  EXPECT_EQ(s.ToString(), "refused: bad type [InvalidInstanceType] (request id req-1)");
}

TEST(StatusTest, ForUserShowsHintAndRequestIdOnlyWhenVerbose) {
  Status s = Status::Aws(ErrorKind::kRefused, "Code", "msg", "req-9", 400).WithHint("do this");
  EXPECT_EQ(s.ForUser(false), "error: msg (Code)\n  do this");
  EXPECT_EQ(s.ForUser(true), "error: msg (Code) [request id req-9]\n  do this");
}

TEST(StatusTest, ExitCodesFollowTheDocumentedTable) {
  EXPECT_EQ(ExitCodeFor(Status::Internal("x")), 1);
  EXPECT_EQ(ExitCodeFor(Status::InvalidArgument("x")), 2);
  EXPECT_EQ(ExitCodeFor(Status::NotFound("x")), 3);
  EXPECT_EQ(ExitCodeFor(Status::Aws(ErrorKind::kRefused, "C", "m", "", 400)), 4);
  EXPECT_EQ(ExitCodeFor(Status::Interrupted("x")), 130);
}

TEST(StatusTest, CopyIsDeepAndContextPrefixes) {
  Status a = Status::NotFound("machine 'x'", "run spotrun ls");
  Status b = a.WithContext("terminate");
  EXPECT_EQ(a.message(), "machine 'x'");
  EXPECT_EQ(b.message(), "terminate: machine 'x'");
  EXPECT_EQ(b.hint(), "run spotrun ls");
  Status c;
  c = b;
  EXPECT_EQ(c.kind(), ErrorKind::kNotFound);
}

Result<int> Half(int x) {
  if (x % 2 != 0) return Status::InvalidArgument("odd");
  return x / 2;
}

Result<int> Quarter(int x) {
  SPOTRUN_ASSIGN_OR_RETURN(int h, Half(x));
  SPOTRUN_ASSIGN_OR_RETURN(int q, Half(h));
  return q;
}

TEST(ResultTest, ValueOrError) {
  EXPECT_EQ(*Quarter(8), 2);
  Result<int> r = Quarter(6);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "odd");
  EXPECT_EQ(r.value_or(-1), -1);
}

TEST(ResultTest, MoveOnlyValues) {
  Result<std::unique_ptr<int>> r = std::make_unique<int>(7);
  ASSERT_TRUE(r.ok());
  std::unique_ptr<int> p = std::move(r).value();
  EXPECT_EQ(*p, 7);
}

}  // namespace
}  // namespace spotrun
