#include "cli/confirmation.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <string>

namespace spotrun {

Status Confirm(Context& ctx, std::string_view question) {
  if (ctx.flags().yes) return Status::Ok();
  if (!isatty(STDIN_FILENO)) {
    return Status::FailedPrecondition(fmt::format("not confirmed: {}", question),
                                      "pass -y to confirm without a terminal");
  }
  fmt::print(ctx.err(), "{} [y/N] ", question);
  std::fflush(ctx.err());
  char line[64] = {};
  if (std::fgets(line, sizeof line, stdin) == nullptr) {
    return Status::Interrupted("cancelled", "nothing was changed");
  }
  std::string answer(line);
  if (answer.starts_with("y") || answer.starts_with("Y")) return Status::Ok();
  return Status::Interrupted("cancelled", "nothing was changed");
}

}  // namespace spotrun
