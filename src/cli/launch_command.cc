// spotrun launch NAME: one machine, spot by default, with everything a first run needs made on
// the way (key pair, ssh security group), and progress until ssh answers. The domain logic is
// cloud/machine_launch.h; this file parses flags and prints.
#include <CLI/CLI.hpp>
#include <charconv>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>

#include "base/file.h"
#include "cli/cloud_connection.h"
#include "cli/command.h"
#include "cli/progress_line.h"
#include "cloud/launch_prerequisites.h"
#include "cloud/machine_launch.h"
#include "cloud/ssh_identity.h"
#include "market/market.h"

namespace spotrun {
namespace {

struct LaunchArgs {
  MachineLaunchSpec spec;
  bool on_demand = false;
  bool spot = false;
  int disk = 0;
  int iops = 0;
  std::string max_price;
  std::string user_data_file;
  std::string ssh_cidr;
  bool no_wait = false;
};

Result<SshIdentity> IdentityFor(Context& ctx) {
  SPOTRUN_ASSIGN_OR_RETURN(const Settings* settings, ctx.settings());
  std::string home = ctx.env().Get("HOME").value_or(HomeDir());
  std::string key = settings->ssh_key.value;
  if (key.starts_with("~/")) key = home + key.substr(1);
  SshIdentityPlaces places{
      .configured_key = key,
      .home = home,
      .config_dir = std::filesystem::path(SpotrunConfigPath(ctx.env())).parent_path().string()};
  return ResolveSshIdentity(places);
}

Status CheckMaxPrice(const std::string& text) {
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc() && end == text.data() + text.size() && value > 0) return Status::Ok();
  return Status::InvalidArgument(
      fmt::format("--max-price {} is not a price in USD per hour", text),
      "e.g. --max-price 0.05; `spotrun prices TYPE` shows current prices");
}

Status FillSpec(Context& ctx, LaunchArgs& args, const std::string& endpoint) {
  MachineLaunchSpec& spec = args.spec;
  spec.spot = !args.on_demand;
  if (args.disk != 0) spec.disk_gib = args.disk;
  if (args.iops != 0) spec.iops = args.iops;
  if (!args.max_price.empty()) {
    SPOTRUN_RETURN_IF_ERROR(CheckMaxPrice(args.max_price));
    spec.max_price = args.max_price;
  }
  if (!args.user_data_file.empty()) {
    Result<std::string> data = ReadFile(args.user_data_file);
    if (!data.ok()) {
      return data.status()
          .WithContext("--user-data")
          .WithHint("give a readable file: a shell script starting with #! or a cloud-config");
    }
    spec.user_data = std::move(data).value();
  }
  if (!args.ssh_cidr.empty()) {
    SPOTRUN_ASSIGN_OR_RETURN(std::string cidr, NormalizeCidr(args.ssh_cidr));
    spec.ssh_cidr = cidr;
  } else {
    spec.ssh_cidr = DefaultSshCidr(endpoint);
  }
  if (spec.image.empty()) {
    SPOTRUN_ASSIGN_OR_RETURN(const Settings* settings, ctx.settings());
    spec.image = settings->image.empty() ? "ubuntu" : settings->image.value;
  }
  return Status::Ok();
}

void PrintMachine(Context& ctx, const Machine& m) {
  if (ctx.json()) {
    nlohmann::json j{
        {"name", m.name},
        {"id", m.id()},
        {"type", m.instance.instance_type},
        {"market", m.market()},
        {"state", m.state()},
        {"zone", m.instance.availability_zone},
        {"address", m.address().empty() ? nlohmann::json() : nlohmann::json(m.address())},
        {"spot_request", m.instance.spot_instance_request_id.empty()
                             ? nlohmann::json()
                             : nlohmann::json(m.instance.spot_instance_request_id)}};
    ctx.Print("{}\n", j.dump(2));
    return;
  }
  ctx.Print("{}  {}  {}  {}  {}  {}\n", m.name, m.id(), m.instance.instance_type, m.market(),
            m.state(), m.address().empty() ? "-" : m.address());
}

Status RunLaunch(Context& ctx, LaunchArgs& args) {
  SPOTRUN_RETURN_IF_ERROR(ValidateMachineName(args.spec.name));
  SPOTRUN_ASSIGN_OR_RETURN(std::unique_ptr<CloudConnection> cloud, CloudConnection::Open(ctx));
  SPOTRUN_RETURN_IF_ERROR(FillSpec(ctx, args, cloud->endpoint()));
  SPOTRUN_ASSIGN_OR_RETURN(SshIdentity identity, IdentityFor(ctx));
  market::Market market;
  ProgressLine progress = ProgressLine::ForStderr(ctx.err(), ctx.clock());
  progress.Begin(fmt::format("launching {}", args.spec.name));
  MachineLauncher::Options options;
  options.wait = !args.no_wait;
  options.on_stage = [&](std::string_view stage) { progress.Update(stage); };
  MachineLauncher launcher(cloud->ec2(), ctx.clock(), market.instance_types(), options);
  Result<Machine> machine = launcher.Launch(args.spec, identity);
  if (!machine.ok()) {
    progress.Abandon();
    return machine.status();
  }
  // Ends the line on its last stage (already shown).
  progress.Abandon();
  PrintMachine(ctx, *machine);
  return Status::Ok();
}

}  // namespace

CommandRun DefineLaunchCommand(CLI::App& app) {
  auto args = std::make_shared<LaunchArgs>();
  args->spec.image.clear();  // empty: the `image` setting, else ubuntu
  app.add_option("name", args->spec.name, "The machine's name (its Name tag), e.g. trainer")
      ->required()
      ->type_name("NAME");
  app.add_option("--type", args->spec.instance_type,
                 fmt::format("Instance type (default {})", kDefaultLaunchType))
      ->type_name("TYPE");
  app.add_option("--image", args->spec.image,
                 "ubuntu (newest Ubuntu LTS, the default), one of your images by name, or ami-…")
      ->type_name("NAME|ID|ubuntu");
  app.add_option("--disk", args->disk, "Root volume size in GiB (default: the image's)")
      ->type_name("GB");
  CLI::Option* spot = app.add_flag("--spot", args->spot, "A spot machine (the default)");
  app.add_flag("--on-demand", args->on_demand, "An on-demand machine instead of spot")
      ->excludes(spot);
  app.add_option("--max-price", args->max_price,
                 "Highest spot price to pay, USD per hour (default: the on-demand price)")
      ->type_name("P");
  app.add_flag("--persistent", args->spec.persistent,
               "A persistent spot request: AWS brings the machine back after an interruption");
  app.add_option("--interruption", args->spec.interruption,
                 "What an interruption does: terminate (default), stop (default with "
                 "--persistent) or hibernate")
      ->type_name("terminate|stop|hibernate");
  app.add_option("--zone", args->spec.zone,
                 "Availability zone (default: the cheapest spot price among those offering it)")
      ->type_name("ZONE");
  app.add_option("--iops", args->iops, "Provisioned iops of the gp3 root volume (3000-16000)")
      ->type_name("N");
  app.add_option("--user-data", args->user_data_file, "A script or cloud-config run at first boot")
      ->type_name("FILE");
  app.add_flag("--no-wait", args->no_wait, "Return once AWS accepted the launch");
  app.add_option("--ssh-cidr", args->ssh_cidr,
                 "Addresses allowed to ssh in (default: this machine's; needed on AWS the first "
                 "time)")
      ->type_name("CIDR");
  app.footer(
      "Launches a spot machine unless --on-demand is given: spot costs 60-90% less, and AWS may\n"
      "take it back with two minutes' notice. Without --zone, spotrun picks the zone with the\n"
      "lowest current spot price and moves on to the next when one has no capacity.\n\n"
      "The first launch in a region imports your ssh key as a key pair and creates the security\n"
      "group spotrun-ssh, open on port 22 to --ssh-cidr only (on the local cloud 127.0.0.1/32).\n"
      "Every launch requires IMDSv2 and tags what it makes (Name, spotrun:managed).\n\n"
      "Prints progress (requested, pending, running, ssh ready) on stderr, then one line:\n"
      "NAME ID TYPE MARKET STATE ADDRESS (-o json: an object).\n\n"
      "Examples:\n"
      "  spotrun launch trainer                              # t3.micro spot, newest Ubuntu LTS\n"
      "  spotrun launch gpu --type g4dn.xlarge --disk 100\n"
      "  spotrun launch web --on-demand --ssh-cidr 203.0.113.7\n"
      "  spotrun launch worker --persistent --interruption stop --max-price 0.05\n"
      "  spotrun launch box --image my-frozen-box --user-data setup.sh --no-wait\n");
  return [args](Context& ctx) { return RunLaunch(ctx, *args); };
}

}  // namespace spotrun
