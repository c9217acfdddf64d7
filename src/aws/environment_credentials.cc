#include "aws/environment_credentials.h"

#include <fmt/format.h>

namespace spotrun {

Result<std::optional<Credentials>> EnvironmentCredentialsSource::Find() {
  std::optional<std::string> id = env_.Get("AWS_ACCESS_KEY_ID");
  std::optional<std::string> secret = env_.Get("AWS_SECRET_ACCESS_KEY");
  if (!id && !secret) return std::optional<Credentials>();
  if (!id || !secret) {
    return Status::InvalidArgument(
        fmt::format("{} is set but {} is not", id ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY",
                    id ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID"),
        "set both, or unset both to use a profile");
  }
  Credentials c;
  c.access_key_id = std::move(*id);
  c.secret_access_key = std::move(*secret);
  c.session_token =
      env_.Get("AWS_SESSION_TOKEN").value_or(env_.Get("AWS_SECURITY_TOKEN").value_or(""));
  if (auto expiration = env_.Get("AWS_CREDENTIAL_EXPIRATION")) {
    TimePoint t;
    if (!ParseIso8601(*expiration, &t)) {
      return Status::InvalidArgument(
          fmt::format("AWS_CREDENTIAL_EXPIRATION is not an ISO 8601 time: '{}'", *expiration),
          "write it like 2026-01-01T00:00:00Z, or unset it");
    }
    c.expiration = t;
  }
  c.source = "environment (AWS_ACCESS_KEY_ID)";
  return std::optional<Credentials>(std::move(c));
}

}  // namespace spotrun
