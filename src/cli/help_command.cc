// spotrun help [COMMAND]
#include <CLI/CLI.hpp>

#include "cli/app.h"
#include "cli/command.h"

namespace spotrun {

CommandRun DefineHelpCommand(CLI::App& app) {
  auto topic = std::make_shared<std::string>();
  app.add_option("command", *topic, "The command to explain")->type_name("COMMAND");
  return [topic](Context& ctx) -> Status {
    if (topic->empty()) {
      ctx.Print("{}", TopLevelHelp());
      return Status::Ok();
    }
    SPOTRUN_ASSIGN_OR_RETURN(std::string text, CommandHelp(*topic));
    ctx.Print("{}", text);
    return Status::Ok();
  };
}

}  // namespace spotrun
