// The command-line front door: finds the command in argv (or says "did you mean"), parses
// global and command flags with CLI11, checks what the command needs, and runs it.
#ifndef SPOTRUN_CLI_APP_H_
#define SPOTRUN_CLI_APP_H_

#include <cstdio>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/environment.h"
#include "base/result.h"

namespace CLI {
class App;
}

namespace spotrun {

struct GlobalFlags;

struct AppIo {
  const Environment& env;
  Clock& clock;
  std::FILE* out = stdout;
  std::FILE* err = stderr;
  // When given, receives the exit code a command chose (Context::set_exit_code) for an Ok
  // run; 0 otherwise.
  int* exit_code = nullptr;
};

// Runs `spotrun ARGS…` (args exclude argv[0]). The returned Status is what main prints;
// *verbose tells main whether -v was given (request ids are shown then).
Status RunApp(const std::vector<std::string>& args, AppIo io, bool* verbose);

// Adds the global flags (--profile, --region, --endpoint, -o, -v, -y) to a command's app.
void AddGlobalFlags(CLI::App& app, GlobalFlags& flags);

// The text of `spotrun --help`.
std::string TopLevelHelp();
// The text of `spotrun help CMD`, or NotFound (with "did you mean") for an unknown command.
Result<std::string> CommandHelp(std::string_view name);
// "did you mean" for an unknown command name: a usage error.
Status UnknownCommand(std::string_view name);

}  // namespace spotrun

#endif  // SPOTRUN_CLI_APP_H_
