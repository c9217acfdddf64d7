// AWS Signature Version 4, as pure functions: no clock, no environment, no cache — the caller
// passes the time and the credentials. Header signing (Authorization, X-Amz-Date,
// X-Amz-Security-Token, x-amz-content-sha256 when asked) and pre-signed URLs
// (X-Amz-Algorithm … X-Amz-Signature in the query). Thread-safe.
#ifndef SPOTRUN_AWS_SIGV4_H_
#define SPOTRUN_AWS_SIGV4_H_

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "aws/credentials.h"
#include "base/clock.h"
#include "base/result.h"
#include "http/http_types.h"

namespace spotrun {

inline constexpr std::string_view kSigV4Algorithm = "AWS4-HMAC-SHA256";
inline constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";

struct SigV4Options {
  std::string region;   // e.g. "us-east-1"
  std::string service;  // signing name, e.g. "ec2", "s3"
  TimePoint time;       // the request time (X-Amz-Date); whole seconds are used
  // S3 style: add x-amz-content-sha256 and use it as the payload hash. S3 also skips the
  // double-encoding and normalisation of the path that every other service does.
  bool s3 = false;
  // When set, used as the payload hash instead of hashing the body ("UNSIGNED-PAYLOAD",
  // or a precomputed hash for a large upload). Pre-signed S3 URLs default to
  // UNSIGNED-PAYLOAD; everything else defaults to the SHA-256 of the body.
  std::string payload_hash;

  // Overrides of what `s3` implies, for services with rules of their own (and for AWS's
  // test suite, whose cases vary them one at a time). Unset means "as `s3` says".
  // Remove "." and ".." segments and empty segments ("//") from the path (default: !s3).
  std::optional<bool> normalize_path;
  // Add and sign x-amz-content-sha256 when header signing (default: s3).
  std::optional<bool> content_sha256_header;
  // false: X-Amz-Security-Token is added after signing, outside the signature (neither a
  // signed header nor part of the signed query) — what IoT's pre-signed WebSocket URLs need.
  bool sign_session_token = true;

  bool NormalizesPath() const { return normalize_path.value_or(!s3); }
  bool EncodesPath() const { return !s3; }
  bool AddsContentSha256() const { return content_sha256_header.value_or(s3); }
};

// Adds X-Amz-Date, X-Amz-Security-Token (when there is a session token), the content hash
// header (when AddsContentSha256) and Authorization to `request`, replacing any left from an
// earlier signing (a retry). Host is added from the URL when absent, so what is signed is
// what is sent. Signs every other header present except the hop-by-hop and proxy-rewritten
// ones botocore also leaves out (User-Agent, Expect, Connection, Transfer-Encoding, …).
// The URL holds the path as sent on the wire, percent-encoded; for services other than S3
// the signer encodes it once more, as AWS specifies.
void SignRequest(HttpRequest& request, const Credentials& credentials, const SigV4Options& options);

// Returns `request.url` with the pre-signing query parameters appended (X-Amz-Algorithm,
// -Credential, -Date, -SignedHeaders, -Expires, -Security-Token, -Signature), valid for
// `expires`, which must be 1 s … 7 days (InvalidArgument otherwise). Signs the Host of the
// URL and the headers already on the request (which the user of the URL must then send).
Result<std::string> PresignUrl(const HttpRequest& request, const Credentials& credentials,
                               const SigV4Options& options, std::chrono::seconds expires);

// The steps, exposed for the AWS test suite and for the local cloud's verifier.
//
// The canonical request of `request` as it stands. `signed_headers` ("host;x-amz-date", as in
// the Authorization header or X-Amz-SignedHeaders) names exactly the headers to include;
// empty means every header SignRequest would sign. An X-Amz-Signature query parameter is
// never part of it (a verifier passes the pre-signed URL as received). The payload hash is
// options.payload_hash, else the request's x-amz-content-sha256, else the body's SHA-256.
std::string CanonicalRequest(const HttpRequest& request, const SigV4Options& options,
                             std::string_view signed_headers = {});
// "AWS4-HMAC-SHA256\n<X-Amz-Date>\n<date>/<region>/<service>/aws4_request\n<hash of it>".
std::string StringToSign(std::string_view canonical_request, const SigV4Options& options);
// The hex signature of `string_to_sign` with the key derived for the options' day, region
// and service.
std::string Signature(std::string_view string_to_sign, std::string_view secret_access_key,
                      const SigV4Options& options);

// "20150830T123600Z": the X-Amz-Date form of `time` (UTC, whole seconds).
std::string FormatAmzDate(TimePoint time);

}  // namespace spotrun

#endif  // SPOTRUN_AWS_SIGV4_H_
