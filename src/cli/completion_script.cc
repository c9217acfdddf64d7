#include "cli/completion_script.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <functional>
#include <set>

#include "cli/app.h"
#include "cli/command.h"
#include "market/region_catalog.h"

namespace spotrun {
namespace {

using Kind = CompletionValue::Kind;

// What every script shares: the command words and the region codes.
struct Vocabulary {
  std::vector<std::string> commands;
  std::vector<std::string> regions;
};

bool IsChoiceList(std::string_view type_name) {
  if (type_name.find('|') == std::string_view::npos) return false;
  return std::none_of(type_name.begin(), type_name.end(), [](char c) {
    return std::isupper(static_cast<unsigned char>(c)) ||
           std::isspace(static_cast<unsigned char>(c));
  });
}

std::vector<std::string> Split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(separator, start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) parts.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

// The first line of a help text, without a trailing colon: a completion menu shows one line.
std::string Summary(std::string_view text) {
  std::string_view line = text.substr(0, text.find('\n'));
  while (!line.empty() && (line.back() == ':' || line.back() == ' ')) line.remove_suffix(1);
  return std::string(line);
}

CompletionValue ValueOf(const CLI::Option& option, const Vocabulary& words) {
  std::string type_name = option.get_type_name();
  type_name = type_name.substr(0, type_name.find(':'));  // drop the validators' descriptions
  if (IsChoiceList(type_name)) return {Kind::kChoices, Split(type_name, '|')};
  if (type_name == "COMMAND") return {Kind::kChoices, words.commands};
  if (type_name == "REGION") return {Kind::kChoices, words.regions};
  if (type_name.find("FILE") != std::string::npos || type_name.find("PATH") != std::string::npos ||
      type_name.find("DIR") != std::string::npos || type_name.find('.') != std::string::npos) {
    return {Kind::kFile, {}};
  }
  if (option.get_positional() && (type_name == "NAME" || type_name == "MACHINE")) {
    return {Kind::kMachine, {}};
  }
  return {};
}

CompletionFlag FlagOf(const CLI::Option& option, const Vocabulary& words) {
  CompletionFlag flag;
  for (const std::string& s : option.get_snames()) flag.names.push_back("-" + s);
  for (const std::string& l : option.get_lnames()) flag.names.push_back("--" + l);
  flag.description = Summary(option.get_description());
  flag.takes_value = option.get_expected_max() != 0;  // flags expect 0 values
  if (flag.takes_value) flag.value = ValueOf(option, words);
  return flag;
}

CompletionCommand CommandOf(const CLI::App& app, std::string name,
                            const std::set<std::string>& global_names, const Vocabulary& words) {
  CompletionCommand command;
  command.name = std::move(name);
  command.description = Summary(app.get_description());
  for (const CLI::Option* option : app.get_options()) {
    if (option->get_positional()) {
      command.positionals.push_back(ValueOf(*option, words));
      command.last_positional_repeats =
          option->get_expected_max() > 1 || option->get_expected_max() < 0;
      continue;
    }
    CompletionFlag flag = FlagOf(*option, words);
    if (flag.names.empty() || global_names.count(flag.names.back())) continue;
    command.flags.push_back(std::move(flag));
  }
  for (const CLI::App* sub : app.get_subcommands(std::function<bool(const CLI::App*)>())) {
    command.subcommands.push_back(CommandOf(*sub, sub->get_name(), global_names, words));
  }
  return command;
}

// Every command path ("config", "config set") with its command, depth first.
void Walk(const std::vector<CompletionCommand>& commands, const std::string& prefix,
          std::vector<std::pair<std::string, const CompletionCommand*>>& out) {
  for (const CompletionCommand& c : commands) {
    std::string path = prefix.empty() ? c.name : prefix + " " + c.name;
    out.emplace_back(path, &c);
    Walk(c.subcommands, path, out);
  }
}

std::string Words(const std::vector<std::string>& words) {
  return fmt::format("{}", fmt::join(words, " "));
}

std::vector<std::string> FlagNames(const std::vector<CompletionFlag>& flags, bool valued_only) {
  std::vector<std::string> names;
  for (const CompletionFlag& f : flags) {
    if (valued_only && !f.takes_value) continue;
    names.insert(names.end(), f.names.begin(), f.names.end());
  }
  return names;
}

std::vector<std::string> SubcommandNames(const std::vector<CompletionCommand>& commands) {
  std::vector<std::string> names;
  for (const CompletionCommand& c : commands) names.push_back(c.name);
  return names;
}

// The word the bash and zsh scripts use for a value: none, file, machine or choices:a b c.
std::string KindWord(const CompletionValue& v) {
  switch (v.kind) {
    case Kind::kChoices:
      return "choices:" + Words(v.choices);
    case Kind::kFile:
      return "file";
    case Kind::kMachine:
      return "machine";
    case Kind::kNone:
      break;
  }
  return "none";
}

// A single-quoted shell word (bash, zsh and fish all read '…' literally, but fish also
// escapes \ inside).
std::string Quote(std::string_view text, bool fish = false) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += fish ? "\\'" : "'\\''";
    } else if (fish && c == '\\') {
      out += "\\\\";
    } else {
      out += c;
    }
  }
  return out + "'";
}

// `case "$1 $2" in` arms giving each valued flag's value kind, for the bash and zsh scripts.
std::string ValueKindFunction(const CompletionSpec& spec) {
  std::string out =
      "# _spotrun_value_kind PATH FLAG: what the value of FLAG in command PATH completes to.\n"
      "_spotrun_value_kind() {\n  case \"$2\" in\n";
  for (const CompletionFlag& f : spec.global_flags) {
    if (!f.takes_value) continue;
    out += fmt::format("    {}) echo {}; return ;;\n", fmt::join(f.names, "|"),
                       Quote(KindWord(f.value)));
  }
  out += "  esac\n  case \"$1 $2\" in\n";
  std::vector<std::pair<std::string, const CompletionCommand*>> paths;
  Walk(spec.commands, "", paths);
  for (const auto& [path, c] : paths) {
    for (const CompletionFlag& f : c->flags) {
      if (!f.takes_value) continue;
      std::vector<std::string> arms;
      for (const std::string& n : f.names) arms.push_back(Quote(path + " " + n));
      out += fmt::format("    {}) echo {} ;;\n", fmt::join(arms, "|"), Quote(KindWord(f.value)));
    }
  }
  out += "    *) echo none ;;\n  esac\n}\n\n";
  return out;
}

}  // namespace

CompletionSpec BuildCompletionSpec() {
  Vocabulary words;
  for (const Command& c : Commands()) {
    if (!c.hidden) words.commands.emplace_back(c.name);
  }
  market::RegionCatalog regions(market::DataSet::Embedded());
  if (Result<std::vector<market::Region>> all = regions.Regions(); all.ok()) {
    for (const market::Region& r : *all) words.regions.push_back(r.code);
  }

  CompletionSpec spec;
  CLI::App globals;
  GlobalFlags flags;
  AddGlobalFlags(globals, flags);
  std::set<std::string> global_names;
  for (const CLI::Option* option : globals.get_options()) {
    spec.global_flags.push_back(FlagOf(*option, words));
    for (const std::string& n : spec.global_flags.back().names) global_names.insert(n);
  }
  for (const Command& c : Commands()) {
    if (c.hidden) continue;
    CLI::App app(std::string(c.summary), "spotrun " + std::string(c.name));
    c.define(app);
    spec.commands.push_back(CommandOf(app, std::string(c.name), global_names, words));
  }
  return spec;
}

std::string BashCompletionScript(const CompletionSpec& spec) {
  std::vector<std::pair<std::string, const CompletionCommand*>> paths;
  Walk(spec.commands, "", paths);
  std::string out =
      "# bash completion for spotrun, generated by `spotrun completion bash` from its commands.\n"
      "# Load it now:      source <(spotrun completion bash)\n"
      "# Or for good:      spotrun completion bash > "
      "~/.local/share/bash-completion/completions/spotrun\n\n";
  out += fmt::format("_spotrun_globals={}\n_spotrun_global_valued={}\n\n",
                     Quote(Words(FlagNames(spec.global_flags, false))),
                     Quote(Words(FlagNames(spec.global_flags, true))));
  out +=
      "# _spotrun_spec PATH: sets the caller's subs, flags, valued, kinds and repeat for the\n"
      "# command PATH (\"\" before the command word).\n"
      "_spotrun_spec() {\n"
      "  subs=''\n  flags=\"$_spotrun_globals\"\n  valued=\"$_spotrun_global_valued\"\n"
      "  kinds=()\n  repeat=0\n  case \"$1\" in\n";
  out += fmt::format("    '') subs={}; flags=\"$flags --version\" ;;\n",
                     Quote(Words(SubcommandNames(spec.commands))));
  for (const auto& [path, c] : paths) {
    out += fmt::format("    {})", Quote(path));
    if (!c->subcommands.empty())
      out += fmt::format(" subs={};", Quote(Words(SubcommandNames(c->subcommands))));
    if (!c->flags.empty()) {
      out += fmt::format(" flags=\"$flags \"{};", Quote(Words(FlagNames(c->flags, false))));
    }
    std::vector<std::string> valued = FlagNames(c->flags, true);
    if (!valued.empty()) out += fmt::format(" valued=\"$valued \"{};", Quote(Words(valued)));
    if (!c->positionals.empty()) {
      std::vector<std::string> kinds;
      for (const CompletionValue& v : c->positionals) kinds.push_back(Quote(KindWord(v)));
      out += fmt::format(" kinds=({});", Words(kinds));
      if (c->last_positional_repeats) out += " repeat=1;";
    }
    out += " ;;\n";
  }
  out += "  esac\n}\n\n";
  out += ValueKindFunction(spec);
  out += R"SH(# _spotrun_reply KIND: fills COMPREPLY for the word being completed ($cur).
_spotrun_reply() {
  case "$1" in
    choices:*) COMPREPLY=($(compgen -W "${1#choices:}" -- "$cur")) ;;
    file) compopt -o filenames 2>/dev/null; local IFS=$'\n'; COMPREPLY=($(compgen -f -- "$cur")) ;;
    machine)
      local IFS=$'\n'
      COMPREPLY=($(compgen -W "$(spotrun "${cloud[@]}" __complete-names 2>/dev/null)" -- "$cur")) ;;
  esac
}

_spotrun() {
  local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"
  local path='' idx=0 i w subs flags valued repeat
  local -a kinds=() cloud=() before=()
  COMPREPLY=()
  _spotrun_spec ''
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="${COMP_WORDS[i]}"
    if [[ $w == -* ]]; then
      if [[ " $valued " == *" $w "* ]]; then
        case "$w" in --profile|--region|--endpoint) cloud+=("$w" "${COMP_WORDS[i+1]}") ;; esac
        i=$((i + 1))
      fi
      continue
    fi
    if ((idx == 0)) && [[ -n $subs && " $subs " == *" $w "* ]]; then
      path="${path:+$path }$w"
      _spotrun_spec "$path"
      continue
    fi
    idx=$((idx + 1))
  done
  if ((COMP_CWORD > 1)) && [[ $prev == -* && " $valued " == *" $prev "* ]]; then
    _spotrun_reply "$(_spotrun_value_kind "$path" "$prev")"
    return 0
  fi
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$flags" -- "$cur"))
    return 0
  fi
  if ((idx == 0)) && [[ -n $subs ]]; then
    COMPREPLY=($(compgen -W "$subs" -- "$cur"))
    [[ -z $path ]] && return 0
  fi
  if ((idx >= ${#kinds[@]})); then
    ((repeat && ${#kinds[@]} > 0)) || return 0
    idx=$((${#kinds[@]} - 1))
  fi
  before=("${COMPREPLY[@]}")
  _spotrun_reply "${kinds[idx]}"
  COMPREPLY=("${before[@]}" "${COMPREPLY[@]}")
  return 0
}

complete -F _spotrun spotrun
)SH";
  return out;
}

std::string ZshCompletionScript(const CompletionSpec& spec) {
  std::vector<std::pair<std::string, const CompletionCommand*>> paths;
  Walk(spec.commands, "", paths);
  auto described = [](const std::vector<std::string>& names, const std::string& description) {
    std::vector<std::string> out;
    for (const std::string& n : names) out.push_back(Quote(n + ":" + description));
    return Words(out);
  };
  auto described_flags = [&](const std::vector<CompletionFlag>& flags) {
    std::vector<std::string> out;
    for (const CompletionFlag& f : flags) out.push_back(described(f.names, f.description));
    return Words(out);
  };
  auto described_commands = [&](const std::vector<CompletionCommand>& commands) {
    std::vector<std::string> out;
    for (const CompletionCommand& c : commands) out.push_back(described({c.name}, c.description));
    return Words(out);
  };
  std::string out =
      "#compdef spotrun\n"
      "# zsh completion for spotrun, generated by `spotrun completion zsh` from its commands.\n"
      "# Load it now (after compinit):  source <(spotrun completion zsh)\n"
      "# Or for good:  spotrun completion zsh > \"${fpath[1]}/_spotrun\"  (then start a new "
      "shell)\n\n";
  out += fmt::format("_spotrun_globals=({})\n_spotrun_global_valued=({})\n\n",
                     described_flags(spec.global_flags), Words(FlagNames(spec.global_flags, true)));
  out +=
      "# _spotrun_spec PATH: sets the caller's subs, flags, valued, kinds and repeat for the\n"
      "# command PATH ('' before the command word). subs and flags hold name:description.\n"
      "_spotrun_spec() {\n"
      "  subs=()\n  flags=(\"${_spotrun_globals[@]}\")\n  "
      "valued=(\"${_spotrun_global_valued[@]}\")\n"
      "  kinds=()\n  repeat=0\n  case \"$1\" in\n";
  out += fmt::format("    '') subs=({}); flags+=('--version:Print the version') ;;\n",
                     described_commands(spec.commands));
  for (const auto& [path, c] : paths) {
    out += fmt::format("    {})", Quote(path));
    if (!c->subcommands.empty())
      out += fmt::format(" subs=({});", described_commands(c->subcommands));
    if (!c->flags.empty()) out += fmt::format(" flags+=({});", described_flags(c->flags));
    std::vector<std::string> valued = FlagNames(c->flags, true);
    if (!valued.empty()) out += fmt::format(" valued+=({});", Words(valued));
    if (!c->positionals.empty()) {
      std::vector<std::string> kinds;
      for (const CompletionValue& v : c->positionals) kinds.push_back(Quote(KindWord(v)));
      out += fmt::format(" kinds=({});", Words(kinds));
      if (c->last_positional_repeats) out += " repeat=1;";
    }
    out += " ;;\n";
  }
  out += "  esac\n}\n\n";
  out += ValueKindFunction(spec);
  out += R"SH(# _spotrun_reply KIND: offers what KIND completes to.
_spotrun_reply() {
  local -a words_
  case "$1" in
    choices:*) words_=(${=${1#choices:}}); compadd -a words_ ;;
    file) _files ;;
    machine)
      words_=(${(f)"$(spotrun "${cloud[@]}" __complete-names 2>/dev/null)"})
      compadd -a words_ ;;
  esac
}

_spotrun() {
  local cmdpath='' w cur=${words[CURRENT]} prev=${words[CURRENT-1]}
  local -i idx=0 i repeat=0
  local -a subs flags valued kinds cloud subnames
  _spotrun_spec ''
  for ((i = 2; i < CURRENT; i++)); do
    w=${words[i]}
    if [[ $w == -* ]]; then
      if (( ${valued[(Ie)$w]} )); then
        case $w in --profile|--region|--endpoint) cloud+=($w ${words[i+1]}) ;; esac
        i=$((i + 1))
      fi
      continue
    fi
    subnames=(${subs%%:*})
    if (( idx == 0 && ${subnames[(Ie)$w]} )); then
      cmdpath=${cmdpath:+$cmdpath }$w
      _spotrun_spec $cmdpath
      continue
    fi
    idx=$((idx + 1))
  done
  if (( CURRENT > 2 )) && [[ $prev == -* ]] && (( ${valued[(Ie)$prev]} )); then
    _spotrun_reply "$(_spotrun_value_kind "$cmdpath" "$prev")"
    return
  fi
  if [[ $cur == -* ]]; then
    _describe -t flags 'flag' flags
    return
  fi
  if (( idx == 0 && ${#subs} )); then
    _describe -t commands 'command' subs
    [[ -z $cmdpath ]] && return
  fi
  if (( idx >= ${#kinds} )); then
    (( repeat && ${#kinds} )) || return
    idx=$(( ${#kinds} - 1 ))
  fi
  _spotrun_reply "${kinds[idx+1]}"
}

if [[ ${funcstack[1]} == _spotrun ]]; then
  _spotrun "$@"
else
  compdef _spotrun spotrun
fi
)SH";
  return out;
}

std::string FishCompletionScript(const CompletionSpec& spec) {
  std::string out =
      "# fish completion for spotrun, generated by `spotrun completion fish` from its commands.\n"
      "# Load it now:   spotrun completion fish | source\n"
      "# Or for good:   spotrun completion fish > ~/.config/fish/completions/spotrun.fish\n\n"
      "complete -c spotrun -f\n";
  auto flag_line = [](const CompletionFlag& f, const std::string& condition) {
    std::string line = "complete -c spotrun";
    if (!condition.empty()) line += " -n " + Quote(condition, true);
    for (const std::string& n : f.names) {
      line += n.starts_with("--") ? " -l " + n.substr(2) : " -s " + n.substr(1);
    }
    if (f.takes_value) {
      switch (f.value.kind) {
        case Kind::kChoices:
          line += " -x -a " + Quote(Words(f.value.choices), true);
          break;
        case Kind::kFile:
          line += " -r -F";
          break;
        case Kind::kMachine:
          line += " -x -a '(spotrun __complete-names 2>/dev/null)'";
          break;
        case Kind::kNone:
          line += " -x";
          break;
      }
    }
    return line + " -d " + Quote(f.description, true) + "\n";
  };
  auto positional_line = [](const CompletionValue& v, const std::string& condition) {
    std::string line = "complete -c spotrun -n " + Quote(condition, true);
    switch (v.kind) {
      case Kind::kChoices:
        return line + " -a " + Quote(Words(v.choices), true) + "\n";
      case Kind::kFile:
        return line + " -F\n";
      case Kind::kMachine:
        return line + " -a '(spotrun __complete-names 2>/dev/null)'\n";
      case Kind::kNone:
        break;
    }
    return std::string();
  };
  for (const CompletionFlag& f : spec.global_flags) out += flag_line(f, "");
  out += "complete -c spotrun -n '__fish_use_subcommand' -l version -d 'Print the version'\n";
  std::function<void(const std::vector<CompletionCommand>&, const std::string&)> add =
      [&](const std::vector<CompletionCommand>& commands, const std::string& parent_condition) {
        std::vector<std::string> names = SubcommandNames(commands);
        std::string offer =
            parent_condition.empty()
                ? "__fish_use_subcommand"
                : parent_condition + "; and not __fish_seen_subcommand_from " + Words(names);
        for (const CompletionCommand& c : commands) {
          out += fmt::format("complete -c spotrun -n {} -a {} -d {}\n", Quote(offer, true),
                             Quote(c.name, true), Quote(c.description, true));
        }
        for (const CompletionCommand& c : commands) {
          std::string condition = (parent_condition.empty() ? "" : parent_condition + "; and ") +
                                  "__fish_seen_subcommand_from " + c.name;
          for (const CompletionFlag& f : c.flags) out += flag_line(f, condition);
          std::string positional_condition = condition;
          if (!c.subcommands.empty()) {
            positional_condition +=
                "; and not __fish_seen_subcommand_from " + Words(SubcommandNames(c.subcommands));
          }
          for (const CompletionValue& v : c.positionals) {
            out += positional_line(v, positional_condition);
          }
          add(c.subcommands, condition);
        }
      };
  add(spec.commands, "");
  return out;
}

Result<std::string> CompletionScript(std::string_view shell) {
  if (shell == "bash") return BashCompletionScript(BuildCompletionSpec());
  if (shell == "zsh") return ZshCompletionScript(BuildCompletionSpec());
  if (shell == "fish") return FishCompletionScript(BuildCompletionSpec());
  return Status::InvalidArgument(fmt::format("no completion for shell '{}'", shell),
                                 "pick bash, zsh or fish, e.g. 'spotrun completion bash'");
}

}  // namespace spotrun
