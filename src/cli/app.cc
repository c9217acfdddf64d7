#include "cli/app.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "base/log.h"
#include "cli/command.h"
#include "cli/did_you_mean.h"

namespace spotrun {
namespace {

constexpr std::string_view kVersion = SPOTRUN_VERSION;

// Global flags that take a value, so the command word can be found without parsing.
bool TakesValue(std::string_view arg) {
  return arg == "--profile" || arg == "--region" || arg == "--endpoint" || arg == "-o" ||
         arg == "--output";
}

}  // namespace

void AddGlobalFlags(CLI::App& app, GlobalFlags& flags) {
  app.add_option("--profile", flags.profile, "Profile (default: $AWS_PROFILE or 'default')")
      ->type_name("NAME");
  app.add_option("--region", flags.region, "AWS region (default: from profile or AWS_REGION)")
      ->type_name("REGION");
  app.add_option("--endpoint", flags.endpoint, "EC2 endpoint URL, e.g. a local cloud")
      ->type_name("URL");
  app.add_option("-o,--output", flags.output, "Output format")
      ->check(CLI::IsMember({"table", "json"}))
      ->type_name("table|json");
  app.add_flag("-v,--verbose", flags.verbosity, "More detail on stderr (-vv for debug)");
  app.add_flag("-y,--yes", flags.yes, "Answer yes to confirmations");
}

namespace {

Status CheckNeeds(const Command& command, Context& ctx) {
  if (command.needs == Needs::kNothing) return Status::Ok();
  SPOTRUN_ASSIGN_OR_RETURN(const Settings* s, ctx.settings());
  if (command.needs == Needs::kCloud && s->region.empty()) {
    return Status::InvalidArgument(
        "no region is set",
        "pass --region REGION, set AWS_REGION, or run 'spotrun config set region REGION'");
  }
  return Status::Ok();
}

}  // namespace

std::string TopLevelHelp() {
  std::string out = fmt::format(
      "spotrun {} — run work on cheap EC2 spot machines without losing it.\n\n"
      "Usage: spotrun [global flags] COMMAND [flags] [args]\n\nCommands:\n",
      kVersion);
  size_t width = 0;
  for (const Command& c : Commands()) {
    if (!c.hidden) width = std::max(width, c.name.size());
  }
  for (const Command& c : Commands()) {
    if (c.hidden) continue;
    out += fmt::format("  {:<{}}  {}\n", c.name, width, c.summary);
  }
  out +=
      "\nGlobal flags (before or after the command):\n"
      "  --profile NAME     profile in ~/.aws/config and ~/.config/spotrun/config\n"
      "                     (default: $AWS_PROFILE, else 'default')\n"
      "  --region REGION    AWS region (default: $AWS_REGION, then the profile)\n"
      "  --endpoint URL     EC2 endpoint, e.g. a local cloud (default: $AWS_ENDPOINT_URL_EC2,\n"
      "                     $AWS_ENDPOINT_URL, the profile, then AWS's own)\n"
      "  -o, --output FMT   table (default) or json, for scripts\n"
      "  -v, --verbose      more detail on stderr; -vv for debug\n"
      "  -y, --yes          answer yes to confirmations\n"
      "  -h, --help         this help; 'spotrun help COMMAND' for one command\n"
      "  --version          print the version\n"
      "\nExit codes:\n"
      "  0 ok   1 error   2 usage   3 not found   4 refused by the cloud   130 interrupted\n"
      "  exec, ssh and sync exit with the remote command's (ssh's, rsync's) own code\n";
  return out;
}

Status UnknownCommand(std::string_view name) {
  std::vector<std::string_view> names;
  for (const Command& c : Commands()) {
    if (!c.hidden) names.push_back(c.name);
  }
  std::string nearest = NearestWord(name, names);
  std::string hint = nearest.empty() ? "run 'spotrun --help' to list the commands"
                                     : fmt::format("did you mean 'spotrun {}'?", nearest);
  return Status::InvalidArgument(fmt::format("unknown command '{}'", name), hint);
}

Result<std::string> CommandHelp(std::string_view name) {
  const Command* command = FindCommand(name);
  if (command == nullptr) return UnknownCommand(name);
  CLI::App app(std::string(command->summary), "spotrun " + std::string(command->name));
  command->define(app);
  return app.help();
}

Status RunApp(const std::vector<std::string>& args, AppIo io, bool* verbose) {
  // Find the command word: the first argument that is neither a flag nor a flag's value.
  std::string command_name;
  size_t command_index = args.size();
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") break;
    if (a == "-h" || a == "--help") {
      fmt::print(io.out, "{}", TopLevelHelp());
      return Status::Ok();
    }
    if (a == "--version") {
      fmt::print(io.out, "spotrun {}\n", kVersion);
      return Status::Ok();
    }
    if (TakesValue(a)) {
      ++i;
      continue;
    }
    if (!a.empty() && a[0] == '-') continue;
    command_name = a;
    command_index = i;
    break;
  }
  if (command_name.empty()) {
    fmt::print(io.err, "{}", TopLevelHelp());
    return Status::InvalidArgument("no command given", "pick one of the commands above");
  }
  const Command* command = FindCommand(command_name);
  if (command == nullptr) return UnknownCommand(command_name);

  GlobalFlags flags;
  CLI::App app(std::string(command->summary), "spotrun " + std::string(command->name));
  app.set_help_flag("-h,--help", "Show this command's help");
  AddGlobalFlags(app, flags);
  CommandRun run = command->define(app);
  std::vector<std::string> rest;
  for (size_t i = 0; i < args.size(); ++i) {
    if (i != command_index) rest.push_back(args[i]);
  }
  std::reverse(rest.begin(), rest.end());  // CLI11 consumes a reversed vector
  try {
    app.parse(rest);
  } catch (const CLI::CallForHelp&) {
    fmt::print(io.out, "{}", app.help());
    return Status::Ok();
  } catch (const CLI::ParseError& e) {
    return Status::InvalidArgument(
        e.what(), fmt::format("run 'spotrun help {}' for its flags", command->name));
  }
  SetLogLevel(LogLevelForVerbosity(flags.verbosity));
  if (verbose) *verbose = flags.verbosity > 0;
  Context ctx(flags, io.env, io.clock, io.out, io.err);
  SPOTRUN_RETURN_IF_ERROR(CheckNeeds(*command, ctx));
  Status status = run(ctx);
  if (io.exit_code != nullptr) *io.exit_code = status.ok() ? ctx.exit_code() : 0;
  return status;
}

}  // namespace spotrun
