// spotrun stop MACHINE… [--wait]: see cli/machine_action.h.
#include "cli/machine_action.h"

namespace spotrun {

CommandRun DefineStopCommand(CLI::App& app) {
  return DefineMachineActionCommand(app, MachineAction::kStop);
}

}  // namespace spotrun
