// spotrun __complete-names (hidden): the names of the machines spotrun manages, one per line,
// for the completion scripts. It must never hang or disturb a TAB press: every failure (no
// settings, no region, no credentials, no answer within about two seconds) prints nothing
// and exits 0.
#include <CLI/CLI.hpp>

#include "cli/cloud_connection.h"
#include "cli/command.h"
#include "cli/managed_machine_names.h"

namespace spotrun {
namespace {

Status RunCompleteNames(Context& ctx) {
  Result<const Settings*> settings = ctx.settings();
  if (!settings.ok() || (*settings)->region.empty()) return Status::Ok();
  CloudConnection::Options options;
  options.connect_timeout = std::chrono::milliseconds(1000);
  options.total_timeout = std::chrono::milliseconds(2000);
  options.max_attempts = 1;
  Result<std::unique_ptr<CloudConnection>> cloud = CloudConnection::Open(ctx, options);
  if (!cloud.ok()) return Status::Ok();
  Result<std::vector<std::string>> names = ManagedMachineNames((*cloud)->ec2());
  if (!names.ok()) return Status::Ok();
  for (const std::string& name : *names) ctx.Print("{}\n", name);
  return Status::Ok();
}

}  // namespace

CommandRun DefineCompleteNamesCommand(CLI::App& app) {
  app.footer("Used by the scripts of 'spotrun completion'; prints nothing on any error.\n");
  return [](Context& ctx) { return RunCompleteNames(ctx); };
}

}  // namespace spotrun
