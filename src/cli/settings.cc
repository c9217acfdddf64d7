#include "cli/settings.h"

#include <fmt/format.h>

#include "aws/endpoint.h"
#include "base/file.h"

namespace spotrun {

const std::vector<SettingKey>& KnownSettingKeys() {
  static const auto* keys = new std::vector<SettingKey>{
      {"endpoint", "EC2 endpoint URL (e.g. the local cloud's http://127.0.0.1:PORT)"},
      {"region", "AWS region, e.g. us-east-1"},
      {"ssh_user", "user name for ssh on launched machines (default: ubuntu)"},
      {"ssh_key", "private key for ssh (default: ~/.ssh/id_ed25519 or spotrun's own key)"},
      {"image", "default image for launch: ubuntu, an image name or an ami- id"},
  };
  return *keys;
}

std::string SpotrunConfigPath(const Environment& env) {
  if (auto xdg = env.Get("XDG_CONFIG_HOME")) return *xdg + "/spotrun/config";
  std::string home = env.Get("HOME").value_or(HomeDir());
  return home + "/.config/spotrun/config";
}

Settings ResolveSettingsFrom(const GlobalFlags& flags, const Environment& env,
                             const AwsSharedConfig& aws, const IniFile& spotrun_config,
                             std::string config_path) {
  Settings s;
  s.config_path = std::move(config_path);
  s.profile = ResolveProfile(flags.profile, env);
  const std::string& profile = s.profile.value;
  auto own = [&](std::string_view key) -> std::optional<Setting> {
    auto v = spotrun_config.Get(profile, key);
    if (!v || v->empty()) return std::nullopt;
    return Setting{*v, fmt::format("{} [{}]", s.config_path, profile)};
  };
  s.region = ResolveRegion(flags.region, env, aws, profile, own("region"));
  s.endpoint = ResolveEndpoint(AwsService::kEc2, flags.endpoint, env, aws, profile, own("endpoint"),
                               s.region.value);
  s.ssh_user = own("ssh_user").value_or(Setting{"ubuntu", "default"});
  s.ssh_key = own("ssh_key").value_or(Setting{"", "unset"});
  s.image = own("image").value_or(Setting{"ubuntu", "default"});
  return s;
}

Result<Settings> ResolveSettings(const GlobalFlags& flags, const Environment& env) {
  SPOTRUN_ASSIGN_OR_RETURN(AwsSharedConfig aws, AwsSharedConfig::Load(env));
  std::string path = SpotrunConfigPath(env);
  SPOTRUN_ASSIGN_OR_RETURN(IniFile own, IniFile::Load(path));
  return ResolveSettingsFrom(flags, env, aws, own, path);
}

Status SetSpotrunSetting(const Environment& env, std::string_view profile, std::string_view key,
                         std::string_view value) {
  bool known = false;
  std::string names;
  for (const SettingKey& k : KnownSettingKeys()) {
    known = known || k.name == key;
    names += (names.empty() ? "" : ", ") + std::string(k.name);
  }
  if (!known) {
    return Status::InvalidArgument(fmt::format("unknown setting '{}'", key),
                                   "known settings: " + names);
  }
  std::string path = SpotrunConfigPath(env);
  SPOTRUN_ASSIGN_OR_RETURN(IniFile ini, IniFile::Load(path));
  ini.Set(profile, key, value);
  return WriteFileAtomic(path, ini.Serialize(), 0600);
}

}  // namespace spotrun
