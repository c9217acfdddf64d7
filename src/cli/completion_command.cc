// spotrun completion bash|zsh|fish: prints the completion script for the shell, generated from
// the command table (see completion_script.h).
#include <CLI/CLI.hpp>

#include "cli/command.h"
#include "cli/completion_script.h"

namespace spotrun {

CommandRun DefineCompletionCommand(CLI::App& app) {
  auto shell = std::make_shared<std::string>();
  app.add_option("shell", *shell, "The shell to complete for")
      ->required()
      ->type_name("bash|zsh|fish");
  app.footer(
      "Completes commands, subcommands, flags, flag values and the names of your machines\n"
      "(asked of the cloud when you press TAB, with a short timeout).\n\n"
      "Examples:\n"
      "  source <(spotrun completion bash)          # bash, this shell only; add it to ~/.bashrc\n"
      "  spotrun completion bash > ~/.local/share/bash-completion/completions/spotrun\n"
      "  spotrun completion zsh > \"${fpath[1]}/_spotrun\"   # zsh, then start a new shell\n"
      "  spotrun completion fish > ~/.config/fish/completions/spotrun.fish\n");
  return [shell](Context& ctx) -> Status {
    SPOTRUN_ASSIGN_OR_RETURN(std::string script, CompletionScript(*shell));
    ctx.Print("{}", script);
    return Status::Ok();
  };
}

}  // namespace spotrun
