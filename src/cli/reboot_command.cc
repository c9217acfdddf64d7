// spotrun reboot MACHINE… [--wait]: see cli/machine_action.h.
#include "cli/machine_action.h"

namespace spotrun {

CommandRun DefineRebootCommand(CLI::App& app) {
  return DefineMachineActionCommand(app, MachineAction::kReboot);
}

}  // namespace spotrun
