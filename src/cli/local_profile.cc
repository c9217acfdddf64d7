#include "cli/local_profile.h"

#include <fmt/format.h>

#include <filesystem>

#include "base/file.h"
#include "base/ini_file.h"

namespace spotrun {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

Result<std::string> ReadIfExists(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::string();
  return ReadFile(path);
}

Status WriteSection(const std::string& path, std::string_view header, std::string_view body) {
  SPOTRUN_ASSIGN_OR_RETURN(std::string text, ReadIfExists(path));
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  return WriteFileAtomic(path, ReplaceIniSection(text, header, body), 0600);
}

}  // namespace

std::string ReplaceIniSection(std::string_view text, std::string_view header,
                              std::string_view body) {
  std::string out;
  bool replaced = false, skipping = false;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    end = end == std::string_view::npos ? text.size() : end + 1;
    const std::string_view line = text.substr(pos, end - pos);
    const std::string_view trimmed = Trim(line.substr(0, line.find('\n')));
    pos = end;
    if (trimmed.starts_with('[')) {
      if (trimmed == header) {
        out += header;
        out += '\n';
        out += body;
        replaced = skipping = true;
        continue;
      }
      skipping = false;
    }
    if (!skipping) out += line;
  }
  if (!replaced) {
    if (!out.empty() && out.back() != '\n') out += '\n';
    if (!out.empty()) out += '\n';
    out += header;
    out += '\n';
    out += body;
  }
  return out;
}

Status WriteLocalProfile(const Environment& env, const LocalProfile& profile) {
  const std::string config_path = ExpandHome(env.Get("AWS_CONFIG_FILE").value_or("~/.aws/config"));
  const std::string credentials_path =
      ExpandHome(env.Get("AWS_SHARED_CREDENTIALS_FILE").value_or("~/.aws/credentials"));
  SPOTRUN_ASSIGN_OR_RETURN(std::string credentials_text, ReadIfExists(credentials_path));
  Result<IniFile> credentials = IniFile::Parse(credentials_text, credentials_path);
  if (credentials.ok()) {
    std::optional<std::string> key = credentials->Get(profile.name, "aws_access_key_id");
    if (key && !key->starts_with(kLocalCloudAccessKeyPrefix)) {
      return Status::AlreadyExists(
          fmt::format("the profile '{}' in {} holds other AWS keys; not overwriting it",
                      profile.name, credentials_path),
          "pick another name: spotrun cloud serve --profile-name NAME");
    }
  }
  const std::string config_header = profile.name == "default"
                                        ? std::string("[default]")
                                        : fmt::format("[profile {}]", profile.name);
  SPOTRUN_RETURN_IF_ERROR(WriteSection(
      config_path, config_header,
      fmt::format("region = {}\nendpoint_url = {}\n", profile.region, profile.endpoint)));
  return WriteSection(credentials_path, fmt::format("[{}]", profile.name),
                      fmt::format("aws_access_key_id = {}\naws_secret_access_key = {}\n",
                                  profile.access_key_id, profile.secret_access_key));
}

}  // namespace spotrun
