// spotrun images [rm IMAGE…] and spotrun image ubuntu|NAME|ID [rm]: the account's own images
// (frozen machines) with the machine each came from; one image, or for `ubuntu` the newest
// Ubuntu LTS of each architecture; and removing an image with the snapshots spotrun made
// for it. Both commands live here since they share their columns and removal.
#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "cli/cloud_connection.h"
#include "cli/command.h"
#include "cli/confirmation.h"
#include "cli/listing.h"
#include "cloud/default_names.h"
#include "cloud/image_resolver.h"
#include "cloud/managed_tags.h"
#include "cloud/resource_finder.h"

namespace spotrun {
namespace {

constexpr std::string_view kArchitectures[] = {"x86_64", "arm64"};

nlohmann::json OrNull(const std::string& s) {
  return s.empty() ? nlohmann::json() : nlohmann::json(s);
}

// The GiB of the image's EBS volumes; null when it names none.
nlohmann::json ImageSize(const Image& image) {
  int total = 0;
  for (const BlockDeviceMapping& m : image.block_device_mappings) {
    if (m.ebs && m.ebs->volume_size) total += *m.ebs->volume_size;
  }
  return total == 0 ? nlohmann::json() : nlohmann::json(total);
}

Listing ImageListing(const std::vector<Image>& images, bool with_architecture) {
  std::vector<Column> columns{{"name", "NAME"}, {"image_id", "ID"}};
  if (with_architecture) columns.push_back({"architecture", "ARCH"});
  columns.insert(
      columns.end(),
      {{"state", "STATE"}, {"created", "CREATED"}, {"machine", "MACHINE"}, {"size_gib", "SIZE"}});
  Listing listing(columns);
  for (const Image& image : images) {
    std::vector<nlohmann::json> row{ImageLabel(image), image.image_id};
    if (with_architecture) row.push_back(image.architecture);
    row.push_back(image.state);
    row.push_back(ListingTime(image.creation_date));
    row.push_back(OrNull(FindTag(image.tags, kMachineTag).value_or("")));
    row.push_back(ImageSize(image));
    listing.Add(std::move(row));
  }
  return listing;
}

Status RemoveImage(Context& ctx, Ec2Api& ec2, std::string_view what) {
  SPOTRUN_ASSIGN_OR_RETURN(Image image, FindImage(ec2, what));
  if (image.is_public || image.owner_id == kCanonicalOwnerId) {
    return Status::FailedPrecondition(
        fmt::format("{} ({}) is not one of your images", ImageLabel(image), image.image_id),
        "`spotrun images` lists the images you can remove");
  }
  std::vector<std::string> snapshot_ids;
  for (const BlockDeviceMapping& m : image.block_device_mappings) {
    if (m.ebs && m.ebs->snapshot_id) snapshot_ids.push_back(*m.ebs->snapshot_id);
  }
  std::vector<std::string> managed_snapshots;
  if (!snapshot_ids.empty()) {
    SPOTRUN_ASSIGN_OR_RETURN(DescribeSnapshotsResponse snapshots,
                             ec2.DescribeSnapshots({.snapshot_ids = snapshot_ids}));
    for (const Snapshot& s : snapshots.snapshots) {
      if (FindTag(s.tags, kManagedTag)) managed_snapshots.push_back(s.snapshot_id);
    }
  }
  std::string question = fmt::format("remove image {} ({})", ImageLabel(image), image.image_id);
  if (!managed_snapshots.empty()) {
    question += fmt::format(" and its snapshot{} {}", managed_snapshots.size() > 1 ? "s" : "",
                            fmt::join(managed_snapshots, ", "));
  }
  SPOTRUN_RETURN_IF_ERROR(Confirm(ctx, question + "?", question,
                                  fmt::format("spotrun image rm -y {}", image.image_id)));
  SPOTRUN_RETURN_IF_ERROR(ec2.DeregisterImage({.image_id = image.image_id}));
  for (const std::string& id : managed_snapshots) {
    Status deleted = ec2.DeleteSnapshot({.snapshot_id = id});
    if (!deleted.ok()) {
      return deleted.WithContext(
          fmt::format("image {} is removed, but not its snapshot {}", image.image_id, id));
    }
  }
  ctx.Print("removed image {} ({}){}\n", ImageLabel(image), image.image_id,
            managed_snapshots.empty()
                ? ""
                : fmt::format(" and snapshot{} {}", managed_snapshots.size() > 1 ? "s" : "",
                              fmt::join(managed_snapshots, ", ")));
  return Status::Ok();
}

Status RunImages(Context& ctx, const std::vector<std::string>& args) {
  SPOTRUN_ASSIGN_OR_RETURN(std::unique_ptr<CloudConnection> cloud, CloudConnection::Open(ctx));
  if (!args.empty()) {
    if (args.front() != "rm" || args.size() < 2) {
      return Status::InvalidArgument(fmt::format("unexpected \"{}\"", fmt::join(args, " ")),
                                     "spotrun images lists your images; spotrun images rm "
                                     "IMAGE removes one; spotrun image NAME shows one");
    }
    for (size_t i = 1; i < args.size(); ++i) {
      SPOTRUN_RETURN_IF_ERROR(RemoveImage(ctx, cloud->ec2(), args[i]));
    }
    return Status::Ok();
  }
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<Image> images, ListImages(cloud->ec2()));
  if (images.empty() && !ctx.json()) {
    ctx.Print("no images of your own; make one with: spotrun freeze MACHINE [IMAGE_NAME]\n");
    return Status::Ok();
  }
  ctx.Print("{}", ImageListing(images, false).Render(ctx.json()));
  return Status::Ok();
}

Status RunImage(Context& ctx, const std::vector<std::string>& args) {
  SPOTRUN_ASSIGN_OR_RETURN(std::unique_ptr<CloudConnection> cloud, CloudConnection::Open(ctx));
  if (args.size() >= 2 && args.front() == "rm") {
    for (size_t i = 1; i < args.size(); ++i) {
      SPOTRUN_RETURN_IF_ERROR(RemoveImage(ctx, cloud->ec2(), args[i]));
    }
    return Status::Ok();
  }
  if (args.size() != 1) {
    return Status::InvalidArgument("name one image",
                                   "spotrun image ubuntu | IMAGE_NAME | ami-ID; spotrun image "
                                   "rm IMAGE");
  }
  std::vector<Image> images;
  if (args.front() == "ubuntu") {
    for (std::string_view arch : kArchitectures) {
      SPOTRUN_ASSIGN_OR_RETURN(Image image, NewestUbuntuLts(cloud->ec2(), arch));
      images.push_back(std::move(image));
    }
  } else {
    SPOTRUN_ASSIGN_OR_RETURN(Image image, ResolveImage(cloud->ec2(), args.front(), ""));
    images.push_back(std::move(image));
  }
  ctx.Print("{}", ImageListing(images, true).Render(ctx.json()));
  if (!ctx.json() && args.front() == "ubuntu") {
    for (const Image& image : images) ctx.Print("{}: {}\n", image.image_id, image.name);
  }
  return Status::Ok();
}

std::shared_ptr<std::vector<std::string>> AddArgs(CLI::App& app, const char* what) {
  auto args = std::make_shared<std::vector<std::string>>();
  app.add_option("args", *args, what)->type_name("ARGS");
  return args;
}

}  // namespace

CommandRun DefineImagesCommand(CLI::App& app) {
  auto args = AddArgs(app, "rm IMAGE… to remove images");
  app.footer(
      "Lists the images you own — made by `spotrun freeze` or otherwise — with the machine\n"
      "each was frozen from. `images rm IMAGE` (or `image rm IMAGE`) removes one and the\n"
      "snapshots spotrun made for it.\n\n"
      "Examples:\n"
      "  spotrun images\n"
      "  spotrun -o json images\n"
      "  spotrun -y images rm gpu-box-20261123-1726\n");
  return [args](Context& ctx) { return RunImages(ctx, *args); };
}

CommandRun DefineImageCommand(CLI::App& app) {
  auto args = AddArgs(app, "ubuntu, an image name or id; or rm IMAGE…");
  app.footer(
      "Shows one image: `ubuntu` is the newest Ubuntu LTS Canonical publishes (for x86_64 and\n"
      "arm64), what `spotrun launch` uses by default; a name is one of your images (`spotrun\n"
      "images`); an id (ami-…) or a unique prefix of one works too.\n\n"
      "Examples:\n"
      "  spotrun image ubuntu\n"
      "  spotrun image cuda-base\n"
      "  spotrun image rm cuda-base\n");
  return [args](Context& ctx) { return RunImage(ctx, *args); };
}

}  // namespace spotrun
