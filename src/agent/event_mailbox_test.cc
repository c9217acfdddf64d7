#include "agent/event_mailbox.h"

#include <gtest/gtest.h>

#include "testing/in_memory_s3.h"

namespace spotrun {
namespace {

class EventMailboxTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(s3_.CreateBucket("bucket").ok()); }

  static AgentEvent Event(int attempt, int seq, AgentEventKind kind) {
    AgentEvent event;
    event.attempt = attempt;
    event.seq = seq;
    event.kind = kind;
    event.detail = "event " + std::to_string(seq);
    return event;
  }

  FakeClock clock_;
  testing::InMemoryS3 s3_{clock_};
  EventMailbox mailbox_{s3_, S3Location{"bucket", "jobs/job-1"}};
};

TEST_F(EventMailboxTest, PostWritesTheLayoutsKey) {
  ASSERT_TRUE(mailbox_.Post(Event(2, 5, AgentEventKind::kNotice)).ok());
  EXPECT_EQ(s3_.Keys("bucket"),
            std::vector<std::string>{"jobs/job-1/events/0002/000005-notice.json"});
}

TEST_F(EventMailboxTest, ReadReturnsOnlyWhatCameAfterInSeqOrder) {
  ASSERT_TRUE(mailbox_.Post(Event(1, 1, AgentEventKind::kStarted)).ok());
  ASSERT_TRUE(mailbox_.Post(Event(1, 2, AgentEventKind::kSetupDone)).ok());
  ASSERT_TRUE(mailbox_.Post(Event(1, 3, AgentEventKind::kRunStarted)).ok());
  ASSERT_TRUE(mailbox_.Post(Event(2, 1, AgentEventKind::kStarted)).ok());

  Result<std::vector<AgentEvent>> all = mailbox_.Read(1, 0);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].kind, AgentEventKind::kStarted);
  EXPECT_EQ((*all)[2].kind, AgentEventKind::kRunStarted);

  Result<std::vector<AgentEvent>> after = mailbox_.Read(1, 2);
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->size(), 1u);
  EXPECT_EQ((*after)[0].seq, 3);

  Result<std::vector<AgentEvent>> none = mailbox_.Read(1, 3);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  Result<std::vector<AgentEvent>> other_attempt = mailbox_.Read(3, 0);
  ASSERT_TRUE(other_attempt.ok());
  EXPECT_TRUE(other_attempt->empty());
}

TEST_F(EventMailboxTest, ReadPagesThroughMoreThanOneListing) {
  constexpr int kEvents = 2345;  // S3 lists at most 1000 keys per page
  for (int seq = 1; seq <= kEvents; ++seq) {
    auto kind = seq % 2 ? AgentEventKind::kRebalance : AgentEventKind::kCheckpointUploaded;
    ASSERT_TRUE(mailbox_.Post(Event(1, seq, kind)).ok());
  }
  Result<std::vector<AgentEvent>> all = mailbox_.Read(1, 0);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), static_cast<size_t>(kEvents));
  for (int i = 0; i < kEvents; ++i) ASSERT_EQ((*all)[i].seq, i + 1);

  Result<std::vector<AgentEvent>> tail = mailbox_.Read(1, 1999);
  ASSERT_TRUE(tail.ok());
  ASSERT_EQ(tail->size(), static_cast<size_t>(kEvents - 1999));
  EXPECT_EQ(tail->front().seq, 2000);
  EXPECT_EQ(tail->back().seq, kEvents);
}

TEST_F(EventMailboxTest, PostFailureSaysWhichEvent) {
  s3_.FailPutObject(1, Status::Unavailable("connection reset"));
  Status status = mailbox_.Post(Event(1, 4, AgentEventKind::kStarted));
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.kind(), ErrorKind::kUnavailable);
  EXPECT_NE(status.message().find("event 4"), std::string::npos) << status.message();
  EXPECT_TRUE(mailbox_.Post(Event(1, 4, AgentEventKind::kStarted)).ok());  // retry works
}

TEST_F(EventMailboxTest, AnUnreadableEventIsAnErrorNamingItsKey) {
  ASSERT_TRUE(
      s3_.PutObject({"bucket", "jobs/job-1/events/0001/000001-started.json", "{", ""}).ok());
  Result<std::vector<AgentEvent>> events = mailbox_.Read(1, 0);
  ASSERT_FALSE(events.ok());
  EXPECT_NE(events.status().message().find("000001-started.json"), std::string::npos);
}

TEST_F(EventMailboxTest, MissingBucketIsNotFound) {
  EventMailbox mailbox(s3_, S3Location{"missing", "j"});
  Result<std::vector<AgentEvent>> events = mailbox.Read(1, 0);
  ASSERT_FALSE(events.ok());
  EXPECT_EQ(events.status().kind(), ErrorKind::kNotFound);
  EXPECT_EQ(events.status().code(), "NoSuchBucket");
}

}  // namespace
}  // namespace spotrun
