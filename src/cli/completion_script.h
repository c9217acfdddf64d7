// CompletionScript: shell completion for spotrun, generated from the command table and the
// flags each command gives CLI11 — never kept by hand. BuildCompletionSpec() reads them into a
// CompletionSpec; the renderers write bash, zsh and fish scripts from it. Live machine names
// come from `spotrun __complete-names` when the user presses TAB. Pure functions; thread-safe.
#ifndef SPOTRUN_CLI_COMPLETION_SCRIPT_H_
#define SPOTRUN_CLI_COMPLETION_SCRIPT_H_

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace spotrun {

// What a flag's value or a positional completes to, read from its CLI11 type name:
// "table|json" (lower-case alternatives) lists choices; COMMAND the commands; REGION the region
// codes; FILE, PATH, DIR or a ".ext" suffix files; a positional NAME or MACHINE live machine names.
struct CompletionValue {
  enum class Kind { kNone, kChoices, kFile, kMachine };
  Kind kind = Kind::kNone;
  std::vector<std::string> choices;
};

struct CompletionFlag {
  std::vector<std::string> names;  // "-o", "--output"
  std::string description;
  bool takes_value = false;
  CompletionValue value;
};

struct CompletionCommand {
  std::string name;  // "set" for `config set`
  std::string description;
  std::vector<CompletionFlag> flags;  // its own, not the global ones
  std::vector<CompletionValue> positionals;
  bool last_positional_repeats = false;  // NAME…
  std::vector<CompletionCommand> subcommands;
};

struct CompletionSpec {
  std::vector<CompletionFlag> global_flags;
  std::vector<CompletionCommand> commands;  // hidden commands left out
};

CompletionSpec BuildCompletionSpec();

std::string BashCompletionScript(const CompletionSpec& spec);
std::string ZshCompletionScript(const CompletionSpec& spec);
std::string FishCompletionScript(const CompletionSpec& spec);

// The script for `shell` ("bash", "zsh" or "fish"); kInvalidArgument for another shell.
Result<std::string> CompletionScript(std::string_view shell);

}  // namespace spotrun

#endif  // SPOTRUN_CLI_COMPLETION_SCRIPT_H_
