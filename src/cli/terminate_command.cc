// spotrun terminate MACHINE… [--wait]: see cli/machine_action.h.
#include "cli/machine_action.h"

namespace spotrun {

CommandRun DefineTerminateCommand(CLI::App& app) {
  return DefineMachineActionCommand(app, MachineAction::kTerminate);
}

}  // namespace spotrun
