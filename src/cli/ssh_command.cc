// spotrun ssh NAME [-L PORT[:HOST:HOSTPORT]]… [-- CMD…]: becomes the system ssh (exec), so the
// terminal, signals and exit code are ssh's own and ~/.ssh/config applies; spotrun only
// supplies the user, key, address, port and its known-hosts file.
#include <CLI/CLI.hpp>

#include "base/foreground_process.h"
#include "cli/command.h"
#include "cli/machine_ssh_target.h"

namespace spotrun {
namespace {

struct SshArgs {
  std::string machine;
  std::vector<std::string> forwards;
  std::vector<std::string> command;
};

Status RunSsh(Context& ctx, const SshArgs& args) {
  std::vector<std::string> extra;
  for (const std::string& f : args.forwards) {
    SPOTRUN_ASSIGN_OR_RETURN(std::string spec, LocalForwardSpec(f));
    extra.push_back("-L");
    extra.push_back(std::move(spec));
  }
  // A tunnel the local port cannot take is a failure, not a warning scrolled past.
  if (!extra.empty()) extra.insert(extra.end(), {"-o", "ExitOnForwardFailure=yes"});
  SPOTRUN_ASSIGN_OR_RETURN(SshTarget target, MachineSshTarget(ctx, args.machine));
  std::string remote = args.command.empty() ? "" : RemoteCommandLine(args.command);
  return ReplaceProcess(SshCommand(target, extra, remote));
}

}  // namespace

CommandRun DefineSshCommand(CLI::App& app) {
  auto args = std::make_shared<SshArgs>();
  app.add_option("machine", args->machine, "Machine name, instance id or unique id prefix")
      ->required()
      ->type_name("NAME");
  app.add_option("-L,--forward", args->forwards,
                 "Forward a local port: PORT (to the machine's PORT), PORT:HOSTPORT, or "
                 "PORT:HOST:HOSTPORT (HOST as the machine sees it); repeatable")
      ->type_name("PORT[:HOST:HOSTPORT]")
      ->allow_extra_args(false);
  app.add_option("command", args->command, "Command to run instead of a login shell (after --)")
      ->type_name("CMD");
  app.footer(
      "Runs the system ssh, so ~/.ssh/config applies (ProxyJump, agent forwarding, ...).\n"
      "spotrun supplies the user (setting ssh_user), the key (setting ssh_key, else\n"
      "~/.ssh/id_ed25519, else its own), the address and port, and remembers host keys in\n"
      "~/.config/spotrun/known_hosts (accept-new). The exit code is ssh's.\n\n"
      "A single CMD word is run as a shell command line; several words are passed on as they\n"
      "are (quoted), e.g. -- sh -c 'exit 3'.\n\n"
      "Examples:\n"
      "  spotrun ssh trainer\n"
      "  spotrun ssh trainer -L 8888                 # localhost:8888 → the machine's 8888\n"
      "  spotrun ssh trainer -L 5433:localhost:5432 -- sleep 3600\n"
      "  spotrun ssh trainer -- nvidia-smi\n");
  return [args](Context& ctx) { return RunSsh(ctx, *args); };
}

}  // namespace spotrun
