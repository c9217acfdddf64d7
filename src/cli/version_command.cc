// spotrun version
#include <CLI/CLI.hpp>

#include "cli/command.h"

namespace spotrun {

CommandRun DefineVersionCommand(CLI::App&) {
  return [](Context& ctx) -> Status {
    if (ctx.json()) {
      ctx.Print("{{\"version\": \"{}\"}}\n", SPOTRUN_VERSION);
    } else {
      ctx.Print("spotrun {}\n", SPOTRUN_VERSION);
    }
    return Status::Ok();
  };
}

}  // namespace spotrun
