// spotrun cloud serve|interrupt|capacity|fault: the local cloud. `serve` runs an
// EC2-compatible server whose instances are sandboxes of local processes with their own
// address and sshd, and writes a ready profile; the others drive a running one the way AWS
// FIS and real capacity shortages would (they are signed calls to its endpoint, so they work
// with --profile local like any other command).
#include <fmt/format.h>
#include <signal.h>

#include <CLI/CLI.hpp>
#include <charconv>

#include "base/file.h"
#include "cli/cloud_connection.h"
#include "cli/command.h"
#include "cli/local_profile.h"
#include "cli/settings.h"
#include "localcloud/local_cloud.h"

namespace spotrun {
namespace {

struct CloudArgs {
  // serve
  std::string listen = fmt::format("127.0.0.1:{}", LocalCloud::kDefaultPort);
  std::string state;
  std::string region = "us-east-1";
  double time_scale = 1.0;
  double boot_delay = 2.0;
  std::string interruptions = "off";
  std::string profile_name = "local";
  bool no_freezer = false;
  std::string addresses;  // FIRST-LAST, for tests running several clouds at once
  // interrupt
  std::string instance;
  std::optional<double> rebalance_first;
  double notice = 120;
  // capacity
  std::string pool, capacity;
  // fault
  std::string fault;
  int count = 1;
};

std::string DefaultStateDir(const Environment& env) {
  if (std::optional<std::string> xdg = env.Get("XDG_STATE_HOME"); xdg && !xdg->empty()) {
    return *xdg + "/spotrun/cloud";
  }
  return ExpandHome("~/.local/state/spotrun/cloud");
}

Result<std::pair<std::string, int>> ParseListen(std::string_view listen) {
  const size_t colon = listen.rfind(':');
  int port = -1;
  if (colon != std::string_view::npos) {
    auto [end, ec] =
        std::from_chars(listen.data() + colon + 1, listen.data() + listen.size(), port);
    if (ec != std::errc() || end != listen.data() + listen.size()) port = -1;
  }
  if (colon == std::string_view::npos || colon == 0 || port < 0 || port > 65535) {
    return Status::InvalidArgument(fmt::format("--listen {} is not HOST:PORT", listen),
                                   "e.g. --listen 127.0.0.1:7700 (port 0: any free port)");
  }
  return std::make_pair(std::string(listen.substr(0, colon)), port);
}

Status Serve(Context& ctx, const CloudArgs& args) {
  SPOTRUN_ASSIGN_OR_RETURN(auto listen, ParseListen(args.listen));
  if (listen.first != "127.0.0.1" && listen.first != "localhost") {
    return Status::InvalidArgument(
        "the local cloud listens on loopback only",
        "use --listen 127.0.0.1:PORT; its instances are local processes, not for others");
  }
  LocalCloud::Options options;
  options.state_dir = args.state.empty() ? DefaultStateDir(ctx.env()) : args.state;
  options.host = "127.0.0.1";
  options.port = listen.second;
  options.region = args.region;
  options.time_scale = args.time_scale;
  options.boot_delay =
      std::chrono::duration_cast<Duration>(std::chrono::duration<double>(args.boot_delay));
  options.interruptions =
      args.interruptions == "auto" ? Ec2Model::Interruptions::kAuto : Ec2Model::Interruptions::kOff;
  options.use_freezer_cgroup = !args.no_freezer;
  if (!args.addresses.empty()) {
    const size_t dash = args.addresses.find('-');
    if (dash == std::string::npos) {
      return Status::InvalidArgument("--addresses takes FIRST-LAST",
                                     "e.g. --addresses 127.2.0.1-127.2.0.254");
    }
    options.first_address = args.addresses.substr(0, dash);
    options.last_address = args.addresses.substr(dash + 1);
  }

  // Block the stop signals before any thread starts, so that only sigwait below sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  Result<std::unique_ptr<LocalCloud>> cloud = LocalCloud::Start(options);
  if (!cloud.ok()) {
    if (cloud.status().message().find("in use") != std::string::npos ||
        cloud.status().message().find("bind") != std::string::npos) {
      return cloud.status().WithHint(fmt::format(
          "is a local cloud already running? Stop it, or pass --listen 127.0.0.1:PORT"));
    }
    return cloud.status();
  }
  LocalCloud& c = **cloud;
  LocalProfile profile{.name = args.profile_name,
                       .endpoint = c.endpoint(),
                       .region = args.region,
                       .access_key_id = c.credentials().access_key_id,
                       .secret_access_key = c.credentials().secret_access_key};
  Status wrote = WriteLocalProfile(ctx.env(), profile);
  // The instances' only login is the account running the cloud (doc/localcloud-runtime.md).
  if (wrote.ok())
    wrote = SetSpotrunSetting(ctx.env(), args.profile_name, "ssh_user", c.login_user());
  ctx.Print("spotrun local cloud: EC2 at {} (region {}, time x{}, state {})\n", c.endpoint(),
            args.region, args.time_scale, options.state_dir);
  if (wrote.ok()) {
    ctx.Print(
        "profile '{0}' is ready (~/.aws/config and ~/.aws/credentials):\n"
        "  spotrun --profile {0} config\n"
        "  aws --profile {0} ec2 describe-instances\n"
        "  spotrun cloud interrupt INSTANCE_ID --profile {0}   # send a spot interruption\n",
        args.profile_name);
  } else {
    fmt::print(ctx.err(), "warning: {}\n", wrote.ForUser(false));
  }
  ctx.Print("Ctrl-C stops it; instances stop with it and running ones boot again next time.\n");
  std::fflush(ctx.out());
  int signal = 0;
  sigwait(&stop_signals, &signal);
  fmt::print(ctx.err(), "stopping the local cloud (signal {})…\n", signal);
  c.Stop();
  pthread_sigmask(SIG_UNBLOCK, &stop_signals, nullptr);
  return Status::Ok();
}

Status Control(Context& ctx, std::string_view action, const QueryParams& params,
               std::string_view done) {
  SPOTRUN_ASSIGN_OR_RETURN(auto connection, CloudConnection::Open(ctx));
  Result<std::string> answer = connection->ec2_transport().Call(action, params);
  if (!answer.ok()) {
    if (answer.status().code() == "InvalidAction") {
      return answer.status().WithHint(fmt::format(
          "{} is not a spotrun local cloud; use --profile local (written by 'spotrun cloud "
          "serve')",
          connection->endpoint()));
    }
    return answer.status();
  }
  ctx.Print("{}\n", done);
  return Status::Ok();
}

Status Interrupt(Context& ctx, const CloudArgs& args) {
  QueryParams params;
  params.Set("InstanceId", args.instance);
  params.SetInt("NoticeSeconds", static_cast<long long>(args.notice));
  if (args.rebalance_first) {
    params.SetInt("RebalanceFirstSeconds", static_cast<long long>(*args.rebalance_first));
  }
  std::string done = fmt::format("{}: interruption notice sent; it goes in {} s (local time)",
                                 args.instance, args.notice);
  if (args.rebalance_first) {
    done = fmt::format(
        "{}: rebalance recommendation sent; the notice follows in {} s, then "
        "the instance goes {} s later (local time)",
        args.instance, *args.rebalance_first, args.notice);
  }
  return Control(ctx, "LocalCloudInterruptInstance", params, done);
}

Status Capacity(Context& ctx, const CloudArgs& args) {
  const size_t at = args.pool.find('@');
  if (at == std::string::npos || at == 0 || at + 1 == args.pool.size()) {
    return Status::InvalidArgument(fmt::format("'{}' is not a pool", args.pool),
                                   "name it TYPE@ZONE, e.g. m5.large@us-east-1a");
  }
  QueryParams params;
  params.Set("InstanceType", args.pool.substr(0, at));
  params.Set("AvailabilityZone", args.pool.substr(at + 1));
  if (args.capacity != "unlimited") {
    int n = -1;
    auto [end, ec] =
        std::from_chars(args.capacity.data(), args.capacity.data() + args.capacity.size(), n);
    if (ec != std::errc() || end != args.capacity.data() + args.capacity.size() || n < 0) {
      return Status::InvalidArgument(fmt::format("'{}' is not a capacity", args.capacity),
                                     "give a number of instances (0 or more) or 'unlimited'");
    }
    params.SetInt("Capacity", n);
  }
  return Control(ctx, "LocalCloudSetCapacity", params,
                 fmt::format("{}: capacity {}", args.pool, args.capacity));
}

Status Fault(Context& ctx, const CloudArgs& args) {
  QueryParams params;
  params.Set("Fault", args.fault);
  params.SetInt("Count", args.count);
  return Control(ctx, "LocalCloudInjectFault", params,
                 fmt::format("the next {} call(s) get fault '{}'", args.count, args.fault));
}

}  // namespace

CommandRun DefineCloudCommand(CLI::App& app) {
  auto args = std::make_shared<CloudArgs>();
  app.require_subcommand(1);
  CLI::App* serve = app.add_subcommand(
      "serve",
      "Run the local cloud: an EC2-compatible server whose instances are local processes with\n"
      "their own address and sshd, a spot market replaying real prices, real-format\n"
      "interruptions. Writes the profile 'local' so spotrun and aws reach it at once.");
  serve->add_option("--listen", args->listen, "Address to serve EC2 on (loopback)")
      ->type_name("127.0.0.1:PORT")
      ->capture_default_str();
  serve
      ->add_option("--state", args->state,
                   "Where instances, volumes and the database live (default "
                   "~/.local/state/spotrun/cloud)")
      ->type_name("DIR");
  serve->add_option("--region", args->region, "The region it plays")->capture_default_str();
  serve
      ->add_option("--time-scale", args->time_scale,
                   "Local time runs N times faster (notices, boot delays, price replay)")
      ->type_name("N")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  serve->add_option("--boot-delay", args->boot_delay, "Seconds from pending to running")
      ->type_name("SECONDS")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  serve
      ->add_option("--interruptions", args->interruptions,
                   "auto: interrupt spot instances at the real interruption-frequency rates")
      ->check(CLI::IsMember({"off", "auto"}))
      ->type_name("off|auto")
      ->capture_default_str();
  serve->add_option("--profile-name", args->profile_name, "Name of the profile to write")
      ->type_name("NAME")
      ->capture_default_str();
  serve
      ->add_option("--addresses", args->addresses,
                   "Loopback addresses for instances (default 127.1.0.1-127.1.255.254)")
      ->type_name("FIRST-LAST");
  serve->add_flag("--no-freezer", args->no_freezer,
                  "Track instance processes by process tree even where a freezer cgroup works");

  CLI::App* interrupt = app.add_subcommand(
      "interrupt",
      "Interrupt a spot instance as AWS does: optional rebalance recommendation, the\n"
      "two-minute instance-action notice (visible in its IMDS), then terminate/stop/hibernate");
  interrupt->add_option("instance", args->instance, "Instance id")
      ->required()
      ->type_name("INSTANCE_ID");
  interrupt
      ->add_option("--rebalance-first", args->rebalance_first,
                   "Send the rebalance recommendation this many seconds before the notice")
      ->type_name("SECONDS")
      ->check(CLI::NonNegativeNumber);
  interrupt->add_option("--notice", args->notice, "Seconds from the notice to the interruption")
      ->type_name("SECONDS")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();

  CLI::App* capacity = app.add_subcommand(
      "capacity", "Set how many more instances a pool can take (0 forces fallbacks)");
  capacity->add_option("pool", args->pool, "Instance type and zone")
      ->required()
      ->type_name("TYPE@ZONE");
  capacity->add_option("n", args->capacity, "Instances, or 'unlimited'")
      ->required()
      ->type_name("N|unlimited");

  CLI::App* fault = app.add_subcommand(
      "fault",
      "Make the next calls fail, to test clients: throttle (503), error (500), or\n"
      "drop (the call takes effect, then the connection drops)");
  fault->add_option("kind", args->fault, "Which fault")
      ->required()
      ->check(CLI::IsMember({"throttle", "error", "drop"}))
      ->type_name("throttle|error|drop");
  fault->add_option("count", args->count, "How many calls")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();

  return [args, serve, interrupt, capacity](Context& ctx) -> Status {
    if (serve->parsed()) return Serve(ctx, *args);
    if (interrupt->parsed()) return Interrupt(ctx, *args);
    if (capacity->parsed()) return Capacity(ctx, *args);
    return Fault(ctx, *args);
  };
}

}  // namespace spotrun
