#include "localcloud/instance_runtime.h"

namespace spotrun {

std::string_view RuntimeStateName(RuntimeState state) {
  switch (state) {
    case RuntimeState::kAbsent:
      return "absent";
    case RuntimeState::kStopped:
      return "stopped";
    case RuntimeState::kRunning:
      return "running";
    case RuntimeState::kHibernated:
      return "hibernated";
  }
  return "unknown";
}

}  // namespace spotrun
