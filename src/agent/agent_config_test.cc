#include "agent/agent_config.h"

#include <gtest/gtest.h>

namespace spotrun {
namespace {

AgentConfig FullConfig() {
  AgentConfig c;
  c.job_id = "job-1a2b";
  c.attempt = 3;
  c.store = "s3://bucket/jobs/job-1a2b";
  c.workdir = "/home/ubuntu/job";
  c.setup = "pip install -r requirements.txt";
  c.run = "python train.py --resume-from \"$SPOTRUN_CHECKPOINT_DIR\"";
  c.checkpoint_dir = "/home/ubuntu/job/ckpt";
  c.checkpoint_every = std::chrono::minutes(10);
  c.checkpoint_signal = 12;
  c.checkpoint_grace = std::chrono::milliseconds(1500);
  c.keep_checkpoints = 5;
  c.outputs = {"results/", "model.pt"};
  c.s3_endpoint = "http://127.0.0.1:4566";
  c.region = "us-east-1";
  c.environment = {{"AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"}, {"FOO", "bar"}};
  c.poll_interval = std::chrono::milliseconds(250);
  c.notice_margin = std::chrono::seconds(20);
  c.log_upload_interval = std::chrono::seconds(2);
  c.heartbeat_interval = std::chrono::seconds(7);
  return c;
}

TEST(AgentConfigTest, JsonRoundTripsEveryField) {
  AgentConfig c = FullConfig();
  std::string json = AgentConfigToJson(c);
  EXPECT_NE(json.find("\"checkpoint_grace_ms\": 1500"), std::string::npos) << json;
  Result<AgentConfig> back = AgentConfigFromJson(json);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->job_id, c.job_id);
  EXPECT_EQ(back->attempt, c.attempt);
  EXPECT_EQ(back->store, c.store);
  EXPECT_EQ(back->workdir, c.workdir);
  EXPECT_EQ(back->setup, c.setup);
  EXPECT_EQ(back->run, c.run);
  EXPECT_EQ(back->checkpoint_dir, c.checkpoint_dir);
  EXPECT_EQ(back->checkpoint_every, c.checkpoint_every);
  EXPECT_EQ(back->checkpoint_signal, c.checkpoint_signal);
  EXPECT_EQ(back->checkpoint_grace, c.checkpoint_grace);
  EXPECT_EQ(back->keep_checkpoints, c.keep_checkpoints);
  EXPECT_EQ(back->outputs, c.outputs);
  EXPECT_EQ(back->s3_endpoint, c.s3_endpoint);
  EXPECT_EQ(back->region, c.region);
  EXPECT_EQ(back->environment, c.environment);
  EXPECT_EQ(back->poll_interval, c.poll_interval);
  EXPECT_EQ(back->notice_margin, c.notice_margin);
  EXPECT_EQ(back->log_upload_interval, c.log_upload_interval);
  EXPECT_EQ(back->heartbeat_interval, c.heartbeat_interval);
}

TEST(AgentConfigTest, MissingOptionalFieldsTakeTheDefaults) {
  Result<AgentConfig> c = AgentConfigFromJson(
      R"({"job_id":"j","attempt":1,"store":"s3://b/j","workdir":"/w","run":"true"})");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  AgentConfig defaults;
  EXPECT_EQ(c->checkpoint_grace, defaults.checkpoint_grace);
  EXPECT_EQ(c->checkpoint_signal, defaults.checkpoint_signal);
  EXPECT_EQ(c->keep_checkpoints, defaults.keep_checkpoints);
  EXPECT_TRUE(c->checkpoint_dir.empty());
}

TEST(AgentConfigTest, AgentIsLostAfterThreeIntervalsAndSlack) {
  EXPECT_EQ(AgentLostAfter(std::chrono::seconds(30)), std::chrono::seconds(105));
  EXPECT_EQ(AgentLostAfter(std::chrono::seconds(1)), std::chrono::seconds(8));
}

TEST(AgentConfigTest, UnknownKeyIsRefused) {
  Result<AgentConfig> c = AgentConfigFromJson(
      R"({"job_id":"j","attempt":1,"store":"s3://b/j","workdir":"/w","run":"true","sudo":1})");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().kind(), ErrorKind::kInvalidArgument);
  EXPECT_NE(c.status().message().find("sudo"), std::string::npos);
}

TEST(AgentConfigTest, WrongTypesAndImpossibleValuesAreRefused) {
  auto with = [](std::string_view field) {
    return AgentConfigFromJson(
        std::string(R"({"job_id":"j","store":"s3://b/j","workdir":"/w","run":"true",)") +
        std::string(field) + "}");
  };
  EXPECT_TRUE(with(R"("attempt":2)").ok());
  EXPECT_FALSE(with(R"("attempt":"2")").ok());
  EXPECT_FALSE(with(R"("attempt":0)").ok());
  EXPECT_FALSE(with(R"("attempt":1,"workdir":"relative")").ok());
  EXPECT_FALSE(with(R"("attempt":1,"checkpoint_dir":"ckpt")").ok());
  EXPECT_FALSE(with(R"("attempt":1,"store":"/tmp/x")").ok());
  EXPECT_FALSE(with(R"("attempt":1,"keep_checkpoints":0)").ok());
  EXPECT_FALSE(with(R"("attempt":1,"checkpoint_signal":99)").ok());
  EXPECT_FALSE(with(R"("attempt":1,"checkpoint_grace_ms":-5)").ok());
  EXPECT_FALSE(with(R"("attempt":1,"poll_interval_ms":0)").ok());
  EXPECT_FALSE(with(R"("attempt":1,"environment":["A=B"])").ok());
  EXPECT_FALSE(AgentConfigFromJson("not json").ok());
}

}  // namespace
}  // namespace spotrun
