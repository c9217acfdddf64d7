// Ec2Model's spot interruptions, as EC2 delivers them: an optional rebalance recommendation,
// the instance-action notice (IMDS spot/instance-action, request status marked-for-…), then
// at the notice's time the request's interruption behaviour. Sources: Interrupt() (the local
// cloud's `cloud interrupt`, like AWS FIS), a spot price above a request's maximum, and in
// Interruptions::kAuto random interruptions at each pool's Spot Advisor rate. Also the pools'
// capacity (SetCapacity).
#include <fmt/format.h>

#include <cmath>

#include "localcloud/ec2_error.h"
#include "localcloud/ec2_instance_states.h"
#include "localcloud/ec2_model.h"

namespace spotrun {
namespace {

bool IsLive(const InstanceState& state) { return state.code == 0 || state.code == 16; }

// "instance-terminated-by-price", "instance-stopped-no-capacity", …
std::string InterruptedCode(std::string_view action, std::string_view why) {
  return fmt::format("instance-{}-{}", action == "terminate" ? "terminated" : "stopped", why);
}

}  // namespace

Status Ec2Model::Interrupt(std::string_view instance_id, const InterruptOptions& options) {
  std::lock_guard lock(mu_);
  TickLocked();
  const TimePoint now = deps_.clock.Now();
  auto it = state_.instances.find(instance_id);
  if (it == state_.instances.end()) {
    return Ec2Error("InvalidInstanceID.NotFound",
                    fmt::format("The instance ID '{}' does not exist", instance_id))
        .WithHint("list the instances with `aws ec2 describe-instances`");
  }
  InstanceRecord& record = it->second;
  if (!record.instance.IsSpot()) {
    return Ec2Error("InvalidParameterValue",
                    fmt::format("The instance '{}' is not a Spot Instance.", instance_id))
        .WithHint("only Spot Instances are interrupted; launch one with --spot");
  }
  if (!IsLive(record.instance.state)) {
    return Ec2Error("IncorrectInstanceState",
                    fmt::format("The instance '{}' is {}: only a running Spot Instance can be "
                                "interrupted.",
                                instance_id, record.instance.state.name));
  }
  if (record.interrupt_at) {
    return Ec2Error(
        "IncorrectInstanceState",
        fmt::format("The instance '{}' already has an interruption notice.", instance_id));
  }
  ScheduleInterruptionLocked(record, options.rebalance_first,
                             options.notice.value_or(options_.notice_period),
                             InterruptCause::kExperiment, now);
  TickInterruptionsLocked(now);
  FlushLocked();
  return Status::Ok();
}

Status Ec2Model::SetCapacity(std::string_view instance_type, std::string_view availability_zone,
                             std::optional<int> available, CapacityMarket market) {
  std::lock_guard lock(mu_);
  TickLocked();
  if (!deps_.market.instance_types().Find(instance_type).ok()) {
    return Ec2Error("InvalidParameterValue",
                    fmt::format("Invalid value '{}' for InstanceType.", instance_type));
  }
  bool zone_known = false;
  for (const auto& [id, subnet] : state_.subnets) {
    zone_known = zone_known || subnet.availability_zone == availability_zone;
  }
  if (!zone_known) {
    return Ec2Error("InvalidParameterValue",
                    fmt::format("Invalid availability zone: [{}]", availability_zone));
  }
  if (available && *available < 0) {
    return Status::InvalidArgument("a pool's capacity cannot be negative",
                                   "give 0 or more instances, or 'unlimited'");
  }
  const std::string key = PoolKey(instance_type, availability_zone);
  PoolCapacity& pool = state_.capacity[key];
  switch (market) {
    case CapacityMarket::kBoth:
      pool = {.available = available};
      break;
    case CapacityMarket::kSpot:
      pool.spot = available;
      break;
    case CapacityMarket::kOnDemand:
      pool.on_demand = available;
      break;
  }
  if (pool.Unlimited()) state_.capacity.erase(key);
  state_.Touch("pool:" + key);
  TickLocked();  // waiting spot requests see the new capacity at once
  FlushLocked();
  return Status::Ok();
}

void Ec2Model::ScheduleInterruptionLocked(InstanceRecord& record,
                                          std::optional<Duration> rebalance_first, Duration notice,
                                          InterruptCause cause, TimePoint now) {
  auto seconds = [](TimePoint t) { return std::chrono::time_point_cast<std::chrono::seconds>(t); };
  if (rebalance_first) record.rebalance_at = seconds(now);
  record.notice_at = seconds(now + rebalance_first.value_or(Duration::zero()));
  record.interrupt_at = seconds(*record.notice_at + notice);
  record.interrupt_action =
      record.interruption_behavior.empty() ? "terminate" : record.interruption_behavior;
  interrupt_causes_[record.instance.instance_id] = cause;
  state_.Touch(record.instance.instance_id);
}

void Ec2Model::TickInterruptionsLocked(TimePoint now) {
  const bool automatic = options_.interruptions == Interruptions::kAuto;
  const double hours =
      last_auto_tick_
          ? std::chrono::duration<double, std::ratio<3600>>(now - *last_auto_tick_).count()
          : 0.0;
  if (automatic) last_auto_tick_ = now;
  for (auto& [id, record] : state_.instances) {
    const Instance& i = record.instance;
    if (!i.IsSpot() || !IsLive(i.state)) continue;
    if (!record.interrupt_at) {
      // A price above the request's maximum interrupts, as on EC2.
      std::optional<double> price = SpotPriceLocked(i.instance_type, i.availability_zone, now);
      std::optional<double> max = MaxPriceLocked(record.spot_max_price, i.instance_type);
      if (price && max && *max < *price) {
        ScheduleInterruptionLocked(record, std::nullopt, options_.notice_period,
                                   InterruptCause::kPrice, now);
      } else if (automatic && hours > 0 && i.state.code == 16) {
        Result<market::SpotAdvice> advice =
            deps_.market.advisor().Advice(state_.region, i.instance_type);
        if (advice.ok()) {
          const double chance = 1.0 - std::exp(-advice->bucket.HourlyRate() * hours);
          if (deps_.random() < chance) {
            ScheduleInterruptionLocked(record, std::nullopt, options_.notice_period,
                                       InterruptCause::kNoCapacity, now);
          }
        }
      }
    }
    if (!record.interrupt_at) continue;
    if (*record.interrupt_at <= now) {
      InterruptNowLocked(record, now);
    } else if (record.notice_at && *record.notice_at <= now) {
      auto sir = state_.spot_requests.find(i.spot_instance_request_id);
      if (sir != state_.spot_requests.end() && sir->second.request.instance_id == id &&
          sir->second.request.state == "active") {
        SetSpotStatusLocked(
            sir->second, "active",
            record.interrupt_action == "terminate" ? "marked-for-termination" : "marked-for-stop",
            now);
      }
    }
  }
}

void Ec2Model::InterruptNowLocked(InstanceRecord& record, TimePoint now) {
  const std::string id = record.instance.instance_id;
  InterruptCause cause = InterruptCause::kNoCapacity;
  if (auto it = interrupt_causes_.find(id); it != interrupt_causes_.end()) {
    cause = it->second;
    interrupt_causes_.erase(it);
  }
  const std::string action =
      record.interrupt_action.empty() ? "terminate" : record.interrupt_action;
  if (action == "terminate") {
    BeginTerminateLocked(record,
                         {"Server.SpotInstanceTermination",
                          "Server.SpotInstanceTermination: Spot instance termination"},
                         now);
  } else {
    BeginStopLocked(
        record, action == "hibernate",
        {"Server.SpotInstanceShutdown", "Server.SpotInstanceShutdown: Spot instance shutdown"},
        now);
  }
  record.instance.state_transition_reason = ec2_states::ServiceInitiated(now);
  // EC2 took the capacity back (an experiment simulates just that): the pool does not get it
  // again. A price interruption leaves the capacity to the higher bidder, i.e. free.
  if (cause != InterruptCause::kPrice) {
    TakeCapacityLocked(record.instance.instance_type, record.instance.availability_zone,
                       CapacityMarket::kSpot, 1);
  }
  auto sir = state_.spot_requests.find(record.instance.spot_instance_request_id);
  if (sir == state_.spot_requests.end() || sir->second.request.instance_id != id) return;
  SpotRequestRecord& request = sir->second;
  const std::string code =
      InterruptedCode(action, cause == InterruptCause::kPrice        ? "by-price"
                              : cause == InterruptCause::kExperiment ? "by-experiment"
                                                                     : "no-capacity");
  if (request.request.state != "active") {
    SetSpotStatusLocked(request, request.request.state, code, now);
  } else if (request.request.type == "persistent") {
    // Opens again: a new instance (terminate), or this one started again (stop, hibernate).
    if (action == "terminate") request.request.instance_id.clear();
    SetSpotStatusLocked(request, "open", code, now);
  } else {
    SetSpotStatusLocked(request, "closed", code, now);
  }
}

}  // namespace spotrun
