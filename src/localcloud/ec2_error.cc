#include "localcloud/ec2_error.h"

#include "aws/aws_error.h"

namespace spotrun {

int HttpStatusForEc2Error(std::string_view code) {
  if (code == "DryRunOperation") return 412;
  if (code == "RequestLimitExceeded" || code == "Unavailable" || code == "ServiceUnavailable") {
    return 503;
  }
  if (code == "InternalError" || code == "InternalFailure") return 500;
  if (code == "AuthFailure" || code == "SignatureDoesNotMatch" || code == "RequestExpired" ||
      code == "UnauthorizedOperation" || code == "InvalidClientTokenId") {
    return code == "UnauthorizedOperation" ? 403 : 401;
  }
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
