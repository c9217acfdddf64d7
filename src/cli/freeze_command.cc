// spotrun freeze NAME [IMAGE_NAME] [--no-reboot]: makes an image of a machine's root (its
// files, its installed software), tagged as spotrun's and with the machine's name, and waits
// until it can be launched. `spotrun launch --image IMAGE_NAME` starts from it.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "aws/ec2_waiter.h"
#include "cli/cloud_connection.h"
#include "cli/command.h"
#include "cli/progress_line.h"
#include "cloud/default_names.h"
#include "cloud/machine_finder.h"
#include "cloud/managed_tags.h"

namespace spotrun {
namespace {

// Making an image of a large root takes a while on AWS; past this, something is wrong.
constexpr auto kImageTimeout = std::chrono::hours(2);

struct FreezeArgs {
  std::string machine;
  std::string image_name;
  bool no_reboot = false;
};

Status CheckNameUnused(Ec2Api& ec2, const std::string& name) {
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<Image> same,
                           ec2.DescribeImages({.owners = {"self"}, .filters = {{"name", {name}}}}));
  if (same.empty()) return Status::Ok();
  return Status::AlreadyExists(
      fmt::format("you already have an image named \"{}\" ({})", name, same.front().image_id),
      fmt::format("give another name (spotrun freeze MACHINE OTHER-NAME), or remove the old "
                  "one: spotrun image rm {}",
                  name));
}

Status RunFreeze(Context& ctx, const FreezeArgs& args) {
  SPOTRUN_ASSIGN_OR_RETURN(std::unique_ptr<CloudConnection> cloud, CloudConnection::Open(ctx));
  Ec2Client& ec2 = cloud->ec2();
  SPOTRUN_ASSIGN_OR_RETURN(Machine machine, FindMachine(ec2, args.machine));
  const std::string name =
      args.image_name.empty() ? StampedName(machine.label(), ctx.clock().Now()) : args.image_name;
  SPOTRUN_RETURN_IF_ERROR(CheckNameUnused(ec2, name));
  CreateImageRequest request{.instance_id = machine.id(),
                             .name = name,
                             .description = "spotrun freeze of " + machine.label()};
  if (args.no_reboot) request.no_reboot = true;
  const std::vector<Tag> tags = ManagedTags(name, machine.label());
  request.tag_specifications = {{"image", tags}, {"snapshot", tags}};
  Result<std::string> image_id = ec2.CreateImage(request);
  if (!image_id.ok() && image_id.status().code() == "InvalidAMIName.Duplicate") {
    SPOTRUN_RETURN_IF_ERROR(CheckNameUnused(ec2, name));
  }
  if (!image_id.ok()) return image_id.status();

  ProgressLine progress = ProgressLine::ForStderr(ctx.err(), ctx.clock());
  progress.Begin(fmt::format("freezing {} as {} ({})", machine.label(), name, *image_id));
  Ec2Waiter waiter(ec2, ctx.clock());
  WaitOptions wait = WaitReportingTo(progress, kImageTimeout);
  Result<std::vector<Image>> images = waiter.WaitUntilImageAvailable({*image_id}, wait);
  if (!images.ok()) {
    progress.Abandon();
    return images.status().WithHint(
        fmt::format("the image may still become available: spotrun image {}", name));
  }
  progress.Done("available");
  if (ctx.json()) {
    nlohmann::ordered_json j{{"name", name},
                             {"image_id", *image_id},
                             {"state", "available"},
                             {"machine", machine.label()}};
    ctx.Print("{}\n", j.dump(2));
    return Status::Ok();
  }
  ctx.Print("{} {} (image of {}; launch from it with --image {})\n", name, *image_id,
            machine.label(), name);
  return Status::Ok();
}

}  // namespace

CommandRun DefineFreezeCommand(CLI::App& app) {
  auto args = std::make_shared<FreezeArgs>();
  app.add_option("machine", args->machine, "The machine: name, id or unique id prefix")
      ->required()
      ->type_name("NAME");
  app.add_option("image_name", args->image_name,
                 "Name of the image (default: MACHINE-yyyymmdd-hhmm, UTC)")
      ->type_name("IMAGE_NAME");
  app.add_flag("--no-reboot", args->no_reboot,
               "Do not reboot the machine first (faster, but files being written may be torn)");
  app.footer(
      "Makes an image of the machine's root volume — everything installed and saved on it —\n"
      "and waits until it is available. AWS reboots the machine for a consistent copy unless\n"
      "--no-reboot is given.\n\n"
      "Examples:\n"
      "  spotrun freeze gpu-box                 # image gpu-box-20261123-1726\n"
      "  spotrun freeze gpu-box cuda-base       # named cuda-base\n"
      "  spotrun launch other --image cuda-base\n");
  return [args](Context& ctx) { return RunFreeze(ctx, *args); };
}

}  // namespace spotrun
