#include "localcloud/ec2_error.h"

#include "aws/aws_error.h"

namespace spotrun {

int HttpStatusForEc2Error(std::string_view code) {
  if (code == "DryRunOperation") return 412;
  if (code == "RequestLimitExceeded" || code == "Unavailable" || code == "ServiceUnavailable") {
    return 503;
  }
  if (code == "InternalError" || code == "InternalFailure") return 500;
  // As EC2 answers them: an unknown key 401, a bad signature 403, an expired request 400.
  if (code == "AuthFailure" || code == "InvalidClientTokenId") return 401;
  if (code == "SignatureDoesNotMatch" || code == "UnauthorizedOperation") return 403;
  return 400;
}

Status Ec2Error(std::string_view code, std::string_view message, int http_status) {
  if (http_status == 0) http_status = HttpStatusForEc2Error(code);
  return Status::Aws(ClassifyAwsError(code, http_status), code, message, "", http_status);
}

Status DryRunSucceeded() {
  return Ec2Error("DryRunOperation", "Request would have succeeded, but DryRun flag is set.");
}

}  // namespace spotrun
