#include "cloud/resource_finder.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>

#include "aws/ec2_pagination.h"
#include "cloud/managed_tags.h"
#include "market/nearest_names.h"

namespace spotrun {
namespace {

constexpr int kMaxPages = 100;
constexpr size_t kMinPrefix = 4;

// What differs between volumes, snapshots and images when one is looked for.
struct ResourceKind {
  std::string_view noun;          // "volume"
  std::string_view id_prefix;     // "vol-"
  std::string_view list_command;  // "spotrun volume ls"
};

constexpr ResourceKind kVolumeKind{"volume", "vol-", "spotrun volume ls"};
constexpr ResourceKind kSnapshotKind{"snapshot", "snap-", "spotrun snapshot ls"};
constexpr ResourceKind kImageKind{"image", "ami-", "spotrun images"};

bool IsFullId(std::string_view s, std::string_view prefix) {
  if (!s.starts_with(prefix)) return false;
  std::string_view hex = s.substr(prefix.size());
  if (hex.size() != 8 && hex.size() != 17) return false;
  return std::all_of(hex.begin(), hex.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool IsNotFound(const Status& s) {
  return s.code().ends_with(".NotFound") || s.code().ends_with("NotFound");
}

// Picks the one item `what` names among `items`: by name first, else by id prefix.
template <typename T>
Result<T> Pick(const std::vector<T>& items, std::string_view what, const ResourceKind& kind,
               const std::function<std::vector<std::string>(const T&)>& names,
               const std::function<const std::string&(const T&)>& id) {
  std::vector<const T*> named, prefixed;
  std::string_view prefix =
      what.starts_with(kind.id_prefix) ? what.substr(kind.id_prefix.size()) : what;
  for (const T& item : items) {
    std::vector<std::string> item_names = names(item);
    if (std::find(item_names.begin(), item_names.end(), what) != item_names.end()) {
      named.push_back(&item);
    }
    std::string_view item_id = id(item);
    if (prefix.size() >= kMinPrefix && item_id.starts_with(kind.id_prefix) &&
        item_id.substr(kind.id_prefix.size()).starts_with(prefix)) {
      prefixed.push_back(&item);
    }
  }
  const std::vector<const T*>& matches = named.empty() ? prefixed : named;
  if (matches.size() == 1) return *matches.front();
  if (matches.size() > 1) {
    std::vector<std::string> ids;
    for (const T* m : matches) ids.push_back(id(*m));
    return Status::FailedPrecondition(fmt::format("\"{}\" matches {} {}s: {}", what, matches.size(),
                                                  kind.noun, fmt::join(ids, ", ")),
                                      fmt::format("name the one you mean by its {} id", kind.noun));
  }
  std::vector<std::string> all_names;
  for (const T& item : items) {
    for (std::string& n : names(item)) {
      if (!n.empty()) all_names.push_back(std::move(n));
    }
  }
  std::vector<std::string_view> views(all_names.begin(), all_names.end());
  std::vector<std::string> nearest = market::NearestNames(what, views, 3);
  std::string hint = nearest.empty() ? fmt::format("`{}` lists them", kind.list_command)
                                     : fmt::format("did you mean {}? `{}` lists them",
                                                   fmt::join(nearest, ", "), kind.list_command);
  return Status::NotFound(fmt::format("no {} named \"{}\"", kind.noun, what), hint);
}

Status NoSuchId(const ResourceKind& kind, std::string_view what) {
  return Status::NotFound(fmt::format("no {} {}", kind.noun, what),
                          fmt::format("`{}` lists them", kind.list_command));
}

Status NothingGiven(const ResourceKind& kind) {
  return Status::InvalidArgument(fmt::format("no {} given", kind.noun),
                                 fmt::format("name one; `{}` lists them", kind.list_command));
}

template <typename T>
void OldestFirst(std::vector<T>& items, std::optional<TimePoint> T::*time, std::string T::*id) {
  std::stable_sort(items.begin(), items.end(), [&](const T& a, const T& b) {
    TimePoint ta = (a.*time).value_or(TimePoint{});
    TimePoint tb = (b.*time).value_or(TimePoint{});
    return ta != tb ? ta < tb : a.*id < b.*id;
  });
}

Result<std::vector<Volume>> DescribeVolumes(Ec2Api& ec2, DescribeVolumesRequest request) {
  if (request.volume_ids.empty()) request.max_results = 500;
  return CollectAllPages(
      "DescribeVolumes", request, kMaxPages,
      [&ec2](const DescribeVolumesRequest& r) { return ec2.DescribeVolumes(r); },
      &DescribeVolumesResponse::volumes);
}

Result<std::vector<Snapshot>> DescribeSnapshots(Ec2Api& ec2, DescribeSnapshotsRequest request) {
  if (request.snapshot_ids.empty()) request.max_results = 1000;
  return CollectAllPages(
      "DescribeSnapshots", request, kMaxPages,
      [&ec2](const DescribeSnapshotsRequest& r) { return ec2.DescribeSnapshots(r); },
      &DescribeSnapshotsResponse::snapshots);
}

}  // namespace

std::string NameOf(const std::vector<Tag>& tags) { return FindTag(tags, kNameTag).value_or(""); }

std::string ImageLabel(const Image& image) {
  std::string name = NameOf(image.tags);
  return name.empty() ? image.name : name;
}

Result<std::vector<Volume>> ListVolumes(Ec2Api& ec2) {
  DescribeVolumesRequest request;
  request.filters = {{"tag-key", {std::string(kManagedTag)}}};
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<Volume> volumes, DescribeVolumes(ec2, std::move(request)));
  OldestFirst(volumes, &Volume::create_time, &Volume::volume_id);
  return volumes;
}

Result<std::vector<Snapshot>> ListSnapshots(Ec2Api& ec2) {
  DescribeSnapshotsRequest request;
  request.owner_ids = {"self"};
  request.filters = {{"tag-key", {std::string(kManagedTag)}}};
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<Snapshot> snapshots,
                           DescribeSnapshots(ec2, std::move(request)));
  OldestFirst(snapshots, &Snapshot::start_time, &Snapshot::snapshot_id);
  return snapshots;
}

Result<std::vector<Image>> ListImages(Ec2Api& ec2) {
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<Image> images, ec2.DescribeImages({.owners = {"self"}}));
  OldestFirst(images, &Image::creation_date, &Image::image_id);
  return images;
}

Result<Volume> FindVolume(Ec2Api& ec2, std::string_view what) {
  if (what.empty()) return NothingGiven(kVolumeKind);
  if (IsFullId(what, kVolumeKind.id_prefix)) {
    Result<std::vector<Volume>> found = DescribeVolumes(ec2, {.volume_ids = {std::string(what)}});
    if (!found.ok() && !IsNotFound(found.status())) return found.status();
    if (found.ok() && !found->empty()) return found->front();
    return NoSuchId(kVolumeKind, what);
  }
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<Volume> volumes, ListVolumes(ec2));
  return Pick<Volume>(
      volumes, what, kVolumeKind,
      [](const Volume& v) { return std::vector<std::string>{NameOf(v.tags)}; },
      [](const Volume& v) -> const std::string& { return v.volume_id; });
}

Result<Snapshot> FindSnapshot(Ec2Api& ec2, std::string_view what) {
  if (what.empty()) return NothingGiven(kSnapshotKind);
  if (IsFullId(what, kSnapshotKind.id_prefix)) {
    Result<std::vector<Snapshot>> found =
        DescribeSnapshots(ec2, {.snapshot_ids = {std::string(what)}});
    if (!found.ok() && !IsNotFound(found.status())) return found.status();
    if (found.ok() && !found->empty()) return found->front();
    return NoSuchId(kSnapshotKind, what);
  }
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<Snapshot> snapshots, ListSnapshots(ec2));
  return Pick<Snapshot>(
      snapshots, what, kSnapshotKind,
      [](const Snapshot& s) { return std::vector<std::string>{NameOf(s.tags)}; },
      [](const Snapshot& s) -> const std::string& { return s.snapshot_id; });
}

Result<Image> FindImage(Ec2Api& ec2, std::string_view what) {
  if (what.empty()) return NothingGiven(kImageKind);
  if (IsFullId(what, kImageKind.id_prefix)) {
    Result<std::vector<Image>> found = ec2.DescribeImages({.image_ids = {std::string(what)}});
    if (!found.ok() && !IsNotFound(found.status())) return found.status();
    if (found.ok() && !found->empty()) return found->front();
    return NoSuchId(kImageKind, what);
  }
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<Image> images, ListImages(ec2));
  return Pick<Image>(
      images, what, kImageKind,
      [](const Image& i) {
        std::vector<std::string> names{i.name};
        if (std::string tag = NameOf(i.tags); !tag.empty() && tag != i.name) names.push_back(tag);
        return names;
      },
      [](const Image& i) -> const std::string& { return i.image_id; });
}

}  // namespace spotrun
