// AWS error documents → Status, and the classification of AWS error codes that the retry
// strategy and the callers share: which codes are throttling, which are transient, which
// mean "not found" or "your credentials/clock are wrong", and the hint for the user.
// Understands EC2's <Response><Errors><Error>…, the Query protocol's <ErrorResponse>
// (ELBv2, STS) and S3's <Error>. Pure functions; thread-safe.
#ifndef SPOTRUN_AWS_AWS_ERROR_H_
#define SPOTRUN_AWS_AWS_ERROR_H_

#include <string_view>

#include "base/status.h"
#include "http/http_types.h"

namespace spotrun {

// The Status for a non-2xx response: Status::Aws with the document's code, message and
// request id (falling back to the x-amzn-RequestId / x-amz-request-id headers) and the HTTP
// status, its kind from ClassifyAwsError and a hint where a generic one helps. A body that
// is empty or not an AWS error document still gives a Status naming the HTTP status.
Status ParseAwsError(const HttpResponse& response);
Status ParseAwsError(int http_status, std::string_view body);

// Codes botocore's standard retry mode treats as throttling (ThrottledRetryableChecker in
// botocore/retries/standard.py), e.g. RequestLimitExceeded, Throttling, SlowDown.
bool IsThrottlingErrorCode(std::string_view code);
// Codes worth retrying that are not throttling: botocore's TransientRetryableChecker codes
// plus the server-side faults EC2 and S3 name (InternalError, ServiceUnavailable, …).
bool IsTransientErrorCode(std::string_view code);
// HTTP statuses retried whatever the body says: 500, 502, 503, 504 and 429.
bool IsRetryableHttpStatus(int http_status);
// Whether an error document (code, HTTP status) is worth retrying: throttling, transient
// or a retryable HTTP status. Never true for other 4xx client errors.
bool IsRetryableAwsError(std::string_view code, int http_status);

// kUnavailable for retryable errors; kNotFound for *.NotFound, *NotFound and S3's NoSuch*;
// kPermissionDenied for authentication and authorization failures; kRefused otherwise.
ErrorKind ClassifyAwsError(std::string_view code, int http_status);

// What the user can do about `code` (empty when nothing generic helps).
std::string_view HintForAwsError(std::string_view code, int http_status);

// A call made with DryRun=true that *would* have succeeded fails with the code
// DryRunOperation (HTTP 412); one the caller may not make fails with UnauthorizedOperation.
// Dry-run callers therefore test the error, not the result:
//   Result<std::string> r = transport.Call("RunInstances", params_with_dry_run);
//   if (!r.ok() && IsDryRunOperation(r.status())) { /* allowed: success */ }
bool IsDryRunOperation(const Status& status);

}  // namespace spotrun

#endif  // SPOTRUN_AWS_AWS_ERROR_H_
