#include "aws/instance_role_credentials.h"

#include <fmt/format.h>

namespace spotrun {

Result<std::optional<Credentials>> InstanceRoleCredentialsSource::Find() {
  why_none_.clear();
  if (imds_.disabled()) {
    why_none_ = "skipped: AWS_EC2_METADATA_DISABLED=true";
    return std::optional<Credentials>();
  }
  Result<std::string> role = imds_.IamRole();
  if (!role.ok()) {
    switch (role.status().kind()) {
      case ErrorKind::kNotFound:
        why_none_ = "no IAM role attached";
        break;
      case ErrorKind::kUnavailable:
      case ErrorKind::kDeadlineExceeded:
        why_none_ = fmt::format("IMDS at {} not reachable", imds_.options().endpoint);
        break;
      default:
        why_none_ = role.status().message();
    }
    return std::optional<Credentials>();
  }
  Result<Credentials> c = imds_.IamCredentials(*role);
  if (!c.ok()) return c.status();
  return std::optional<Credentials>(std::move(*c));
}

std::string InstanceRoleCredentialsSource::Place() const {
  return why_none_.empty() ? "instance role (IMDS)" : fmt::format("instance role ({})", why_none_);
}

}  // namespace spotrun
