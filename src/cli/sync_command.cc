// spotrun sync SRC NAME:DST | NAME:SRC DST: rsync -az between this computer and a machine over
// the same ssh as `spotrun ssh`, with progress on a terminal; spotrun exits with rsync's code.
#include <unistd.h>

#include <CLI/CLI.hpp>

#include "base/foreground_process.h"
#include "base/subprocess.h"
#include "cli/command.h"
#include "cli/machine_ssh_target.h"

namespace spotrun {
namespace {

struct SyncArgs {
  std::string source;
  std::string destination;
  bool delete_extra = false;
  bool dry_run = false;
};

// "NAME:PATH" as rsync reads it: a colon before any slash. "./a:b" and "/x:y" are local.
struct Side {
  std::string machine;  // empty for a local path
  std::string path;
};

Side SideOf(const std::string& arg) {
  size_t colon = arg.find(':');
  if (colon == std::string::npos || colon == 0 || arg.find('/') < colon) return {"", arg};
  return {arg.substr(0, colon), arg.substr(colon + 1)};
}

Status RunSync(Context& ctx, const SyncArgs& args) {
  Side source = SideOf(args.source), destination = SideOf(args.destination);
  if (source.machine.empty() == destination.machine.empty()) {
    return Status::InvalidArgument(
        source.machine.empty() ? "neither side names a machine" : "both sides name a machine",
        "exactly one side is NAME:PATH, e.g. spotrun sync ./data trainer:data or spotrun sync "
        "trainer:results ./results (write ./a:b for a local path with a colon)");
  }
  if (FindProgram("rsync").empty()) {
    return Status::NotFound("rsync is not installed here",
                            "install it (e.g. sudo apt install rsync); the machine needs it too");
  }
  Side& remote = source.machine.empty() ? destination : source;
  SPOTRUN_ASSIGN_OR_RETURN(SshTarget target, MachineSshTarget(ctx, remote.machine));
  SPOTRUN_ASSIGN_OR_RETURN(std::string shell, RsyncRemoteShell(target));
  std::string remote_arg = target.Destination() + ":" + remote.path;
  std::vector<std::string> argv{"rsync", "-az", "-e", shell};
  if (::isatty(STDOUT_FILENO)) argv.push_back("--info=progress2");
  if (args.delete_extra) argv.push_back("--delete");
  if (args.dry_run) argv.insert(argv.end(), {"--dry-run", "--itemize-changes"});
  argv.push_back(source.machine.empty() ? source.path : remote_arg);
  argv.push_back(destination.machine.empty() ? destination.path : remote_arg);
  SPOTRUN_ASSIGN_OR_RETURN(int exit_code, RunInForeground(argv));
  ctx.set_exit_code(exit_code);
  return Status::Ok();
}

}  // namespace

CommandRun DefineSyncCommand(CLI::App& app) {
  auto args = std::make_shared<SyncArgs>();
  app.add_option("source", args->source, "What to copy: PATH or NAME:PATH")
      ->required()
      ->type_name("SRC");
  app.add_option("destination", args->destination, "Where to: NAME:PATH or PATH")
      ->required()
      ->type_name("DST");
  app.add_flag("--delete", args->delete_extra, "Delete files in DST that are not in SRC");
  app.add_flag("-n,--dry-run", args->dry_run, "Only list what would change");
  app.footer(
      "Copies with rsync -az over the same ssh as `spotrun ssh` (user, key, port, known\n"
      "hosts). Exactly one side is NAME:PATH; a relative remote PATH is under the login's\n"
      "home. As with rsync, SRC/ copies the directory's contents, SRC the directory itself.\n"
      "Progress is shown on a terminal; spotrun exits with rsync's exit code.\n\n"
      "Examples:\n"
      "  spotrun sync ./project trainer:             # → ~/project on the machine\n"
      "  spotrun sync trainer:project/results ./     # ← ./results here\n"
      "  spotrun sync --delete ./site/ web:/var/www/site/\n");
  return [args](Context& ctx) { return RunSync(ctx, *args); };
}

}  // namespace spotrun
