// MachineAction: what `spotrun start|stop|reboot|terminate NAME… [--wait]` share — finding the
// machines (names, ids, unique id prefixes), doing it to all of them at once, waiting with a
// progress line when asked, and one line per machine with its state change. Each command's own
// file picks the action.
#ifndef SPOTRUN_CLI_MACHINE_ACTION_H_
#define SPOTRUN_CLI_MACHINE_ACTION_H_

#include "cli/command.h"

namespace spotrun {

enum class MachineAction { kStart, kStop, kReboot, kTerminate };

CommandRun DefineMachineActionCommand(CLI::App& app, MachineAction action);

}  // namespace spotrun

#endif  // SPOTRUN_CLI_MACHINE_ACTION_H_
