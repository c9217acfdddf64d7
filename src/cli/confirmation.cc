#include "cli/confirmation.h"

#include <fmt/format.h>
#include <unistd.h>

#include <string>

namespace spotrun {

Status Confirm(Context& ctx, std::string_view question, std::string_view what,
               std::string_view example, std::FILE* in) {
  if (ctx.flags().yes) return Status::Ok();
  if (::isatty(::fileno(in)) != 1) {
    return Status::FailedPrecondition(
        fmt::format("refusing to {} without confirmation: not on a terminal", what),
        fmt::format("pass -y to confirm: {}", example));
  }
  fmt::print(ctx.err(), "{} [y/N] ", question);
  std::fflush(ctx.err());
  std::string answer;
  for (int c = std::fgetc(in); c != EOF && c != '\n'; c = std::fgetc(in)) {
    answer.push_back(static_cast<char>(c));
  }
  if (answer == "y" || answer == "Y" || answer == "yes" || answer == "YES" || answer == "Yes") {
    return Status::Ok();
  }
  return Status::Interrupted("nothing done", "answer y to go ahead, or pass -y");
}

}  // namespace spotrun
