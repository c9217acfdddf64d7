// Ec2Model as the ImdsSource: what each instance's metadata service shows, built from the
// instance's record at the moment of the request (so an interruption notice appears at
// spot/instance-action as soon as it is due).
#include <fmt/format.h>

#include <thread>

#include "localcloud/ec2_model.h"

namespace spotrun {
namespace {

std::string Seconds(TimePoint t) {
  return FormatIso8601(std::chrono::time_point_cast<std::chrono::seconds>(t));
}

std::string IdentityDocument(const InstanceRecord& record, std::string_view region) {
  const Instance& i = record.instance;
  return fmt::format(
      "{{\n"
      "  \"accountId\" : \"{}\",\n"
      "  \"architecture\" : \"{}\",\n"
      "  \"availabilityZone\" : \"{}\",\n"
      "  \"billingProducts\" : null,\n"
      "  \"devpayProductCodes\" : null,\n"
      "  \"marketplaceProductCodes\" : null,\n"
      "  \"imageId\" : \"{}\",\n"
      "  \"instanceId\" : \"{}\",\n"
      "  \"instanceType\" : \"{}\",\n"
      "  \"kernelId\" : null,\n"
      "  \"pendingTime\" : \"{}\",\n"
      "  \"privateIp\" : \"{}\",\n"
      "  \"ramdiskId\" : null,\n"
      "  \"region\" : \"{}\",\n"
      "  \"version\" : \"2017-09-30\"\n"
      "}}",
      record.owner_id, i.architecture, i.availability_zone, i.image_id, i.instance_id,
      i.instance_type, i.launch_time ? Seconds(*i.launch_time) : "", i.private_ip_address, region);
}

std::string DeviceLeaf(std::string_view device) {
  return std::string(device.starts_with("/dev/") ? device.substr(5) : device);
}

}  // namespace

std::optional<ImdsView> Ec2Model::Lookup(std::string_view instance_id) {
  // The model holds mu_ while it stops an instance's IMDS listener, which waits for this
  // request's thread: give up on an instance being stopped instead of waiting for mu_.
  std::unique_lock lock(mu_, std::try_to_lock);
  while (!lock.owns_lock()) {
    {
      std::lock_guard stopping(imds_stopping_mu_);
      if (imds_stopping_.contains(instance_id)) return std::nullopt;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    lock.try_lock();
  }
  auto it = state_.instances.find(instance_id);
  if (it == state_.instances.end()) return std::nullopt;
  const InstanceRecord& record = it->second;
  const Instance& i = record.instance;
  const TimePoint now = deps_.clock.Now();

  ImdsView view;
  view.http_tokens_required = i.metadata_options.http_tokens != "optional";
  auto& e = view.entries;
  e["meta-data/instance-id"] = i.instance_id;
  e["meta-data/instance-type"] = i.instance_type;
  e["meta-data/ami-id"] = i.image_id;
  e["meta-data/ami-launch-index"] = "0";
  e["meta-data/reservation-id"] = record.reservation_id;
  e["meta-data/instance-life-cycle"] = i.IsSpot() ? "spot" : "on-demand";
  e["meta-data/placement/availability-zone"] = i.availability_zone;
  e["meta-data/placement/region"] = state_.region;
  for (const auto& [id, subnet] : state_.subnets) {
    if (id == i.subnet_id && !subnet.availability_zone_id.empty()) {
      e["meta-data/placement/availability-zone-id"] = subnet.availability_zone_id;
    }
  }
  if (!i.private_ip_address.empty()) {
    e["meta-data/local-ipv4"] = i.private_ip_address;
    e["meta-data/hostname"] = i.private_dns_name;
    e["meta-data/local-hostname"] = i.private_dns_name;
  }
  if (!i.public_ip_address.empty()) {
    e["meta-data/public-ipv4"] = i.public_ip_address;
    e["meta-data/public-hostname"] = i.public_dns_name;
  }
  std::string groups;
  for (const GroupIdentifier& group : i.security_groups) {
    if (!groups.empty()) groups += '\n';
    groups += group.group_name;
  }
  if (!groups.empty()) e["meta-data/security-groups"] = groups;
  if (!record.authorized_key.empty()) {
    e["meta-data/public-keys/"] = "0=" + i.key_name;
    e["meta-data/public-keys/0/openssh-key"] = record.authorized_key;
  }
  if (!i.root_device_name.empty()) {
    e["meta-data/block-device-mapping/ami"] = i.root_device_name;
    e["meta-data/block-device-mapping/root"] = i.root_device_name;
  }
  int ebs = 1;
  for (const InstanceBlockDeviceMapping& mapping : i.block_device_mappings) {
    if (mapping.device_name == i.root_device_name) continue;
    e[fmt::format("meta-data/block-device-mapping/ebs{}", ebs++)] = DeviceLeaf(mapping.device_name);
  }
  if (!record.user_data.empty()) e["user-data"] = record.user_data;
  e["dynamic/instance-identity/document"] = IdentityDocument(record, state_.region);

  if (record.rebalance_at && *record.rebalance_at <= now) {
    e["meta-data/events/recommendations/rebalance"] =
        fmt::format("{{\"noticeTime\": \"{}\"}}", Seconds(*record.rebalance_at));
  }
  if (record.notice_at && record.interrupt_at && *record.notice_at <= now) {
    e["meta-data/spot/instance-action"] =
        fmt::format("{{\"action\": \"{}\", \"time\": \"{}\"}}", record.interrupt_action,
                    Seconds(*record.interrupt_at));
    e["meta-data/spot/termination-time"] = Seconds(*record.interrupt_at);
  }
  return view;
}

}  // namespace spotrun
