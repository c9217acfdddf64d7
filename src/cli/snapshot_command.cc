// spotrun snapshot create|ls|rm: point-in-time copies of volumes, which
// `spotrun volume create --snapshot S` turns back into volumes (in any zone of the region).
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <map>

#include "aws/ec2_waiter.h"
#include "cli/cloud_connection.h"
#include "cli/command.h"
#include "cli/confirmation.h"
#include "cli/listing.h"
#include "cli/progress_line.h"
#include "cloud/default_names.h"
#include "cloud/managed_tags.h"
#include "cloud/resource_finder.h"

namespace spotrun {
namespace {

// A snapshot of a large, busy volume can take hours; this is where spotrun stops waiting.
constexpr auto kSnapshotTimeout = std::chrono::hours(6);

struct SnapshotArgs {
  std::string volume;  // create
  std::string name;
  std::string snapshot;  // rm
};

std::string SnapshotLabel(const Snapshot& s) {
  std::string name = NameOf(s.tags);
  return name.empty() ? s.snapshot_id : name;
}

Status CreateSnapshot(Context& ctx, Ec2Client& ec2, const SnapshotArgs& args) {
  SPOTRUN_ASSIGN_OR_RETURN(Volume volume, FindVolume(ec2, args.volume));
  std::string volume_label = NameOf(volume.tags);
  if (volume_label.empty()) volume_label = volume.volume_id;
  const std::string name =
      args.name.empty() ? StampedName(volume_label, ctx.clock().Now()) : args.name;
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<Snapshot> existing, ListSnapshots(ec2));
  for (const Snapshot& s : existing) {
    if (NameOf(s.tags) == name) {
      return Status::AlreadyExists(
          fmt::format("a snapshot named \"{}\" exists already ({})", name, s.snapshot_id),
          "choose another name, or remove it: spotrun snapshot rm " + name);
    }
  }
  std::string machine = FindTag(volume.tags, kMachineTag).value_or("");
  SPOTRUN_ASSIGN_OR_RETURN(
      Snapshot snapshot,
      ec2.CreateSnapshot({.volume_id = volume.volume_id,
                          .description = "spotrun snapshot of " + volume_label,
                          .tag_specifications = {{"snapshot", ManagedTags(name, machine)}}}));
  ProgressLine progress = ProgressLine::ForStderr(ctx.err(), ctx.clock());
  progress.Begin(fmt::format("snapshot {} of {} ({})", name, volume_label, snapshot.snapshot_id));
  Ec2Waiter waiter(ec2, ctx.clock());
  WaitOptions wait = WaitReportingTo(progress, kSnapshotTimeout);
  Result<std::vector<Snapshot>> done =
      waiter.WaitUntilSnapshotCompleted({snapshot.snapshot_id}, wait);
  if (!done.ok()) {
    progress.Abandon();
    return done.status();
  }
  progress.Done("completed");
  ctx.Print("{} {} of {} ({} GiB)\n", name, snapshot.snapshot_id, volume_label,
            done->front().volume_size);
  return Status::Ok();
}

Status ListSnapshotsCommand(Context& ctx, Ec2Client& ec2) {
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<Snapshot> snapshots, ListSnapshots(ec2));
  std::map<std::string, std::string> volume_names;
  if (!snapshots.empty()) {
    SPOTRUN_ASSIGN_OR_RETURN(std::vector<Volume> volumes, ListVolumes(ec2));
    for (const Volume& v : volumes) {
      if (std::string n = NameOf(v.tags); !n.empty()) volume_names[v.volume_id] = n;
    }
  }
  if (snapshots.empty() && !ctx.json()) {
    ctx.Print("no snapshots; make one with: spotrun snapshot create VOL [NAME]\n");
    return Status::Ok();
  }
  Listing listing({{"name", "NAME"},
                   {"snapshot_id", "ID"},
                   {"volume", "VOLUME"},
                   {"size_gib", "SIZE"},
                   {"state", "STATE"},
                   {"progress", "PROGRESS"},
                   {"started", "STARTED"}});
  for (const Snapshot& s : snapshots) {
    auto named = volume_names.find(s.volume_id);
    listing.Add({SnapshotLabel(s), s.snapshot_id,
                 named == volume_names.end() ? s.volume_id : named->second, s.volume_size, s.state,
                 s.progress.empty() ? nlohmann::json() : nlohmann::json(s.progress),
                 ListingTime(s.start_time)});
  }
  ctx.Print("{}", listing.Render(ctx.json()));
  return Status::Ok();
}

Status RemoveSnapshot(Context& ctx, Ec2Client& ec2, const SnapshotArgs& args) {
  SPOTRUN_ASSIGN_OR_RETURN(Snapshot snapshot, FindSnapshot(ec2, args.snapshot));
  const std::string label = SnapshotLabel(snapshot);
  SPOTRUN_RETURN_IF_ERROR(Confirm(ctx,
                                  fmt::format("remove snapshot {} ({}, {} GiB)?", label,
                                              snapshot.snapshot_id, snapshot.volume_size),
                                  "remove snapshot " + label, "spotrun snapshot rm -y " + label));
  Status deleted = ec2.DeleteSnapshot({.snapshot_id = snapshot.snapshot_id});
  if (!deleted.ok() && deleted.code() == "InvalidSnapshot.InUse") {
    return deleted.WithHint("an image uses it: remove the image instead (spotrun image rm IMAGE)");
  }
  SPOTRUN_RETURN_IF_ERROR(deleted);
  ctx.Print("removed snapshot {} ({})\n", label, snapshot.snapshot_id);
  return Status::Ok();
}

}  // namespace

CommandRun DefineSnapshotCommand(CLI::App& app) {
  auto args = std::make_shared<SnapshotArgs>();
  app.require_subcommand(1);
  CLI::App* create =
      app.add_subcommand("create", "Snapshot a volume and wait until the copy is complete");
  create->add_option("volume", args->volume, "Name, id or unique id prefix")
      ->required()
      ->type_name("VOL");
  create->add_option("name", args->name, "Its name (default VOL-yyyymmdd-hhmm, UTC)")
      ->type_name("NAME");
  CLI::App* ls = app.add_subcommand("ls", "List spotrun's snapshots");
  CLI::App* rm = app.add_subcommand("rm", "Remove a snapshot (asks first)");
  rm->add_option("snapshot", args->snapshot, "Name, id or unique id prefix")
      ->required()
      ->type_name("SNAPSHOT");
  for (CLI::App* sub : {create, ls, rm}) sub->fallthrough();
  app.footer(
      "Examples:\n"
      "  spotrun snapshot create work                # work-20261123-1726\n"
      "  spotrun snapshot ls\n"
      "  spotrun volume create work2 --snapshot work-20261123-1726 --zone us-east-1b\n"
      "  spotrun -y snapshot rm work-20261123-1726\n");
  return [args, create, ls](Context& ctx) -> Status {
    SPOTRUN_ASSIGN_OR_RETURN(std::unique_ptr<CloudConnection> cloud, CloudConnection::Open(ctx));
    if (create->parsed()) return CreateSnapshot(ctx, cloud->ec2(), *args);
    if (ls->parsed()) return ListSnapshotsCommand(ctx, cloud->ec2());
    return RemoveSnapshot(ctx, cloud->ec2(), *args);
  };
}

}  // namespace spotrun
