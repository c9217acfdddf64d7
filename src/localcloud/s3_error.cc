#include "localcloud/s3_error.h"

#include <array>
#include <utility>

#include "aws/aws_error.h"

namespace spotrun {
namespace {

// From S3's error code table (docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html).
constexpr std::array<std::pair<std::string_view, int>, 19> kStatuses = {{
    {"NoSuchBucket", 404},
    {"NoSuchKey", 404},
    {"NoSuchUpload", 404},
    {"BucketNotEmpty", 409},
    {"BucketAlreadyExists", 409},
    {"BucketAlreadyOwnedByYou", 409},
    {"InvalidRange", 416},
    {"AccessDenied", 403},
    {"InvalidAccessKeyId", 403},
    {"SignatureDoesNotMatch", 403},
    {"RequestTimeTooSkewed", 403},
    {"ExpiredToken", 400},
    {"InvalidToken", 400},
    {"MethodNotAllowed", 405},
    {"InternalError", 500},
    {"ServiceUnavailable", 503},
    {"SlowDown", 503},
    {"NotImplemented", 501},
    {"PreconditionFailed", 412},
}};

}  // namespace

int HttpStatusForS3Error(std::string_view code) {
  for (const auto& [name, status] : kStatuses) {
    if (name == code) return status;
  }
  return 400;
}

Status S3Error(std::string_view code, std::string_view message) {
  const int http_status = HttpStatusForS3Error(code);
  return Status::Aws(ClassifyAwsError(code, http_status), code, message, "", http_status);
}

Status NoSuchBucket() { return S3Error("NoSuchBucket", "The specified bucket does not exist"); }

Status NoSuchKey() { return S3Error("NoSuchKey", "The specified key does not exist."); }

Status NoSuchUpload() {
  return S3Error("NoSuchUpload",
                 "The specified upload does not exist. The upload ID may be invalid, or the "
                 "upload may have been aborted or completed.");
}

}  // namespace spotrun
