// The table of commands, in the order `spotrun --help` lists them.
#include <array>

#include "cli/command.h"

namespace spotrun {
namespace {

constexpr std::array kCommands{
    Command{"cloud",
            "Run the local cloud (EC2 on this machine) and interrupt or starve its spot pools",
            Needs::kSettings, &DefineCloudCommand},
    Command{"completion", "Print a shell completion script (bash, zsh or fish)", Needs::kNothing,
            &DefineCompletionCommand},
    Command{"config", "Show the settings in effect and where each comes from; set one",
            Needs::kSettings, &DefineConfigCommand},
    Command{"freeze", "Make an image of a machine (its installed software and files)",
            Needs::kCloud, &DefineFreezeCommand},
    Command{"help", "Show help for spotrun or for one command", Needs::kNothing,
            &DefineHelpCommand},
    Command{"image", "Show one image: ubuntu (the newest LTS), your image's name, or an id",
            Needs::kCloud, &DefineImageCommand},
    Command{"images", "List your images (frozen machines); images rm IMAGE removes one",
            Needs::kCloud, &DefineImagesCommand},
    Command{"prices", "On-demand and spot prices, savings and interruption rates of types",
            Needs::kCloud, &DefinePricesCommand},
    Command{"region", "List regions with their place names; find one by name (Ohio)",
            Needs::kNothing, &DefineRegionCommand},
    Command{"snapshot", "Snapshot volumes; list and remove snapshots (create, ls, rm)",
            Needs::kCloud, &DefineSnapshotCommand},
    Command{"version", "Print spotrun's version", Needs::kNothing, &DefineVersionCommand},
    Command{"volume", "Disks that outlive machines (create, attach, detach, ls, rm)", Needs::kCloud,
            &DefineVolumeCommand},
    Command{"__complete-names", "Machine names for shell completion", Needs::kNothing,
            &DefineCompleteNamesCommand, /*hidden=*/true},
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
