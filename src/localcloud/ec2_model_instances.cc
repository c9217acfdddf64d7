// Ec2Model's instances: RunInstances, DescribeInstances, Start/Stop/Terminate/Reboot,
// ModifyInstanceAttribute, the timed state transitions and the recovery after a restart.
// Every state change also drives the InstanceRuntime (processes) and the instance's IMDS.
#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "base/log.h"
#include "localcloud/ec2_error.h"
#include "localcloud/ec2_filters.h"
#include "localcloud/ec2_instance_states.h"
#include "localcloud/ec2_model.h"
#include "localcloud/ec2_pages.h"
#include "localcloud/imds_server.h"
#include "localcloud/loopback_address_pool.h"

namespace spotrun {
namespace {

using namespace ec2_states;  // NOLINT(build/namespaces): the state names read as EC2's

constexpr auto kForgetTerminatedAfter = std::chrono::hours(1);

bool IsHex(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  });
}

// "i-" with 8 or 17 lowercase hex digits, as EC2 makes them.
bool WellFormedId(std::string_view id, std::string_view prefix) {
  if (!id.starts_with(prefix)) return false;
  std::string_view digits = id.substr(prefix.size());
  return (digits.size() == 8 || digits.size() == 17) && IsHex(digits);
}

Status MalformedId(std::string_view code, std::string_view id, std::string_view prefix) {
  return Ec2Error(code, fmt::format("Invalid id: \"{}\" (expecting \"{}...\")", id, prefix));
}

Status InstancesNotFound(const std::vector<std::string>& ids) {
  if (ids.size() == 1) {
    return Ec2Error("InvalidInstanceID.NotFound",
                    fmt::format("The instance ID '{}' does not exist", ids[0]));
  }
  return Ec2Error("InvalidInstanceID.NotFound",
                  fmt::format("The instance IDs '{}' do not exist", fmt::join(ids, ", ")));
}

void ForgetSshPort(std::vector<Tag>& tags) {
  std::erase_if(tags, [](const Tag& t) { return t.key == kInstanceSshPortTag; });
}

std::string DnsLabel(std::string_view address) {
  std::string label(address);
  std::replace(label.begin(), label.end(), '.', '-');
  return label;
}

std::string PrivateDnsName(std::string_view address, std::string_view region) {
  if (address.empty()) return "";
  return region == "us-east-1"
             ? fmt::format("ip-{}.ec2.internal", DnsLabel(address))
             : fmt::format("ip-{}.{}.compute.internal", DnsLabel(address), region);
}

std::string PublicDnsName(std::string_view address, std::string_view region) {
  if (address.empty()) return "";
  return region == "us-east-1"
             ? fmt::format("ec2-{}.compute-1.amazonaws.com", DnsLabel(address))
             : fmt::format("ec2-{}.{}.compute.amazonaws.com", DnsLabel(address), region);
}

bool IsLive(const InstanceState& state) { return state.code == 0 || state.code == 16; }

// The market an instance's capacity is counted in.
CapacityMarket MarketOf(const Instance& i) {
  return i.instance_lifecycle == "spot" ? CapacityMarket::kSpot : CapacityMarket::kOnDemand;
}

RequestSpotLaunchSpecification LaunchSpecOf(const RunInstancesRequest& request) {
  RequestSpotLaunchSpecification spec;
  spec.image_id = request.image_id;
  spec.instance_type = request.instance_type;
  spec.key_name = request.key_name;
  spec.security_group_ids = request.security_group_ids;
  spec.subnet_id = request.subnet_id;
  spec.availability_zone = request.availability_zone;
  spec.user_data = request.user_data;
  spec.iam_instance_profile = request.iam_instance_profile;
  spec.block_device_mappings = request.block_device_mappings;
  return spec;
}

std::vector<std::string> InstanceFilterValues(const InstanceRecord& record, std::string_view name) {
  const Instance& i = record.instance;
  if (name == "instance-id") return {i.instance_id};
  if (name == "instance-state-name") return {i.state.name};
  if (name == "instance-state-code") return {std::to_string(i.state.code)};
  if (name == "instance-type") return {i.instance_type};
  if (name == "availability-zone") return {i.availability_zone};
  if (name == "instance-lifecycle") return {i.instance_lifecycle};
  if (name == "spot-instance-request-id") return {i.spot_instance_request_id};
  if (name == "image-id") return {i.image_id};
  if (name == "key-name") return {i.key_name};
  if (name == "vpc-id") return {i.vpc_id};
  if (name == "subnet-id") return {i.subnet_id};
  if (name == "private-ip-address") return {i.private_ip_address};
  if (name == "ip-address") return {i.public_ip_address};
  if (name == "private-dns-name") return {i.private_dns_name};
  if (name == "reservation-id") return {record.reservation_id};
  if (name == "client-token") return {i.client_token};
  if (name == "architecture") return {i.architecture};
  if (name == "instance.group-id" || name == "group-id") {
    std::vector<std::string> out;
    for (const GroupIdentifier& g : i.security_groups) out.push_back(g.group_id);
    return out;
  }
  return {};
}

}  // namespace

// ---- validation and launching --------------------------------------------------------------

Result<Ec2Model::Launch> Ec2Model::ValidateLaunchLocked(
    const RequestSpotLaunchSpecification& spec,
    const std::vector<TagSpecification>& tag_specifications) {
  Launch launch;
  if (spec.image_id.empty()) {
    return Ec2Error("MissingParameter", "The request must contain the parameter ImageId");
  }
  if (!spec.image_id.starts_with("ami-")) {
    return MalformedId("InvalidAMIID.Malformed", spec.image_id, "ami-");
  }
  auto image = state_.images.find(spec.image_id);
  if (image == state_.images.end()) {
    return Ec2Error("InvalidAMIID.NotFound",
                    fmt::format("The image id '[{}]' does not exist", spec.image_id));
  }
  if (!image->second.image.state.empty() && image->second.image.state != "available") {
    return Ec2Error("InvalidAMIID.Unavailable",
                    fmt::format("Image {} is not available: it is {}", spec.image_id,
                                image->second.image.state));
  }
  Result<market::InstanceTypeInfo> type = deps_.market.instance_types().Find(spec.instance_type);
  if (spec.instance_type.empty() || !type.ok()) {
    return Ec2Error("InvalidParameterValue",
                    fmt::format("Invalid value '{}' for InstanceType.", spec.instance_type));
  }
  const std::string type_arch(market::ArchitectureName(type->architecture));
  const std::string& image_arch = image->second.image.architecture;
  if (!image_arch.empty() && type->architecture != market::Architecture::kUnknown &&
      image_arch != type_arch) {
    return Ec2Error("InvalidParameterValue",
                    fmt::format("The architecture '{}' of the specified instance type does not "
                                "match the architecture '{}' of the specified AMI. Specify an "
                                "instance type and an AMI that have matching architectures, "
                                "and try again.",
                                type_arch, image_arch));
  }
  launch.image_id = spec.image_id;
  launch.instance_type = spec.instance_type;
  launch.architecture = image_arch.empty() ? type_arch : image_arch;
  launch.root_device_name = image->second.image.root_device_name.empty()
                                ? "/dev/xvda"
                                : image->second.image.root_device_name;
  if (!image->second.root_snapshot_id.empty()) {
    auto snapshot = state_.snapshots.find(image->second.root_snapshot_id);
    if (snapshot != state_.snapshots.end()) launch.root_template = snapshot->second.dir;
  }

  if (spec.key_name) {
    auto key = std::find_if(state_.key_pairs.begin(), state_.key_pairs.end(), [&](auto& entry) {
      return entry.second.key_pair.key_name == *spec.key_name;
    });
    if (key == state_.key_pairs.end()) {
      return Ec2Error("InvalidKeyPair.NotFound",
                      fmt::format("The key pair '{}' does not exist", *spec.key_name));
    }
    launch.key_name = *spec.key_name;
    launch.authorized_key = key->second.key_pair.public_key;
  }

  const Subnet* subnet = nullptr;
  if (spec.subnet_id) {
    auto it = state_.subnets.find(*spec.subnet_id);
    if (it == state_.subnets.end()) {
      return Ec2Error("InvalidSubnetID.NotFound",
                      fmt::format("The subnet ID '{}' does not exist", *spec.subnet_id));
    }
    subnet = &it->second;
    if (spec.availability_zone && *spec.availability_zone != subnet->availability_zone) {
      return Ec2Error("InvalidParameterValue",
                      fmt::format("Invalid availability zone: [{}]", *spec.availability_zone));
    }
  } else {
    // The default subnet of the zone asked for, or of the first zone.
    for (const auto& [id, candidate] : state_.subnets) {
      if (!candidate.default_for_az) continue;
      if (spec.availability_zone && candidate.availability_zone != *spec.availability_zone) {
        continue;
      }
      if (subnet == nullptr || candidate.availability_zone < subnet->availability_zone) {
        subnet = &candidate;
      }
    }
    if (subnet == nullptr && spec.availability_zone) {
      return Ec2Error("InvalidParameterValue",
                      fmt::format("Invalid availability zone: [{}]", *spec.availability_zone));
    }
    if (subnet == nullptr) {
      return Ec2Error("VPCIdNotSpecified", "No default VPC for this user");
    }
  }
  launch.subnet_id = subnet->subnet_id;
  launch.vpc_id = subnet->vpc_id;
  launch.availability_zone = subnet->availability_zone;

  for (const std::string& group_id : spec.security_group_ids) {
    auto group = state_.security_groups.find(group_id);
    if (group == state_.security_groups.end()) {
      return Ec2Error("InvalidGroup.NotFound",
                      fmt::format("The security group '{}' does not exist", group_id));
    }
    if (group->second.vpc_id != launch.vpc_id) {
      return Ec2Error("InvalidParameter",
                      fmt::format("Security group {} and subnet {} belong to different networks.",
                                  group_id, launch.subnet_id));
    }
    launch.security_groups.push_back({group_id, group->second.group_name});
  }
  if (launch.security_groups.empty()) {
    for (const auto& [id, group] : state_.security_groups) {
      if (group.vpc_id == launch.vpc_id && group.group_name == "default") {
        launch.security_groups.push_back({id, group.group_name});
      }
    }
  }
  launch.user_data = spec.user_data.value_or("");
  for (const TagSpecification& tags : tag_specifications) {
    if (tags.resource_type == "instance") {
      launch.tags.insert(launch.tags.end(), tags.tags.begin(), tags.tags.end());
    }
  }
  return launch;
}

Result<std::string> Ec2Model::LaunchInstanceLocked(const Launch& launch,
                                                   std::string_view reservation_id,
                                                   std::string_view client_token,
                                                   const SpotRequestRecord* spot, TimePoint now) {
  std::string id = NewIdLocked("i-");
  std::string address;
  if (deps_.addresses != nullptr) {
    Result<std::string> allocated = deps_.addresses->Allocate();
    if (!allocated.ok()) {
      return Ec2Error("InsufficientInstanceCapacity",
                      "The local cloud has no loopback address left for another instance.");
    }
    address = *allocated;
  }
  InstanceRecord record;
  Instance& i = record.instance;
  i.instance_id = id;
  i.instance_type = launch.instance_type;
  i.state = Pending();
  i.image_id = launch.image_id;
  i.key_name = launch.key_name;
  i.launch_time = std::chrono::time_point_cast<std::chrono::seconds>(now);
  i.availability_zone = launch.availability_zone;
  i.private_ip_address = address;
  i.public_ip_address = address;
  i.private_dns_name = PrivateDnsName(address, state_.region);
  i.public_dns_name = PublicDnsName(address, state_.region);
  i.subnet_id = launch.subnet_id;
  i.vpc_id = launch.vpc_id;
  i.security_groups = launch.security_groups;
  i.tags = launch.tags;
  i.metadata_options.state = "applied";
  i.metadata_options.http_tokens = launch.metadata_options.http_tokens;
  i.metadata_options.http_endpoint = launch.metadata_options.http_endpoint.value_or("enabled");
  i.metadata_options.http_put_response_hop_limit =
      launch.metadata_options.http_put_response_hop_limit.value_or(1);
  i.architecture = launch.architecture;
  i.root_device_name = launch.root_device_name;
  i.root_device_type = "ebs";
  i.platform_details = "Linux/UNIX";
  i.client_token = std::string(client_token);
  if (spot != nullptr) {
    i.instance_lifecycle = "spot";
    i.spot_instance_request_id = spot->request.spot_instance_request_id;
    record.interruption_behavior = spot->request.instance_interruption_behavior;
    record.spot_max_price = spot->request.spot_price;
  }
  record.reservation_id = std::string(reservation_id);
  record.owner_id = state_.owner_id;
  record.user_data = launch.user_data;
  record.authorized_key = launch.authorized_key;
  record.instance_initiated_shutdown_behavior = launch.shutdown_behavior;
  record.running_at = now + options_.boot_delay;

  Status booted = BootInstanceLocked(record, launch.root_template);
  if (!booted.ok()) {
    if (deps_.addresses != nullptr && !address.empty()) deps_.addresses->Release(address);
    StopServingImdsLocked(id);
    (void)deps_.runtime.Terminate(id, false);
    return Ec2Error("InternalError", "The local cloud could not start the instance's processes: " +
                                         booted.ToString());
  }
  state_.instances.emplace(id, std::move(record));
  state_.Touch(id);
  return id;
}

Status Ec2Model::BootInstanceLocked(InstanceRecord& record, std::string_view root_template) {
  InstanceSpec spec;
  spec.instance_id = record.instance.instance_id;
  spec.address = record.instance.private_ip_address;
  spec.authorized_key = record.authorized_key;
  spec.user_data = record.user_data;
  spec.root_template = std::string(root_template);
  if (deps_.imds != nullptr && !spec.address.empty()) {
    SPOTRUN_ASSIGN_OR_RETURN(std::string endpoint,
                             deps_.imds->Serve(spec.instance_id, spec.address));
    spec.environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = endpoint;
  }
  return deps_.runtime.Boot(spec);
}

void Ec2Model::PublishSshPortLocked(InstanceRecord& record) {
  std::vector<Tag>& tags = record.instance.tags;
  ForgetSshPort(tags);
  Result<RuntimeStatus> runtime = deps_.runtime.Describe(record.instance.instance_id);
  if (!runtime.ok() || runtime->ssh_port == 0 || runtime->ssh_port == 22) return;
  tags.push_back({std::string(kInstanceSshPortTag), std::to_string(runtime->ssh_port)});
}

void Ec2Model::StopServingImdsLocked(std::string_view instance_id) {
  if (deps_.imds == nullptr) return;
  {
    std::lock_guard lock(imds_stopping_mu_);
    imds_stopping_.emplace(instance_id);
  }
  deps_.imds->StopServing(instance_id);
  std::lock_guard lock(imds_stopping_mu_);
  imds_stopping_.erase(std::string(instance_id));
}

Status Ec2Model::StartInstanceLocked(InstanceRecord& record, TimePoint now) {
  const std::string& id = record.instance.instance_id;
  Status started;
  Result<RuntimeStatus> runtime = deps_.runtime.Describe(id);
  if (record.hibernating && runtime.ok() && runtime->state == RuntimeState::kHibernated) {
    started = deps_.runtime.Resume(id);
    if (started.ok() && deps_.imds != nullptr && !record.instance.private_ip_address.empty()) {
      started = deps_.imds->Serve(id, record.instance.private_ip_address).status();
    }
  } else {
    started = BootInstanceLocked(record, "");
  }
  if (!started.ok()) {
    return Ec2Error("InternalError", "The local cloud could not start the instance's processes: " +
                                         started.ToString());
  }
  record.instance.state = Pending();
  record.instance.state_reason.reset();
  record.instance.state_transition_reason.clear();
  record.running_at = now + options_.boot_delay;
  record.transition_at.reset();
  record.hibernating = false;
  record.rebalance_at.reset();
  record.notice_at.reset();
  record.interrupt_at.reset();
  record.interrupt_action.clear();
  interrupt_causes_.erase(id);
  TakeCapacityLocked(record.instance.instance_type, record.instance.availability_zone,
                     MarketOf(record.instance), 1);
  state_.Touch(id);
  return Status::Ok();
}

void Ec2Model::BeginStopLocked(InstanceRecord& record, bool hibernate, StateReason reason,
                               TimePoint now) {
  const std::string& id = record.instance.instance_id;
  const bool held = IsLive(record.instance.state);
  Status stopped = hibernate ? deps_.runtime.Hibernate(id) : deps_.runtime.Stop(id);
  if (!stopped.ok() && hibernate) {
    LogWarning("local cloud: hibernating {} failed ({}); stopping it", id, stopped.ToString());
    hibernate = false;
    stopped = deps_.runtime.Stop(id);
  }
  if (!stopped.ok()) LogError("local cloud: stopping {} failed: {}", id, stopped.ToString());
  StopServingImdsLocked(id);
  ForgetSshPort(record.instance.tags);
  record.instance.state = Stopping();
  record.instance.state_reason = std::move(reason);
  record.instance.state_transition_reason = UserInitiated(now);
  record.hibernating = hibernate;
  record.running_at.reset();
  record.transition_at = now + options_.stop_delay;
  if (held && !ReclaimedEarlyLocked(record, now)) {
    ReturnCapacityLocked(record.instance.instance_type, record.instance.availability_zone,
                         MarketOf(record.instance), 1);
  }
  state_.Touch(id);
}

void Ec2Model::BeginTerminateLocked(InstanceRecord& record, StateReason reason, TimePoint now) {
  const std::string& id = record.instance.instance_id;
  const bool held = IsLive(record.instance.state);
  Status ended = deps_.runtime.Terminate(id, false);
  if (!ended.ok()) LogError("local cloud: terminating {} failed: {}", id, ended.ToString());
  StopServingImdsLocked(id);
  if (deps_.addresses != nullptr && !record.instance.private_ip_address.empty()) {
    deps_.addresses->Release(record.instance.private_ip_address);
  }
  record.instance.public_ip_address.clear();
  record.instance.public_dns_name.clear();
  ForgetSshPort(record.instance.tags);
  record.instance.state = ShuttingDown();
  record.instance.state_reason = std::move(reason);
  record.instance.state_transition_reason = UserInitiated(now);
  record.hibernating = false;
  record.running_at.reset();
  record.transition_at = now + options_.stop_delay;
  if (held && !ReclaimedEarlyLocked(record, now)) {
    ReturnCapacityLocked(record.instance.instance_type, record.instance.availability_zone,
                         MarketOf(record.instance), 1);
  }
  state_.Touch(id);
}

// ---- capacity ------------------------------------------------------------------------------

bool Ec2Model::ReclaimedEarlyLocked(const InstanceRecord& record, TimePoint now) const {
  if (!record.interrupt_at || *record.interrupt_at <= now) return false;
  auto cause = interrupt_causes_.find(record.instance.instance_id);
  return cause == interrupt_causes_.end() || cause->second != InterruptCause::kPrice;
}

bool Ec2Model::PoolHasRoomLocked(std::string_view type, std::string_view zone,
                                 CapacityMarket market, int count) const {
  auto it = state_.capacity.find(PoolKey(type, zone));
  if (it == state_.capacity.end()) return true;
  auto room = [count](const std::optional<int>& limit) { return !limit || *limit >= count; };
  const std::optional<int>& own =
      market == CapacityMarket::kSpot ? it->second.spot : it->second.on_demand;
  return room(it->second.available) && room(own);
}

void Ec2Model::TakeCapacityLocked(std::string_view type, std::string_view zone,
                                  CapacityMarket market, int count) {
  const std::string key = PoolKey(type, zone);
  auto it = state_.capacity.find(key);
  if (it == state_.capacity.end()) return;
  PoolCapacity& pool = it->second;
  for (std::optional<int>* limit :
       {&pool.available, market == CapacityMarket::kSpot ? &pool.spot : &pool.on_demand}) {
    if (*limit) **limit = std::max(0, **limit - count);
  }
  state_.Touch("pool:" + key);
}

void Ec2Model::ReturnCapacityLocked(std::string_view type, std::string_view zone,
                                    CapacityMarket market, int count) {
  const std::string key = PoolKey(type, zone);
  auto it = state_.capacity.find(key);
  if (it == state_.capacity.end()) return;
  PoolCapacity& pool = it->second;
  for (std::optional<int>* limit :
       {&pool.available, market == CapacityMarket::kSpot ? &pool.spot : &pool.on_demand}) {
    if (*limit) **limit += count;
  }
  state_.Touch("pool:" + key);
}

// ---- the API -------------------------------------------------------------------------------

Result<Reservation> Ec2Model::RunInstances(const RunInstancesRequest& request) {
  std::lock_guard lock(mu_);
  TickLocked();
  const TimePoint now = deps_.clock.Now();

  const std::string token = request.client_token.value_or("");
  const std::string token_key = "RunInstances/" + token;
  if (!token.empty()) {
    auto known = state_.client_tokens.find(token_key);
    if (known != state_.client_tokens.end()) {
      Reservation reservation{known->second, state_.owner_id, "", {}};
      bool same = true;
      for (const auto& [id, record] : state_.instances) {
        if (record.reservation_id != known->second) continue;
        reservation.instances.push_back(record.instance);
        same = same && record.instance.image_id == request.image_id &&
               record.instance.instance_type == request.instance_type &&
               record.instance.key_name == request.key_name.value_or("") &&
               record.instance.IsSpot() == request.instance_market_options.has_value();
      }
      const int count = static_cast<int>(reservation.instances.size());
      if (!same || count > request.max_count) {
        return Ec2Error("IdempotentParameterMismatch",
                        "Arguments on this idempotent request are inconsistent with arguments "
                        "used in previous request(s).");
      }
      if (request.dry_run) return DryRunSucceeded();
      return reservation;
    }
  }

  if (request.min_count < 1) {
    return Ec2Error("InvalidParameterValue",
                    fmt::format("Value ({}) for parameter minCount is invalid. Expected a "
                                "positive integer.",
                                request.min_count));
  }
  if (request.max_count < request.min_count) {
    return Ec2Error("InvalidParameterValue",
                    fmt::format("Value ({}) for parameter maxCount is invalid. Expected a value "
                                "greater than or equal to minCount ({}).",
                                request.max_count, request.min_count));
  }
  SPOTRUN_ASSIGN_OR_RETURN(Launch launch,
                           ValidateLaunchLocked(LaunchSpecOf(request), request.tag_specifications));
  launch.metadata_options = request.metadata_options;
  if (request.metadata_options.http_tokens != "required" &&
      request.metadata_options.http_tokens != "optional") {
    return Ec2Error("InvalidParameterValue", fmt::format("Invalid value '{}' for HttpTokens.",
                                                         request.metadata_options.http_tokens));
  }
  if (request.instance_initiated_shutdown_behavior) {
    const std::string& behavior = *request.instance_initiated_shutdown_behavior;
    if (behavior != "stop" && behavior != "terminate") {
      return Ec2Error(
          "InvalidParameterValue",
          fmt::format("Invalid value '{}' for InstanceInitiatedShutdownBehavior.", behavior));
    }
    launch.shutdown_behavior = behavior;
  }

  // Spot through InstanceMarketOptions: one request per instance, fulfilled at once.
  const bool spot = request.instance_market_options.has_value();
  SpotMarketOptions spot_options;
  if (spot) {
    if (request.instance_market_options->market_type != "spot") {
      return Ec2Error("InvalidParameterValue",
                      fmt::format("Invalid value '{}' for MarketType.",
                                  request.instance_market_options->market_type));
    }
    spot_options = request.instance_market_options->spot_options.value_or(SpotMarketOptions{});
    const std::string type = spot_options.spot_instance_type.value_or("one-time");
    const std::string behavior = spot_options.instance_interruption_behavior.value_or("terminate");
    if (type != "one-time" && type != "persistent") {
      return Ec2Error("InvalidParameterValue",
                      fmt::format("Invalid value '{}' for SpotInstanceType.", type));
    }
    if (behavior != "terminate" && behavior != "stop" && behavior != "hibernate") {
      return Ec2Error(
          "InvalidParameterValue",
          fmt::format("Invalid value '{}' for InstanceInterruptionBehavior.", behavior));
    }
    if (behavior != "terminate" && type == "one-time") {
      return Ec2Error("InvalidParameterCombination",
                      fmt::format("The instance interruption behavior '{}' is supported only for "
                                  "persistent Spot Instance requests.",
                                  behavior));
    }
    if (spot_options.max_price &&
        !MaxPriceLocked(*spot_options.max_price, launch.instance_type).has_value()) {
      return Ec2Error("InvalidParameterValue",
                      fmt::format("Invalid value '{}' for MaxPrice.", *spot_options.max_price));
    }
    std::optional<double> price =
        SpotPriceLocked(launch.instance_type, launch.availability_zone, now);
    std::optional<double> max =
        MaxPriceLocked(spot_options.max_price.value_or(""), launch.instance_type);
    if (price && max && *max < *price) {
      return Ec2Error("SpotMaxPriceTooLow",
                      fmt::format("Your Spot request price of {} is lower than the minimum "
                                  "required Spot request fulfillment price of {}.",
                                  spot_options.max_price.value_or(fmt::format("{:g}", *max)),
                                  fmt::format("{:g}", *price)));
    }
  }

  int count = request.max_count;
  while (count >= request.min_count &&
         !PoolHasRoomLocked(launch.instance_type, launch.availability_zone,
                            spot ? CapacityMarket::kSpot : CapacityMarket::kOnDemand, count)) {
    --count;
  }
  if (count < request.min_count) {
    if (spot) {
      return Ec2Error("InsufficientInstanceCapacity",
                      "There is no Spot capacity available that matches your request.");
    }
    return Ec2Error(
        "InsufficientInstanceCapacity",
        fmt::format("We currently do not have sufficient {} capacity in the Availability Zone "
                    "you requested ({}). Our system will be working on provisioning additional "
                    "capacity. You can currently get {} capacity by not specifying an "
                    "Availability Zone in your request or choosing other Availability Zones.",
                    launch.instance_type, launch.availability_zone, launch.instance_type));
  }
  if (request.dry_run) return DryRunSucceeded();

  Reservation reservation{NewIdLocked("r-"), state_.owner_id, "", {}};
  for (int n = 0; n < count; ++n) {
    SpotRequestRecord* spot_record = nullptr;
    if (spot) {
      SpotRequestRecord made;
      SpotInstanceRequest& r = made.request;
      r.spot_instance_request_id = NewIdLocked("sir-", 8);
      r.type = spot_options.spot_instance_type.value_or("one-time");
      std::optional<double> max =
          MaxPriceLocked(spot_options.max_price.value_or(""), launch.instance_type);
      r.spot_price = spot_options.max_price.value_or(max ? fmt::format("{:.6f}", *max) : "");
      r.launch_specification = {launch.image_id,  launch.instance_type,
                                launch.key_name,  launch.availability_zone,
                                launch.subnet_id, launch.security_groups};
      r.instance_interruption_behavior =
          spot_options.instance_interruption_behavior.value_or("terminate");
      r.launched_availability_zone = launch.availability_zone;
      r.product_description = "Linux/UNIX";
      r.valid_until = spot_options.valid_until;
      r.create_time = std::chrono::time_point_cast<std::chrono::seconds>(now);
      for (const TagSpecification& tags : request.tag_specifications) {
        if (tags.resource_type == "spot-instances-request") r.tags = tags.tags;
      }
      made.launch = LaunchSpecOf(request);
      made.metadata_options = request.metadata_options;
      made.instance_tags = launch.tags;
      made.client_token = token;
      made.from_run_instances = true;
      const std::string sir = r.spot_instance_request_id;
      spot_record = &state_.spot_requests.emplace(sir, std::move(made)).first->second;
      SetSpotStatusLocked(*spot_record, "active", "fulfilled", now);
    }
    Result<std::string> id =
        LaunchInstanceLocked(launch, reservation.reservation_id, token, spot_record, now);
    if (!id.ok()) {
      if (spot_record != nullptr) {
        const std::string sir = spot_record->request.spot_instance_request_id;
        state_.spot_requests.erase(sir);
        state_.Touch(sir);
      }
      if (reservation.instances.empty()) {
        FlushLocked();
        return id.status();
      }
      break;  // what was launched stays launched, as a partial MinCount success
    }
    TakeCapacityLocked(launch.instance_type, launch.availability_zone,
                       spot ? CapacityMarket::kSpot : CapacityMarket::kOnDemand, 1);
    if (spot_record != nullptr) {
      spot_record->request.instance_id = *id;
      state_.Touch(spot_record->request.spot_instance_request_id);
    }
    reservation.instances.push_back(state_.instances.at(*id).instance);
  }
  if (!token.empty()) {
    state_.RememberClientToken(token_key, reservation.reservation_id);
  }
  FlushLocked();
  return reservation;
}

Result<DescribeInstancesResponse> Ec2Model::DescribeInstances(
    const DescribeInstancesRequest& request) {
  std::lock_guard lock(mu_);
  TickLocked();
  if (request.max_results && !request.instance_ids.empty()) {
    return Ec2Error("InvalidParameterCombination",
                    "The parameter instancesSet cannot be used with the parameter maxResults");
  }
  std::vector<std::string> missing;
  for (const std::string& id : request.instance_ids) {
    if (!WellFormedId(id, "i-")) return MalformedId("InvalidInstanceID.Malformed", id, "i-");
    if (!state_.instances.contains(id)) missing.push_back(id);
  }
  if (!missing.empty()) return InstancesNotFound(missing);
  SPOTRUN_RETURN_IF_ERROR(ValidateFilters(
      request.filters,
      {"instance-id", "instance-state-name", "instance-state-code", "instance-type",
       "availability-zone", "instance-lifecycle", "spot-instance-request-id", "image-id",
       "key-name", "vpc-id", "subnet-id", "private-ip-address", "ip-address", "private-dns-name",
       "reservation-id", "client-token", "architecture", "instance.group-id", "group-id"}));
  if (request.dry_run) return DryRunSucceeded();

  // Keyed "RESERVATION/INSTANCE" so that a page keeps a reservation's instances together.
  std::vector<const InstanceRecord*> matching;
  for (const auto& [id, record] : state_.instances) {
    if (!Selected(request.instance_ids, id)) continue;
    if (!MatchesFilters(request.filters, record.instance.tags, [&](std::string_view name) {
          return InstanceFilterValues(record, name);
        })) {
      continue;
    }
    matching.push_back(&record);
  }
  auto key_of = [](const InstanceRecord* r) {
    return r->reservation_id + "/" + r->instance.instance_id;
  };
  std::sort(matching.begin(), matching.end(),
            [&](auto* a, auto* b) { return key_of(a) < key_of(b); });
  SPOTRUN_ASSIGN_OR_RETURN(
      auto page, Paginate(std::move(matching), key_of, request.max_results, request.next_token));
  DescribeInstancesResponse response;
  response.next_token = std::move(page.second);
  for (const InstanceRecord* record : page.first) {
    if (response.reservations.empty() ||
        response.reservations.back().reservation_id != record->reservation_id) {
      response.reservations.push_back(
          {record->reservation_id, record->owner_id, record->requester_id, {}});
    }
    response.reservations.back().instances.push_back(record->instance);
  }
  return response;
}

namespace {

// Checks that every id is well formed and known; the records, in the order given.
Result<std::vector<InstanceRecord*>> FindInstances(
    std::map<std::string, InstanceRecord, std::less<>>& instances,
    const std::vector<std::string>& ids) {
  if (ids.empty()) {
    return Ec2Error("MissingParameter", "The request must contain the parameter InstanceId");
  }
  std::vector<InstanceRecord*> found;
  std::vector<std::string> missing;
  for (const std::string& id : ids) {
    if (!WellFormedId(id, "i-")) return MalformedId("InvalidInstanceID.Malformed", id, "i-");
    auto it = instances.find(id);
    if (it == instances.end()) {
      missing.push_back(id);
    } else {
      found.push_back(&it->second);
    }
  }
  if (!missing.empty()) return InstancesNotFound(missing);
  return found;
}

}  // namespace

Result<std::vector<InstanceStateChange>> Ec2Model::StartInstances(
    const StartInstancesRequest& request) {
  std::lock_guard lock(mu_);
  TickLocked();
  const TimePoint now = deps_.clock.Now();
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<InstanceRecord*> records,
                           FindInstances(state_.instances, request.instance_ids));
  std::map<std::string, int> wanted;  // pool → instances to start there
  for (InstanceRecord* record : records) {
    const Instance& i = record->instance;
    if (i.state.code == 80) {
      ++wanted[PoolKey(i.instance_type, i.availability_zone)];
    } else if (!IsLive(i.state)) {
      return Ec2Error("IncorrectInstanceState",
                      fmt::format("The instance '{}' is not in a state from which it can be "
                                  "started.",
                                  i.instance_id));
    }
  }
  for (InstanceRecord* record : records) {
    const Instance& i = record->instance;
    auto pool = wanted.find(PoolKey(i.instance_type, i.availability_zone));
    if (pool != wanted.end() &&
        !PoolHasRoomLocked(i.instance_type, i.availability_zone, MarketOf(i), pool->second)) {
      return Ec2Error("InsufficientInstanceCapacity",
                      fmt::format("Insufficient capacity. We currently do not have sufficient "
                                  "{} capacity in the Availability Zone you requested ({}).",
                                  i.instance_type, i.availability_zone));
    }
  }
  if (request.dry_run) return DryRunSucceeded();
  std::vector<InstanceStateChange> changes;
  for (InstanceRecord* record : records) {
    InstanceStateChange change{record->instance.instance_id, {}, record->instance.state};
    if (record->instance.state.code == 80) {
      Status started = StartInstanceLocked(*record, now);
      if (!started.ok()) {
        FlushLocked();
        return started;
      }
      OnSpotInstanceChangedLocked(*record, "start", now);
    }
    change.current_state = record->instance.state;
    changes.push_back(std::move(change));
  }
  FlushLocked();
  return changes;
}

Result<std::vector<InstanceStateChange>> Ec2Model::StopInstances(
    const StopInstancesRequest& request) {
  std::lock_guard lock(mu_);
  TickLocked();
  const TimePoint now = deps_.clock.Now();
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<InstanceRecord*> records,
                           FindInstances(state_.instances, request.instance_ids));
  for (InstanceRecord* record : records) {
    const Instance& i = record->instance;
    if (i.state.code == 32 || i.state.code == 48) {
      return Ec2Error("IncorrectInstanceState",
                      fmt::format("This instance '{}' is not in a state from which it can be "
                                  "stopped.",
                                  i.instance_id));
    }
    if (i.IsSpot()) {
      auto sir = state_.spot_requests.find(i.spot_instance_request_id);
      if (sir != state_.spot_requests.end() && sir->second.request.type == "one-time") {
        return Ec2Error(
            "UnsupportedOperation",
            fmt::format("You can't stop the Spot Instance '{}' because it is associated with a "
                        "one-time Spot Instance request. You can only stop Spot Instances "
                        "associated with persistent Spot Instance requests.",
                        i.instance_id));
      }
    }
  }
  if (request.dry_run) return DryRunSucceeded();
  const bool hibernate = request.hibernate.value_or(false);
  std::vector<InstanceStateChange> changes;
  for (InstanceRecord* record : records) {
    InstanceStateChange change{record->instance.instance_id, {}, record->instance.state};
    if (IsLive(record->instance.state)) {
      StateReason reason =
          hibernate ? StateReason{"Client.UserInitiatedHibernate",
                                  "Client.UserInitiatedHibernate: User initiated hibernate"}
                    : StateReason{"Client.UserInitiatedShutdown",
                                  "Client.UserInitiatedShutdown: User initiated shutdown"};
      BeginStopLocked(*record, hibernate, std::move(reason), now);
      OnSpotInstanceChangedLocked(*record, "stop", now);
    }
    change.current_state = record->instance.state;
    changes.push_back(std::move(change));
  }
  FlushLocked();
  return changes;
}

Result<std::vector<InstanceStateChange>> Ec2Model::TerminateInstances(
    const TerminateInstancesRequest& request) {
  std::lock_guard lock(mu_);
  TickLocked();
  const TimePoint now = deps_.clock.Now();
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<InstanceRecord*> records,
                           FindInstances(state_.instances, request.instance_ids));
  if (request.dry_run) return DryRunSucceeded();
  std::vector<InstanceStateChange> changes;
  for (InstanceRecord* record : records) {
    InstanceStateChange change{record->instance.instance_id, {}, record->instance.state};
    if (record->instance.state.code != 32 && record->instance.state.code != 48) {
      BeginTerminateLocked(
          *record,
          {"Client.UserInitiatedShutdown", "Client.UserInitiatedShutdown: User initiated shutdown"},
          now);
      OnSpotInstanceChangedLocked(*record, "terminate", now);
    }
    change.current_state = record->instance.state;
    changes.push_back(std::move(change));
  }
  FlushLocked();
  return changes;
}

Status Ec2Model::RebootInstances(const RebootInstancesRequest& request) {
  std::lock_guard lock(mu_);
  TickLocked();
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<InstanceRecord*> records,
                           FindInstances(state_.instances, request.instance_ids));
  for (InstanceRecord* record : records) {
    if (!IsLive(record->instance.state)) {
      return Ec2Error("IncorrectInstanceState",
                      fmt::format("The instance '{}' is not in a state from which it can be "
                                  "rebooted.",
                                  record->instance.instance_id));
    }
  }
  if (request.dry_run) return DryRunSucceeded();
  // A reboot ends every process and boots again; the root, the address and the state stay.
  for (InstanceRecord* record : records) {
    const std::string& id = record->instance.instance_id;
    Status stopped = deps_.runtime.Stop(id);
    if (stopped.ok()) stopped = BootInstanceLocked(*record, "");
    if (!stopped.ok()) LogError("local cloud: rebooting {} failed: {}", id, stopped.ToString());
    PublishSshPortLocked(*record);
    state_.Touch(id);
  }
  return Status::Ok();
}

Status Ec2Model::ModifyInstanceAttribute(const ModifyInstanceAttributeRequest& request) {
  std::lock_guard lock(mu_);
  TickLocked();
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<InstanceRecord*> records,
                           FindInstances(state_.instances, {request.instance_id}));
  InstanceRecord& record = *records.front();
  if (!request.instance_type) {
    return Ec2Error("MissingParameter", "The request must contain the parameter InstanceType");
  }
  if (!deps_.market.instance_types().Find(*request.instance_type).ok()) {
    return Ec2Error("InvalidInstanceAttributeValue",
                    fmt::format("The instanceType '{}' is invalid.", *request.instance_type));
  }
  if (record.instance.state.code != 80) {
    return Ec2Error("IncorrectInstanceState",
                    fmt::format("The instance '{}' is not in the 'stopped' state.",
                                record.instance.instance_id));
  }
  if (request.dry_run) return DryRunSucceeded();
  record.instance.instance_type = *request.instance_type;
  state_.Touch(record.instance.instance_id);
  FlushLocked();
  return Status::Ok();
}

// ---- time and restarts ---------------------------------------------------------------------

void Ec2Model::TickInstancesLocked(TimePoint now) {
  for (auto it = state_.instances.begin(); it != state_.instances.end();) {
    InstanceRecord& record = it->second;
    Instance& i = record.instance;
    bool changed = false;
    if (i.state.code == 0 && record.running_at && *record.running_at <= now) {
      i.state = Running();
      record.running_at.reset();
      PublishSshPortLocked(record);
      changed = true;
    } else if (i.state.code == 64 && record.transition_at && *record.transition_at <= now) {
      i.state = Stopped();
      record.transition_at.reset();
      changed = true;
    } else if (i.state.code == 32 && record.transition_at && *record.transition_at <= now) {
      i.state = Terminated();
      record.terminated_at = *record.transition_at;
      record.transition_at.reset();
      changed = true;
    } else if (i.state.code == 48 && record.terminated_at &&
               *record.terminated_at + kForgetTerminatedAfter <= now) {
      state_.Touch(it->first);
      interrupt_causes_.erase(it->first);
      it = state_.instances.erase(it);
      continue;
    }
    if (changed) state_.Touch(it->first);
    ++it;
  }
}

Status Ec2Model::RecoverInstancesLocked() {
  const TimePoint now = deps_.clock.Now();
  for (auto& [id, record] : state_.instances) {
    Instance& i = record.instance;
    const bool holds_address = i.state.code != 32 && i.state.code != 48;
    if (deps_.addresses != nullptr && holds_address && !i.private_ip_address.empty()) {
      Status reserved = deps_.addresses->Reserve(i.private_ip_address);
      if (!reserved.ok() && reserved.kind() != ErrorKind::kAlreadyExists) {
        LogWarning("local cloud: instance {} keeps address {}: {}", id, i.private_ip_address,
                   reserved.ToString());
      }
    }
    if (IsLive(i.state)) {
      // The host restarted: the processes are gone, the root is kept; user data does not
      // run again (the runtime remembers it ran).
      Status booted = BootInstanceLocked(record, "");
      if (!booted.ok()) {
        LogError("local cloud: booting {} again failed: {}", id, booted.ToString());
      }
    } else if (i.state.code == 64 || i.state.code == 80) {
      (void)deps_.runtime.Stop(id);
      record.hibernating = false;  // memory does not survive a restart
    } else if (i.state.code == 32) {
      (void)deps_.runtime.Terminate(id, false);
    }
    state_.Touch(id);
  }
  TickInstancesLocked(now);
  return Status::Ok();
}

}  // namespace spotrun
