// The command table: one entry per `spotrun COMMAND`, each defined in its own file as
// <name>_command.cc. A command adds its flags to a CLI11 sub-app and returns the function
// to run once they are parsed; only main prints the Status it returns.
#ifndef SPOTRUN_CLI_COMMAND_H_
#define SPOTRUN_CLI_COMMAND_H_

#include <functional>
#include <span>
#include <string_view>

#include "base/status.h"
#include "cli/context.h"

namespace CLI {
class App;
}

namespace spotrun {

// What a command needs before it can run; checked before it starts, with a hint.
enum class Needs {
  kNothing,   // works offline, without settings (help, version, completion)
  kSettings,  // reads settings but calls no cloud
  kCloud,     // calls the cloud: needs a region, an endpoint and credentials
};

using CommandRun = std::function<Status(Context&)>;

struct Command {
  std::string_view name;
  std::string_view summary;  // one line, shown by `spotrun --help`
  Needs needs;
  // Adds the command's flags and positionals to `app` and returns what to run after parsing.
  CommandRun (*define)(CLI::App& app);
  bool hidden = false;  // for spotrun's own use (the completion scripts): not in --help
};

std::span<const Command> Commands();
const Command* FindCommand(std::string_view name);

// Each command's definition, in its own file.
CommandRun DefineAgentCommand(CLI::App& app);
CommandRun DefineChangeTypeCommand(CLI::App& app);
CommandRun DefineCloudCommand(CLI::App& app);
CommandRun DefineCompleteNamesCommand(CLI::App& app);
CommandRun DefineCompletionCommand(CLI::App& app);
CommandRun DefineConfigCommand(CLI::App& app);
CommandRun DefineExecCommand(CLI::App& app);
CommandRun DefineFreezeCommand(CLI::App& app);
CommandRun DefineGcCommand(CLI::App& app);
CommandRun DefineHelpCommand(CLI::App& app);
CommandRun DefineImageCommand(CLI::App& app);
CommandRun DefineImagesCommand(CLI::App& app);
CommandRun DefineJobCommand(CLI::App& app);
CommandRun DefineJupyterCommand(CLI::App& app);
CommandRun DefineLaunchCommand(CLI::App& app);
CommandRun DefineLsCommand(CLI::App& app);
CommandRun DefinePricesCommand(CLI::App& app);
CommandRun DefineRebootCommand(CLI::App& app);
CommandRun DefineRegionCommand(CLI::App& app);
CommandRun DefineRequestsCommand(CLI::App& app);
CommandRun DefineShowCommand(CLI::App& app);
CommandRun DefineSnapshotCommand(CLI::App& app);
CommandRun DefineSshCommand(CLI::App& app);
CommandRun DefineStartCommand(CLI::App& app);
CommandRun DefineStopCommand(CLI::App& app);
CommandRun DefineSyncCommand(CLI::App& app);
CommandRun DefineTerminateCommand(CLI::App& app);
CommandRun DefineVersionCommand(CLI::App& app);
CommandRun DefineVolumeCommand(CLI::App& app);

}  // namespace spotrun

#endif  // SPOTRUN_CLI_COMMAND_H_
