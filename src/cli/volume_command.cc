// spotrun volume create|attach|detach|ls|rm: disks that outlive machines. `attach` also
// formats a new volume and mounts it (fstab, nofail) over ssh; `detach` unmounts first.
// What happens on the machine is cloud/volume_mount.h's, described in doc/volumes.md.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <map>

#include "aws/ec2_waiter.h"
#include "cli/cloud_connection.h"
#include "cli/command.h"
#include "cli/confirmation.h"
#include "cli/listing.h"
#include "cli/machine_ssh_target.h"
#include "cli/progress_line.h"
#include "cloud/machine_finder.h"
#include "cloud/managed_tags.h"
#include "cloud/remote_script.h"
#include "cloud/resource_finder.h"
#include "cloud/ssh_identity.h"
#include "cloud/volume_mount.h"

namespace spotrun {
namespace {

constexpr auto kVolumeTimeout = std::chrono::minutes(10);

struct VolumeArgs {
  std::string name;  // create
  int size = 0;
  std::string zone;
  std::string for_machine;
  std::string snapshot;
  std::string volume;  // attach, detach, rm
  std::string machine;
  std::string mount;
  bool force = false;
};

WaitOptions WaitWithProgress(ProgressLine& progress) {
  return WaitReportingTo(progress, kVolumeTimeout);
}

std::string VolumeLabel(const Volume& v) {
  std::string name = NameOf(v.tags);
  return name.empty() ? v.volume_id : name;
}

Status CreateVolume(Context& ctx, Ec2Client& ec2, const VolumeArgs& args) {
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<Volume> volumes, ListVolumes(ec2));
  for (const Volume& v : volumes) {
    if (NameOf(v.tags) == args.name && v.state != "deleting" && v.state != "deleted") {
      return Status::AlreadyExists(
          fmt::format("a volume named \"{}\" exists already ({})", args.name, v.volume_id),
          "choose another name, or remove it: spotrun volume rm " + args.name);
    }
  }
  if (args.zone.empty() == args.for_machine.empty()) {
    return Status::InvalidArgument("say where the volume lives: --zone ZONE or --for MACHINE",
                                   "a volume can be attached only to machines in its zone");
  }
  CreateVolumeRequest request{.availability_zone = args.zone, .volume_type = "gp3"};
  std::string machine;
  if (!args.for_machine.empty()) {
    SPOTRUN_ASSIGN_OR_RETURN(Machine m, FindMachine(ec2, args.for_machine));
    request.availability_zone = m.instance.availability_zone;
    machine = m.label();
  }
  if (!args.snapshot.empty()) {
    SPOTRUN_ASSIGN_OR_RETURN(Snapshot s, FindSnapshot(ec2, args.snapshot));
    request.snapshot_id = s.snapshot_id;
    if (args.size > 0 && args.size < s.volume_size) {
      return Status::InvalidArgument(
          fmt::format("--size {} is smaller than the snapshot ({} GiB)", args.size, s.volume_size),
          fmt::format("leave --size out, or give at least {}", s.volume_size));
    }
  } else if (args.size <= 0) {
    return Status::InvalidArgument("how large? --size GB is needed", "e.g. --size 100");
  }
  if (args.size > 0) request.size = args.size;
  request.tag_specifications = {{"volume", ManagedTags(args.name, machine)}};
  SPOTRUN_ASSIGN_OR_RETURN(Volume volume, ec2.CreateVolume(request));

  ProgressLine progress = ProgressLine::ForStderr(ctx.err(), ctx.clock());
  progress.Begin(fmt::format("creating volume {} ({})", args.name, volume.volume_id));
  Ec2Waiter waiter(ec2, ctx.clock());
  Result<std::vector<Volume>> ready =
      waiter.WaitUntilVolumeAvailable({volume.volume_id}, WaitWithProgress(progress));
  if (!ready.ok()) {
    progress.Abandon();
    return ready.status();
  }
  progress.Done("available");
  const Volume& made = ready->front();
  ctx.Print("{} {} {} GiB in {}{}\n", args.name, made.volume_id, made.size, made.availability_zone,
            made.snapshot_id.empty() ? "" : " from " + made.snapshot_id);
  return Status::Ok();
}

Status AttachVolume(Context& ctx, Ec2Client& ec2, const VolumeArgs& args) {
  SPOTRUN_ASSIGN_OR_RETURN(Volume volume, FindVolume(ec2, args.volume));
  SPOTRUN_ASSIGN_OR_RETURN(Machine machine, FindMachine(ec2, args.machine));
  const std::string label = VolumeLabel(volume);
  const std::string dir =
      args.mount.empty() ? DefaultMountDir(NameOf(volume.tags), volume.volume_id) : args.mount;
  SPOTRUN_RETURN_IF_ERROR(CheckMountDir(dir));
  if (!volume.attachments.empty()) {
    return Status::FailedPrecondition(fmt::format("volume {} is attached to {} already", label,
                                                  volume.attachments.front().instance_id),
                                      "detach it first: spotrun volume detach " + label);
  }
  if (volume.availability_zone != machine.instance.availability_zone) {
    return Status::FailedPrecondition(
        fmt::format("volume {} is in {}, machine {} in {}", label, volume.availability_zone,
                    machine.label(), machine.instance.availability_zone),
        "a volume attaches only within its zone; snapshot it and create a copy there: "
        "spotrun snapshot create " +
            label);
  }
  SPOTRUN_ASSIGN_OR_RETURN(SshTarget login, SshTargetOf(ctx, machine));
  SPOTRUN_ASSIGN_OR_RETURN(std::string device, NextFreeDevice(machine.instance));
  SPOTRUN_RETURN_IF_ERROR(
      ec2.AttachVolume(
             {.volume_id = volume.volume_id, .instance_id = machine.id(), .device = device})
          .status());

  ProgressLine progress = ProgressLine::ForStderr(ctx.err(), ctx.clock());
  progress.Begin(fmt::format("attaching {} to {} at {}", label, machine.label(), device));
  Ec2Waiter waiter(ec2, ctx.clock());
  Result<std::vector<Volume>> in_use =
      waiter.WaitUntilVolumeInUse({volume.volume_id}, WaitWithProgress(progress));
  if (!in_use.ok()) {
    progress.Abandon();
    return in_use.status();
  }
  SPOTRUN_RETURN_IF_ERROR(ec2.CreateTags(
      {.resource_ids = {volume.volume_id}, .tags = {{std::string(kMountTag), dir}}}));
  progress.Update("mounting");
  Result<SubprocessResult> ran =
      RunRemoteScript(login, MountScript(volume.volume_id, device, dir), ctx.clock());
  const std::string still_attached = fmt::format(
      "{} stays attached at {}; look with spotrun ssh {}, or undo with spotrun "
      "volume detach {}",
      label, device, machine.label(), label);
  if (!ran.ok()) {
    progress.Abandon();
    return ran.status().WithHint(still_attached);
  }
  std::optional<MountReport> report = ParseMountReport(ran->stdout_text);
  if (!ran->success() || !report) {
    progress.Abandon();
    return Status::Internal(fmt::format("mounting {} on {} failed (exit {}): {}", label,
                                        machine.label(), ran->exit_code, ran->stderr_text),
                            still_attached);
  }
  progress.Done(report->formatted ? "formatted and mounted" : "mounted");
  if (ctx.json()) {
    nlohmann::ordered_json j{{"volume", label},
                             {"volume_id", volume.volume_id},
                             {"machine", machine.label()},
                             {"device", device},
                             {"mount", dir},
                             {"path", report->path},
                             {"formatted", report->formatted}};
    ctx.Print("{}\n", j.dump(2));
    return Status::Ok();
  }
  ctx.Print("{} {} attached to {} at {}, mounted at {}{}\n", label, volume.volume_id,
            machine.label(), device, dir, report->formatted ? " (new: formatted)" : "");
  if (report->world == "directory") {
    ctx.Print(
        "local cloud: the volume is a directory, linked at {} (the instance's root is the\n"
        "parent of its home; see doc/volumes.md)\n",
        report->path);
  }
  return Status::Ok();
}

Status DetachVolume(Context& ctx, Ec2Client& ec2, const VolumeArgs& args) {
  SPOTRUN_ASSIGN_OR_RETURN(Volume volume, FindVolume(ec2, args.volume));
  const std::string label = VolumeLabel(volume);
  if (volume.attachments.empty()) {
    return Status::FailedPrecondition(fmt::format("volume {} is not attached", label),
                                      "`spotrun volume ls` shows where volumes are");
  }
  const VolumeAttachment attachment = volume.attachments.front();
  const std::string dir = FindTag(volume.tags, kMountTag)
                              .value_or(DefaultMountDir(NameOf(volume.tags), volume.volume_id));
  ProgressLine progress = ProgressLine::ForStderr(ctx.err(), ctx.clock());
  progress.Begin(fmt::format("detaching {} from {}", label, attachment.instance_id));
  Result<Machine> machine = FindMachine(ec2, attachment.instance_id);
  if (!args.force && machine.ok() && machine->state() == "running") {
    progress.Update("unmounting");
    SPOTRUN_ASSIGN_OR_RETURN(SshTarget login, SshTargetOf(ctx, *machine));
    Result<SubprocessResult> ran = RunRemoteScript(
        login, UnmountScript(volume.volume_id, attachment.device, dir), ctx.clock());
    if (!ran.ok() || !ran->success()) {
      progress.Abandon();
      std::string why = ran.ok() ? ran->stderr_text : ran.status().message();
      return Status::FailedPrecondition(
          fmt::format("could not unmount {} on {}: {}", dir, machine->label(), why),
          "close what uses it (spotrun ssh " + machine->label() +
              "), or detach anyway with --force (unsaved writes may be lost)");
    }
  }
  DetachVolumeRequest request{.volume_id = volume.volume_id};
  if (args.force) request.force = true;
  SPOTRUN_RETURN_IF_ERROR(ec2.DetachVolume(request).status());
  progress.Update("detaching");
  Ec2Waiter waiter(ec2, ctx.clock());
  Result<std::vector<Volume>> available =
      waiter.WaitUntilVolumeAvailable({volume.volume_id}, WaitWithProgress(progress));
  if (!available.ok()) {
    progress.Abandon();
    return available.status();
  }
  SPOTRUN_RETURN_IF_ERROR(
      ec2.DeleteTags({.resource_ids = {volume.volume_id}, .keys = {std::string(kMountTag)}}));
  progress.Done("available");
  ctx.Print("{} {} detached from {}\n", label, volume.volume_id,
            machine.ok() ? machine->label() : attachment.instance_id);
  return Status::Ok();
}

Status ListVolumesCommand(Context& ctx, Ec2Client& ec2) {
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<Volume> volumes, ListVolumes(ec2));
  std::map<std::string, std::string> machine_names;
  bool any_attached = std::any_of(volumes.begin(), volumes.end(),
                                  [](const Volume& v) { return !v.attachments.empty(); });
  if (any_attached) {
    SPOTRUN_ASSIGN_OR_RETURN(std::vector<Machine> machines, ListMachines(ec2, true));
    for (const Machine& m : machines) machine_names[m.id()] = m.label();
  }
  Listing listing({{"name", "NAME"},
                   {"volume_id", "ID"},
                   {"size_gib", "SIZE"},
                   {"state", "STATE"},
                   {"zone", "ZONE"},
                   {"machine", "MACHINE"},
                   {"device", "DEVICE"}});
  for (const Volume& v : volumes) {
    nlohmann::json machine, device;
    if (!v.attachments.empty()) {
      const VolumeAttachment& a = v.attachments.front();
      auto named = machine_names.find(a.instance_id);
      machine = named == machine_names.end() ? a.instance_id : named->second;
      device = a.device;
    }
    std::string name = NameOf(v.tags);
    listing.Add({name.empty() ? nlohmann::json() : nlohmann::json(name), v.volume_id, v.size,
                 v.state, v.availability_zone, machine, device});
  }
  if (volumes.empty() && !ctx.json()) {
    ctx.Print("no volumes; make one with: spotrun volume create NAME --size GB --for MACHINE\n");
    return Status::Ok();
  }
  ctx.Print("{}", listing.Render(ctx.json()));
  return Status::Ok();
}

Status RemoveVolume(Context& ctx, Ec2Client& ec2, const VolumeArgs& args) {
  SPOTRUN_ASSIGN_OR_RETURN(Volume volume, FindVolume(ec2, args.volume));
  const std::string label = VolumeLabel(volume);
  if (!volume.attachments.empty() || volume.state == "in-use") {
    return Status::FailedPrecondition(
        fmt::format(
            "volume {} is in use (attached to {})", label,
            volume.attachments.empty() ? "a machine" : volume.attachments.front().instance_id),
        "detach it first: spotrun volume detach " + label);
  }
  SPOTRUN_RETURN_IF_ERROR(Confirm(ctx,
                                  fmt::format("remove volume {} ({}, {} GiB) and all data on it?",
                                              label, volume.volume_id, volume.size),
                                  "remove volume " + label, "spotrun volume rm -y " + label));
  SPOTRUN_RETURN_IF_ERROR(ec2.DeleteVolume({.volume_id = volume.volume_id}));
  ctx.Print("removed volume {} ({})\n", label, volume.volume_id);
  return Status::Ok();
}

}  // namespace

CommandRun DefineVolumeCommand(CLI::App& app) {
  auto args = std::make_shared<VolumeArgs>();
  app.require_subcommand(1);
  CLI::App* create =
      app.add_subcommand("create", "Create a volume (a disk that outlives machines)");
  create->add_option("name", args->name, "Its name")->required()->type_name("NAME");
  create->add_option("--size", args->size, "Size in GiB (default with --snapshot: the snapshot's)")
      ->type_name("GB")
      ->check(CLI::PositiveNumber);
  create->add_option("--zone", args->zone, "Availability zone")->type_name("ZONE");
  create->add_option("--for", args->for_machine, "In the zone of this machine")
      ->type_name("MACHINE");
  create->add_option("--snapshot", args->snapshot, "Start from this snapshot's data")
      ->type_name("SNAPSHOT");

  CLI::App* attach = app.add_subcommand(
      "attach", "Attach a volume to a machine and mount it (a new one is formatted first)");
  attach->add_option("volume", args->volume, "Name, id or unique id prefix")
      ->required()
      ->type_name("VOL");
  attach->add_option("machine", args->machine, "The machine")->required()->type_name("MACHINE");
  attach->add_option("--mount", args->mount, "Where to mount it (default /data/NAME)")
      ->type_name("DIR");

  CLI::App* detach = app.add_subcommand("detach", "Unmount a volume on its machine and detach it");
  detach->add_option("volume", args->volume, "Name, id or unique id prefix")
      ->required()
      ->type_name("VOL");
  detach->add_flag("--force", args->force, "Detach without unmounting (writes may be lost)");

  CLI::App* ls = app.add_subcommand("ls", "List spotrun's volumes and where they are attached");

  CLI::App* rm = app.add_subcommand("rm", "Remove a volume that is not attached (asks first)");
  rm->add_option("volume", args->volume, "Name, id or unique id prefix")
      ->required()
      ->type_name("VOL");
  for (CLI::App* sub : {create, attach, detach, ls, rm}) sub->fallthrough();

  app.footer(
      "Examples:\n"
      "  spotrun volume create work --size 100 --for gpu-box\n"
      "  spotrun volume attach work gpu-box            # mounted at /data/work\n"
      "  spotrun volume detach work\n"
      "  spotrun volume attach work other-box --mount /srv/work\n"
      "  spotrun volume ls\n"
      "  spotrun -y volume rm work\n");
  return [args, create, attach, detach, ls](Context& ctx) -> Status {
    SPOTRUN_ASSIGN_OR_RETURN(std::unique_ptr<CloudConnection> cloud, CloudConnection::Open(ctx));
    Ec2Client& ec2 = cloud->ec2();
    if (create->parsed()) return CreateVolume(ctx, ec2, *args);
    if (attach->parsed()) return AttachVolume(ctx, ec2, *args);
    if (detach->parsed()) return DetachVolume(ctx, ec2, *args);
    if (ls->parsed()) return ListVolumesCommand(ctx, ec2);
    return RemoveVolume(ctx, ec2, *args);
  };
}

}  // namespace spotrun
