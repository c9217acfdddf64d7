// spotrun start MACHINE… [--wait]: see cli/machine_action.h.
#include "cli/machine_action.h"

namespace spotrun {

CommandRun DefineStartCommand(CLI::App& app) {
  return DefineMachineActionCommand(app, MachineAction::kStart);
}

}  // namespace spotrun
