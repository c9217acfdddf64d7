#include "localcloud/ec2_state_json.h"

#include <fmt/format.h>

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include "base/base64.h"

namespace spotrun {
namespace {

using nlohmann::json;

// Raw bytes (user data) are kept base64, as JSON strings must be UTF-8. `S` is std::string or
// std::optional<std::string>.
template <typename S>
struct Base64Of {
  S* bytes;
};
template <typename S>
Base64Of<S> AsBase64(S& bytes) {
  return {&bytes};
}

// ---- Members: each struct's members listed once, for writing and reading alike -----------
// Fields(v, x) calls v("name", x.member) for every member; the name is the JSON key.

template <typename V>
void Fields(V& v, Tag& x) {
  v("key", x.key);
  v("value", x.value);
}

template <typename V>
void Fields(V& v, GroupIdentifier& x) {
  v("group_id", x.group_id);
  v("group_name", x.group_name);
}

template <typename V>
void Fields(V& v, StateReason& x) {
  v("code", x.code);
  v("message", x.message);
}

template <typename V>
void Fields(V& v, EbsBlockDevice& x) {
  v("volume_size", x.volume_size);
  v("volume_type", x.volume_type);
  v("iops", x.iops);
  v("throughput", x.throughput);
  v("encrypted", x.encrypted);
  v("delete_on_termination", x.delete_on_termination);
  v("snapshot_id", x.snapshot_id);
  v("kms_key_id", x.kms_key_id);
}

template <typename V>
void Fields(V& v, BlockDeviceMapping& x) {
  v("device_name", x.device_name);
  v("ebs", x.ebs);
  v("virtual_name", x.virtual_name);
  v("no_device", x.no_device);
}

template <typename V>
void Fields(V& v, InstanceBlockDeviceMapping& x) {
  v("device_name", x.device_name);
  v("volume_id", x.volume_id);
  v("status", x.status);
  v("attach_time", x.attach_time);
  v("delete_on_termination", x.delete_on_termination);
}

template <typename V>
void Fields(V& v, InstanceState& x) {
  v("code", x.code);
  v("name", x.name);
}

template <typename V>
void Fields(V& v, InstanceMetadataOptions& x) {
  v("state", x.state);
  v("http_tokens", x.http_tokens);
  v("http_endpoint", x.http_endpoint);
  v("http_put_response_hop_limit", x.http_put_response_hop_limit);
}

template <typename V>
void Fields(V& v, IamInstanceProfile& x) {
  v("arn", x.arn);
  v("id", x.id);
}

template <typename V>
void Fields(V& v, Instance& x) {
  v("instance_id", x.instance_id);
  v("instance_type", x.instance_type);
  v("state", x.state);
  v("image_id", x.image_id);
  v("key_name", x.key_name);
  v("launch_time", x.launch_time);
  v("availability_zone", x.availability_zone);
  v("private_ip_address", x.private_ip_address);
  v("public_ip_address", x.public_ip_address);
  v("private_dns_name", x.private_dns_name);
  v("public_dns_name", x.public_dns_name);
  v("subnet_id", x.subnet_id);
  v("vpc_id", x.vpc_id);
  v("instance_lifecycle", x.instance_lifecycle);
  v("spot_instance_request_id", x.spot_instance_request_id);
  v("security_groups", x.security_groups);
  v("tags", x.tags);
  v("block_device_mappings", x.block_device_mappings);
  v("metadata_options", x.metadata_options);
  v("state_transition_reason", x.state_transition_reason);
  v("state_reason", x.state_reason);
  v("architecture", x.architecture);
  v("iam_instance_profile", x.iam_instance_profile);
  v("root_device_name", x.root_device_name);
  v("root_device_type", x.root_device_type);
  v("platform_details", x.platform_details);
  v("client_token", x.client_token);
}

template <typename V>
void Fields(V& v, SpotInstanceStatus& x) {
  v("code", x.code);
  v("message", x.message);
  v("update_time", x.update_time);
}

template <typename V>
void Fields(V& v, SpotLaunchSpecification& x) {
  v("image_id", x.image_id);
  v("instance_type", x.instance_type);
  v("key_name", x.key_name);
  v("availability_zone", x.availability_zone);
  v("subnet_id", x.subnet_id);
  v("security_groups", x.security_groups);
}

template <typename V>
void Fields(V& v, SpotInstanceRequest& x) {
  v("spot_instance_request_id", x.spot_instance_request_id);
  v("state", x.state);
  v("status", x.status);
  v("type", x.type);
  v("spot_price", x.spot_price);
  v("instance_id", x.instance_id);
  v("launch_specification", x.launch_specification);
  v("instance_interruption_behavior", x.instance_interruption_behavior);
  v("launched_availability_zone", x.launched_availability_zone);
  v("product_description", x.product_description);
  v("valid_until", x.valid_until);
  v("create_time", x.create_time);
  v("fault", x.fault);
  v("tags", x.tags);
}

template <typename V>
void Fields(V& v, Image& x) {
  v("image_id", x.image_id);
  v("name", x.name);
  v("description", x.description);
  v("state", x.state);
  v("owner_id", x.owner_id);
  v("architecture", x.architecture);
  v("creation_date", x.creation_date);
  v("root_device_name", x.root_device_name);
  v("root_device_type", x.root_device_type);
  v("virtualization_type", x.virtualization_type);
  v("platform_details", x.platform_details);
  v("is_public", x.is_public);
  v("state_reason", x.state_reason);
  v("block_device_mappings", x.block_device_mappings);
  v("tags", x.tags);
}

template <typename V>
void Fields(V& v, VolumeAttachment& x) {
  v("volume_id", x.volume_id);
  v("instance_id", x.instance_id);
  v("device", x.device);
  v("state", x.state);
  v("attach_time", x.attach_time);
  v("delete_on_termination", x.delete_on_termination);
}

template <typename V>
void Fields(V& v, Volume& x) {
  v("volume_id", x.volume_id);
  v("size", x.size);
  v("volume_type", x.volume_type);
  v("state", x.state);
  v("availability_zone", x.availability_zone);
  v("create_time", x.create_time);
  v("encrypted", x.encrypted);
  v("iops", x.iops);
  v("throughput", x.throughput);
  v("snapshot_id", x.snapshot_id);
  v("attachments", x.attachments);
  v("tags", x.tags);
}

template <typename V>
void Fields(V& v, Snapshot& x) {
  v("snapshot_id", x.snapshot_id);
  v("volume_id", x.volume_id);
  v("volume_size", x.volume_size);
  v("state", x.state);
  v("state_message", x.state_message);
  v("progress", x.progress);
  v("start_time", x.start_time);
  v("description", x.description);
  v("owner_id", x.owner_id);
  v("encrypted", x.encrypted);
  v("tags", x.tags);
}

template <typename V>
void Fields(V& v, KeyPairInfo& x) {
  v("key_pair_id", x.key_pair_id);
  v("key_name", x.key_name);
  v("key_fingerprint", x.key_fingerprint);
  v("key_type", x.key_type);
  v("public_key", x.public_key);
  v("create_time", x.create_time);
  v("tags", x.tags);
}

template <typename V>
void Fields(V& v, IpRange& x) {
  v("cidr_ip", x.cidr_ip);
  v("description", x.description);
}

template <typename V>
void Fields(V& v, IpPermission& x) {
  v("ip_protocol", x.ip_protocol);
  v("from_port", x.from_port);
  v("to_port", x.to_port);
  v("ip_ranges", x.ip_ranges);
}

template <typename V>
void Fields(V& v, SecurityGroup& x) {
  v("group_id", x.group_id);
  v("group_name", x.group_name);
  v("description", x.description);
  v("vpc_id", x.vpc_id);
  v("owner_id", x.owner_id);
  v("ip_permissions", x.ip_permissions);
  v("ip_permissions_egress", x.ip_permissions_egress);
  v("tags", x.tags);
}

template <typename V>
void Fields(V& v, Vpc& x) {
  v("vpc_id", x.vpc_id);
  v("cidr_block", x.cidr_block);
  v("state", x.state);
  v("is_default", x.is_default);
  v("owner_id", x.owner_id);
  v("tags", x.tags);
}

template <typename V>
void Fields(V& v, Subnet& x) {
  v("subnet_id", x.subnet_id);
  v("vpc_id", x.vpc_id);
  v("availability_zone", x.availability_zone);
  v("availability_zone_id", x.availability_zone_id);
  v("cidr_block", x.cidr_block);
  v("state", x.state);
  v("available_ip_address_count", x.available_ip_address_count);
  v("default_for_az", x.default_for_az);
  v("map_public_ip_on_launch", x.map_public_ip_on_launch);
  v("tags", x.tags);
}

template <typename V>
void Fields(V& v, IamInstanceProfileSpecification& x) {
  v("arn", x.arn);
  v("name", x.name);
}

template <typename V>
void Fields(V& v, RequestSpotLaunchSpecification& x) {
  v("image_id", x.image_id);
  v("instance_type", x.instance_type);
  v("key_name", x.key_name);
  v("security_group_ids", x.security_group_ids);
  v("subnet_id", x.subnet_id);
  v("availability_zone", x.availability_zone);
  v("user_data_base64", AsBase64(x.user_data));
  v("iam_instance_profile", x.iam_instance_profile);
  v("block_device_mappings", x.block_device_mappings);
  v("ebs_optimized", x.ebs_optimized);
}

template <typename V>
void Fields(V& v, InstanceMetadataOptionsRequest& x) {
  v("http_tokens", x.http_tokens);
  v("http_endpoint", x.http_endpoint);
  v("http_put_response_hop_limit", x.http_put_response_hop_limit);
  v("instance_metadata_tags", x.instance_metadata_tags);
}

template <typename V>
void Fields(V& v, InstanceRecord& x) {
  v("instance", x.instance);
  v("reservation_id", x.reservation_id);
  v("owner_id", x.owner_id);
  v("requester_id", x.requester_id);
  v("user_data_base64", AsBase64(x.user_data));
  v("authorized_key", x.authorized_key);
  v("instance_initiated_shutdown_behavior", x.instance_initiated_shutdown_behavior);
  v("interruption_behavior", x.interruption_behavior);
  v("spot_max_price", x.spot_max_price);
  v("running_at", x.running_at);
  v("transition_at", x.transition_at);
  v("hibernating", x.hibernating);
  v("rebalance_at", x.rebalance_at);
  v("notice_at", x.notice_at);
  v("interrupt_at", x.interrupt_at);
  v("interrupt_action", x.interrupt_action);
  v("terminated_at", x.terminated_at);
}

template <typename V>
void Fields(V& v, SpotRequestRecord& x) {
  v("request", x.request);
  v("launch", x.launch);
  v("metadata_options", x.metadata_options);
  v("instance_tags", x.instance_tags);
  v("client_token", x.client_token);
  v("from_run_instances", x.from_run_instances);
}

template <typename V>
void Fields(V& v, ImageRecord& x) {
  v("image", x.image);
  v("root_snapshot_id", x.root_snapshot_id);
}

template <typename V>
void Fields(V& v, VolumeRecord& x) {
  v("volume", x.volume);
  v("dir", x.dir);
}

template <typename V>
void Fields(V& v, SnapshotRecord& x) {
  v("snapshot", x.snapshot);
  v("dir", x.dir);
}

template <typename V>
void Fields(V& v, KeyPairRecord& x) {
  v("key_pair", x.key_pair);
}

template <typename V>
void Fields(V& v, PoolCapacity& x) {
  v("available", x.available);
  v("spot", x.spot);
  v("on_demand", x.on_demand);
}

// ---- Values ---------------------------------------------------------------------------------

template <typename T>
struct IsOptional : std::false_type {};
template <typename T>
struct IsOptional<std::optional<T>> : std::true_type {};
template <typename T>
struct IsBase64Of : std::false_type {};
template <typename S>
struct IsBase64Of<Base64Of<S>> : std::true_type {};
template <typename T>
struct IsVector : std::false_type {};
template <typename T>
struct IsVector<std::vector<T>> : std::true_type {};

// Exact to the clock's tick: "2026-01-01T00:00:00.000000001Z" (no fraction when whole).
std::string FormatTime(TimePoint t) {
  auto seconds = std::chrono::floor<std::chrono::seconds>(t);
  auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(t - seconds).count();
  std::string text = FormatIso8601(seconds);
  if (nanos == 0) return text;
  text.pop_back();  // 'Z'
  return text + fmt::format(".{:09}Z", nanos);
}

template <typename T>
json ToJson(const T& x);

struct JsonWriter {
  json out = json::object();
  template <typename T>
  void operator()(const char* name, const T& value) {
    out[name] = ToJson(value);
  }
};

template <typename T>
json ToJson(const T& x) {
  if constexpr (std::is_same_v<T, std::string> || std::is_arithmetic_v<T>) {
    return x;
  } else if constexpr (std::is_same_v<T, TimePoint>) {
    return FormatTime(x);
  } else if constexpr (IsBase64Of<T>::value) {
    if constexpr (IsOptional<
                      std::remove_const_t<std::remove_pointer_t<decltype(x.bytes)>>>::value) {
      return *x.bytes ? json(Base64Encode(**x.bytes)) : json();
    } else {
      return Base64Encode(*x.bytes);
    }
  } else if constexpr (IsOptional<T>::value) {
    return x ? ToJson(*x) : json();
  } else if constexpr (IsVector<T>::value) {
    json out = json::array();
    for (const auto& item : x) out.push_back(ToJson(item));
    return out;
  } else {
    JsonWriter writer;
    // Fields takes the struct mutable so that one list serves reading too; writing only reads.
    Fields(writer, const_cast<T&>(x));
    return std::move(writer.out);
  }
}

// Throws nlohmann::json::exception or std::invalid_argument when `j` does not fit; the public
// functions below turn either into a Status.
template <typename T>
void FromJson(const json& j, T& x);

struct JsonReader {
  const json& in;
  template <typename T>
  void operator()(const char* name, T&& value) {  // && also takes AsBase64's wrapper
    auto it = in.find(name);
    if (it != in.end()) FromJson(*it, value);  // absent: keep the default
  }
};

template <typename T>
void FromJson(const json& j, T& x) {
  if constexpr (std::is_same_v<T, std::string> || std::is_arithmetic_v<T>) {
    x = j.get<T>();
  } else if constexpr (std::is_same_v<T, TimePoint>) {
    if (!j.is_string() || !ParseIso8601(j.get<std::string>(), &x)) {
      throw std::invalid_argument(fmt::format("{} is not an ISO 8601 time", j.dump()));
    }
  } else if constexpr (IsBase64Of<T>::value) {
    using Bytes = std::remove_pointer_t<decltype(x.bytes)>;
    if (IsOptional<Bytes>::value && j.is_null()) {
      *x.bytes = Bytes{};
      return;
    }
    std::optional<std::string> bytes =
        j.is_string() ? Base64Decode(j.get<std::string>()) : std::nullopt;
    if (!bytes) throw std::invalid_argument(fmt::format("{} is not base64", j.dump()));
    *x.bytes = std::move(*bytes);
  } else if constexpr (IsOptional<T>::value) {
    if (j.is_null()) {
      x.reset();
    } else {
      typename T::value_type value{};
      FromJson(j, value);
      x = std::move(value);
    }
  } else if constexpr (IsVector<T>::value) {
    if (!j.is_array()) throw std::invalid_argument(fmt::format("{} is not a list", j.dump()));
    x.clear();
    for (const json& item : j) {
      typename T::value_type value{};
      FromJson(item, value);
      x.push_back(std::move(value));
    }
  } else {
    if (!j.is_object()) throw std::invalid_argument(fmt::format("{} is not an object", j.dump()));
    JsonReader reader{j};
    Fields(reader, x);
  }
}

// ---- Keys -----------------------------------------------------------------------------------

struct KeyForm {
  std::string_view prefix;
  Ec2RecordKind kind;
  std::string_view name;
};

constexpr KeyForm kKeyForms[] = {
    {"i-", Ec2RecordKind::kInstance, "instance"},
    {"sir-", Ec2RecordKind::kSpotInstanceRequest, "spot-instances-request"},
    {"ami-", Ec2RecordKind::kImage, "image"},
    {"vol-", Ec2RecordKind::kVolume, "volume"},
    {"snap-", Ec2RecordKind::kSnapshot, "snapshot"},
    {"key-", Ec2RecordKind::kKeyPair, "key-pair"},
    {"sg-", Ec2RecordKind::kSecurityGroup, "security-group"},
    {"vpc-", Ec2RecordKind::kVpc, "vpc"},
    {"subnet-", Ec2RecordKind::kSubnet, "subnet"},
    {"pool:", Ec2RecordKind::kPool, "pool"},
    {"token:", Ec2RecordKind::kClientToken, "client-token"},
};

// The map key within its Ec2State map: the id itself, or what follows "pool:" / "token:".
std::string_view MapKey(std::string_view key, Ec2RecordKind kind) {
  if (kind == Ec2RecordKind::kPool) return key.substr(5);
  if (kind == Ec2RecordKind::kClientToken) return key.substr(6);
  return key;
}

template <typename Record>
std::optional<std::string> Dump(const std::map<std::string, Record, std::less<>>& records,
                                std::string_view id) {
  auto it = records.find(id);
  if (it == records.end()) return std::nullopt;
  // Strings from clients need not be UTF-8: replace what is not rather than fail the flush.
  return ToJson(it->second).dump(-1, ' ', false, json::error_handler_t::replace);
}

template <typename Record>
void Load(std::map<std::string, Record, std::less<>>& records, std::string_view id, const json& j) {
  Record record{};
  FromJson(j, record);
  records.insert_or_assign(std::string(id), std::move(record));
}

}  // namespace

Result<Ec2RecordKind> RecordKindOfKey(std::string_view key) {
  for (const KeyForm& form : kKeyForms) {
    if (key.size() > form.prefix.size() && key.starts_with(form.prefix)) return form.kind;
  }
  return Status::InvalidArgument(
      fmt::format("'{}' is not a key of the local cloud's EC2 state", key),
      "Ec2State::Touch takes a resource id (i-, sir-, ami-, vol-, snap-, key-, sg-, vpc-, "
      "subnet-), pool:TYPE@ZONE or token:ACTION/TOKEN");
}

std::string_view RecordKindName(Ec2RecordKind kind) {
  for (const KeyForm& form : kKeyForms) {
    if (form.kind == kind) return form.name;
  }
  return "unknown";
}

Result<std::optional<std::string>> RecordJson(const Ec2State& state, std::string_view key) {
  SPOTRUN_ASSIGN_OR_RETURN(Ec2RecordKind kind, RecordKindOfKey(key));
  std::string_view id = MapKey(key, kind);
  switch (kind) {
    case Ec2RecordKind::kInstance:
      return Dump(state.instances, id);
    case Ec2RecordKind::kSpotInstanceRequest:
      return Dump(state.spot_requests, id);
    case Ec2RecordKind::kImage:
      return Dump(state.images, id);
    case Ec2RecordKind::kVolume:
      return Dump(state.volumes, id);
    case Ec2RecordKind::kSnapshot:
      return Dump(state.snapshots, id);
    case Ec2RecordKind::kKeyPair:
      return Dump(state.key_pairs, id);
    case Ec2RecordKind::kSecurityGroup:
      return Dump(state.security_groups, id);
    case Ec2RecordKind::kVpc:
      return Dump(state.vpcs, id);
    case Ec2RecordKind::kSubnet:
      return Dump(state.subnets, id);
    case Ec2RecordKind::kPool:
      return Dump(state.capacity, id);
    case Ec2RecordKind::kClientToken:
      return Dump(state.client_tokens, id);
  }
  return std::optional<std::string>();
}

Status RestoreRecord(Ec2State& state, std::string_view key, std::string_view text) {
  SPOTRUN_ASSIGN_OR_RETURN(Ec2RecordKind kind, RecordKindOfKey(key));
  std::string_view id = MapKey(key, kind);
  try {
    json j = json::parse(text);
    switch (kind) {
      case Ec2RecordKind::kInstance:
        Load(state.instances, id, j);
        break;
      case Ec2RecordKind::kSpotInstanceRequest:
        Load(state.spot_requests, id, j);
        break;
      case Ec2RecordKind::kImage:
        Load(state.images, id, j);
        break;
      case Ec2RecordKind::kVolume:
        Load(state.volumes, id, j);
        break;
      case Ec2RecordKind::kSnapshot:
        Load(state.snapshots, id, j);
        break;
      case Ec2RecordKind::kKeyPair:
        Load(state.key_pairs, id, j);
        break;
      case Ec2RecordKind::kSecurityGroup:
        Load(state.security_groups, id, j);
        break;
      case Ec2RecordKind::kVpc:
        Load(state.vpcs, id, j);
        break;
      case Ec2RecordKind::kSubnet:
        Load(state.subnets, id, j);
        break;
      case Ec2RecordKind::kPool:
        Load(state.capacity, id, j);
        break;
      case Ec2RecordKind::kClientToken:
        Load(state.client_tokens, id, j);
        break;
    }
  } catch (const std::exception& e) {  // nlohmann::json::exception or std::invalid_argument
    return Status::FailedPrecondition(
        fmt::format("the saved {} record '{}' is not valid: {}", RecordKindName(kind), key,
                    e.what()),
        "the local cloud's state file is damaged; move its --state directory aside to start "
        "afresh");
  }
  return Status::Ok();
}

}  // namespace spotrun
