#include "aws/s3_location.h"

#include <fmt/format.h>

namespace spotrun {
namespace {

constexpr std::string_view kScheme = "s3://";
constexpr std::string_view kExample = "e.g. s3://my-bucket/checkpoints";

bool IsBucketChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
}
bool IsLowerOrDigit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// S3's bucket naming rules (docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).
Status CheckBucketName(std::string_view bucket) {
  auto refuse = [&](std::string_view why) {
    return Status::InvalidArgument(fmt::format("invalid S3 bucket name '{}': {}", bucket, why),
                                   kExample);
  };
  if (bucket.size() < 3 || bucket.size() > 63) return refuse("it must be 3 to 63 characters long");
  for (char c : bucket) {
    if (!IsBucketChar(c)) {
      return refuse("only lower-case letters, digits, '.' and '-' are allowed");
    }
  }
  if (!IsLowerOrDigit(bucket.front()) || !IsLowerOrDigit(bucket.back())) {
    return refuse("it must start and end with a letter or digit");
  }
  if (bucket.find("..") != std::string_view::npos) return refuse("it must not contain '..'");
  return Status::Ok();
}

std::string_view TrimSlashes(std::string_view text) {
  while (!text.empty() && text.front() == '/') text.remove_prefix(1);
  while (!text.empty() && text.back() == '/') text.remove_suffix(1);
  return text;
}

std::string Join(std::string_view prefix, std::string_view relative) {
  relative = TrimSlashes(relative);
  if (prefix.empty()) return std::string(relative);
  if (relative.empty()) return std::string(prefix);
  return fmt::format("{}/{}", prefix, relative);
}

}  // namespace

Result<S3Location> S3Location::Parse(std::string_view uri) {
  if (!uri.starts_with(kScheme)) {
    return Status::InvalidArgument(
        fmt::format("'{}' is not an S3 location: it must start with s3://", uri), kExample);
  }
  std::string_view rest = uri.substr(kScheme.size());
  const size_t slash = rest.find('/');
  std::string_view bucket = rest.substr(0, slash);
  std::string_view prefix = slash == std::string_view::npos ? "" : rest.substr(slash + 1);
  if (bucket.empty()) {
    return Status::InvalidArgument(fmt::format("'{}' names no bucket", uri), kExample);
  }
  SPOTRUN_RETURN_IF_ERROR(CheckBucketName(bucket));
  prefix = TrimSlashes(prefix);
  if (prefix.find("//") != std::string_view::npos) {
    return Status::InvalidArgument(fmt::format("'{}' has an empty path segment ('//')", uri),
                                   "write the prefix with single slashes, e.g. s3://my-bucket/a/b");
  }
  return S3Location{.bucket = std::string(bucket), .prefix = std::string(prefix)};
}

std::string S3Location::Key(std::string_view relative) const { return Join(prefix, relative); }

S3Location S3Location::Child(std::string_view relative) const {
  return S3Location{.bucket = bucket, .prefix = Key(relative)};
}

std::string S3Location::ToString() const {
  if (prefix.empty()) return fmt::format("s3://{}", bucket);
  return fmt::format("s3://{}/{}", bucket, prefix);
}

}  // namespace spotrun
