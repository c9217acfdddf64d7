// AWS Signature Version 4, as pure functions: no clock, no environment — the caller passes
// the time and the credentials. Header signing (Authorization, X-Amz-Date,
// X-Amz-Security-Token, x-amz-content-sha256 when asked) and pre-signed URLs
// (X-Amz-Algorithm … X-Amz-Signature in the query). Thread-safe.
#ifndef SPOTRUN_AWS_SIGV4_H_
#define SPOTRUN_AWS_SIGV4_H_

#include <chrono>
#include <string>
#include <string_view>

#include "aws/credentials.h"
#include "base/clock.h"
#include "http/http_types.h"

namespace spotrun {

struct SigV4Options {
  std::string region;   // e.g. "us-east-1"
  std::string service;  // signing name, e.g. "ec2", "s3"
  TimePoint time;       // the request time (X-Amz-Date)
  // S3 style: add x-amz-content-sha256 and use it as the payload hash. S3 also skips the
  // double-encoding and normalisation of the path that every other service does.
  bool s3 = false;
  // When set, used as the payload hash instead of hashing the body ("UNSIGNED-PAYLOAD",
  // or a precomputed hash for a large upload).
  std::string payload_hash;
};

// Adds X-Amz-Date, X-Amz-Security-Token (when there is a session token), the content hash
// header (s3) and Authorization to `request`. Signs every header present on the request
// plus Host (added from the URL when absent).
void SignRequest(HttpRequest& request, const Credentials& credentials, const SigV4Options& options);

// Returns `request.url` with the pre-signing query parameters added, valid for `expires`
// (1 s … 7 days). Signs only the host header and any headers already on the request.
std::string PresignUrl(const HttpRequest& request, const Credentials& credentials,
                       const SigV4Options& options, std::chrono::seconds expires);

// The steps, exposed for the AWS test suite and for the local cloud's verifier.
std::string CanonicalRequest(const HttpRequest& request, const SigV4Options& options,
                             std::string_view signed_headers_hint = {});
std::string StringToSign(std::string_view canonical_request, const SigV4Options& options);
std::string Signature(std::string_view string_to_sign, std::string_view secret_access_key,
                      const SigV4Options& options);

}  // namespace spotrun

#endif  // SPOTRUN_AWS_SIGV4_H_
