// The table of commands, in the order `spotrun --help` lists them.
#include <array>

#include "cli/command.h"

namespace spotrun {
namespace {

constexpr std::array kCommands{
    Command{"cloud",
            "Run the local cloud (EC2 on this machine) and interrupt or starve its spot pools",
            Needs::kSettings, &DefineCloudCommand},
    Command{"config", "Show the settings in effect and where each comes from; set one",
            Needs::kSettings, &DefineConfigCommand},
    Command{"help", "Show help for spotrun or for one command", Needs::kNothing,
            &DefineHelpCommand},
    Command{"version", "Print spotrun's version", Needs::kNothing, &DefineVersionCommand},
};

}  // namespace

std::span<const Command> Commands() { return kCommands; }

const Command* FindCommand(std::string_view name) {
  for (const Command& c : kCommands) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

}  // namespace spotrun
