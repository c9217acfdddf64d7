// Ec2Model's volumes and snapshots. A volume is a directory, Options::data_dir/volumes/ID; a
// snapshot is a frozen copy of one, Options::data_dir/snapshots/ID, and a volume made from a
// snapshot starts as a copy of it. An attached volume appears inside its instance's root at
// ROOT/mnt/volumes/DEVICE_BASENAME ("/dev/sdf" -> ROOT/mnt/volumes/sdf), a symlink to the
// volume's directory. Copies happen within the call: a new volume is "available" and a new
// snapshot "completed" (progress "100%") as soon as the call returns, although CreateSnapshot
// answers "pending" and AttachVolume "attaching" as AWS does.
#include <algorithm>
#include <filesystem>
#include <regex>
#include <string>
#include <system_error>

#include "localcloud/ec2_error.h"
#include "localcloud/ec2_filters.h"
#include "localcloud/ec2_model.h"
#include "localcloud/ec2_pages.h"

namespace spotrun {
namespace {

namespace fs = std::filesystem;

constexpr PageLimits kVolumePageLimits{5, 500};

std::vector<std::string> One(std::string value) { return {std::move(value)}; }

// Size limits (GiB) per volume type, from the EBS volume types' documentation.
struct VolumeTypeRule {
  std::string_view type;
  int min_size;
  int max_size;
};
constexpr VolumeTypeRule kVolumeTypes[] = {
    {"standard", 1, 1024}, {"gp2", 1, 16384},   {"gp3", 1, 16384},   {"io1", 4, 16384},
    {"io2", 4, 65536},     {"st1", 125, 16384}, {"sc1", 125, 16384},
};

const VolumeTypeRule* FindVolumeType(std::string_view type) {
  for (const VolumeTypeRule& rule : kVolumeTypes) {
    if (rule.type == type) return &rule;
  }
  return nullptr;
}

// "/dev/sdf", "/dev/sdh1", "/dev/xvdf", "/dev/xvdba": the names EBS attachments take.
bool IsValidDevice(std::string_view device) {
  static const std::regex kDevice("^/dev/(sd[a-z]{1,2}[0-9]{0,2}|xvd[a-z]{1,2}[0-9]{0,2})$");
  return std::regex_match(device.begin(), device.end(), kDevice);
}

Status FileError(std::string_view what, const fs::path& path, const std::error_code& ec) {
  return Ec2Error("InternalError", "The local cloud could not " + std::string(what) + " " +
                                       path.string() + ": " + ec.message());
}

// The path an attached volume has inside its instance's root.
fs::path MountPath(const std::string& root_dir, std::string_view device) {
  return fs::path(root_dir) / "mnt" / "volumes" / fs::path(std::string(device)).filename();
}

}  // namespace

std::string Ec2Model::ResourceDirLocked(std::string_view kind, std::string_view id) const {
  if (options_.data_dir.empty()) return "";
  return (fs::path(options_.data_dir) / std::string(kind) / std::string(id)).string();
}

Status Ec2Model::CopyTree(const std::string& from, const std::string& to) {
  std::error_code ec;
  fs::create_directories(fs::path(to).parent_path(), ec);
  if (ec) return FileError("create", fs::path(to).parent_path(), ec);
  if (from.empty() || !fs::is_directory(from, ec)) {
    fs::create_directory(to, ec);
    if (ec) return FileError("create", to, ec);
    return Status::Ok();
  }
  fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::copy_symlinks, ec);
  if (ec) return FileError("copy " + from + " to", to, ec);
  return Status::Ok();
}

void Ec2Model::ReleaseVolumesOfGoneInstancesLocked() {
  std::vector<std::string> deleted;
  for (auto& [id, record] : state_.volumes) {
    Volume& volume = record.volume;
    if (volume.attachments.empty()) continue;
    const VolumeAttachment& attachment = volume.attachments.front();
    auto instance = state_.instances.find(attachment.instance_id);
    if (instance != state_.instances.end() &&
        instance->second.instance.state.name != "terminated") {
      continue;
    }
    if (attachment.delete_on_termination) {
      deleted.push_back(id);
      continue;
    }
    volume.attachments.clear();
    volume.state = "available";
    state_.Touch(id);
  }
  for (const std::string& id : deleted) {
    std::error_code ec;
    if (!state_.volumes[id].dir.empty()) fs::remove_all(state_.volumes[id].dir, ec);
    state_.volumes.erase(id);
    state_.Touch(id);
  }
}

Result<Volume> Ec2Model::CreateVolume(const CreateVolumeRequest& request) {
  std::lock_guard lock(mu_);
  TickLocked();
  std::string token_key;
  if (request.client_token && !request.client_token->empty()) {
    token_key = "CreateVolume/" + *request.client_token;
    auto token = state_.client_tokens.find(token_key);
    if (token != state_.client_tokens.end()) {
      auto it = state_.volumes.find(token->second);
      if (it != state_.volumes.end()) {
        const Volume& made = it->second.volume;
        if (made.availability_zone != request.availability_zone ||
            (request.size && *request.size != made.size)) {
          return Ec2Error("IdempotentParameterMismatch",
                          "Client token " + *request.client_token +
                              " was already used with different parameters");
        }
        if (request.dry_run) return DryRunSucceeded();
        return made;
      }
    }
  }
  if (request.availability_zone.empty()) {
    return Ec2Error("MissingParameter", "The request must contain the parameter AvailabilityZone");
  }
  Result<market::AvailabilityZone> zone =
      deps_.market.regions().FindZone(request.availability_zone);
  if (!zone.ok() || zone->region != state_.region || zone->name != request.availability_zone) {
    return Ec2Error("InvalidParameterValue",
                    "Invalid availability zone: [" + request.availability_zone + "]");
  }
  const std::string type = request.volume_type.value_or("gp2");
  const VolumeTypeRule* rule = FindVolumeType(type);
  if (rule == nullptr) {
    return Ec2Error("InvalidParameterValue",
                    "Value (" + type +
                        ") for parameter volumeType is invalid. Valid values: standard, io1, "
                        "io2, gp2, sc1, st1, gp3");
  }
  const SnapshotRecord* snapshot = nullptr;
  if (request.snapshot_id) {
    if (!IsEc2Id(*request.snapshot_id, "snap-")) {
      return Ec2Error("InvalidSnapshotID.Malformed",
                      "Invalid id: \"" + *request.snapshot_id + "\" (expecting \"snap-...\")");
    }
    auto it = state_.snapshots.find(*request.snapshot_id);
    if (it == state_.snapshots.end()) return NotFoundError(*request.snapshot_id);
    snapshot = &it->second;
  }
  if (!request.size && snapshot == nullptr) {
    return Ec2Error("MissingParameter", "The request must contain the parameter size/snapshot");
  }
  const int size = request.size.value_or(snapshot ? snapshot->snapshot.volume_size : 0);
  if (size < rule->min_size) {
    return Ec2Error("InvalidParameterValue", "Volume of size " + std::to_string(size) +
                                                 "GB is too small; minimum is " +
                                                 std::to_string(rule->min_size) + "GB.");
  }
  if (size > rule->max_size) {
    return Ec2Error("InvalidParameterValue", "Volume of size " + std::to_string(size) +
                                                 "GB is too large; maximum is " +
                                                 std::to_string(rule->max_size) + "GB.");
  }
  if (snapshot != nullptr && size < snapshot->snapshot.volume_size) {
    return Ec2Error("InvalidParameterValue",
                    "Volume of " + std::to_string(size) + "GiB is smaller than snapshot '" +
                        snapshot->snapshot.snapshot_id + "', expect size >= " +
                        std::to_string(snapshot->snapshot.volume_size) + "GiB");
  }
  // IOPS: required and bounded for io1/io2 (50 and 500 per GiB), optional for gp3, refused
  // elsewhere. Throughput: gp3 only.
  std::optional<int> iops = request.iops;
  std::optional<int> throughput = request.throughput;
  if (type == "io1" || type == "io2") {
    if (!iops) {
      return Ec2Error("MissingParameter",
                      "The parameter iops must be specified for " + type + " volumes.");
    }
    const int per_gib = type == "io1" ? 50 : 500;
    const int max = type == "io1" ? 64000 : 256000;
    if (*iops < 100 || *iops > max) {
      return Ec2Error("InvalidParameterValue", "Volume iops of " + std::to_string(*iops) +
                                                   " is invalid; the range is 100 to " +
                                                   std::to_string(max) + ".");
    }
    if (*iops > per_gib * size) {
      return Ec2Error("InvalidParameterValue",
                      "Iops to volume size ratio of " + std::to_string(*iops / size) +
                          " is too high; maximum is " + std::to_string(per_gib) + ".");
    }
  } else if (type == "gp3") {
    if (iops && (*iops < 3000 || *iops > 16000)) {
      return Ec2Error("InvalidParameterValue", "Volume iops of " + std::to_string(*iops) +
                                                   " is invalid; the range is 3000 to 16000.");
    }
    if (throughput && (*throughput < 125 || *throughput > 1000)) {
      return Ec2Error("InvalidParameterValue", "Volume throughput of " +
                                                   std::to_string(*throughput) +
                                                   " is invalid; the range is 125 to 1000.");
    }
    iops = iops.value_or(3000);
    throughput = throughput.value_or(125);
  } else if (iops) {
    return Ec2Error("InvalidParameterCombination",
                    "The parameter iops is not supported for " + type + " volumes.");
  } else if (type == "gp2") {
    iops = std::clamp(3 * size, 100, 16000);  // gp2's baseline: 3 IOPS per GiB
  }
  if (throughput && type != "gp3") {
    return Ec2Error("InvalidParameterCombination",
                    "The parameter throughput is not supported for " + type + " volumes.");
  }
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<Tag> tags,
                           TagsToCreate(request.tag_specifications, "volume"));
  if (request.dry_run) return DryRunSucceeded();

  VolumeRecord record;
  Volume& volume = record.volume;
  volume.volume_id = NewIdLocked("vol-");
  volume.size = size;
  volume.volume_type = type;
  volume.state = "available";
  volume.availability_zone = request.availability_zone;
  volume.create_time = deps_.clock.Now();
  volume.encrypted =
      request.encrypted.value_or(false) || (snapshot != nullptr && snapshot->snapshot.encrypted);
  volume.iops = iops;
  volume.throughput = throughput;
  volume.snapshot_id = snapshot ? snapshot->snapshot.snapshot_id : "";
  volume.tags = tags;
  record.dir = ResourceDirLocked("volumes", volume.volume_id);
  if (!record.dir.empty()) {
    SPOTRUN_RETURN_IF_ERROR(CopyTree(snapshot ? snapshot->dir : "", record.dir));
  }
  if (!token_key.empty()) {
    state_.RememberClientToken(token_key, volume.volume_id);
  }
  state_.Touch(volume.volume_id);
  Volume made = volume;
  state_.volumes.emplace(made.volume_id, std::move(record));
  FlushLocked();
  return made;
}

Result<VolumeAttachment> Ec2Model::AttachVolume(const AttachVolumeRequest& request) {
  std::lock_guard lock(mu_);
  TickLocked();
  ReleaseVolumesOfGoneInstancesLocked();
  if (!IsEc2Id(request.volume_id, "vol-")) {
    return Ec2Error("InvalidVolumeID.Malformed",
                    "Invalid id: \"" + request.volume_id + "\" (expecting \"vol-...\")");
  }
  auto volume_it = state_.volumes.find(request.volume_id);
  if (volume_it == state_.volumes.end()) return NotFoundError(request.volume_id);
  if (!IsEc2Id(request.instance_id, "i-")) {
    return Ec2Error("InvalidInstanceID.Malformed", "Invalid id: \"" + request.instance_id + "\"");
  }
  auto instance_it = state_.instances.find(request.instance_id);
  if (instance_it == state_.instances.end() ||
      instance_it->second.instance.state.name == "terminated") {
    return NotFoundError(request.instance_id);
  }
  Volume& volume = volume_it->second.volume;
  Instance& instance = instance_it->second.instance;
  if (!volume.attachments.empty()) {
    return Ec2Error("VolumeInUse", volume.volume_id + " is already attached to an instance");
  }
  if (volume.availability_zone != instance.availability_zone) {
    return Ec2Error("InvalidVolume.ZoneMismatch",
                    "The volume '" + volume.volume_id +
                        "' is not in the same availability zone as instance '" +
                        instance.instance_id + "'");
  }
  if (instance.state.name != "running" && instance.state.name != "stopped") {
    return Ec2Error("IncorrectState", "Instance '" + instance.instance_id + "' is not 'running'.");
  }
  if (!IsValidDevice(request.device)) {
    return Ec2Error("InvalidParameterValue",
                    "Value (" + request.device + ") for parameter device is invalid. " +
                        request.device + " is not a valid EBS device name.");
  }
  const bool device_taken =
      request.device == instance.root_device_name ||
      std::any_of(
          instance.block_device_mappings.begin(), instance.block_device_mappings.end(),
          [&](const InstanceBlockDeviceMapping& m) { return m.device_name == request.device; });
  if (device_taken) {
    return Ec2Error("InvalidParameterValue", "Invalid value '" + request.device +
                                                 "' for unixDevice. Attachment point " +
                                                 request.device + " is already in use");
  }
  if (request.dry_run) return DryRunSucceeded();

  // The volume's files appear inside the instance (when both have files).
  const std::string& dir = volume_it->second.dir;
  if (!dir.empty()) {
    Result<RuntimeStatus> runtime = deps_.runtime.Describe(instance.instance_id);
    std::error_code ec;
    if (runtime.ok() && !runtime->root_dir.empty() && fs::is_directory(runtime->root_dir, ec)) {
      const fs::path link = MountPath(runtime->root_dir, request.device);
      fs::create_directories(link.parent_path(), ec);
      if (ec) return FileError("create", link.parent_path(), ec);
      fs::remove(link, ec);
      fs::create_directory_symlink(dir, link, ec);
      if (ec) return FileError("link the volume at", link, ec);
    }
  }
  const TimePoint now = deps_.clock.Now();
  VolumeAttachment attachment{
      volume.volume_id, instance.instance_id, request.device, "attached", now, false};
  volume.attachments = {attachment};
  volume.state = "in-use";
  instance.block_device_mappings.push_back(
      {request.device, volume.volume_id, "attached", now, false});
  state_.Touch(volume.volume_id);
  state_.Touch(instance.instance_id);
  FlushLocked();
  attachment.state = "attaching";
  return attachment;
}

Result<VolumeAttachment> Ec2Model::DetachVolume(const DetachVolumeRequest& request) {
  std::lock_guard lock(mu_);
  TickLocked();
  ReleaseVolumesOfGoneInstancesLocked();
  if (!IsEc2Id(request.volume_id, "vol-")) {
    return Ec2Error("InvalidVolumeID.Malformed",
                    "Invalid id: \"" + request.volume_id + "\" (expecting \"vol-...\")");
  }
  auto volume_it = state_.volumes.find(request.volume_id);
  if (volume_it == state_.volumes.end()) return NotFoundError(request.volume_id);
  Volume& volume = volume_it->second.volume;
  if (volume.attachments.empty()) {
    return Ec2Error("IncorrectState",
                    "Volume '" + volume.volume_id + "' is in the '" + volume.state + "' state.");
  }
  VolumeAttachment attachment = volume.attachments.front();
  if ((request.instance_id && *request.instance_id != attachment.instance_id) ||
      (request.device && *request.device != attachment.device)) {
    return Ec2Error("InvalidAttachment.NotFound",
                    "The volume '" + volume.volume_id + "' is not attached to instance '" +
                        request.instance_id.value_or(attachment.instance_id) + "' as " +
                        request.device.value_or(attachment.device));
  }
  auto instance_it = state_.instances.find(attachment.instance_id);
  Instance* instance =
      instance_it == state_.instances.end() ? nullptr : &instance_it->second.instance;
  if (instance != nullptr && attachment.device == instance->root_device_name &&
      instance->state.name != "stopped") {
    return Ec2Error("IncorrectState", "Unable to detach root volume '" + volume.volume_id +
                                          "' from instance '" + instance->instance_id + "'");
  }
  if (request.dry_run) return DryRunSucceeded();

  if (instance != nullptr) {
    Result<RuntimeStatus> runtime = deps_.runtime.Describe(instance->instance_id);
    if (runtime.ok() && !runtime->root_dir.empty()) {
      const fs::path link = MountPath(runtime->root_dir, attachment.device);
      std::error_code ec;
      if (fs::is_symlink(fs::symlink_status(link, ec))) fs::remove(link, ec);
    }
    std::erase_if(instance->block_device_mappings, [&](const InstanceBlockDeviceMapping& m) {
      return m.volume_id == volume.volume_id;
    });
    state_.Touch(instance->instance_id);
  }
  volume.attachments.clear();
  volume.state = "available";
  state_.Touch(volume.volume_id);
  FlushLocked();
  attachment.state = "detaching";
  return attachment;
}

Status Ec2Model::DeleteVolume(const DeleteVolumeRequest& request) {
  std::lock_guard lock(mu_);
  TickLocked();
  ReleaseVolumesOfGoneInstancesLocked();
  if (!IsEc2Id(request.volume_id, "vol-")) {
    return Ec2Error("InvalidVolumeID.Malformed",
                    "Invalid id: \"" + request.volume_id + "\" (expecting \"vol-...\")");
  }
  auto it = state_.volumes.find(request.volume_id);
  if (it == state_.volumes.end()) return NotFoundError(request.volume_id);
  if (!it->second.volume.attachments.empty()) {
    return Ec2Error("VolumeInUse", "Volume " + request.volume_id + " is currently attached to " +
                                       it->second.volume.attachments.front().instance_id);
  }
  if (request.dry_run) return DryRunSucceeded();
  if (!it->second.dir.empty()) {
    std::error_code ec;
    fs::remove_all(it->second.dir, ec);
    if (ec) return FileError("remove", it->second.dir, ec);
  }
  state_.volumes.erase(it);
  state_.Touch(request.volume_id);
  FlushLocked();
  return Status::Ok();
}

Result<DescribeVolumesResponse> Ec2Model::DescribeVolumes(const DescribeVolumesRequest& request) {
  std::lock_guard lock(mu_);
  TickLocked();
  ReleaseVolumesOfGoneInstancesLocked();
  SPOTRUN_RETURN_IF_ERROR(
      ValidateFilters(request.filters,
                      {"volume-id", "status", "availability-zone", "attachment.instance-id",
                       "attachment.status", "attachment.device", "attachment.delete-on-termination",
                       "size", "volume-type", "snapshot-id", "encrypted"}));
  if (!request.volume_ids.empty() && request.max_results) {
    return Ec2Error("InvalidParameterCombination",
                    "The parameter volumeSet cannot be used with the parameter maxResults");
  }
  for (const std::string& id : request.volume_ids) {
    if (!IsEc2Id(id, "vol-")) {
      return Ec2Error("InvalidVolumeID.Malformed",
                      "Invalid id: \"" + id + "\" (expecting \"vol-...\")");
    }
    if (!state_.volumes.contains(id)) return NotFoundError(id);
  }
  if (request.dry_run) return DryRunSucceeded();
  std::vector<Volume> volumes;
  for (const auto& [id, record] : state_.volumes) {
    const Volume& v = record.volume;
    if (!Selected(request.volume_ids, id)) continue;
    const bool match = MatchesFilters(request.filters, v.tags, [&](std::string_view name) {
      if (name == "volume-id") return One(v.volume_id);
      if (name == "status") return One(v.state);
      if (name == "availability-zone") return One(v.availability_zone);
      if (name == "size") return One(std::to_string(v.size));
      if (name == "volume-type") return One(v.volume_type);
      if (name == "snapshot-id") return One(v.snapshot_id);
      if (name == "encrypted") return One(v.encrypted ? "true" : "false");
      std::vector<std::string> values;  // attachment.*
      for (const VolumeAttachment& a : v.attachments) {
        if (name == "attachment.instance-id") values.push_back(a.instance_id);
        if (name == "attachment.status") values.push_back(a.state);
        if (name == "attachment.device") values.push_back(a.device);
        if (name == "attachment.delete-on-termination") {
          values.push_back(a.delete_on_termination ? "true" : "false");
        }
      }
      return values;
    });
    if (match) volumes.push_back(v);
  }
  SPOTRUN_ASSIGN_OR_RETURN(auto page,
                           Paginate(
                               std::move(volumes), [](const Volume& v) { return v.volume_id; },
                               request.max_results, request.next_token, kVolumePageLimits));
  return DescribeVolumesResponse{std::move(page.first), std::move(page.second)};
}

Result<Snapshot> Ec2Model::CreateSnapshot(const CreateSnapshotRequest& request) {
  std::lock_guard lock(mu_);
  TickLocked();
  if (request.volume_id.empty()) {
    return Ec2Error("MissingParameter", "The request must contain the parameter volumeId");
  }
  if (!IsEc2Id(request.volume_id, "vol-")) {
    return Ec2Error("InvalidVolumeID.Malformed",
                    "Invalid id: \"" + request.volume_id + "\" (expecting \"vol-...\")");
  }
  auto volume_it = state_.volumes.find(request.volume_id);
  if (volume_it == state_.volumes.end()) return NotFoundError(request.volume_id);
  if (request.description && request.description->size() > 255) {
    return Ec2Error("InvalidParameterValue",
                    "Snapshot descriptions may be at most 255 characters long");
  }
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<Tag> tags,
                           TagsToCreate(request.tag_specifications, "snapshot"));
  if (request.dry_run) return DryRunSucceeded();
  const VolumeRecord& volume = volume_it->second;
  SnapshotRecord record;
  Snapshot& snapshot = record.snapshot;
  snapshot.snapshot_id = NewIdLocked("snap-");
  snapshot.volume_id = volume.volume.volume_id;
  snapshot.volume_size = volume.volume.size;
  snapshot.state = "completed";
  snapshot.progress = "100%";
  snapshot.start_time = deps_.clock.Now();
  snapshot.description = request.description.value_or("");
  snapshot.owner_id = state_.owner_id;
  snapshot.encrypted = volume.volume.encrypted;
  snapshot.tags = tags;
  record.dir = ResourceDirLocked("snapshots", snapshot.snapshot_id);
  if (!record.dir.empty()) SPOTRUN_RETURN_IF_ERROR(CopyTree(volume.dir, record.dir));
  state_.Touch(snapshot.snapshot_id);
  Snapshot answer = snapshot;
  state_.snapshots.emplace(answer.snapshot_id, std::move(record));
  FlushLocked();
  // CreateSnapshot answers as AWS does, before the copy "finishes"; Describe shows it done.
  answer.state = "pending";
  answer.progress = "";
  return answer;
}

Status Ec2Model::DeleteSnapshot(const DeleteSnapshotRequest& request) {
  std::lock_guard lock(mu_);
  TickLocked();
  if (!IsEc2Id(request.snapshot_id, "snap-")) {
    return Ec2Error("InvalidSnapshotID.Malformed",
                    "Invalid id: \"" + request.snapshot_id + "\" (expecting \"snap-...\")");
  }
  auto it = state_.snapshots.find(request.snapshot_id);
  if (it == state_.snapshots.end()) return NotFoundError(request.snapshot_id);
  for (const auto& [image_id, image] : state_.images) {
    if (image.root_snapshot_id == request.snapshot_id) {
      return Ec2Error("InvalidSnapshot.InUse", "The snapshot " + request.snapshot_id +
                                                   " is currently in use by " + image_id);
    }
  }
  if (request.dry_run) return DryRunSucceeded();
  if (!it->second.dir.empty()) {
    std::error_code ec;
    fs::remove_all(it->second.dir, ec);
    if (ec) return FileError("remove", it->second.dir, ec);
  }
  state_.snapshots.erase(it);
  state_.Touch(request.snapshot_id);
  FlushLocked();
  return Status::Ok();
}

Result<DescribeSnapshotsResponse> Ec2Model::DescribeSnapshots(
    const DescribeSnapshotsRequest& request) {
  std::lock_guard lock(mu_);
  TickLocked();
  SPOTRUN_RETURN_IF_ERROR(
      ValidateFilters(request.filters, {"snapshot-id", "volume-id", "status", "owner-id",
                                        "volume-size", "description", "encrypted", "progress"}));
  if (!request.snapshot_ids.empty() && request.max_results) {
    return Ec2Error("InvalidParameterCombination",
                    "The parameter SnapshotIds cannot be used with the parameter maxResults");
  }
  for (const std::string& id : request.snapshot_ids) {
    if (!IsEc2Id(id, "snap-")) {
      return Ec2Error("InvalidSnapshotID.Malformed",
                      "Invalid id: \"" + id + "\" (expecting \"snap-...\")");
    }
    if (!state_.snapshots.contains(id)) return NotFoundError(id);
  }
  if (request.dry_run) return DryRunSucceeded();
  auto owned_as_asked = [&](const Snapshot& s) {
    if (request.owner_ids.empty()) return true;
    return std::any_of(
        request.owner_ids.begin(), request.owner_ids.end(), [&](const std::string& owner) {
          return owner == s.owner_id || (owner == "self" && s.owner_id == state_.owner_id);
        });
  };
  std::vector<Snapshot> snapshots;
  for (const auto& [id, record] : state_.snapshots) {
    const Snapshot& s = record.snapshot;
    if (!Selected(request.snapshot_ids, id) || !owned_as_asked(s)) continue;
    const bool match = MatchesFilters(request.filters, s.tags, [&](std::string_view name) {
      if (name == "snapshot-id") return One(s.snapshot_id);
      if (name == "volume-id") return One(s.volume_id);
      if (name == "status") return One(s.state);
      if (name == "owner-id") return One(s.owner_id);
      if (name == "volume-size") return One(std::to_string(s.volume_size));
      if (name == "description") return One(s.description);
      if (name == "encrypted") return One(s.encrypted ? "true" : "false");
      return One(s.progress);
    });
    if (match) snapshots.push_back(s);
  }
  SPOTRUN_ASSIGN_OR_RETURN(
      auto page, Paginate(
                     std::move(snapshots), [](const Snapshot& s) { return s.snapshot_id; },
                     request.max_results, request.next_token));
  return DescribeSnapshotsResponse{std::move(page.first), std::move(page.second)};
}

}  // namespace spotrun
