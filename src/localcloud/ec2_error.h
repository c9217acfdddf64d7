// Ec2Error: the errors the local cloud's EC2 answers, as AWS names them. The Status carries
// EC2's error code and message exactly as AWS writes them (the front door puts both into
// the <Response><Errors> document) and the HTTP status AWS uses for that code. Pure
// functions; thread-safe.
#ifndef SPOTRUN_LOCALCLOUD_EC2_ERROR_H_
#define SPOTRUN_LOCALCLOUD_EC2_ERROR_H_

#include <string_view>

#include "base/status.h"

namespace spotrun {

// An EC2 error: `code` such as "InvalidInstanceID.NotFound", `message` such as
// "The instance ID 'i-1' does not exist". HTTP 400 unless `http_status` says otherwise
// (503 for RequestLimitExceeded and Unavailable, 500 for InternalError, 412 for
// DryRunOperation). The kind follows aws/aws_error.h's ClassifyAwsError.
Status Ec2Error(std::string_view code, std::string_view message, int http_status = 0);

// DryRunOperation: "Request would have succeeded, but DryRun flag is set."
Status DryRunSucceeded();

// The HTTP status AWS answers `code` with.
int HttpStatusForEc2Error(std::string_view code);

}  // namespace spotrun

#endif  // SPOTRUN_LOCALCLOUD_EC2_ERROR_H_
