// S3Error: the errors the local cloud's S3 answers, as S3 names them (NoSuchBucket,
// NoSuchKey, BucketNotEmpty, …), each with the HTTP status S3 uses for it and the kind
// aws/aws_error.h gives it (kNotFound for NoSuch*). The S3 front door writes the code and
// message into S3's <Error> document. Pure functions; thread-safe.
#ifndef SPOTRUN_LOCALCLOUD_S3_ERROR_H_
#define SPOTRUN_LOCALCLOUD_S3_ERROR_H_

#include <string_view>

#include "base/status.h"

namespace spotrun {

// An S3 error with S3's code and message; HTTP 400 unless the code has another status in S3
// (404 for NoSuch*, 409 for BucketNotEmpty, 403 for the authentication codes, 416 for
// InvalidRange, 500 for InternalError, 501 for NotImplemented, …).
Status S3Error(std::string_view code, std::string_view message);

// The HTTP status S3 answers `code` with.
int HttpStatusForS3Error(std::string_view code);

Status NoSuchBucket();
Status NoSuchKey();
Status NoSuchUpload();

}  // namespace spotrun

#endif  // SPOTRUN_LOCALCLOUD_S3_ERROR_H_
