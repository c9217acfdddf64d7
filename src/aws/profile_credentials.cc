#include "aws/profile_credentials.h"

#include <fmt/format.h>

#include <functional>

namespace spotrun {
namespace {

using ValueLookup = std::function<std::optional<std::string>(std::string_view key)>;

// The keys of one section; nullopt when it holds none, an error when it holds half a pair.
Result<std::optional<Credentials>> KeysIn(const ValueLookup& value, const std::string& source) {
  std::optional<std::string> id = value("aws_access_key_id");
  std::optional<std::string> secret = value("aws_secret_access_key");
  if (id && id->empty()) id.reset();
  if (secret && secret->empty()) secret.reset();
  if (!id && !secret) return std::optional<Credentials>();
  if (!id || !secret) {
    return Status::InvalidArgument(fmt::format("{} has {} but no {}", source,
                                               id ? "aws_access_key_id" : "aws_secret_access_key",
                                               id ? "aws_secret_access_key" : "aws_access_key_id"),
                                   "add the missing key, or remove both to use other credentials");
  }
  Credentials c;
  c.access_key_id = std::move(*id);
  c.secret_access_key = std::move(*secret);
  c.session_token = value("aws_session_token").value_or("");
  c.source = source;
  return std::optional<Credentials>(std::move(c));
}

}  // namespace

Result<std::optional<Credentials>> ProfileCredentialsSource::Find() {
  const std::string& name = profile_.value;
  if (name != "default" && !config_.HasProfile(name)) {
    return Status::NotFound(
        fmt::format("profile '{}' (from {}) is in neither {} nor {}", name, profile_.source,
                    config_.config_path(), config_.credentials_path()),
        fmt::format("create it with 'aws configure --profile {}', or choose another profile "
                    "with --profile or AWS_PROFILE",
                    name));
  }
  SPOTRUN_ASSIGN_OR_RETURN(
      std::optional<Credentials> from_credentials,
      KeysIn([&](std::string_view key) { return config_.CredentialsValue(name, key); },
             config_.CredentialsSource(name)));
  if (from_credentials) return from_credentials;
  return KeysIn([&](std::string_view key) { return config_.ConfigValue(name, key); },
                config_.ConfigSource(name));
}

std::string ProfileCredentialsSource::Place() const {
  return config_.CredentialsSource(profile_.value) + ", " + config_.ConfigSource(profile_.value);
}

}  // namespace spotrun
