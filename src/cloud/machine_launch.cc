#include "cloud/machine_launch.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>

#include "aws/client_token.h"
#include "cloud/image_resolver.h"
#include "cloud/launch_instance_type.h"
#include "cloud/launch_prerequisites.h"
#include "cloud/launch_zones.h"
#include "cloud/managed_tags.h"
#include "cloud/ssh_readiness.h"

namespace spotrun {
namespace {

bool IsNameCharacter(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
         c == '@';
}

Status ValidateSpec(const MachineLaunchSpec& spec) {
  SPOTRUN_RETURN_IF_ERROR(ValidateMachineName(spec.name));
  if (!spec.spot && (spec.persistent || spec.max_price || !spec.interruption.empty())) {
    return Status::InvalidArgument(
        "--persistent, --max-price and --interruption are for spot machines",
        "leave out --on-demand, or those flags");
  }
  if (!spec.interruption.empty() && spec.interruption != "terminate" &&
      spec.interruption != "stop" && spec.interruption != "hibernate") {
    return Status::InvalidArgument(
        fmt::format("--interruption {} is not one of terminate, stop, hibernate",
                    spec.interruption),
        "say what AWS does when it takes the machine back: --interruption stop keeps its disk");
  }
  if (spec.persistent && spec.interruption == "terminate") {
    return Status::InvalidArgument(
        "a persistent spot request cannot terminate its machine on interruption",
        "use --interruption stop (the default with --persistent) or hibernate");
  }
  if (spec.disk_gib && (*spec.disk_gib < 1 || *spec.disk_gib > 16384)) {
    return Status::InvalidArgument(fmt::format("--disk {} is not 1 … 16384 GiB", *spec.disk_gib));
  }
  if (spec.iops && (*spec.iops < 3000 || *spec.iops > 16000)) {
    return Status::InvalidArgument(fmt::format("--iops {} is not 3000 … 16000", *spec.iops),
                                   "gp3 volumes take 3000 (their baseline) to 16000 iops");
  }
  return Status::Ok();
}

std::string InterruptionOf(const MachineLaunchSpec& spec) {
  if (!spec.interruption.empty()) return spec.interruption;
  return spec.persistent ? "stop" : "terminate";
}

RunInstancesRequest BuildRequest(const MachineLaunchSpec& spec, const Image& image,
                                 const SshIdentity& identity, const std::string& group_id) {
  RunInstancesRequest request{.image_id = image.image_id,
                              .instance_type = spec.instance_type,
                              .min_count = 1,
                              .max_count = 1,
                              .key_name = identity.key_pair_name,
                              .security_group_ids = {group_id}};
  if (!spec.user_data.empty()) request.user_data = spec.user_data;
  EbsBlockDevice root{.volume_size = spec.disk_gib,
                      .volume_type = "gp3",
                      .iops = spec.iops,
                      .encrypted = true,
                      .delete_on_termination = true};
  request.block_device_mappings = {
      {.device_name = image.root_device_name.empty() ? "/dev/sda1" : image.root_device_name,
       .ebs = root}};
  request.tag_specifications = {{"instance", ManagedTags(spec.name)},
                                {"volume", ManagedTags(spec.name, spec.name)}};
  if (spec.spot) {
    request.tag_specifications.push_back(
        {"spot-instances-request", ManagedTags(spec.name, spec.name)});
    request.instance_market_options = InstanceMarketOptionsRequest{
        .market_type = "spot",
        .spot_options =
            SpotMarketOptions{.max_price = spec.max_price,
                              .spot_instance_type = spec.persistent ? "persistent" : "one-time",
                              .instance_interruption_behavior = InterruptionOf(spec)}};
  }
  request.metadata_options.http_tokens = "required";
  return request;
}

bool IsCapacityError(const Status& status) {
  return status.code() == "InsufficientInstanceCapacity" || status.code() == "InsufficientCapacity";
}

// The outcome of a call that failed this way is unknown: it may have taken effect.
bool MayHaveTakenEffect(const Status& status) {
  return status.kind() == ErrorKind::kUnavailable || status.kind() == ErrorKind::kInternal ||
         status.kind() == ErrorKind::kDeadlineExceeded;
}

}  // namespace

Status ValidateMachineName(std::string_view name) {
  const bool valid = !name.empty() && name.size() <= 128 &&
                     std::all_of(name.begin(), name.end(), IsNameCharacter) &&
                     !name.starts_with("i-") && name.front() != '-';
  if (valid) return Status::Ok();
  return Status::InvalidArgument(
      fmt::format("\"{}\" cannot be a machine name", name),
      "use letters, digits and - _ . @ (up to 128), not starting with i- or -, e.g. trainer-1");
}

MachineLauncher::MachineLauncher(Ec2Api& ec2, Clock& clock,
                                 const market::InstanceTypeCatalog& catalog, Options options)
    : ec2_(ec2), clock_(clock), catalog_(catalog), options_(std::move(options)) {
  if (!options_.ssh_ready) {
    options_.ssh_ready = [](const Instance& i) {
      return SshReady(i, std::chrono::milliseconds(2000));
    };
  }
  if (!options_.new_client_token) options_.new_client_token = [] { return RandomClientToken(); };
}

void MachineLauncher::Stage(std::string_view stage) {
  if (options_.on_stage) options_.on_stage(stage);
}

Status MachineLauncher::CheckNameIsFree(std::string_view name) {
  SPOTRUN_ASSIGN_OR_RETURN(
      DescribeInstancesResponse found,
      ec2_.DescribeInstances(
          {.filters = {{"tag:" + std::string(kNameTag), {std::string(name)}},
                       {"tag-key", {std::string(kManagedTag)}},
                       {"instance-state-name", {"pending", "running", "stopping", "stopped"}}}}));
  std::vector<Machine> machines = MachinesOf(found.reservations);
  if (machines.empty()) return Status::Ok();
  const Machine& m = machines.front();
  return Status::AlreadyExists(
      fmt::format("a machine named \"{}\" exists already ({}, {})", name, m.id(), m.state()),
      fmt::format("choose another name, or `spotrun terminate {}` first", name));
}

Result<Instance> MachineLauncher::RunInZone(const RunInstancesRequest& request) {
  Result<Reservation> reservation = ec2_.RunInstances(request);
  if (reservation.ok() && !reservation->instances.empty()) return reservation->instances.front();
  Status failed = reservation.ok() ? Status::Internal("RunInstances answered without an instance")
                                   : reservation.status();
  if (MayHaveTakenEffect(failed) && request.client_token) {
    // Nothing half-done: whatever the call made under its token goes.
    Result<DescribeInstancesResponse> made =
        ec2_.DescribeInstances({.filters = {{"client-token", {*request.client_token}}}});
    if (made.ok()) {
      for (const Instance& instance : InstancesOf(made->reservations)) Abandon(instance);
    }
  }
  return failed;
}

void MachineLauncher::Abandon(const Instance& instance) {
  if (!instance.spot_instance_request_id.empty()) {
    (void)ec2_.CancelSpotInstanceRequests(
        {.spot_instance_request_ids = {instance.spot_instance_request_id}});
  }
  (void)ec2_.TerminateInstances({.instance_ids = {instance.instance_id}});
}

Result<Instance> MachineLauncher::WaitUntilRunning(const Instance& launched, TimePoint deadline) {
  Instance instance = launched;
  while (true) {
    const std::string& state = instance.state.name;
    if (state == "running") return instance;
    if (state != "pending") {
      Abandon(instance);
      std::string reason = instance.state_reason ? instance.state_reason->message : "";
      return Status::FailedPrecondition(
          fmt::format("{} went {} instead of running{}{}", instance.instance_id, state,
                      reason.empty() ? "" : ": ", reason),
          "spotrun cancelled its request and terminated it; launch again, perhaps with "
          "another --type or --on-demand");
    }
    Stage("pending");
    if (clock_.Now() >= deadline) {
      Abandon(instance);
      return Status::DeadlineExceeded(
          fmt::format("{} was still pending when the wait ended", instance.instance_id),
          "spotrun cancelled its request and terminated it; launch again later");
    }
    clock_.Sleep(options_.poll_interval);
    Result<DescribeInstancesResponse> described =
        ec2_.DescribeInstances({.instance_ids = {instance.instance_id}});
    if (!described.ok()) {
      // Right after RunInstances EC2 may not know the id yet (eventual consistency).
      if (described.status().code() == "InvalidInstanceID.NotFound") continue;
      return described.status();
    }
    std::vector<Instance> instances = InstancesOf(described->reservations);
    if (!instances.empty()) instance = instances.front();
  }
}

Result<Instance> MachineLauncher::WaitUntilSshReady(const Instance& running, TimePoint deadline) {
  while (true) {
    Stage("running");
    if (options_.ssh_ready(running)) break;
    if (clock_.Now() >= deadline) {
      const std::string label = MachineOf(running).label();
      return Status::DeadlineExceeded(
          fmt::format("{} is running but its ssh did not answer in time", label),
          fmt::format("it may still be booting: try `spotrun ssh {0}` in a minute, or `spotrun "
                      "terminate {0}`",
                      label));
    }
    clock_.Sleep(options_.poll_interval);
  }
  Stage("ssh ready");
  return running;
}

Result<Machine> MachineLauncher::Launch(const MachineLaunchSpec& spec,
                                        const SshIdentity& identity) {
  SPOTRUN_RETURN_IF_ERROR(ValidateSpec(spec));
  SPOTRUN_RETURN_IF_ERROR(CheckNameIsFree(spec.name));
  SPOTRUN_ASSIGN_OR_RETURN(InstanceTypeInfo type,
                           DescribeLaunchType(ec2_, catalog_, spec.instance_type));
  if (spec.spot && !type.supported_usage_classes.empty() && !type.SupportsSpot()) {
    return Status::InvalidArgument(fmt::format("{} is not sold as spot", spec.instance_type),
                                   "launch it with --on-demand, or choose another type");
  }
  SPOTRUN_ASSIGN_OR_RETURN(DefaultNetwork network, FindDefaultNetwork(ec2_));
  SPOTRUN_ASSIGN_OR_RETURN(
      std::vector<LaunchZone> zones,
      LaunchZones(ec2_, network, spec.instance_type, spec.spot, spec.zone, clock_.Now()));
  SPOTRUN_ASSIGN_OR_RETURN(Image image, ResolveImage(ec2_, spec.image, LaunchArchitecture(type)));
  SPOTRUN_RETURN_IF_ERROR(EnsureKeyPair(ec2_, identity));
  SPOTRUN_ASSIGN_OR_RETURN(std::string group_id,
                           EnsureSshSecurityGroup(ec2_, network.vpc_id, spec.ssh_cidr));

  Stage("requested");
  const TimePoint deadline = clock_.Now() + options_.timeout;
  RunInstancesRequest request = BuildRequest(spec, image, identity, group_id);
  std::vector<std::string> full;
  std::optional<Instance> launched;
  for (const LaunchZone& zone : zones) {
    request.subnet_id = zone.subnet_id;
    request.client_token = options_.new_client_token();
    Result<Instance> instance = RunInZone(request);
    if (instance.ok()) {
      launched = *instance;
      break;
    }
    if (!IsCapacityError(instance.status())) return instance.status();
    full.push_back(zone.zone);
  }
  if (!launched) {
    std::vector<std::string> similar = SimilarInstanceTypes(catalog_, spec.instance_type);
    std::string alternatives =
        similar.empty() ? "another --type" : fmt::format("--type {}", fmt::join(similar, " or "));
    return Status::FailedPrecondition(
        fmt::format("EC2 has no {} {} capacity in {} right now", spec.spot ? "spot" : "on-demand",
                    spec.instance_type, fmt::join(full, ", ")),
        spec.spot ? fmt::format("try {}, or --on-demand; nothing was left running", alternatives)
                  : fmt::format("try {}, or later; nothing was left running", alternatives));
  }
  if (!options_.wait) return MachineOf(*launched);
  SPOTRUN_ASSIGN_OR_RETURN(Instance running, WaitUntilRunning(*launched, deadline));
  SPOTRUN_ASSIGN_OR_RETURN(Instance ready, WaitUntilSshReady(running, deadline));
  return MachineOf(ready);
}

}  // namespace spotrun
