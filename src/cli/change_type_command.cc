// spotrun change-type MACHINE TYPE [--restart]: gives a machine another instance type. EC2
// changes the type of a stopped machine only; --restart stops a running one (waiting), changes
// the type and starts it again (waiting), with progress.
#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "aws/ec2_waiter.h"
#include "cli/cloud_connection.h"
#include "cli/command.h"
#include "cli/machine_text.h"
#include "cli/progress_line.h"
#include "cloud/machine_actions.h"
#include "cloud/machine_finder.h"
#include "market/instance_type_catalog.h"

namespace spotrun {
namespace {

constexpr auto kPollDelay = std::chrono::seconds(2);
constexpr auto kWaitTimeout = std::chrono::minutes(15);

struct ChangeTypeArgs {
  std::string machine;
  std::string type;
  bool restart = false;
};

WaitOptions Waiting(ProgressLine& progress) {
  return WaitReportingTo(progress, kWaitTimeout, kPollDelay);
}

Status RunChangeType(Context& ctx, const ChangeTypeArgs& args) {
  market::InstanceTypeCatalog catalog(market::DataSet::Embedded());
  SPOTRUN_RETURN_IF_ERROR(CheckInstanceType(catalog, args.type));
  SPOTRUN_ASSIGN_OR_RETURN(std::unique_ptr<CloudConnection> cloud, CloudConnection::Open(ctx));
  Ec2Client& ec2 = cloud->ec2();
  SPOTRUN_ASSIGN_OR_RETURN(Machine machine, FindMachine(ec2, args.machine));
  const std::string old_type = machine.instance.instance_type;
  if (old_type == args.type) {
    ctx.Print("{} ({}) is already {}\n", machine.label(), machine.id(), args.type);
    return Status::Ok();
  }
  const bool was_running = machine.state() != "stopped";
  if (was_running && !args.restart) {
    // ChangeInstanceType says why, with the --restart hint.
    return ChangeInstanceType(ec2, catalog, machine, args.type);
  }
  Ec2Waiter waiter(ec2, ctx.clock());
  ProgressLine progress = ProgressLine::ForStderr(ctx.err(), ctx.clock());
  if (was_running) {
    SPOTRUN_RETURN_IF_ERROR(StopMachines(ec2, {machine}).status());
    progress.Begin(fmt::format("stopping {}", machine.label()));
    Result<std::vector<Instance>> stopped =
        waiter.WaitUntilInstanceStopped({machine.id()}, Waiting(progress));
    if (!stopped.ok()) {
      progress.Abandon();
      return stopped.status();
    }
    progress.Done("stopped");
    machine.instance = stopped->front();
  }
  SPOTRUN_RETURN_IF_ERROR(ChangeInstanceType(ec2, catalog, machine, args.type));
  if (was_running) {
    SPOTRUN_RETURN_IF_ERROR(StartMachines(ec2, {machine}).status());
    progress.Begin(fmt::format("starting {} as {}", machine.label(), args.type));
    Result<std::vector<Instance>> running =
        waiter.WaitUntilInstanceRunning({machine.id()}, Waiting(progress));
    if (!running.ok()) {
      progress.Abandon();
      return running.status().WithContext(
          fmt::format("the type is changed to {}, but starting again failed", args.type));
    }
    progress.Done("running");
  }
  ctx.Print("{} ({}): {} → {}{}\n", machine.label(), machine.id(), old_type, args.type,
            was_running ? " (restarted)" : "");
  return Status::Ok();
}

}  // namespace

CommandRun DefineChangeTypeCommand(CLI::App& app) {
  auto args = std::make_shared<ChangeTypeArgs>();
  app.add_option("machine", args->machine, "Name, instance id or a unique prefix of one")
      ->required()
      ->type_name("MACHINE");
  app.add_option("type", args->type, "The new instance type, e.g. m5.xlarge")
      ->required()
      ->type_name("TYPE");
  app.add_flag("--restart", args->restart,
               "Stop a running machine first and start it again afterwards");
  app.footer(
      "EC2 changes the type of a stopped machine only; a running one needs --restart.\n\n"
      "Examples:\n"
      "  spotrun change-type box m5.xlarge              # box is stopped\n"
      "  spotrun change-type gpu-box g5.xlarge --restart\n");
  return [args](Context& ctx) { return RunChangeType(ctx, *args); };
}

}  // namespace spotrun
