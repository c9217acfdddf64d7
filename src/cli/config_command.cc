// spotrun config [set KEY VALUE]: shows every setting in effect and where it came from, or
// writes one into spotrun's own config file for the current profile. Never shows secrets.
#include <CLI/CLI.hpp>

#include "cli/command.h"
#include "cli/listing.h"

namespace spotrun {
namespace {

struct ConfigArgs {
  std::string key, value;
};

Status ShowSettings(Context& ctx) {
  SPOTRUN_ASSIGN_OR_RETURN(const Settings* s, ctx.settings());
  Listing listing({{"setting", "SETTING"}, {"value", "VALUE"}, {"source", "SOURCE"}});
  auto add = [&](const char* name, const Setting& v) {
    listing.Add({name, v.value.empty() ? nlohmann::json() : nlohmann::json(v.value), v.source});
  };
  add("profile", s->profile);
  add("region", s->region);
  add("endpoint", s->endpoint);
  add("ssh_user", s->ssh_user);
  add("ssh_key", s->ssh_key);
  add("image", s->image);
  ctx.Print("{}", listing.Render(ctx.json()));
  if (!ctx.json()) ctx.Print("\nspotrun's own settings: {}\n", s->config_path);
  return Status::Ok();
}

}  // namespace

CommandRun DefineConfigCommand(CLI::App& app) {
  auto args = std::make_shared<ConfigArgs>();
  std::string keys;
  for (const SettingKey& k : KnownSettingKeys()) {
    keys += "\n  " + std::string(k.name) + ": " + std::string(k.meaning);
  }
  CLI::App* set = app.add_subcommand("set", "Set KEY to VALUE for the profile in use:" + keys);
  set->add_option("key", args->key, "Setting name")->required()->type_name("KEY");
  set->add_option("value", args->value, "New value")->required()->type_name("VALUE");
  return [args, set](Context& ctx) -> Status {
    if (!set->parsed()) return ShowSettings(ctx);
    SPOTRUN_ASSIGN_OR_RETURN(const Settings* s, ctx.settings());
    SPOTRUN_RETURN_IF_ERROR(SetSpotrunSetting(ctx.env(), s->profile.value, args->key, args->value));
    ctx.Print("{} = {} for profile '{}' in {}\n", args->key, args->value, s->profile.value,
              s->config_path);
    return Status::Ok();
  };
}

}  // namespace spotrun
