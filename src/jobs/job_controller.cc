#include "jobs/job_controller.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>

#include "agent/agent_event.h"
#include "agent/event_mailbox.h"
#include "agent/job_store_layout.h"
#include "aws/crypto.h"
#include "aws/s3_location.h"
#include "base/log.h"
#include "cloud/image_resolver.h"
#include "cloud/launch_instance_type.h"
#include "cloud/launch_prerequisites.h"
#include "cloud/managed_tags.h"
#include "cloud/ssh_readiness.h"
#include "jobs/cost_ledger.h"
#include "jobs/duration_text.h"
#include "jobs/notification.h"
#include "market/pool_ranking.h"

namespace spotrun {
namespace {

bool IsCapacityError(const Status& status) {
  return status.code() == "InsufficientInstanceCapacity" ||
         status.code() == "InsufficientCapacity" || status.code() == "SpotMaxPriceTooLow" ||
         status.code() == "MaxSpotInstanceCountExceeded";
}

bool IsGone(const Instance& instance) {
  const std::string& s = instance.state.name;
  return s == "shutting-down" || s == "terminated" || s == "stopping" || s == "stopped";
}

std::string Hostname() {
  char name[256] = {};
  if (gethostname(name, sizeof(name) - 1) != 0) return "";
  return name;
}

std::vector<Tag> JobTags(std::string_view job_id, int attempt) {
  return {{std::string(kJobTag), std::string(job_id)},
          {std::string(kAttemptTag), std::to_string(attempt)}};
}

// The job's instances (of one attempt, or every attempt when attempt is 0) that are not
// terminated.
Result<std::vector<Instance>> JobInstances(Ec2Api& ec2, std::string_view job_id, int attempt) {
  DescribeInstancesRequest request{
      .filters = {
          {"tag:" + std::string(kJobTag), {std::string(job_id)}},
          {"instance-state-name", {"pending", "running", "stopping", "stopped", "shutting-down"}}}};
  if (attempt > 0) {
    request.filters.push_back({"tag:" + std::string(kAttemptTag), {std::to_string(attempt)}});
  }
  SPOTRUN_ASSIGN_OR_RETURN(DescribeInstancesResponse response, ec2.DescribeInstances(request));
  return InstancesOf(response.reservations);
}

// Terminates every machine of the job and cancels every spot request of it; what is already
// gone is fine. Idempotent.
Status CleanUpJobMachines(Ec2Api& ec2, std::string_view job_id, int attempt) {
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<Instance> instances, JobInstances(ec2, job_id, attempt));
  std::vector<std::string> instance_ids, request_ids;
  for (const Instance& i : instances) {
    if (i.state.name != "shutting-down") instance_ids.push_back(i.instance_id);
    if (!i.spot_instance_request_id.empty()) request_ids.push_back(i.spot_instance_request_id);
  }
  DescribeSpotInstanceRequestsRequest spot{
      .filters = {{"tag:" + std::string(kJobTag), {std::string(job_id)}},
                  {"state", {"open", "active", "disabled"}}}};
  if (attempt > 0) {
    spot.filters.push_back({"tag:" + std::string(kAttemptTag), {std::to_string(attempt)}});
  }
  SPOTRUN_ASSIGN_OR_RETURN(DescribeSpotInstanceRequestsResponse requests,
                           ec2.DescribeSpotInstanceRequests(spot));
  for (const SpotInstanceRequest& r : requests.spot_instance_requests) {
    request_ids.push_back(r.spot_instance_request_id);
  }
  std::sort(request_ids.begin(), request_ids.end());
  request_ids.erase(std::unique(request_ids.begin(), request_ids.end()), request_ids.end());
  // Cancel first: a persistent request would otherwise open again when its instance goes.
  if (!request_ids.empty()) {
    Result<std::vector<CancelledSpotInstanceRequest>> cancelled =
        ec2.CancelSpotInstanceRequests({.spot_instance_request_ids = request_ids});
    if (!cancelled.ok() && cancelled.status().code() != "InvalidSpotInstanceRequestID.NotFound") {
      return cancelled.status();
    }
  }
  if (!instance_ids.empty()) {
    Result<std::vector<InstanceStateChange>> terminated =
        ec2.TerminateInstances({.instance_ids = instance_ids});
    if (!terminated.ok() && terminated.status().code() != "InvalidInstanceID.NotFound") {
      return terminated.status();
    }
  }
  return Status::Ok();
}

// Closes the open ledger rows and attempts of the job at `now`, with `reason`.
Status CloseAttempts(JobStore& store, std::string_view job_id, TimePoint now,
                     std::string_view reason, int only_attempt = 0) {
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<JobAttempt> attempts, store.Attempts(job_id));
  for (JobAttempt& a : attempts) {
    if (only_attempt > 0 && a.attempt != only_attempt) continue;
    SPOTRUN_RETURN_IF_ERROR(store.CloseLedgerRow(job_id, a.attempt, now));
    if (a.ended) continue;
    a.ended = now;
    a.end_reason = std::string(reason);
    SPOTRUN_RETURN_IF_ERROR(store.PutAttempt(job_id, a));
  }
  return Status::Ok();
}

}  // namespace

std::string JobClientToken(std::string_view job_id, int attempt, int launch_try) {
  // At most 64 ASCII characters; readable in the console.
  return fmt::format("spotrun-{}-a{}-t{}", job_id, attempt, launch_try);
}

Result<JobRecord> CancelJob(JobStore& store, Ec2Api& ec2, std::string_view job_id,
                            Duration heartbeat_stale_after) {
  SPOTRUN_ASSIGN_OR_RETURN(JobRecord job, store.GetJob(job_id));
  if (IsEndState(job.state)) return job;
  SPOTRUN_RETURN_IF_ERROR(store.RequestCancel(job_id));
  SPOTRUN_ASSIGN_OR_RETURN(bool alive, store.ControllerAlive(job_id, heartbeat_stale_after));
  if (alive) return store.GetJob(job_id);
  SPOTRUN_RETURN_IF_ERROR(CleanUpJobMachines(ec2, job_id, 0));
  SPOTRUN_ASSIGN_OR_RETURN(job, store.GetJob(job_id));
  const TimePoint now = store.clock().Now();
  SPOTRUN_RETURN_IF_ERROR(CloseAttempts(store, job_id, now, "cancelled"));
  job.instance_id.clear();
  SPOTRUN_RETURN_IF_ERROR(store.Transition(job, JobState::kCancelled, "cancelled"));
  return job;
}

// ---- the controller ------------------------------------------------------------------------

class JobController::Impl {
 public:
  Impl(Dependencies deps, std::string job_id, Options options)
      : d_(deps), job_id_(std::move(job_id)), o_(std::move(options)) {
    if (o_.pid == 0) o_.pid = ::getpid();
    if (o_.host.empty()) o_.host = Hostname();
    if (!o_.ssh_ready) {
      o_.ssh_ready = [](const Instance& i) { return SshReady(i, std::chrono::milliseconds(2000)); };
    }
  }

  Result<JobState> Run() {
    SPOTRUN_RETURN_IF_ERROR(Load());
    if (IsEndState(job_.state)) return job_.state;
    SPOTRUN_RETURN_IF_ERROR(
        d_.store.ClaimController(job_id_, o_.pid, o_.host, o_.heartbeat_stale_after));
    Result<JobState> result = Loop();
    (void)d_.store.ReleaseController(job_id_, o_.pid);
    return result;
  }

  Result<JobState> Loop() {
    // A tick that moved the job to another state is followed by the next one at once (a
    // recovery passes through several states, and a second of sleep in each is downtime);
    // a few in a row at most, so a failing step cannot spin.
    constexpr int kMaxImmediateTicks = 8;
    int immediate = 0;
    while (true) {
      const JobState before = job_.state;
      const int attempt_before = job_.attempt;
      SPOTRUN_ASSIGN_OR_RETURN(bool ended, Tick());
      if (o_.on_status) {
        Result<JobStatus> status = CurrentStatus();
        if (status.ok()) o_.on_status(*status);
      }
      if (ended) return job_.state;
      if (o_.stop && o_.stop->load()) return job_.state;
      (void)d_.store.Heartbeat(job_id_, o_.pid);
      const bool moved = job_.state != before || job_.attempt != attempt_before;
      if (moved && ++immediate <= kMaxImmediateTicks) continue;
      immediate = 0;
      const bool transition = job_.state == JobState::kLaunching ||
                              job_.state == JobState::kNotice ||
                              job_.state == JobState::kCheckpointing;
      d_.clock.Sleep(transition ? o_.transition_tick : o_.tick);
      if (o_.stop && o_.stop->load()) return job_.state;
    }
  }

  Result<bool> Tick() {
    SPOTRUN_RETURN_IF_ERROR(Load());
    if (IsEndState(job_.state)) return true;
    if (job_.cancel_requested) {
      SPOTRUN_RETURN_IF_ERROR(Finish(JobState::kCancelled, "cancelled", "cancelled"));
      return true;
    }
    switch (job_.state) {
      case JobState::kPending:
        SPOTRUN_RETURN_IF_ERROR(StartFirstAttempt());
        break;
      case JobState::kLaunching:
        SPOTRUN_RETURN_IF_ERROR(TickLaunching());
        break;
      case JobState::kSettingUp:
        SPOTRUN_RETURN_IF_ERROR(TickSettingUp());
        break;
      case JobState::kRunning:
      case JobState::kNotice:
      case JobState::kCheckpointing:
        SPOTRUN_RETURN_IF_ERROR(TickRunning());
        break;
      case JobState::kRecovering:
        SPOTRUN_RETURN_IF_ERROR(Recover());
        break;
      default:
        break;
    }
    return IsEndState(job_.state);
  }

  Result<JobStatus> CurrentStatus() {
    SPOTRUN_RETURN_IF_ERROR(Load());
    JobStatus s{.job_id = job_.id,
                .name = job_.name,
                .state = job_.state,
                .machine = job_.instance_id.empty() ? "" : job_.machine_name,
                .instance_id = job_.instance_id,
                .attempt = job_.attempt,
                .recoveries = job_.recoveries,
                .elapsed = job_.ended.value_or(d_.clock.Now()) - job_.created,
                .detail = last_detail_};
    SPOTRUN_ASSIGN_OR_RETURN(std::optional<JobAttempt> a,
                             d_.store.GetAttempt(job_.id, job_.attempt));
    if (a) {
      s.instance_type = a->instance_type;
      s.zone = a->zone;
      s.market = a->market;
    }
    SPOTRUN_ASSIGN_OR_RETURN(s.cost, d_.store.Cost(job_.id));
    return s;
  }

 private:
  Status Load() {
    SPOTRUN_ASSIGN_OR_RETURN(job_, d_.store.GetJob(job_id_));
    return Status::Ok();
  }
  Status Save() { return d_.store.UpdateJob(job_); }
  Status Enter(JobState state, std::string_view detail) {
    last_detail_ = std::string(detail);
    return d_.store.Transition(job_, state, detail);
  }
  Status Event(std::string_view kind, std::string_view detail) {
    last_detail_ = fmt::format("{}{}{}", kind, detail.empty() ? "" : ": ", detail);
    return d_.store.AddEvent(job_.id, job_.attempt, kind, detail);
  }
  void Notify(const Notification& notification) {
    (void)d_.store.AddEvent(job_.id, job_.attempt, "notify",
                            NotificationKindName(notification.kind));
    if (o_.notify) o_.notify(notification);
  }
  NotifiedJob Who() const { return {.id = job_.id, .name = job_.name}; }
  // The current attempt's machine, as notifications name it.
  NotifiedMachine CurrentMachine() {
    Result<std::optional<JobAttempt>> a = d_.store.GetAttempt(job_.id, job_.attempt);
    NotifiedMachine machine;
    machine.instance_id = job_.instance_id;
    if (!a.ok() || !a->has_value()) return machine;
    const JobAttempt& attempt = **a;
    return {.instance_id = attempt.instance_id,
            .instance_type = attempt.instance_type,
            .zone = attempt.zone,
            .market = attempt.market == "spot" ? MarketType::kSpot : MarketType::kOnDemand};
  }

  std::string MachineName(int attempt) const { return fmt::format("{}-{}", job_.name, attempt); }

  Status StartFirstAttempt() {
    job_.attempt = 1;
    job_.launch_try = 0;
    job_.event_seq = 0;
    job_.instance_id.clear();
    job_.machine_name = MachineName(1);
    job_.on_demand = !job_.spec.resources.spot ||
                     job_.spec.recovery.on_demand_fallback == OnDemandFallback::kAlways;
    SPOTRUN_RETURN_IF_ERROR(Enter(JobState::kLaunching, "attempt 1"));
    return Status::Ok();
  }

  // ---- launching ---------------------------------------------------------------------------

  Status TickLaunching() {
    if (!job_.instance_id.empty()) return WatchLaunch();
    // Adopt a machine of this attempt made before a restart (its id may not have been saved).
    SPOTRUN_ASSIGN_OR_RETURN(std::vector<Instance> mine,
                             JobInstances(d_.ec2, job_.id, job_.attempt));
    for (const Instance& i : mine) {
      if (i.state.name == "pending" || i.state.name == "running") return Adopt(i);
    }
    // A try that was written down but whose answer was lost: the same token and pool again.
    SPOTRUN_ASSIGN_OR_RETURN(std::optional<JobAttempt> pending,
                             d_.store.GetAttempt(job_.id, job_.attempt));
    if (pending && pending->instance_id.empty() && job_.launch_try > 0) {
      Result<Instance> again =
          RunIn(pending->instance_type, pending->zone, pending->market != "spot", job_.launch_try);
      if (again.ok()) return Adopt(*again);
      if (!IsCapacityError(again.status())) return again.status();
    }
    return LaunchInBestPool();
  }

  Status Adopt(const Instance& instance) {
    job_.instance_id = instance.instance_id;
    SPOTRUN_RETURN_IF_ERROR(Save());
    JobAttempt a{.attempt = job_.attempt,
                 .instance_id = instance.instance_id,
                 .spot_request_id = instance.spot_instance_request_id,
                 .instance_type = instance.instance_type,
                 .zone = instance.availability_zone,
                 .market = instance.IsSpot() ? "spot" : "on-demand",
                 .started = instance.launch_time.value_or(d_.clock.Now())};
    SPOTRUN_RETURN_IF_ERROR(d_.store.PutAttempt(job_.id, a));
    return Event("ec2", fmt::format("{} {} {} in {}", instance.instance_id, a.market,
                                    instance.instance_type, instance.availability_zone));
  }

  Result<market::PoolRanking> Rank() {
    const market::Market& m = d_.market;
    SPOTRUN_ASSIGN_OR_RETURN(
        std::vector<market::SpotPool> pools,
        market::PoolsInRegion(m.regions(), job_.region, job_.spec.resources.types));
    if (!job_.spec.resources.zones.empty()) {
      std::erase_if(pools, [&](const market::SpotPool& p) {
        return std::find(job_.spec.resources.zones.begin(), job_.spec.resources.zones.end(),
                         p.availability_zone) == job_.spec.resources.zones.end();
      });
    }
    const TimePoint now = d_.clock.Now();
    SPOTRUN_ASSIGN_OR_RETURN(std::vector<JobPoolInterruption> recent,
                             d_.store.PoolInterruptions(now - o_.ranking.resting_period));
    std::vector<market::PoolInterruption> interruptions;
    for (const JobPoolInterruption& i : recent) {
      interruptions.push_back({{i.zone, i.instance_type}, i.time});
    }
    return market::RankPools(pools, interruptions, now, m.regions(), m.spot_prices(), m.advisor(),
                             o_.ranking);
  }

  Status LaunchInBestPool() {
    SPOTRUN_RETURN_IF_ERROR(EnsurePrerequisites());
    SPOTRUN_ASSIGN_OR_RETURN(market::PoolRanking ranking, Rank());
    const bool on_demand = job_.on_demand;
    std::vector<std::string> full;
    for (const market::RankedPool& pool : ranking.ranked) {
      if (network_ && !network_->SubnetIn(pool.pool.availability_zone)) continue;
      // Write ahead: the try and its pool are on disk before EC2 hears of them.
      ++job_.launch_try;
      SPOTRUN_RETURN_IF_ERROR(Save());
      SPOTRUN_RETURN_IF_ERROR(
          d_.store.PutAttempt(job_.id, {.attempt = job_.attempt,
                                        .instance_type = pool.pool.instance_type,
                                        .zone = pool.pool.availability_zone,
                                        .market = on_demand ? "on-demand" : "spot",
                                        .started = d_.clock.Now()}));
      Result<Instance> launched =
          RunIn(pool.pool.instance_type, pool.pool.availability_zone, on_demand, job_.launch_try);
      if (launched.ok()) return Adopt(*launched);
      if (!IsCapacityError(launched.status())) return launched.status();
      full.push_back(fmt::format("{} {}", pool.pool.instance_type, pool.pool.availability_zone));
    }
    SPOTRUN_RETURN_IF_ERROR(
        Event("launch-failed",
              fmt::format("no {} capacity in {}", on_demand ? "on-demand" : "spot",
                          full.empty() ? "any pool" : fmt::format("{}", fmt::join(full, ", ")))));
    return FailedLaunch();
  }

  // A spot launch found no capacity anywhere (or its machine never ran): count it, and fall
  // back to on-demand when the policy says so.
  Status FailedLaunch() {
    if (job_.on_demand) return Save();
    ++job_.failed_spot_launches;
    const JobRecovery& r = job_.spec.recovery;
    if (r.on_demand_fallback == OnDemandFallback::kAfterFailedSpotLaunches &&
        job_.failed_spot_launches >= r.failed_spot_launches) {
      job_.on_demand = true;
      SPOTRUN_RETURN_IF_ERROR(Save());
      SPOTRUN_RETURN_IF_ERROR(
          Event("on-demand-fallback",
                fmt::format("after {} failed spot launches", job_.failed_spot_launches)));
      Notify(OnDemandFallbackNotification(
          Who(), fmt::format("{} spot launches found no capacity", job_.failed_spot_launches)));
      return Status::Ok();
    }
    return Save();
  }

  Status EnsurePrerequisites() {
    if (network_) return Status::Ok();
    SPOTRUN_ASSIGN_OR_RETURN(DefaultNetwork network, FindDefaultNetwork(d_.ec2));
    SPOTRUN_RETURN_IF_ERROR(EnsureKeyPair(d_.ec2, o_.identity));
    SPOTRUN_ASSIGN_OR_RETURN(group_id_,
                             EnsureSshSecurityGroup(d_.ec2, network.vpc_id, o_.ssh_cidr));
    network_ = std::move(network);
    return Status::Ok();
  }

  Result<Instance> RunIn(const std::string& type, const std::string& zone, bool on_demand,
                         int launch_try) {
    SPOTRUN_RETURN_IF_ERROR(EnsurePrerequisites());
    const Subnet* subnet = network_->SubnetIn(zone);
    if (!subnet) {
      return Status::Aws(ErrorKind::kRefused, "InsufficientInstanceCapacity",
                         fmt::format("no default subnet in {}", zone), "", 0);
    }
    auto image = images_.find(type);
    if (image == images_.end()) {
      SPOTRUN_ASSIGN_OR_RETURN(InstanceTypeInfo info,
                               DescribeLaunchType(d_.ec2, d_.market.instance_types(), type));
      SPOTRUN_ASSIGN_OR_RETURN(Image resolved,
                               ResolveImage(d_.ec2, job_.spec.image, LaunchArchitecture(info)));
      image = images_.emplace(type, resolved).first;
    }
    const std::string name = job_.machine_name;
    RunInstancesRequest request{.image_id = image->second.image_id,
                                .instance_type = type,
                                .min_count = 1,
                                .max_count = 1,
                                .key_name = o_.identity.key_pair_name,
                                .security_group_ids = {group_id_}};
    request.subnet_id = subnet->subnet_id;
    request.client_token = JobClientToken(job_.id, job_.attempt, launch_try);
    if (const std::string& profile = job_.spec.resources.instance_profile; !profile.empty()) {
      request.iam_instance_profile = profile.starts_with("arn:")
                                         ? IamInstanceProfileSpecification{.arn = profile}
                                         : IamInstanceProfileSpecification{.name = profile};
    }
    EbsBlockDevice root{.volume_size = job_.spec.resources.disk_gib,
                        .volume_type = "gp3",
                        .encrypted = true,
                        .delete_on_termination = true};
    request.block_device_mappings = {{.device_name = image->second.root_device_name.empty()
                                                         ? "/dev/sda1"
                                                         : image->second.root_device_name,
                                      .ebs = root}};
    std::vector<Tag> instance_tags = ManagedTags(name);
    std::vector<Tag> owned_tags = ManagedTags(name, name);
    for (const Tag& t : JobTags(job_.id, job_.attempt)) {
      instance_tags.push_back(t);
      owned_tags.push_back(t);
    }
    request.tag_specifications = {{"instance", instance_tags}, {"volume", owned_tags}};
    if (!on_demand) {
      request.tag_specifications.push_back({"spot-instances-request", owned_tags});
      std::optional<std::string> max_price;
      if (job_.spec.resources.max_price) {
        max_price = fmt::format("{:g}", *job_.spec.resources.max_price);
      }
      request.instance_market_options = InstanceMarketOptionsRequest{
          .market_type = "spot",
          .spot_options = SpotMarketOptions{.max_price = max_price,
                                            .spot_instance_type = "one-time",
                                            .instance_interruption_behavior = "terminate"}};
    }
    request.metadata_options.http_tokens = "required";
    SPOTRUN_ASSIGN_OR_RETURN(Reservation reservation, d_.ec2.RunInstances(request));
    if (reservation.instances.empty()) {
      return Status::Internal("RunInstances answered without an instance");
    }
    return reservation.instances.front();
  }

  Result<std::optional<Instance>> DescribeCurrent() {
    Result<DescribeInstancesResponse> described =
        d_.ec2.DescribeInstances({.instance_ids = {job_.instance_id}});
    if (!described.ok()) {
      if (described.status().code() == "InvalidInstanceID.NotFound") {
        return std::optional<Instance>();
      }
      return described.status();
    }
    std::vector<Instance> instances = InstancesOf(described->reservations);
    if (instances.empty()) return std::optional<Instance>();
    return std::optional<Instance>(instances.front());
  }

  Status WatchLaunch() {
    SPOTRUN_ASSIGN_OR_RETURN(std::optional<Instance> instance, DescribeCurrent());
    const TimePoint now = d_.clock.Now();
    const bool timed_out = job_.state_since && now - *job_.state_since > o_.launch_timeout;
    if (instance && IsGone(*instance)) {
      std::string reason = instance->state_reason ? instance->state_reason->message : "";
      SPOTRUN_RETURN_IF_ERROR(
          Event("ec2", fmt::format("{} went {} before it ran{}{}", instance->instance_id,
                                   instance->state.name, reason.empty() ? "" : ": ", reason)));
      return AbandonLaunch();
    }
    if (instance && instance->state.name == "running" && o_.ssh_ready(*instance)) {
      SPOTRUN_RETURN_IF_ERROR(OpenLedger(*instance));
      return Enter(JobState::kSettingUp,
                   fmt::format("{} ({}) ssh ready", job_.machine_name, instance->instance_id));
    }
    if (timed_out) {
      SPOTRUN_RETURN_IF_ERROR(Event("launch-timeout", job_.instance_id));
      return AbandonLaunch();
    }
    return Status::Ok();
  }

  // The attempt's machine never got to run: it goes, and the attempt launches again.
  Status AbandonLaunch() {
    SPOTRUN_RETURN_IF_ERROR(CleanUpJobMachines(d_.ec2, job_.id, job_.attempt));
    SPOTRUN_RETURN_IF_ERROR(d_.store.CloseLedgerRow(job_.id, job_.attempt, d_.clock.Now()));
    job_.instance_id.clear();
    job_.state_since = d_.clock.Now();
    return FailedLaunch();
  }

  Status OpenLedger(const Instance& instance) {
    const market::Market& m = d_.market;
    double on_demand = m.on_demand().HourlyPrice(job_.region, instance.instance_type).value_or(0);
    double price = on_demand;
    if (instance.IsSpot()) {
      price = m.spot_prices()
                  .PriceAt({instance.availability_zone, instance.instance_type}, d_.clock.Now())
                  .value_or(on_demand);
    }
    SPOTRUN_ASSIGN_OR_RETURN(std::vector<JobLedgerRow> rows, d_.store.Ledger(job_.id));
    for (const JobLedgerRow& r : rows) {
      if (r.attempt == job_.attempt) return Status::Ok();  // opened before a restart
    }
    return d_.store.OpenLedgerRow(job_.id, {.attempt = job_.attempt,
                                            .instance_type = instance.instance_type,
                                            .zone = instance.availability_zone,
                                            .market = instance.IsSpot() ? "spot" : "on-demand",
                                            .price_per_hour = price,
                                            .on_demand_price_per_hour = on_demand,
                                            .started = d_.clock.Now()});
  }

  // ---- setting up --------------------------------------------------------------------------

  AgentConfig ConfigFor(const S3Location& location) const {
    AgentConfig c = o_.agent_defaults;
    c.job_id = job_.id;
    c.attempt = job_.attempt;
    c.store = location.ToString();
    c.workdir = fmt::format("{}/{}/work", o_.remote_root, job_.id);
    c.setup = job_.spec.setup;
    c.run = job_.spec.run;
    c.checkpoint_dir =
        job_.spec.checkpoint.dir.empty() ? "" : c.workdir + "/" + job_.spec.checkpoint.dir;
    c.checkpoint_every = job_.spec.checkpoint.every;
    c.checkpoint_signal = job_.spec.checkpoint.signal;
    c.checkpoint_grace = job_.spec.checkpoint.grace;
    c.keep_checkpoints = job_.spec.checkpoint.keep;
    c.outputs = job_.spec.outputs;
    if (c.region.empty()) c.region = job_.region;
    for (const auto& [k, v] : job_.spec.env) c.environment[k] = v;
    return c;
  }

  Result<S3Location> JobLocation() const {
    SPOTRUN_ASSIGN_OR_RETURN(S3Location store, S3Location::Parse(job_.spec.checkpoint.store));
    return store.Child(job_.id);
  }

  Status TickSettingUp() {
    SPOTRUN_ASSIGN_OR_RETURN(std::optional<Instance> instance, DescribeCurrent());
    if (!instance || IsGone(*instance)) return MachineLost(instance);
    SPOTRUN_ASSIGN_OR_RETURN(S3Location location, JobLocation());
    Status started = d_.setup.Start(MachineOf(*instance), job_.local_workdir, ConfigFor(location));
    if (!started.ok()) {
      SPOTRUN_RETURN_IF_ERROR(Event("setup-error", started.ToString()));
      if (job_.state_since && d_.clock.Now() - *job_.state_since > o_.launch_timeout) {
        return Enter(JobState::kRecovering, "could not start the agent: " + started.ToString());
      }
      return Status::Ok();
    }
    SPOTRUN_RETURN_IF_ERROR(
        Enter(JobState::kRunning, fmt::format("agent started on {}", job_.machine_name)));
    if (job_.attempt == 1) {
      Notify(StartedNotification(Who(), CurrentMachine()));
    } else {
      SPOTRUN_ASSIGN_OR_RETURN(std::optional<JobAttempt> previous,
                               d_.store.GetAttempt(job_.id, job_.attempt - 1));
      Duration downtime =
          previous && previous->ended ? d_.clock.Now() - *previous->ended : Duration{};
      Notify(RecoveredNotification(Who(), CurrentMachine(), job_.recoveries, downtime));
    }
    return Status::Ok();
  }

  // ---- running -----------------------------------------------------------------------------

  Status TickRunning() {
    SPOTRUN_ASSIGN_OR_RETURN(S3Location location, JobLocation());
    EventMailbox mailbox(d_.s3, location);
    Result<std::vector<AgentEvent>> events = mailbox.Read(job_.attempt, job_.event_seq);
    if (events.ok()) {
      if (!events->empty()) SignOfLife();
      for (const AgentEvent& e : *events) {
        SPOTRUN_ASSIGN_OR_RETURN(bool done, Handle(e, location));
        if (IsEndState(job_.state)) return Status::Ok();
        job_.event_seq = e.seq;
        SPOTRUN_RETURN_IF_ERROR(Save());
        if (done) return Status::Ok();
      }
    } else {
      (void)Event("mailbox-error", events.status().ToString());
    }
    // EC2's own view, so a dead agent cannot hide a lost machine.
    SPOTRUN_ASSIGN_OR_RETURN(std::optional<Instance> instance, DescribeCurrent());
    if (!instance || IsGone(*instance)) return MachineLost(instance);
    if (job_.state == JobState::kRunning && instance->IsSpot() &&
        !instance->spot_instance_request_id.empty()) {
      Result<DescribeSpotInstanceRequestsResponse> spot = d_.ec2.DescribeSpotInstanceRequests(
          {.spot_instance_request_ids = {instance->spot_instance_request_id}});
      if (spot.ok() && !spot->spot_instance_requests.empty()) {
        const SpotInstanceStatus& status = spot->spot_instance_requests.front().status;
        if (status.code == "marked-for-termination" || status.code.starts_with("marked-for-stop")) {
          TimePoint since = status.update_time.value_or(d_.clock.Now());
          SPOTRUN_RETURN_IF_ERROR(
              NoticeAt(since + std::chrono::minutes(2), "EC2: spot request " + status.code));
        }
      }
    }
    if (job_.state == JobState::kRunning) {
      SPOTRUN_ASSIGN_OR_RETURN(bool lost, WatchAgent(location));
      if (lost) return Status::Ok();
    }
    if ((job_.state == JobState::kNotice || job_.state == JobState::kCheckpointing) &&
        job_.notice_deadline && d_.clock.Now() >= *job_.notice_deadline) {
      return Enter(JobState::kRecovering, "the notice's time came");
    }
    if (job_.state == JobState::kNotice && !job_.spec.checkpoint.dir.empty()) {
      return Enter(JobState::kCheckpointing, "waiting for the agent's checkpoint");
    }
    return Status::Ok();
  }

  // ---- the agent's heartbeat ----------------------------------------------------------------

  // An event or a changed heartbeat of the current attempt's agent was seen now.
  void SignOfLife() {
    life_attempt_ = job_.attempt;
    last_sign_of_life_ = d_.clock.Now();
  }

  // While the job runs, the agent posts an event or overwrites its heartbeat at least every
  // heartbeat_interval. Reads the heartbeat once an interval (one GET); true when the agent
  // has been silent for AgentLostAfter and was taken as lost (AgentLost). The silence is
  // measured on this controller's clock from the first running tick it saw (a restarted
  // controller gives the agent a whole timeout again), so the machine's clock does not matter.
  Result<bool> WatchAgent(const S3Location& location) {
    const TimePoint now = d_.clock.Now();
    const Duration interval = o_.agent_defaults.heartbeat_interval;
    if (life_attempt_ != job_.attempt || !last_sign_of_life_) {
      SignOfLife();
      last_heartbeat_.clear();
      next_heartbeat_read_ = now + interval;
      return false;
    }
    if (now < next_heartbeat_read_) return false;
    next_heartbeat_read_ = now + interval;
    Result<GetObjectResponse> got = d_.s3.GetObject(
        {.bucket = location.bucket, .key = JobStoreKey(location, HeartbeatKey(job_.attempt))});
    if (got.ok() && got->body != last_heartbeat_) {
      last_heartbeat_ = got->body;
      SignOfLife();
      return false;
    }
    // The store not answering this controller says nothing about the agent.
    if (!got.ok() && got.status().kind() != ErrorKind::kNotFound) return false;
    const Duration silent = now - *last_sign_of_life_;
    if (silent < AgentLostAfter(interval)) return false;
    SPOTRUN_RETURN_IF_ERROR(AgentLost(silent));
    return true;
  }

  // The machine runs but its agent is gone (crashed, killed, out of memory): the job may still
  // run there, unsupervised — no checkpoints, no notices — and billing. The machine goes and
  // the job recovers from its newest checkpoint like after an interruption; the attempt is
  // closed first as "agent lost", so the pool does not rest (it was not a spot interruption).
  Status AgentLost(Duration silent) {
    const std::string why = fmt::format(
        "agent lost: nothing from the agent on {} for {} (it posts a heartbeat every {}); the "
        "machine is terminated and the job resumes from its newest checkpoint",
        job_.machine_name, FormatDurationText(silent),
        FormatDurationText(o_.agent_defaults.heartbeat_interval));
    SPOTRUN_RETURN_IF_ERROR(Event("agent-lost", why));
    SPOTRUN_RETURN_IF_ERROR(
        CloseAttempts(d_.store, job_.id, d_.clock.Now(), "agent lost", job_.attempt));
    SPOTRUN_RETURN_IF_ERROR(CleanUpJobMachines(d_.ec2, job_.id, job_.attempt));
    return Enter(JobState::kRecovering, why);
  }

  Status NoticeAt(TimePoint deadline, std::string_view why) {
    if (job_.state != JobState::kRunning) return Status::Ok();
    TimePoint bound = d_.clock.Now() + o_.notice_wait;
    job_.notice_deadline = std::min(deadline, bound);
    SPOTRUN_RETURN_IF_ERROR(Enter(JobState::kNotice, why));
    Notify(NoticeNotification(Who(), CurrentMachine(), deadline));
    return Status::Ok();
  }

  // Handles one agent event; true when the tick should stop reading (the state moved on).
  Result<bool> Handle(const AgentEvent& e, const S3Location& location) {
    std::string detail = e.detail;
    if (e.exit_code)
      detail = fmt::format("exit {}{}{}", *e.exit_code, detail.empty() ? "" : ": ", detail);
    if (e.checkpoint_seq)
      detail =
          fmt::format("checkpoint {}{}{}", *e.checkpoint_seq, detail.empty() ? "" : " ", detail);
    SPOTRUN_RETURN_IF_ERROR(Event(AgentEventKindName(e.kind), detail));
    const bool noticed = job_.state == JobState::kNotice || job_.state == JobState::kCheckpointing;
    switch (e.kind) {
      case AgentEventKind::kRebalance:
        Notify(RebalanceNotification(Who(), CurrentMachine()));
        return false;
      case AgentEventKind::kNotice: {
        TimePoint deadline = d_.clock.Now() + o_.notice_wait;
        if (std::string_view d = e.detail; d.starts_with("terminate at ")) {
          TimePoint t;
          if (ParseIso8601(d.substr(13), &t)) deadline = t;
        }
        SPOTRUN_RETURN_IF_ERROR(NoticeAt(deadline, "agent: instance-action notice"));
        return false;
      }
      case AgentEventKind::kCheckpointUploaded:
      case AgentEventKind::kCheckpointFailed:
        // After a notice the agent stops the job, uploads the rest of its log and leaves
        // (agent-exit) within seconds; recovery starts then, or at the notice's deadline.
        return false;
      case AgentEventKind::kRunExited:
        if (noticed) return false;  // the agent stopped the job after its checkpoint
        if (e.exit_code.value_or(1) == 0) {
          SPOTRUN_RETURN_IF_ERROR(DownloadOutputs(location));
          SPOTRUN_RETURN_IF_ERROR(Finish(JobState::kSucceeded, "run exited 0", "succeeded"));
        } else {
          SPOTRUN_RETURN_IF_ERROR(Finish(
              JobState::kFailed, fmt::format("run exited {}", e.exit_code.value_or(1)), "failed"));
        }
        return true;
      case AgentEventKind::kAgentExit:
        SPOTRUN_RETURN_IF_ERROR(
            Enter(JobState::kRecovering, noticed ? "the agent left after the notice"
                                                 : "the agent left before the run ended"));
        return true;
      default:
        return false;
    }
  }

  Status DownloadOutputs(const S3Location& location) {
    const std::string prefix = JobStoreKey(location, OutputKey(""));  // ".../outputs/"
    std::string token;
    do {
      SPOTRUN_ASSIGN_OR_RETURN(
          ListObjectsV2Response page,
          d_.s3.ListObjectsV2(
              {.bucket = location.bucket, .prefix = prefix, .continuation_token = token}));
      for (const S3ObjectSummary& object : page.contents) {
        std::string relative = object.key.substr(prefix.size());
        std::filesystem::path path = std::filesystem::path(relative).lexically_normal();
        if (relative.empty() || relative.back() == '/' || path.is_absolute() ||
            path.string().starts_with("..")) {
          continue;
        }
        SPOTRUN_ASSIGN_OR_RETURN(GetObjectResponse got,
                                 d_.s3.GetObject({.bucket = location.bucket, .key = object.key}));
        std::filesystem::path target = std::filesystem::path(job_.local_workdir) / path;
        std::error_code ec;
        std::filesystem::create_directories(target.parent_path(), ec);
        std::ofstream out(target, std::ios::binary | std::ios::trunc);
        out << got.body;
        if (!out.good()) {
          return Status::Unavailable(
              fmt::format("cannot write the output {}", target.string()),
              "check the job's workdir is writable, then `spotrun job resume`");
        }
      }
      token = page.is_truncated ? page.next_continuation_token : "";
    } while (!token.empty());
    return Event("outputs-downloaded", job_.local_workdir);
  }

  // ---- lost machines and recovery ----------------------------------------------------------

  Status MachineLost(const std::optional<Instance>& instance) {
    std::string what =
        instance ? fmt::format("EC2: {} is {}{}{}", instance->instance_id, instance->state.name,
                               instance->state_reason ? " — " : "",
                               instance->state_reason ? instance->state_reason->message : "")
                 : fmt::format("EC2: {} is gone", job_.instance_id);
    SPOTRUN_RETURN_IF_ERROR(Event("ec2", what));
    return Enter(JobState::kRecovering, what);
  }

  Status Recover() {
    const TimePoint now = d_.clock.Now();
    SPOTRUN_ASSIGN_OR_RETURN(std::optional<JobAttempt> attempt,
                             d_.store.GetAttempt(job_.id, job_.attempt));
    SPOTRUN_RETURN_IF_ERROR(CleanUpJobMachines(d_.ec2, job_.id, job_.attempt));
    if (attempt && !attempt->ended) {
      if (attempt->market == "spot") {
        SPOTRUN_RETURN_IF_ERROR(
            d_.store.AddPoolInterruption(job_.id, {attempt->instance_type, attempt->zone, now}));
      }
      SPOTRUN_RETURN_IF_ERROR(CloseAttempts(d_.store, job_.id, now, "interrupted", job_.attempt));
    }
    if (job_.recoveries + 1 > job_.spec.recovery.max_recoveries) {
      return Finish(JobState::kFailed,
                    fmt::format("lost its machine {} times (recovery.max_recoveries is {})",
                                job_.recoveries + 1, job_.spec.recovery.max_recoveries),
                    "failed");
    }
    ++job_.recoveries;
    ++job_.attempt;
    job_.launch_try = 0;
    job_.event_seq = 0;
    job_.instance_id.clear();
    job_.notice_deadline.reset();
    job_.machine_name = MachineName(job_.attempt);
    job_.failed_spot_launches = 0;
    job_.on_demand = !job_.spec.resources.spot ||
                     job_.spec.recovery.on_demand_fallback == OnDemandFallback::kAlways;
    return Enter(JobState::kLaunching,
                 fmt::format("recovery {} of {}: attempt {}", job_.recoveries,
                             job_.spec.recovery.max_recoveries, job_.attempt));
  }

  // Every end: no machine, no spot request; the ledger closed; the final notification.
  Status Finish(JobState state, std::string_view detail, std::string_view reason) {
    SPOTRUN_RETURN_IF_ERROR(CleanUpJobMachines(d_.ec2, job_.id, 0));
    const TimePoint now = d_.clock.Now();
    SPOTRUN_RETURN_IF_ERROR(CloseAttempts(d_.store, job_.id, now, reason));
    job_.instance_id.clear();
    job_.notice_deadline.reset();
    SPOTRUN_RETURN_IF_ERROR(Enter(state, detail));
    SPOTRUN_ASSIGN_OR_RETURN(std::vector<JobLedgerRow> rows, d_.store.Ledger(job_.id));
    CostLedger ledger = LedgerOf(rows);
    if (state == JobState::kSucceeded) {
      Notify(SucceededNotification(Who(), now - job_.created, job_.recoveries, ledger, now));
    } else if (state == JobState::kFailed) {
      Notify(FailedNotification(Who(), detail, ledger, now));
    } else {
      Notify(CancelledNotification(Who(), ledger, now));
    }
    return Status::Ok();
  }

  Dependencies d_;
  std::string job_id_;
  Options o_;
  JobRecord job_;
  std::string last_detail_;
  std::optional<DefaultNetwork> network_;
  std::string group_id_;
  std::map<std::string, Image> images_;
  // The agent's heartbeat, as WatchAgent saw it (not stored: a new controller starts afresh).
  int life_attempt_ = 0;
  std::optional<TimePoint> last_sign_of_life_;
  TimePoint next_heartbeat_read_{};
  std::string last_heartbeat_;
};

JobController::JobController(Dependencies deps, std::string job_id, Options options)
    : impl_(std::make_unique<Impl>(deps, std::move(job_id), std::move(options))) {}
JobController::~JobController() = default;
Result<JobState> JobController::Run() { return impl_->Run(); }
Result<bool> JobController::Tick() { return impl_->Tick(); }
Result<JobStatus> JobController::CurrentStatus() { return impl_->CurrentStatus(); }

}  // namespace spotrun
