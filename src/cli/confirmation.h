// Confirmation before spotrun removes something: asked on the terminal, answered by -y, and
// refused (with the hint to pass -y) when there is no terminal to ask on, so a script never
// hangs on a question. Not thread-safe (reads stdin).
#ifndef SPOTRUN_CLI_CONFIRMATION_H_
#define SPOTRUN_CLI_CONFIRMATION_H_

#include <string_view>

#include "base/status.h"
#include "cli/context.h"

namespace spotrun {

// Ok when confirmed (or -y); kInterrupted when the answer is no; kFailedPrecondition
// without a terminal and without -y.
Status Confirm(Context& ctx, std::string_view question);

}  // namespace spotrun

#endif  // SPOTRUN_CLI_CONFIRMATION_H_
