// Ec2Model's images: the public Ubuntu LTS images every new state gets (owned by Canonical's
// account, named as Canonical names them, with ids fixed per region), and the images users
// make with CreateImage from an instance's root. CreateImage copies the root within the call,
// so its image is "available" (and its root snapshot "completed") when the call returns; the
// image is never seen "pending".
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <string>

#include "aws/crypto.h"
#include "localcloud/ec2_error.h"
#include "localcloud/ec2_filters.h"
#include "localcloud/ec2_model.h"

namespace spotrun {
namespace {

// Canonical's published images: ubuntu/images/PATH/ubuntu-CODENAME-VERSION-ARCH-server-SERIAL.
struct PublicImage {
  std::string_view path;  // "hvm-ssd-gp3" for noble, "hvm-ssd" (gp2 root) for jammy
  std::string_view codename;
  std::string_view version;
  std::string_view arch;          // in the name: "amd64" | "arm64"
  std::string_view architecture;  // EC2's: "x86_64" | "arm64"
  std::string_view serial;        // build date
  std::string_view creation_date;
  std::string_view volume_type;
};

constexpr PublicImage kPublicImages[] = {
    {"hvm-ssd-gp3", "noble", "24.04", "amd64", "x86_64", "20240927", "2024-09-27T21:40:13.000Z",
     "gp3"},
    {"hvm-ssd-gp3", "noble", "24.04", "arm64", "arm64", "20240927", "2024-09-27T21:40:21.000Z",
     "gp3"},
    {"hvm-ssd", "jammy", "22.04", "amd64", "x86_64", "20240927", "2024-09-27T21:45:02.000Z", "gp2"},
    {"hvm-ssd", "jammy", "22.04", "arm64", "arm64", "20240927", "2024-09-27T21:45:09.000Z", "gp2"},
};

constexpr int kPublicRootSizeGiB = 8;
constexpr std::string_view kRootDevice = "/dev/sda1";

std::vector<std::string> One(std::string value) { return {std::move(value)}; }

// AMI names: 3..128 of letters, digits and ( ) [ ] space . / - ' @ _.
bool IsValidImageName(std::string_view name) {
  if (name.size() < 3 || name.size() > 128) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("()[] ./-'@_").find(c) != std::string_view::npos;
  });
}

bool IsValidOwner(std::string_view owner) {
  if (owner == "self" || owner == "amazon" || owner == "aws-marketplace" ||
      owner == "aws-backup-vault") {
    return true;
  }
  return owner.size() == 12 && std::all_of(owner.begin(), owner.end(), [](char c) {
           return std::isdigit(static_cast<unsigned char>(c));
         });
}

}  // namespace

Status Ec2Model::SeedImagesLocked() {
  for (const PublicImage& p : kPublicImages) {
    Image image;
    image.name = "ubuntu/images/" + std::string(p.path) + "/ubuntu-" + std::string(p.codename) +
                 "-" + std::string(p.version) + "-" + std::string(p.arch) + "-server-" +
                 std::string(p.serial);
    // Fixed per region and name, as an AMI id is on AWS, so a saved id stays good.
    image.image_id = "ami-" + Sha256Hex(options_.region + "\n" + image.name).substr(0, 17);
    const std::string date = std::string(p.serial.substr(0, 4)) + "-" +
                             std::string(p.serial.substr(4, 2)) + "-" +
                             std::string(p.serial.substr(6, 2));
    image.description = "Canonical, Ubuntu, " + std::string(p.version) + " LTS, " +
                        std::string(p.arch) + " " + std::string(p.codename) + " image build on " +
                        date;
    image.state = "available";
    image.owner_id = std::string(kCanonicalOwnerId);
    image.architecture = std::string(p.architecture);
    TimePoint created;
    if (!ParseIso8601(p.creation_date, &created)) {
      return Status::Internal("bad creation date of a public image: " + image.name);
    }
    image.creation_date = created;
    image.root_device_name = std::string(kRootDevice);
    image.root_device_type = "ebs";
    image.virtualization_type = "hvm";
    image.platform_details = "Linux/UNIX";
    image.is_public = true;
    EbsBlockDevice root;
    root.volume_size = kPublicRootSizeGiB;
    root.volume_type = std::string(p.volume_type);
    root.encrypted = false;
    root.delete_on_termination = true;
    image.block_device_mappings.push_back({std::string(kRootDevice), root, {}, {}});
    image.block_device_mappings.push_back({"/dev/sdb", {}, "ephemeral0", {}});
    image.block_device_mappings.push_back({"/dev/sdc", {}, "ephemeral1", {}});
    const std::string id = image.image_id;
    state_.Touch(id);
    // No root snapshot: an instance of a public image starts from an empty root.
    state_.images[id] = ImageRecord{std::move(image), ""};
  }
  return Status::Ok();
}

Result<std::vector<Image>> Ec2Model::DescribeImages(const DescribeImagesRequest& request) {
  std::lock_guard lock(mu_);
  TickLocked();
  SPOTRUN_RETURN_IF_ERROR(
      ValidateFilters(request.filters,
                      {"name", "owner-id", "state", "architecture", "image-id", "is-public",
                       "root-device-type", "virtualization-type", "description", "platform-details",
                       "image-type", "block-device-mapping.snapshot-id", "root-device-name"}));
  for (const std::string& id : request.image_ids) {
    if (!IsEc2Id(id, "ami-")) {
      return Ec2Error("InvalidAMIID.Malformed",
                      "Invalid id: \"" + id + "\" (expecting \"ami-...\")");
    }
  }
  for (const std::string& owner : request.owners) {
    if (!IsValidOwner(owner)) {
      return Ec2Error("InvalidUserID.Malformed", "Invalid user id: \"" + owner + "\"");
    }
  }
  for (const std::string& id : request.image_ids) {
    if (!state_.images.contains(id)) return NotFoundError(id);
  }
  if (request.dry_run) return DryRunSucceeded();
  auto owned_as_asked = [&](const Image& image) {
    if (request.owners.empty()) return true;
    for (const std::string& owner : request.owners) {
      if (owner == "self" && image.owner_id == state_.owner_id) return true;
      if (owner == image.owner_id) return true;
      // "amazon", "aws-marketplace", …: aliases no image here has (Canonical's have none).
    }
    return false;
  };
  std::vector<Image> images;
  for (const auto& [id, record] : state_.images) {
    const Image& image = record.image;
    if (!Selected(request.image_ids, id) || !owned_as_asked(image)) continue;
    const bool match = MatchesFilters(request.filters, image.tags, [&](std::string_view name) {
      if (name == "name") return One(image.name);
      if (name == "owner-id") return One(image.owner_id);
      if (name == "state") return One(image.state);
      if (name == "architecture") return One(image.architecture);
      if (name == "image-id") return One(image.image_id);
      if (name == "is-public") return One(image.is_public ? "true" : "false");
      if (name == "root-device-type") return One(image.root_device_type);
      if (name == "root-device-name") return One(image.root_device_name);
      if (name == "virtualization-type") return One(image.virtualization_type);
      if (name == "description") return One(image.description);
      if (name == "platform-details") return One(image.platform_details);
      if (name == "image-type") return One("machine");
      std::vector<std::string> snapshots;  // block-device-mapping.snapshot-id
      for (const BlockDeviceMapping& m : image.block_device_mappings) {
        if (m.ebs && m.ebs->snapshot_id) snapshots.push_back(*m.ebs->snapshot_id);
      }
      return snapshots;
    });
    if (match) images.push_back(image);
  }
  return images;
}

Result<std::string> Ec2Model::CreateImage(const CreateImageRequest& request) {
  std::lock_guard lock(mu_);
  TickLocked();
  if (request.instance_id.empty()) {
    return Ec2Error("MissingParameter", "The request must contain the parameter InstanceId");
  }
  if (!IsEc2Id(request.instance_id, "i-")) {
    return Ec2Error("InvalidInstanceID.Malformed", "Invalid id: \"" + request.instance_id + "\"");
  }
  auto instance_it = state_.instances.find(request.instance_id);
  if (instance_it == state_.instances.end()) return NotFoundError(request.instance_id);
  const Instance& instance = instance_it->second.instance;
  const std::string& state_name = instance.state.name;
  if (state_name != "running" && state_name != "stopping" && state_name != "stopped") {
    return Ec2Error("IncorrectInstanceState", "The instance '" + request.instance_id +
                                                  "' is not in a state from which it can be "
                                                  "imaged.");
  }
  if (request.name.empty()) {
    return Ec2Error("MissingParameter", "The request must contain the parameter name");
  }
  if (!IsValidImageName(request.name)) {
    return Ec2Error("InvalidAMIName.Malformed",
                    "AMI names must be between 3 and 128 characters long, and may contain "
                    "letters, numbers, '(', ')', '.', '-', '/' and '_'");
  }
  if (request.description && request.description->size() > 255) {
    return Ec2Error("InvalidParameterValue", "AMI descriptions may be at most 255 characters long");
  }
  for (const auto& [id, record] : state_.images) {
    if (record.image.owner_id == state_.owner_id && record.image.name == request.name) {
      return Ec2Error("InvalidAMIName.Duplicate",
                      "AMI name " + request.name + " is already in use by AMI " + id);
    }
  }
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<Tag> image_tags,
                           TagsToCreate(request.tag_specifications, "image", {"snapshot"}));
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<Tag> snapshot_tags,
                           TagsToCreate(request.tag_specifications, "snapshot", {"image"}));
  if (request.dry_run) return DryRunSucceeded();

  // The root device as the instance's image describes it (size, type), else Ubuntu's.
  const std::string root_device =
      instance.root_device_name.empty() ? std::string(kRootDevice) : instance.root_device_name;
  EbsBlockDevice root{.volume_size = kPublicRootSizeGiB, .volume_type = "gp3"};
  if (auto source = state_.images.find(instance.image_id); source != state_.images.end()) {
    for (const BlockDeviceMapping& m : source->second.image.block_device_mappings) {
      if (m.device_name == source->second.image.root_device_name && m.ebs) root = *m.ebs;
    }
  }
  std::string root_volume_id = "vol-ffffffff";  // AWS's placeholder when there is none
  for (const InstanceBlockDeviceMapping& m : instance.block_device_mappings) {
    if (m.device_name == root_device) root_volume_id = m.volume_id;
  }

  const std::string image_id = NewIdLocked("ami-");
  const std::string snapshot_id = NewIdLocked("snap-");
  // The root's files, copied as they are now (crash-consistent: the instance is not rebooted,
  // whatever NoReboot says).
  std::string dir = ResourceDirLocked("snapshots", snapshot_id);
  if (!dir.empty()) {
    Result<RuntimeStatus> runtime = deps_.runtime.Describe(request.instance_id);
    if (!runtime.ok()) return runtime.status();
    SPOTRUN_RETURN_IF_ERROR(CopyTree(runtime->root_dir, dir));
  }
  const TimePoint now = deps_.clock.Now();
  SnapshotRecord snapshot;
  snapshot.snapshot.snapshot_id = snapshot_id;
  snapshot.snapshot.volume_id = root_volume_id;
  snapshot.snapshot.volume_size = root.volume_size.value_or(kPublicRootSizeGiB);
  snapshot.snapshot.state = "completed";
  snapshot.snapshot.progress = "100%";
  snapshot.snapshot.start_time = now;
  snapshot.snapshot.description =
      "Created by CreateImage(" + request.instance_id + ") for " + image_id;
  snapshot.snapshot.owner_id = state_.owner_id;
  snapshot.snapshot.encrypted = root.encrypted.value_or(false);
  snapshot.snapshot.tags = snapshot_tags;
  snapshot.dir = dir;
  state_.snapshots[snapshot_id] = std::move(snapshot);
  state_.Touch(snapshot_id);

  ImageRecord record;
  Image& image = record.image;
  image.image_id = image_id;
  image.name = request.name;
  image.description = request.description.value_or("");
  image.state = "available";
  image.owner_id = state_.owner_id;
  image.architecture = instance.architecture.empty() ? "x86_64" : instance.architecture;
  image.creation_date = now;
  image.root_device_name = root_device;
  image.root_device_type = "ebs";
  image.virtualization_type = "hvm";
  image.platform_details = "Linux/UNIX";
  image.is_public = false;
  root.snapshot_id = snapshot_id;
  root.delete_on_termination = root.delete_on_termination.value_or(true);
  root.encrypted = root.encrypted.value_or(false);
  image.block_device_mappings.push_back({root_device, root, {}, {}});
  image.tags = image_tags;
  record.root_snapshot_id = snapshot_id;
  state_.images[image_id] = std::move(record);
  state_.Touch(image_id);
  FlushLocked();
  return image_id;
}

Status Ec2Model::DeregisterImage(const DeregisterImageRequest& request) {
  std::lock_guard lock(mu_);
  TickLocked();
  if (!IsEc2Id(request.image_id, "ami-")) {
    return Ec2Error("InvalidAMIID.Malformed",
                    "Invalid id: \"" + request.image_id + "\" (expecting \"ami-...\")");
  }
  auto it = state_.images.find(request.image_id);
  if (it == state_.images.end()) return NotFoundError(request.image_id);
  if (it->second.image.owner_id != state_.owner_id) {
    return Ec2Error("AuthFailure", "Not authorized for image:" + request.image_id);
  }
  if (request.dry_run) return DryRunSucceeded();
  // As on AWS, the root snapshot stays (DeleteSnapshot removes it once no image uses it).
  state_.images.erase(it);
  state_.Touch(request.image_id);
  FlushLocked();
  return Status::Ok();
}

}  // namespace spotrun
