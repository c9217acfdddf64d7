// SigV4Verifier: checks that an incoming request is signed with AWS Signature Version 4 by
// one of the configured credentials, for the configured region and service, at a time
// close enough to the server's clock — and refuses it as EC2 does otherwise. Both forms:
// the Authorization header and the pre-signed query (X-Amz-Algorithm … X-Amz-Signature).
// The signature itself is recomputed with aws/sigv4.h. Borrows the clock; immutable after
// construction, so thread-safe (the clock must be too).
#ifndef SPOTRUN_LOCALCLOUD_SIGV4_VERIFIER_H_
#define SPOTRUN_LOCALCLOUD_SIGV4_VERIFIER_H_

#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "aws/credentials.h"
#include "base/clock.h"
#include "base/result.h"
#include "http/http_types.h"

namespace spotrun {

class SigV4Verifier {
 public:
  struct Options {
    // The region every credential scope must name, e.g. "us-east-1". Required.
    std::string region;
    // The signing name every credential scope must name, e.g. "ec2". Required.
    std::string service;
    // The accepted keys: access key id → secret, plus a session token that requests made
    // with that key must carry (empty: the key is long-term and a request carrying a token is
    // refused) and an expiration after which the key is refused (unset: never).
    std::vector<Credentials> credentials;
    // The server's time, that X-Amz-Date is compared with. Required.
    Clock* clock = nullptr;
    // How far X-Amz-Date may be from the clock, either way. Default: AWS's 5 minutes.
    std::chrono::seconds max_skew{300};
    // S3's rules: the path is signed as sent (not normalised or encoded again), and the
    // payload hash is the x-amz-content-sha256 header, which header-signed requests must
    // carry: the SHA-256 of the body (checked: XAmzContentSHA256Mismatch otherwise) or
    // UNSIGNED-PAYLOAD. Pre-signed URLs sign UNSIGNED-PAYLOAD. aws-chunked streaming
    // signatures (STREAMING-*) are refused with NotImplemented. Default false.
    bool s3 = false;
  };

  explicit SigV4Verifier(Options options);

  // The access key id that signed `request` (as HttpServer hands it over: url "/path?query"
  // as received, headers, body), or the EC2 error to answer, made with Ec2Error:
  // - no Authorization header and no pre-signed query: MissingParameter (400);
  // - a malformed Authorization header, credential or date: IncompleteSignature (400);
  // - an unknown access key id, or a session token that does not belong to the key:
  //   AuthFailure (401);
  // - a credential scoped to another region, service or day, or a signature that does not
  //   match: SignatureDoesNotMatch (403);
  // - X-Amz-Date more than max_skew from the clock, a pre-signed URL past its X-Amz-Expires,
  //   or an expired key: RequestExpired (400);
  // - in S3 mode, a missing x-amz-content-sha256: InvalidRequest (400), one that is not the
  //   body's hash: XAmzContentSHA256Mismatch (400), a streaming one: NotImplemented (501).
  Result<std::string> Verify(const HttpRequest& request) const;

 private:
  Options options_;
  std::map<std::string, Credentials, std::less<>> by_access_key_id_;
};

}  // namespace spotrun

#endif  // SPOTRUN_LOCALCLOUD_SIGV4_VERIFIER_H_
