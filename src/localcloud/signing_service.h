// SigningServiceOf: which AWS service a SigV4-signed request was signed for, read from its
// credential scope, so one port can serve several services (the local cloud's EC2 Query API
// and S3 REST API). Pure function; thread-safe.
#ifndef SPOTRUN_LOCALCLOUD_SIGNING_SERVICE_H_
#define SPOTRUN_LOCALCLOUD_SIGNING_SERVICE_H_

#include <string>

#include "http/http_types.h"

namespace spotrun {

// The signing name in the request's credential scope (Authorization header or pre-signed
// X-Amz-Credential), e.g. "ec2" or "s3"; empty when the request is not SigV4-signed.
std::string SigningServiceOf(const HttpRequest& request);

}  // namespace spotrun

#endif  // SPOTRUN_LOCALCLOUD_SIGNING_SERVICE_H_
