// The table of commands, in the order `spotrun --help` lists them.
#include <array>

#include "cli/command.h"

namespace spotrun {
namespace {

constexpr std::array kCommands{
    Command{"change-type", "Give a machine another instance type (--restart when it runs)",
            Needs::kCloud, &DefineChangeTypeCommand},
    Command{"cloud",
            "Run the local cloud (EC2 on this machine) and interrupt or starve its spot pools",
            Needs::kSettings, &DefineCloudCommand},
    Command{"completion", "Print a shell completion script (bash, zsh or fish)", Needs::kNothing,
            &DefineCompletionCommand},
    Command{"config", "Show the settings in effect and where each comes from; set one",
            Needs::kSettings, &DefineConfigCommand},
    Command{"exec", "Run a command on a machine over ssh; exits with its exit code", Needs::kCloud,
            &DefineExecCommand},
    Command{"freeze", "Make an image of a machine (its installed software and files)",
            Needs::kCloud, &DefineFreezeCommand},
    Command{"gc", "Find and remove what spotrun made that is orphaned or bills for nothing",
            Needs::kCloud, &DefineGcCommand},
    Command{"help", "Show help for spotrun or for one command", Needs::kNothing,
            &DefineHelpCommand},
    Command{"image", "Show one image: ubuntu (the newest LTS), your image's name, or an id",
            Needs::kCloud, &DefineImageCommand},
    Command{"images", "List your images (frozen machines); images rm IMAGE removes one",
            Needs::kCloud, &DefineImagesCommand},
    Command{"job", "Run a job to completion on spot machines: run, ls, show, logs, cancel",
            Needs::kCloud, &DefineJobCommand},
    Command{"jupyter", "Start Jupyter on a machine if needed and open a tunnel to it",
            Needs::kCloud, &DefineJupyterCommand},
    Command{"launch", "Launch a machine by name (spot unless --on-demand) and wait for ssh",
            Needs::kCloud, &DefineLaunchCommand},
    Command{"ls", "List your machines with their state, address, price and uptime", Needs::kCloud,
            &DefineLsCommand},
    Command{"prices", "On-demand and spot prices, savings and interruption rates of types",
            Needs::kCloud, &DefinePricesCommand},
    Command{"reboot", "Reboot machines", Needs::kCloud, &DefineRebootCommand},
    Command{"region", "List regions with their place names; find one by name (Ohio)",
            Needs::kNothing, &DefineRegionCommand},
    Command{"requests", "List the spot requests behind your machines (--all: every one)",
            Needs::kCloud, &DefineRequestsCommand},
    Command{"show", "Everything about one machine: spot request, volumes, tags, price, cost",
            Needs::kCloud, &DefineShowCommand},
    Command{"snapshot", "Snapshot volumes; list and remove snapshots (create, ls, rm)",
            Needs::kCloud, &DefineSnapshotCommand},
    Command{"ssh", "Log in to a machine with the system ssh; -L PORT forwards a port",
            Needs::kCloud, &DefineSshCommand},
    Command{"start", "Start stopped machines", Needs::kCloud, &DefineStartCommand},
    Command{"stop", "Stop machines (they keep their disk and stop billing compute)", Needs::kCloud,
            &DefineStopCommand},
    Command{"sync", "Copy files to or from a machine with rsync (SRC NAME:DST, NAME:SRC DST)",
            Needs::kCloud, &DefineSyncCommand},
    Command{"terminate", "Terminate machines for good (asks first; cancels spot requests)",
            Needs::kCloud, &DefineTerminateCommand},
    Command{"version", "Print spotrun's version", Needs::kNothing, &DefineVersionCommand},
    Command{"volume", "Disks that outlive machines (create, attach, detach, ls, rm)", Needs::kCloud,
            &DefineVolumeCommand},
    Command{"agent", "The on-machine agent of a job (started by the controller, not by hand)",
            Needs::kNothing, &DefineAgentCommand, /*hidden=*/true},
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
