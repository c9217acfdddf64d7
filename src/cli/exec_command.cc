// spotrun exec NAME -- CMD…: runs CMD on the machine over ssh without a terminal (BatchMode,
// so it never stops to ask; LogLevel=ERROR, so ssh's notes do not mix with the command's
// stderr), with its stdout and stderr streamed as they come and stdin
// passed on, and exits with the remote command's exit code.
#include <CLI/CLI.hpp>

#include "base/foreground_process.h"
#include "cli/command.h"
#include "cli/machine_ssh_target.h"

namespace spotrun {
namespace {

// ssh's own exit code when it fails (connection, authentication): not the command's.
constexpr int kSshFailed = 255;

struct ExecArgs {
  std::string machine;
  std::vector<std::string> command;
};

Status RunExec(Context& ctx, const ExecArgs& args) {
  if (args.command.empty()) {
    return Status::InvalidArgument("no command given",
                                   "put it after --, e.g. spotrun exec NAME -- uname -a");
  }
  SPOTRUN_ASSIGN_OR_RETURN(SshTarget target, MachineSshTarget(ctx, args.machine));
  std::vector<std::string> argv =
      SshCommand(target, {"-T", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR"},
                 RemoteCommandLine(args.command));
  SPOTRUN_ASSIGN_OR_RETURN(int exit_code, RunInForeground(argv));
  if (exit_code == kSshFailed) {
    fmt::print(ctx.err(),
               "note: ssh exited 255: it could not run the command on {} (see its message "
               "above), or the command itself exited 255\n",
               target.machine);
  }
  ctx.set_exit_code(exit_code);
  return Status::Ok();
}

}  // namespace

CommandRun DefineExecCommand(CLI::App& app) {
  auto args = std::make_shared<ExecArgs>();
  app.add_option("machine", args->machine, "Machine name, instance id or unique id prefix")
      ->required()
      ->type_name("NAME");
  app.add_option("command", args->command, "The command to run, after --")->type_name("CMD");
  app.footer(
      "Runs CMD on the machine over ssh, with no terminal and no questions (BatchMode):\n"
      "output is streamed as it comes, stdin is passed on, and spotrun exits with CMD's exit\n"
      "code (255 when ssh itself failed). A single CMD word is run as a shell command line;\n"
      "several words are passed on as they are (quoted).\n\n"
      "Examples:\n"
      "  spotrun exec trainer -- nvidia-smi\n"
      "  spotrun exec trainer -- 'cd project && make test'\n"
      "  spotrun exec trainer -- sh -c 'exit 3'; echo $?     # 3\n"
      "  spotrun exec trainer -- tar xz < data.tgz\n");
  return [args](Context& ctx) { return RunExec(ctx, *args); };
}

}  // namespace spotrun
