// spotrun cloud serve|interrupt|capacity|fault: the local cloud. `serve` runs an
// EC2-compatible server whose instances are sandboxes of local processes with their own
// address and sshd, and writes a ready profile; the others drive a running one the way AWS
// FIS and real capacity shortages would (they are signed calls to its endpoint, so they work
// with --profile local like any other command).
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <charconv>

#include "cli/cloud_connection.h"
#include "cli/command.h"
#include "cli/local_cloud_server.h"

namespace spotrun {
namespace {

struct CloudArgs {
  LocalCloudServeArgs serve;
  // interrupt
  std::string instance;
  std::optional<double> rebalance_first;
  double notice = 120;
  // capacity
  std::string pool, capacity, market = "both";
  // fault
  std::string fault;
  int count = 1;
};

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
  params.Set("Market", args.market);
  return Control(ctx, "LocalCloudSetCapacity", params,
                 args.market == "both"
                     ? fmt::format("{}: capacity {}", args.pool, args.capacity)
                     : fmt::format("{}: {} capacity {}", args.pool, args.market, args.capacity));
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
  serve->add_option("--listen", args->serve.listen, "Address to serve EC2 on (loopback)")
      ->type_name("127.0.0.1:PORT")
      ->capture_default_str();
  serve
      ->add_option("--state", args->serve.state,
                   "Where instances, volumes and the database live (default "
                   "~/.local/state/spotrun/cloud)")
      ->type_name("DIR");
  serve->add_option("--region", args->serve.region, "The region it plays")->capture_default_str();
  serve
      ->add_option("--time-scale", args->serve.time_scale,
                   "Local time runs N times faster (notices, boot delays, price replay)")
      ->type_name("N")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  serve->add_option("--boot-delay", args->serve.boot_delay, "Seconds from pending to running")
      ->type_name("SECONDS")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  serve
      ->add_option("--interruptions", args->serve.interruptions,
                   "auto: interrupt spot instances at the real interruption-frequency rates")
      ->check(CLI::IsMember({"off", "auto"}))
      ->type_name("off|auto")
      ->capture_default_str();
  serve->add_option("--profile-name", args->serve.profile_name, "Name of the profile to write")
      ->type_name("NAME")
      ->capture_default_str();
  serve
      ->add_option("--addresses", args->serve.addresses,
                   "Loopback addresses for instances (default 127.1.0.1-127.1.255.254)")
      ->type_name("FIRST-LAST");
  serve->add_flag("--no-freezer", args->serve.no_freezer,
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
  capacity
      ->add_option("--market", args->market,
                   "Which launches the limit is for: both (the whole pool; also drops the\n"
                   "markets' own limits), or only spot / on-demand (spot 0: spot requests wait\n"
                   "at capacity-not-available while on-demand still launches, as on EC2)")
      ->check(CLI::IsMember({"spot", "on-demand", "both"}))
      ->type_name("spot|on-demand|both")
      ->capture_default_str();

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
    if (serve->parsed()) {
      if (LocalCloudServer server = InstalledLocalCloudServer()) return server(ctx, args->serve);
      return ExecLocalCloudServer(ctx, args->serve);
    }
    if (interrupt->parsed()) return Interrupt(ctx, *args);
    if (capacity->parsed()) return Capacity(ctx, *args);
    return Fault(ctx, *args);
  };
}

}  // namespace spotrun
