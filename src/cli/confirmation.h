// Confirmation: what a command that destroys something asks before it does — "terminate gpu-box?
// [y/N]" on a terminal; -y answers yes; off a terminal without -y it refuses with a hint to pass
// -y, so a script never hangs on a question nobody sees. Reads `in`; not thread-safe.
#ifndef SPOTRUN_CLI_CONFIRMATION_H_
#define SPOTRUN_CLI_CONFIRMATION_H_

#include <cstdio>
#include <string_view>

#include "base/status.h"
#include "cli/context.h"

namespace spotrun {

// Ok when confirmed. kInterrupted ("nothing done") when the answer is not yes; kFailedPrecondition
// when `in` is not a terminal and -y was not given. `what` completes "refusing to …" and
// `example` is the command line with -y to suggest.
Status Confirm(Context& ctx, std::string_view question, std::string_view what,
               std::string_view example, std::FILE* in = stdin);

}  // namespace spotrun

#endif  // SPOTRUN_CLI_CONFIRMATION_H_
