// S3RestHandler: the local cloud's S3 REST front door over an S3Model. Takes path-style
// requests (/, /BUCKET, /BUCKET/KEY with S3's sub-resources ?list-type=2, ?delete,
// ?uploads, ?uploadId=, ?partNumber=), checks their SigV4 signature for service "s3"
// (x-amz-content-sha256 included), and answers S3's REST-XML documents and <Error>
// documents with S3's codes and HTTP statuses (none on HEAD, as S3). The local cloud routes
// requests whose credential scope names "s3" here, on the same port as EC2. Borrows the
// model and the clock; immutable after construction, so thread-safe (the model is).
#ifndef SPOTRUN_LOCALCLOUD_S3_REST_HANDLER_H_
#define SPOTRUN_LOCALCLOUD_S3_REST_HANDLER_H_

#include <string>
#include <vector>

#include "aws/credentials.h"
#include "base/clock.h"
#include "http/http_types.h"
#include "localcloud/s3_model.h"
#include "localcloud/sigv4_verifier.h"

namespace spotrun {

class S3RestHandler {
 public:
  struct Options {
    std::string region = "us-east-1";
    std::vector<Credentials> credentials;  // the accepted keys
    Clock* clock = nullptr;                // required: SigV4's clock-skew check
  };

  S3RestHandler(Options options, S3Model& model);

  HttpResponse Serve(const HttpRequest& request) const;

 private:
  S3Model& model_;
  SigV4Verifier verifier_;
};

}  // namespace spotrun

#endif  // SPOTRUN_LOCALCLOUD_S3_REST_HANDLER_H_
