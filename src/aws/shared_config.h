// AwsSharedConfig: the AWS shared config and credentials files as the SDKs read them —
// ~/.aws/config ("[default]", "[profile NAME]") and ~/.aws/credentials ("[NAME]"), moved by
// AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE. Loaded once, then immutable.
#ifndef SPOTRUN_AWS_SHARED_CONFIG_H_
#define SPOTRUN_AWS_SHARED_CONFIG_H_

#include <optional>
#include <string>
#include <string_view>

#include "base/environment.h"
#include "base/ini_file.h"
#include "base/result.h"

namespace spotrun {

// A resolved value and where it came from ("--region", "AWS_REGION", "~/.aws/config
// [profile dev]" …), so `spotrun config` can explain itself.
struct Setting {
  std::string value;
  std::string source;
  bool empty() const { return value.empty(); }
};

class AwsSharedConfig {
 public:
  // Reads both files; a missing file is empty, a malformed one is an error naming the line.
  static Result<AwsSharedConfig> Load(const Environment& env);
  static AwsSharedConfig FromText(std::string_view config_text, std::string_view credentials_text);

  // `key` of profile `profile` in the config file ([default] or [profile NAME]).
  std::optional<std::string> ConfigValue(std::string_view profile, std::string_view key) const;
  // `key` of profile `profile` in the credentials file ([NAME]).
  std::optional<std::string> CredentialsValue(std::string_view profile, std::string_view key) const;
  bool HasProfile(std::string_view profile) const;
  // The "source" text for a value read from the config file for `profile`.
  std::string ConfigSource(std::string_view profile) const;
  std::string CredentialsSource(std::string_view profile) const;

  const std::string& config_path() const { return config_path_; }
  const std::string& credentials_path() const { return credentials_path_; }

 private:
  std::string config_path_ = "~/.aws/config";
  std::string credentials_path_ = "~/.aws/credentials";
  IniFile config_, credentials_;
};

// The profile in use: the --profile flag, else AWS_PROFILE, else "default".
Setting ResolveProfile(std::string_view flag, const Environment& env);

}  // namespace spotrun

#endif  // SPOTRUN_AWS_SHARED_CONFIG_H_
