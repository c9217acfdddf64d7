// TEMPORARY minimal copy on branch checkpoints, so the agent layer links before the s3
// helper's S3Location lands; the lead takes the s3 branch's version at merge.
#include "aws/s3_location.h"

#include <string>

namespace spotrun {
namespace {

constexpr std::string_view kScheme = "s3://";

bool IsBucketChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
}

std::string_view TrimSlashes(std::string_view s) {
  while (!s.empty() && s.front() == '/') s.remove_prefix(1);
  while (!s.empty() && s.back() == '/') s.remove_suffix(1);
  return s;
}

}  // namespace

Result<S3Location> S3Location::Parse(std::string_view uri) {
  const std::string hint = "write it as s3://BUCKET/PREFIX, e.g. s3://my-bucket/jobs";
  if (!uri.starts_with(kScheme)) {
    return Status::InvalidArgument("not an S3 location: '" + std::string(uri) + "'", hint);
  }
  std::string_view rest = uri.substr(kScheme.size());
  size_t slash = rest.find('/');
  std::string_view bucket = rest.substr(0, slash);
  bool valid = bucket.size() >= 3 && bucket.size() <= 63 && bucket.front() != '.' &&
               bucket.front() != '-' && bucket.back() != '.' && bucket.back() != '-';
  for (char c : bucket) valid = valid && IsBucketChar(c);
  if (!valid) {
    return Status::InvalidArgument(
        "'" + std::string(bucket) + "' is not a valid S3 bucket name",
        "bucket names are 3-63 characters of a-z, 0-9, '.' and '-'; " + hint);
  }
  S3Location location;
  location.bucket = std::string(bucket);
  if (slash != std::string_view::npos) location.prefix = TrimSlashes(rest.substr(slash));
  return location;
}

std::string S3Location::Key(std::string_view relative) const {
  if (prefix.empty()) return std::string(relative);
  return prefix + "/" + std::string(relative);
}

S3Location S3Location::Child(std::string_view relative) const {
  return S3Location{bucket, std::string(TrimSlashes(Key(relative)))};
}

std::string S3Location::ToString() const {
  return std::string(kScheme) + bucket + (prefix.empty() ? "" : "/" + prefix);
}

}  // namespace spotrun
