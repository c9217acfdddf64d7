#include "agent/agent_event.h"

#include <gtest/gtest.h>

namespace spotrun {
namespace {

AgentEvent FullEvent() {
  AgentEvent event;
  event.attempt = 2;
  event.seq = 17;
  event.kind = AgentEventKind::kCheckpointUploaded;
  EXPECT_TRUE(ParseIso8601("2026-01-01T10:20:30.456Z", &event.time));
  event.instance_id = "i-0123456789abcdef0";
  event.detail = "3 files, 12 MiB \"quoted\"\nnext line";
  event.exit_code = 137;
  event.checkpoint_seq = 9;
  return event;
}

void ExpectSame(const AgentEvent& a, const AgentEvent& b) {
  EXPECT_EQ(a.attempt, b.attempt);
  EXPECT_EQ(a.seq, b.seq);
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.time, b.time);
  EXPECT_EQ(a.instance_id, b.instance_id);
  EXPECT_EQ(a.detail, b.detail);
  EXPECT_EQ(a.exit_code, b.exit_code);
  EXPECT_EQ(a.checkpoint_seq, b.checkpoint_seq);
}

TEST(AgentEventTest, EveryKindHasANameThatMapsBack) {
  for (int k = 0; k <= static_cast<int>(AgentEventKind::kAgentExit); ++k) {
    auto kind = static_cast<AgentEventKind>(k);
    std::string_view name = AgentEventKindName(kind);
    EXPECT_NE(name, "unknown");
    EXPECT_EQ(AgentEventKindFromName(name), kind) << name;
  }
  EXPECT_EQ(AgentEventKindName(AgentEventKind::kCheckpointUploaded), "checkpoint-uploaded");
  EXPECT_EQ(AgentEventKindFromName("reboot"), std::nullopt);
}

TEST(AgentEventTest, JsonRoundTripsEveryField) {
  AgentEvent event = FullEvent();
  Result<AgentEvent> back = AgentEventFromJson(AgentEventToJson(event));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ExpectSame(event, *back);
}

TEST(AgentEventTest, JsonRoundTripsWithOptionalsUnset) {
  AgentEvent event;
  event.attempt = 1;
  event.seq = 1;
  event.kind = AgentEventKind::kStarted;
  std::string json = AgentEventToJson(event);
  EXPECT_EQ(json.find("exit_code"), std::string::npos);
  Result<AgentEvent> back = AgentEventFromJson(json);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ExpectSame(event, *back);
}

TEST(AgentEventTest, DetailThatIsNotUtf8IsReplacedNotAnError) {
  AgentEvent event = FullEvent();
  event.detail = "bad \xff byte";
  Result<AgentEvent> back = AgentEventFromJson(AgentEventToJson(event));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->detail, "bad \xEF\xBF\xBD byte");
}

TEST(AgentEventTest, UnknownKindIsRefused) {
  Result<AgentEvent> event =
      AgentEventFromJson(R"({"attempt":1,"seq":1,"kind":"reboot","time":"2026-01-01T00:00:00Z"})");
  ASSERT_FALSE(event.ok());
  EXPECT_EQ(event.status().kind(), ErrorKind::kInvalidArgument);
  EXPECT_NE(event.status().message().find("reboot"), std::string::npos);
  EXPECT_FALSE(event.status().hint().empty());
}

TEST(AgentEventTest, MalformedJsonIsRefused) {
  EXPECT_FALSE(AgentEventFromJson("").ok());
  EXPECT_FALSE(AgentEventFromJson("[1]").ok());
  EXPECT_FALSE(AgentEventFromJson(R"({"attempt":1})").ok());
  EXPECT_FALSE(AgentEventFromJson(
                   R"({"attempt":"1","seq":1,"kind":"started","time":"2026-01-01T00:00:00Z"})")
                   .ok());
  EXPECT_FALSE(
      AgentEventFromJson(R"({"attempt":1,"seq":1,"kind":"started","time":"yesterday"})").ok());
  EXPECT_FALSE(
      AgentEventFromJson(R"({"attempt":0,"seq":1,"kind":"started","time":"2026-01-01T00:00:00Z"})")
          .ok());
}

}  // namespace
}  // namespace spotrun
