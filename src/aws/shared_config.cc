#include "aws/shared_config.h"

#include "base/file.h"

namespace spotrun {
namespace {

std::string ConfigSectionName(std::string_view profile) {
  return profile == "default" ? "default" : "profile " + std::string(profile);
}

}  // namespace

Result<AwsSharedConfig> AwsSharedConfig::Load(const Environment& env) {
  AwsSharedConfig c;
  c.config_path_ = ExpandHome(env.Get("AWS_CONFIG_FILE").value_or("~/.aws/config"));
  c.credentials_path_ =
      ExpandHome(env.Get("AWS_SHARED_CREDENTIALS_FILE").value_or("~/.aws/credentials"));
  SPOTRUN_ASSIGN_OR_RETURN(c.config_, IniFile::Load(c.config_path_));
  SPOTRUN_ASSIGN_OR_RETURN(c.credentials_, IniFile::Load(c.credentials_path_));
  return c;
}

AwsSharedConfig AwsSharedConfig::FromText(std::string_view config_text,
                                          std::string_view credentials_text) {
  AwsSharedConfig c;
  c.config_ = IniFile::Parse(config_text, "config").value_or(IniFile());
  c.credentials_ = IniFile::Parse(credentials_text, "credentials").value_or(IniFile());
  return c;
}

std::optional<std::string> AwsSharedConfig::ConfigValue(std::string_view profile,
                                                        std::string_view key) const {
  auto v = config_.Get(ConfigSectionName(profile), key);
  // The CLI also accepts "[profile default]"; the SDKs read [default] first.
  if (!v && profile == "default") v = config_.Get("profile default", key);
  return v;
}

std::optional<std::string> AwsSharedConfig::CredentialsValue(std::string_view profile,
                                                             std::string_view key) const {
  return credentials_.Get(profile, key);
}

bool AwsSharedConfig::HasProfile(std::string_view profile) const {
  return config_.HasSection(ConfigSectionName(profile)) || credentials_.HasSection(profile);
}

std::string AwsSharedConfig::ConfigSource(std::string_view profile) const {
  return config_path_ + " [" + ConfigSectionName(profile) + "]";
}

std::string AwsSharedConfig::CredentialsSource(std::string_view profile) const {
  return credentials_path_ + " [" + std::string(profile) + "]";
}

Setting ResolveProfile(std::string_view flag, const Environment& env) {
  if (!flag.empty()) return {std::string(flag), "--profile"};
  if (auto p = env.Get("AWS_PROFILE")) return {*p, "AWS_PROFILE"};
  return {"default", "default"};
}

}  // namespace spotrun
