// Settings: everything a command needs to know about where and as whom it works — profile,
// region, endpoint, ssh user and key, default image — each with the place it came from.
// spotrun's own file is ~/.config/spotrun/config (XDG_CONFIG_HOME honoured), one [PROFILE]
// section each; AWS's conventions (flags, AWS_* variables, ~/.aws/config) come first.
// Secrets are never part of Settings: credentials stay in the aws layer.
#ifndef SPOTRUN_CLI_SETTINGS_H_
#define SPOTRUN_CLI_SETTINGS_H_

#include <string>
#include <string_view>
#include <vector>

#include "aws/shared_config.h"
#include "base/environment.h"
#include "base/ini_file.h"
#include "base/result.h"

namespace spotrun {

// Global flags, as parsed from the command line. Empty means "not given".
struct GlobalFlags {
  std::string profile;
  std::string region;
  std::string endpoint;
  std::string output = "table";  // table | json
  int verbosity = 0;             // -v, -vv
  bool yes = false;              // -y: assume yes to confirmations
};

// The keys spotrun's own config file knows, with what each means; anything else is refused.
struct SettingKey {
  std::string_view name;
  std::string_view meaning;
};
const std::vector<SettingKey>& KnownSettingKeys();

struct Settings {
  Setting profile;
  Setting region;
  Setting endpoint;  // EC2 endpoint
  Setting ssh_user;
  Setting ssh_key;
  Setting image;
  std::string config_path;  // spotrun's own file
};

// Path of spotrun's config file: $XDG_CONFIG_HOME/spotrun/config or ~/.config/spotrun/config.
std::string SpotrunConfigPath(const Environment& env);

// Resolves every setting; a malformed config file is an error naming file and line.
Result<Settings> ResolveSettings(const GlobalFlags& flags, const Environment& env);
Settings ResolveSettingsFrom(const GlobalFlags& flags, const Environment& env,
                             const AwsSharedConfig& aws, const IniFile& spotrun_config,
                             std::string config_path);

// Sets KEY = VALUE in the profile's section of spotrun's config file (written 0600).
Status SetSpotrunSetting(const Environment& env, std::string_view profile, std::string_view key,
                         std::string_view value);

}  // namespace spotrun

#endif  // SPOTRUN_CLI_SETTINGS_H_
