#include "cloud/garbage.h"

#include <fmt/format.h>

#include <set>

#include "aws/ec2_pagination.h"
#include "cloud/machine_finder.h"
#include "cloud/managed_tags.h"

namespace spotrun {
namespace {

constexpr int kMaxPages = 100;

Filter ManagedFilter() { return {"tag-key", {std::string(kManagedTag)}}; }

std::string NameOf(const std::vector<Tag>& tags) {
  std::optional<std::string> name = FindTag(tags, kNameTag);
  if (name && !name->empty()) return *name;
  return FindTag(tags, kMachineTag).value_or("");
}

bool Managed(const std::vector<Tag>& tags) { return FindTag(tags, kManagedTag).has_value(); }

Result<std::vector<SpotInstanceRequest>> PersistentRequests(Ec2Api& ec2) {
  DescribeSpotInstanceRequestsRequest request;
  request.filters = {
      ManagedFilter(), {"type", {"persistent"}}, {"state", {"open", "active", "disabled"}}};
  return CollectAllPages(
      "DescribeSpotInstanceRequests", request, kMaxPages,
      [&ec2](const DescribeSpotInstanceRequestsRequest& r) {
        return ec2.DescribeSpotInstanceRequests(r);
      },
      &DescribeSpotInstanceRequestsResponse::spot_instance_requests);
}

// The live (not terminated) instances among `ids`, whoever owns them.
Result<std::vector<Machine>> LiveInstances(Ec2Api& ec2, const std::vector<std::string>& ids) {
  if (ids.empty()) return std::vector<Machine>{};
  DescribeInstancesRequest request;
  request.filters = {{"instance-id", ids},
                     {"instance-state-name", {"pending", "running", "stopping", "stopped"}}};
  return DescribeMachines(ec2, std::move(request));
}

Status AddSpotRequests(Ec2Api& ec2, const std::set<std::string>& machine_ids,
                       std::vector<GarbageItem>& items) {
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<SpotInstanceRequest> requests, PersistentRequests(ec2));
  std::vector<std::string> unknown;
  for (const SpotInstanceRequest& r : requests) {
    if (!r.instance_id.empty() && !machine_ids.contains(r.instance_id)) {
      unknown.push_back(r.instance_id);
    }
  }
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<Machine> others, LiveInstances(ec2, unknown));
  for (const SpotInstanceRequest& r : requests) {
    if (!r.instance_id.empty() && machine_ids.contains(r.instance_id)) continue;
    GarbageItem item{.kind = GarbageKind::kSpotRequest,
                     .id = r.spot_instance_request_id,
                     .name = NameOf(r.tags)};
    const Machine* replacement = nullptr;
    for (const Machine& m : others) {
      if (m.id() == r.instance_id) replacement = &m;
    }
    if (r.instance_id.empty()) {
      item.reason = fmt::format(
          "{} persistent request without a machine: it launches one (and "
          "bills) as soon as capacity allows",
          r.state);
    } else if (replacement != nullptr) {
      item.reason = fmt::format("its machine is gone; it launched the unnamed replacement {} ({})",
                                r.instance_id, replacement->state());
      item.related.push_back(r.instance_id);
    } else {
      item.reason = fmt::format(
          "its machine {} is terminated; it would launch an unnamed "
          "replacement",
          r.instance_id);
    }
    items.push_back(std::move(item));
  }
  return Status::Ok();
}

Status AddVolumes(Ec2Api& ec2, std::vector<GarbageItem>& items) {
  DescribeVolumesRequest request;
  request.filters = {ManagedFilter(), {"status", {"available"}}};
  SPOTRUN_ASSIGN_OR_RETURN(
      std::vector<Volume> volumes,
      CollectAllPages(
          "DescribeVolumes", request, kMaxPages,
          [&ec2](const DescribeVolumesRequest& r) { return ec2.DescribeVolumes(r); },
          &DescribeVolumesResponse::volumes));
  for (const Volume& v : volumes) {
    items.push_back({.kind = GarbageKind::kVolume,
                     .id = v.volume_id,
                     .name = NameOf(v.tags),
                     .reason = fmt::format("unattached {} GiB {} volume", v.size,
                                           v.volume_type.empty() ? "gp3" : v.volume_type),
                     .billed_gib = v.size});
  }
  return Status::Ok();
}

std::vector<std::string> SnapshotsOf(const Image& image) {
  std::vector<std::string> ids;
  for (const BlockDeviceMapping& b : image.block_device_mappings) {
    if (b.ebs && b.ebs->snapshot_id && !b.ebs->snapshot_id->empty()) {
      ids.push_back(*b.ebs->snapshot_id);
    }
  }
  return ids;
}

double ImageGib(const Image& image) {
  double gib = 0;
  for (const BlockDeviceMapping& b : image.block_device_mappings) {
    if (b.ebs && b.ebs->volume_size) gib += *b.ebs->volume_size;
  }
  return gib;
}

// Adds the images and returns the snapshots every image of the account (managed or not) uses.
Result<std::set<std::string>> AddImages(Ec2Api& ec2, const std::set<std::string>& machine_names,
                                        const GarbageOptions& options,
                                        std::vector<GarbageItem>& items) {
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<Image> images, ec2.DescribeImages({.owners = {"self"}}));
  std::set<std::string> used;
  for (const Image& image : images) {
    std::optional<std::string> machine = FindTag(image.tags, kMachineTag);
    // Snapshots of removed images go with them, so no image's snapshot is listed on its own.
    for (std::string& s : SnapshotsOf(image)) used.insert(std::move(s));
    const bool orphan = Managed(image.tags) && machine && !machine_names.contains(*machine) &&
                        image.state != "pending";
    if (!orphan) continue;
    GarbageItem item{.kind = GarbageKind::kImage,
                     .id = image.image_id,
                     .name = image.name,
                     .kept = !options.include_images,
                     .related = SnapshotsOf(image)};
    if (double gib = ImageGib(image); gib > 0) item.billed_gib = static_cast<int>(gib);
    item.reason = item.kept ? fmt::format(
                                  "machine {} is gone; kept: images are frozen on "
                                  "purpose (--images removes them)",
                                  *machine)
                            : fmt::format("machine {} is gone", *machine);
    items.push_back(std::move(item));
  }
  return used;
}

Status AddSnapshots(Ec2Api& ec2, const std::set<std::string>& used_by_images,
                    std::vector<GarbageItem>& items) {
  DescribeSnapshotsRequest request;
  request.owner_ids = {"self"};
  request.filters = {ManagedFilter()};
  SPOTRUN_ASSIGN_OR_RETURN(
      std::vector<Snapshot> snapshots,
      CollectAllPages(
          "DescribeSnapshots", request, kMaxPages,
          [&ec2](const DescribeSnapshotsRequest& r) { return ec2.DescribeSnapshots(r); },
          &DescribeSnapshotsResponse::snapshots));
  std::vector<std::string> volume_ids;
  for (const Snapshot& s : snapshots) {
    if (!s.volume_id.empty()) volume_ids.push_back(s.volume_id);
  }
  std::set<std::string> existing;
  if (!volume_ids.empty()) {
    DescribeVolumesRequest volumes;
    volumes.filters = {{"volume-id", volume_ids}};
    SPOTRUN_ASSIGN_OR_RETURN(
        std::vector<Volume> found,
        CollectAllPages(
            "DescribeVolumes", volumes, kMaxPages,
            [&ec2](const DescribeVolumesRequest& r) { return ec2.DescribeVolumes(r); },
            &DescribeVolumesResponse::volumes));
    for (const Volume& v : found) existing.insert(v.volume_id);
  }
  for (const Snapshot& s : snapshots) {
    if (used_by_images.contains(s.snapshot_id) || existing.contains(s.volume_id)) continue;
    if (s.state == "pending") continue;
    items.push_back(
        {.kind = GarbageKind::kSnapshot,
         .id = s.snapshot_id,
         .name = NameOf(s.tags),
         .reason = fmt::format("snapshot of the deleted volume {}; no image uses it", s.volume_id),
         .billed_gib = s.volume_size});
  }
  return Status::Ok();
}

}  // namespace

std::string_view GarbageKindName(GarbageKind kind) {
  switch (kind) {
    case GarbageKind::kSpotRequest:
      return "spot request";
    case GarbageKind::kVolume:
      return "volume";
    case GarbageKind::kImage:
      return "image";
    case GarbageKind::kSnapshot:
      return "snapshot";
  }
  return "resource";
}

Result<std::vector<GarbageItem>> FindGarbage(Ec2Api& ec2, const GarbageOptions& options) {
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<Machine> machines, ListMachines(ec2, false));
  std::set<std::string> machine_ids, machine_names;
  for (const Machine& m : machines) {
    machine_ids.insert(m.id());
    if (!m.name.empty()) machine_names.insert(m.name);
  }
  std::vector<GarbageItem> items;
  SPOTRUN_RETURN_IF_ERROR(AddSpotRequests(ec2, machine_ids, items));
  SPOTRUN_RETURN_IF_ERROR(AddVolumes(ec2, items));
  SPOTRUN_ASSIGN_OR_RETURN(std::set<std::string> used,
                           AddImages(ec2, machine_names, options, items));
  SPOTRUN_RETURN_IF_ERROR(AddSnapshots(ec2, used, items));
  return items;
}

Status RemoveGarbage(Ec2Api& ec2, const GarbageItem& item) {
  if (item.kept) {
    return Status::FailedPrecondition(
        fmt::format("{} {} is kept", GarbageKindName(item.kind), item.id),
        "images are removed only with --images");
  }
  switch (item.kind) {
    case GarbageKind::kSpotRequest:
      SPOTRUN_RETURN_IF_ERROR(
          ec2.CancelSpotInstanceRequests({.spot_instance_request_ids = {item.id}}).status());
      if (!item.related.empty()) {
        return ec2.TerminateInstances({.instance_ids = item.related}).status();
      }
      return Status::Ok();
    case GarbageKind::kVolume:
      return ec2.DeleteVolume({.volume_id = item.id});
    case GarbageKind::kImage:
      SPOTRUN_RETURN_IF_ERROR(ec2.DeregisterImage({.image_id = item.id}));
      for (const std::string& snapshot : item.related) {
        SPOTRUN_RETURN_IF_ERROR(ec2.DeleteSnapshot({.snapshot_id = snapshot}));
      }
      return Status::Ok();
    case GarbageKind::kSnapshot:
      return ec2.DeleteSnapshot({.snapshot_id = item.id});
  }
  return Status::Ok();
}

}  // namespace spotrun
