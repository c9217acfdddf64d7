#include "cli/context.h"

namespace spotrun {

Result<const Settings*> Context::settings() {
  if (!settings_) {
    SPOTRUN_ASSIGN_OR_RETURN(Settings s, ResolveSettings(flags_, env_));
    settings_ = std::move(s);
  }
  return &*settings_;
}

}  // namespace spotrun
