#include "jobs/job_store.h"

#include <gtest/gtest.h>

#include "base/temp_dir.h"

namespace spotrun {
namespace {

JobSpec Spec() {
  JobSpec spec;
  spec.name = "train";
  spec.resources.types = {"m5.large", "c5.large"};
  spec.resources.max_price = 0.4;
  spec.run = "python train.py";
  spec.checkpoint.store = "s3://bucket/train";
  spec.checkpoint.every = std::chrono::minutes(10);
  spec.outputs = {"results/"};
  spec.recovery.on_demand_fallback = OnDemandFallback::kAlways;
  spec.env = {{"A", "1"}};
  return spec;
}

class JobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = JobStore::Open(":memory:", clock_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
  }
  FakeClock clock_;
  std::unique_ptr<JobStore> store_;
};

TEST_F(JobStoreTest, CreateGetListRoundTripsTheSpec) {
  auto job = store_->CreateJob(Spec(), "/work/dir", "us-east-1");
  ASSERT_TRUE(job.ok()) << job.status().ToString();
  EXPECT_EQ(job->id.size(), 10u);
  EXPECT_TRUE(job->id.starts_with("j-"));
  auto got = store_->GetJob(job->id);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->state, JobState::kPending);
  EXPECT_EQ(got->spec.resources.types, Spec().resources.types);
  EXPECT_EQ(got->spec.resources.max_price, 0.4);
  EXPECT_EQ(got->spec.checkpoint.every, std::chrono::minutes(10));
  EXPECT_EQ(got->spec.recovery.on_demand_fallback, OnDemandFallback::kAlways);
  EXPECT_EQ(got->spec.env.at("A"), "1");
  EXPECT_EQ(got->local_workdir, "/work/dir");
  clock_.Advance(std::chrono::seconds(1));
  auto second = store_->CreateJob(Spec(), "/w2", "us-east-1");
  ASSERT_TRUE(second.ok());
  auto all = store_->ListJobs();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ(all->at(0).id, second->id);  // newest first
  auto missing = store_->GetJob("j-00000000");
  EXPECT_EQ(missing.status().kind(), ErrorKind::kNotFound);
  EXPECT_FALSE(missing.status().hint().empty());
}

TEST_F(JobStoreTest, TransitionsAreOnTheTimeline) {
  JobRecord job = *store_->CreateJob(Spec(), "/w", "us-east-1");
  clock_.Advance(std::chrono::seconds(5));
  ASSERT_TRUE(store_->Transition(job, JobState::kLaunching, "m5.large in us-east-1a").ok());
  ASSERT_TRUE(store_->AddEvent(job.id, 1, "checkpoint-uploaded", "seq 1").ok());
  ASSERT_TRUE(store_->Transition(job, JobState::kSucceeded, "exit 0").ok());
  JobRecord got = *store_->GetJob(job.id);
  EXPECT_EQ(got.state, JobState::kSucceeded);
  EXPECT_EQ(got.result, "exit 0");
  ASSERT_TRUE(got.ended.has_value());
  auto timeline = *store_->Timeline(job.id);
  ASSERT_EQ(timeline.size(), 4u);
  EXPECT_EQ(timeline[0].kind, "submitted");
  EXPECT_EQ(timeline[1].state, "launching");
  EXPECT_EQ(timeline[2].kind, "checkpoint-uploaded");
  EXPECT_EQ(timeline[3].state, "succeeded");
}

TEST_F(JobStoreTest, CancelIsRecordedAndSurvivesAnUpdateFromAStaleCopy) {
  JobRecord job = *store_->CreateJob(Spec(), "/w", "us-east-1");
  ASSERT_TRUE(store_->RequestCancel(job.id).ok());
  ASSERT_TRUE(store_->UpdateJob(job).ok());  // job.cancel_requested is false in this copy
  EXPECT_TRUE(store_->GetJob(job.id)->cancel_requested);
  ASSERT_TRUE(store_->Transition(job, JobState::kCancelled, "cancelled").ok());
  EXPECT_EQ(store_->RequestCancel(job.id).kind(), ErrorKind::kFailedPrecondition);
}

TEST_F(JobStoreTest, LedgerCostAndSavings) {
  JobRecord job = *store_->CreateJob(Spec(), "/w", "us-east-1");
  TimePoint t0 = clock_.Now();
  ASSERT_TRUE(store_
                  ->OpenLedgerRow(job.id, {.attempt = 1,
                                           .instance_type = "m5.large",
                                           .zone = "us-east-1a",
                                           .market = "spot",
                                           .price_per_hour = 0.04,
                                           .on_demand_price_per_hour = 0.096,
                                           .started = t0})
                  .ok());
  clock_.Advance(std::chrono::hours(1));
  ASSERT_TRUE(store_->CloseLedgerRow(job.id, 1, clock_.Now()).ok());
  ASSERT_TRUE(store_
                  ->OpenLedgerRow(job.id, {.attempt = 2,
                                           .instance_type = "m5.large",
                                           .zone = "us-east-1b",
                                           .market = "on-demand",
                                           .price_per_hour = 0.096,
                                           .on_demand_price_per_hour = 0.096,
                                           .started = clock_.Now()})
                  .ok());
  clock_.Advance(std::chrono::minutes(30));  // attempt 2 still open: counts until now
  JobCost cost = *store_->Cost(job.id);
  EXPECT_DOUBLE_EQ(cost.machine_seconds_spot, 3600);
  EXPECT_DOUBLE_EQ(cost.machine_seconds_on_demand, 1800);
  EXPECT_NEAR(cost.cost, 0.04 + 0.048, 1e-9);
  EXPECT_NEAR(cost.on_demand_cost, 0.096 + 0.048, 1e-9);
  EXPECT_NEAR(cost.savings(), 0.056, 1e-9);
  // Closing twice keeps the first end.
  ASSERT_TRUE(store_->CloseLedgerRow(job.id, 1, clock_.Now()).ok());
  EXPECT_EQ(*store_->Ledger(job.id)->at(0).ended, t0 + std::chrono::hours(1));
}

TEST_F(JobStoreTest, AttemptsAndPoolInterruptions) {
  JobRecord job = *store_->CreateJob(Spec(), "/w", "us-east-1");
  JobAttempt a{.attempt = 1,
               .instance_id = "i-1",
               .spot_request_id = "sir-1",
               .instance_type = "m5.large",
               .zone = "us-east-1a",
               .market = "spot",
               .started = clock_.Now()};
  ASSERT_TRUE(store_->PutAttempt(job.id, a).ok());
  a.ended = clock_.Now();
  a.end_reason = "interrupted";
  ASSERT_TRUE(store_->PutAttempt(job.id, a).ok());
  auto got = *store_->GetAttempt(job.id, 1);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->end_reason, "interrupted");
  EXPECT_FALSE(store_->GetAttempt(job.id, 2)->has_value());
  ASSERT_TRUE(store_->AddPoolInterruption(job.id, {"m5.large", "us-east-1a", clock_.Now()}).ok());
  EXPECT_EQ(store_->PoolInterruptions(clock_.Now() - std::chrono::minutes(1))->size(), 1u);
  EXPECT_EQ(store_->PoolInterruptions(clock_.Now() + std::chrono::minutes(1))->size(), 0u);
}

TEST_F(JobStoreTest, OneLiveControllerPerJob) {
  JobRecord job = *store_->CreateJob(Spec(), "/w", "elsewhere");
  ASSERT_TRUE(store_->ClaimController(job.id, 100, "other-host", std::chrono::seconds(15)).ok());
  EXPECT_TRUE(*store_->ControllerAlive(job.id, std::chrono::seconds(15)));
  EXPECT_EQ(store_->ClaimController(job.id, 200, "other-host", std::chrono::seconds(15)).kind(),
            ErrorKind::kUnavailable);
  clock_.Advance(std::chrono::seconds(20));  // heartbeat went stale: the claim may be taken
  EXPECT_FALSE(*store_->ControllerAlive(job.id, std::chrono::seconds(15)));
  ASSERT_TRUE(store_->ClaimController(job.id, 200, "other-host", std::chrono::seconds(15)).ok());
  ASSERT_TRUE(store_->Heartbeat(job.id, 200).ok());
  ASSERT_TRUE(store_->ReleaseController(job.id, 200).ok());
  EXPECT_FALSE(store_->Controller(job.id)->has_value());
}

TEST_F(JobStoreTest, SurvivesReopeningTheFile) {
  ScopedTempDir dir = std::move(ScopedTempDir::Create("jobs-test")).value();
  std::string path = (dir.path() / "jobs.db").string();
  std::string id;
  {
    auto store = std::move(JobStore::Open(path, clock_)).value();
    id = store->CreateJob(Spec(), "/w", "us-east-1")->id;
  }
  auto store = std::move(JobStore::Open(path, clock_)).value();
  EXPECT_EQ(store->GetJob(id)->name, "train");
}

}  // namespace
}  // namespace spotrun
