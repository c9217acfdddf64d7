#include "cli/machine_action.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "aws/ec2_waiter.h"
#include "cli/cloud_connection.h"
#include "cli/confirmation.h"
#include "cli/machine_text.h"
#include "cli/progress_line.h"
#include "cloud/machine_actions.h"
#include "cloud/machine_finder.h"

namespace spotrun {
namespace {

constexpr auto kPollDelay = std::chrono::seconds(2);
constexpr auto kWaitTimeout = std::chrono::minutes(15);

struct ActionArgs {
  std::vector<std::string> machines;
  bool wait = false;
};

std::string_view Verb(MachineAction action) {
  switch (action) {
    case MachineAction::kStart:
      return "start";
    case MachineAction::kStop:
      return "stop";
    case MachineAction::kReboot:
      return "reboot";
    case MachineAction::kTerminate:
      return "terminate";
  }
  return "";
}

std::string_view Gerund(MachineAction action) {
  switch (action) {
    case MachineAction::kStart:
      return "starting";
    case MachineAction::kStop:
      return "stopping";
    case MachineAction::kReboot:
      return "rebooting";
    case MachineAction::kTerminate:
      return "terminating";
  }
  return "";
}

std::string Labels(const std::vector<Machine>& machines) {
  std::vector<std::string> labels;
  for (const Machine& m : machines) labels.push_back(m.label());
  return fmt::format("{}", fmt::join(labels, ", "));
}

Result<std::vector<Instance>> Wait(Context& ctx, Ec2Client& ec2, MachineAction action,
                                   const std::vector<Machine>& machines) {
  std::vector<std::string> ids;
  for (const Machine& m : machines) ids.push_back(m.id());
  ProgressLine progress = ProgressLine::ForStderr(ctx.err(), ctx.clock());
  progress.Begin(fmt::format("{} {}", Gerund(action), Labels(machines)));
  WaitOptions options = WaitReportingTo(progress, kWaitTimeout, kPollDelay);
  Ec2Waiter waiter(ec2, ctx.clock());
  Result<std::vector<Instance>> done =
      action == MachineAction::kStop        ? waiter.WaitUntilInstanceStopped(ids, options)
      : action == MachineAction::kTerminate ? waiter.WaitUntilInstanceTerminated(ids, options)
                                            : waiter.WaitUntilInstanceRunning(ids, options);
  if (done.ok()) {
    progress.Done("done");
  } else {
    progress.Abandon();
  }
  return done;
}

// "box (i-0123…): running → stopping".
void PrintChanges(Context& ctx, const std::vector<Machine>& machines,
                  const std::vector<InstanceStateChange>& changes) {
  for (const Machine& m : machines) {
    std::string now = m.state();
    for (const InstanceStateChange& c : changes) {
      if (c.instance_id == m.id()) now = c.current_state.name;
    }
    ctx.Print("{} ({}): {} → {}\n", m.label(), m.id(), m.state(), now);
  }
}

Result<std::vector<InstanceStateChange>> Act(Context& ctx, Ec2Api& ec2, MachineAction action,
                                             const std::vector<Machine>& machines) {
  switch (action) {
    case MachineAction::kStart:
      return StartMachines(ec2, machines);
    case MachineAction::kStop:
      return StopMachines(ec2, machines);
    case MachineAction::kReboot: {
      SPOTRUN_RETURN_IF_ERROR(RebootMachines(ec2, machines));
      std::vector<InstanceStateChange> changes;
      for (const Machine& m : machines) changes.push_back({m.id(), m.instance.state, {}});
      return changes;
    }
    case MachineAction::kTerminate: {
      SPOTRUN_ASSIGN_OR_RETURN(Termination t, TerminateMachines(ec2, machines));
      for (const std::string& sir : t.cancelled_requests) {
        fmt::print(ctx.err(),
                   "cancelled persistent spot request {} first, so no replacement is launched\n",
                   sir);
      }
      return t.changes;
    }
  }
  return Status::Internal("unknown machine action");
}

Status RunAction(Context& ctx, MachineAction action, const ActionArgs& args) {
  SPOTRUN_ASSIGN_OR_RETURN(std::unique_ptr<CloudConnection> cloud, CloudConnection::Open(ctx));
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<Machine> machines,
                           FindMachines(cloud->ec2(), args.machines));
  if (action == MachineAction::kTerminate) {
    std::string labels = Labels(machines);
    SPOTRUN_RETURN_IF_ERROR(Confirm(
        ctx,
        fmt::format("terminate {}? Its disk and everything on it are deleted for good.", labels),
        fmt::format("terminate {}", labels),
        fmt::format("spotrun terminate -y {}", fmt::join(args.machines, " "))));
  }
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<InstanceStateChange> changes,
                           Act(ctx, cloud->ec2(), action, machines));
  if (!args.wait) {
    PrintChanges(ctx, machines, changes);
    return Status::Ok();
  }
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<Instance> final_state,
                           Wait(ctx, cloud->ec2(), action, machines));
  std::vector<InstanceStateChange> waited;
  for (const Instance& i : final_state) waited.push_back({i.instance_id, i.state, {}});
  PrintChanges(ctx, machines, waited);
  return Status::Ok();
}

std::string Footer(MachineAction action) {
  std::string verb(Verb(action));
  std::string footer = fmt::format(
      "MACHINE is a name, an instance id or a unique prefix of one; several may be given.\n"
      "--wait waits until each is {} and shows progress.\n",
      action == MachineAction::kStop        ? "stopped"
      : action == MachineAction::kTerminate ? "terminated"
                                            : "running");
  if (action == MachineAction::kTerminate) {
    footer +=
        "Asks first on a terminal; -y confirms (required off a terminal). A spot machine's\n"
        "persistent request is cancelled first, so AWS cannot launch a billing replacement.\n";
  }
  if (action == MachineAction::kStop) {
    footer +=
        "EC2 stops only on-demand machines and spot machines of persistent requests\n"
        "(spotrun launch --spot --persistent --interruption stop).\n";
  }
  footer += fmt::format(
      "\nExamples:\n  spotrun {} gpu-box --wait\n  spotrun {} box-1 box-2 i-0a1b\n", verb, verb);
  return footer;
}

}  // namespace

CommandRun DefineMachineActionCommand(CLI::App& app, MachineAction action) {
  auto args = std::make_shared<ActionArgs>();
  app.add_option("machine", args->machines, "Names, instance ids or unique id prefixes")
      ->required()
      ->type_name("MACHINE");
  app.add_flag("-w,--wait", args->wait, "Wait until the change is complete");
  app.footer(Footer(action));
  return [args, action](Context& ctx) { return RunAction(ctx, action, *args); };
}

}  // namespace spotrun
