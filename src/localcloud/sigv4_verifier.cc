#include "localcloud/sigv4_verifier.h"

#include <cassert>
#include <charconv>
#include <optional>
#include <vector>

#include "aws/crypto.h"
#include "aws/sigv4.h"
#include "aws/uri_encode.h"
#include "localcloud/ec2_error.h"

namespace spotrun {
namespace {

// What EC2 answers, code and message as AWS writes them:
// - no credentials at all: MissingParameter, "The request must contain the parameter
//   AWSAccessKeyId" (seen from EC2 in test-kitchen/kitchen-ec2#440);
// - an access key EC2 does not know, or a session token that is not the key's: 401
//   AuthFailure, "AWS was not able to validate the provided access credentials" (EC2's wire
//   dump in aws/aws-sdk-java-v2#2981);
// - a wrong signature: 403 SignatureDoesNotMatch with the message below (EC2's document in
//   aws/aws-cli#134 and its 403 in mitchellh/vagrant-aws#138);
// - a request too far from EC2's clock, and expired temporary credentials: 400
//   RequestExpired, "Request has expired." (aws/aws-sdk-java#1443).
// IncompleteSignature (400) and the scope messages are those of AWS's common errors
// (docs.aws.amazon.com/AWSEC2/latest/APIReference/CommonErrors.html) and of its SigV4
// services.
constexpr std::string_view kNoCredentialsMessage =
    "The request must contain the parameter AWSAccessKeyId";
constexpr std::string_view kAuthFailureMessage =
    "AWS was not able to validate the provided access credentials";
constexpr std::string_view kSignatureMismatchMessage =
    "The request signature we calculated does not match the signature you provided. Check "
    "your AWS Secret Access Key and signing method. Consult the service documentation for "
    "details.";
constexpr std::string_view kExpiredMessage = "Request has expired.";
constexpr int kAuthFailureHttpStatus = 401;
constexpr int kSignatureMismatchHttpStatus = 403;
constexpr int kBadRequestHttpStatus = 400;
constexpr long long kMaxPresignedExpiresSeconds = 7LL * 24 * 3600;
constexpr std::string_view kScopeTerminator = "aws4_request";

Status MissingCredentials() {
  return Ec2Error("MissingParameter", kNoCredentialsMessage, kBadRequestHttpStatus);
}
Status IncompleteSignature(std::string_view message) {
  return Ec2Error("IncompleteSignature", message, kBadRequestHttpStatus);
}
Status AuthFailure() {
  return Ec2Error("AuthFailure", kAuthFailureMessage, kAuthFailureHttpStatus);
}
Status SignatureDoesNotMatch(std::string_view message = kSignatureMismatchMessage) {
  return Ec2Error("SignatureDoesNotMatch", message, kSignatureMismatchHttpStatus);
}
Status RequestExpired() {
  return Ec2Error("RequestExpired", kExpiredMessage, kBadRequestHttpStatus);
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The decoded value of query parameter `name` in a raw (still percent-encoded) query.
std::optional<std::string> QueryValue(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    size_t eq = pair.find('=');
    if (UriDecode(pair.substr(0, eq)) != name) continue;
    return eq == std::string_view::npos ? std::string() : UriDecode(pair.substr(eq + 1));
  }
  return std::nullopt;
}

bool ParseDigits(std::string_view text, int* out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end == text.data() + text.size();
}

// "20260101T000000Z" → time; nullopt unless exactly that form and a real date and time.
std::optional<TimePoint> ParseAmzDate(std::string_view text) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return std::nullopt;
  for (size_t i : {0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14}) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  int year, month, day, hour, minute, second;
  ParseDigits(text.substr(0, 4), &year);
  ParseDigits(text.substr(4, 2), &month);
  ParseDigits(text.substr(6, 2), &day);
  ParseDigits(text.substr(9, 2), &hour);
  ParseDigits(text.substr(11, 2), &minute);
  ParseDigits(text.substr(13, 2), &second);
  std::chrono::year_month_day ymd{std::chrono::year(year), std::chrono::month(month),
                                  std::chrono::day(day)};
  // TimePoint counts nanoseconds from 1970, which overflows in 2262.
  if (!ymd.ok() || year < 1970 || year > 2200 || hour > 23 || minute > 59 || second > 59)
    return std::nullopt;
  return std::chrono::sys_days(ymd) + std::chrono::hours(hour) + std::chrono::minutes(minute) +
         std::chrono::seconds(second);
}

// Compares in time independent of where the strings first differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

std::string_view QueryOf(std::string_view url) {
  size_t question = url.find('?');
  return question == std::string_view::npos ? std::string_view() : url.substr(question + 1);
}

// What a request claims: who signed it, for which scope and time, and what.
struct Signed {
  std::string access_key_id;
  std::string day, region, service, terminator;  // the credential scope
  std::string amz_date;
  TimePoint time;
  std::string signed_headers;
  std::string signature;
  std::optional<std::chrono::seconds> expires;  // pre-signed only
  std::optional<std::string> security_token;
};

// Fills the key, scope and time from "AKID/20260101/us-east-1/ec2/aws4_request" and the
// X-Amz-Date (both already in `s`).
Status ParseCredential(std::string_view credential, Signed& s) {
  std::vector<std::string_view> parts;
  while (true) {
    size_t slash = credential.find('/');
    parts.push_back(credential.substr(0, slash));
    if (slash == std::string_view::npos) break;
    credential.remove_prefix(slash + 1);
  }
  if (parts.size() != 5 || parts[0].empty()) {
    return IncompleteSignature(
        "Credential must have the form ACCESS_KEY_ID/YYYYMMDD/REGION/SERVICE/aws4_request");
  }
  std::optional<TimePoint> time = ParseAmzDate(s.amz_date);
  if (!time) {
    return IncompleteSignature(
        "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
  }
  s.time = *time;
  s.access_key_id = std::string(parts[0]);
  s.day = std::string(parts[1]);
  s.region = std::string(parts[2]);
  s.service = std::string(parts[3]);
  s.terminator = std::string(parts[4]);
  return Status::Ok();
}

Result<Signed> ParseAuthorizationHeader(const HttpRequest& request, std::string_view header) {
  header = Trim(header);
  size_t space = header.find(' ');
  std::string_view algorithm = header.substr(0, space);
  if (algorithm != kSigV4Algorithm) {
    return IncompleteSignature("Unsupported AWS 'algorithm': '" + std::string(algorithm) +
                               "'; only AWS4-HMAC-SHA256 is accepted");
  }
  std::optional<std::string_view> credential, signed_headers, signature;
  std::string_view rest = space == std::string_view::npos ? "" : header.substr(space + 1);
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string_view part = Trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    size_t eq = part.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view key = part.substr(0, eq);
    std::string_view value = part.substr(eq + 1);
    if (key == "Credential") credential = value;
    if (key == "SignedHeaders") signed_headers = value;
    if (key == "Signature") signature = value;
  }
  std::string missing;
  if (!credential) missing += "Authorization header requires 'Credential' parameter. ";
  if (!signature) missing += "Authorization header requires 'Signature' parameter. ";
  if (!signed_headers) missing += "Authorization header requires 'SignedHeaders' parameter. ";
  std::optional<std::string> date = FindHeader(request.headers, "X-Amz-Date");
  if (!date) missing += "Authorization header requires existence of a 'X-Amz-Date' header. ";
  if (!missing.empty()) {
    missing.pop_back();
    return IncompleteSignature(missing);
  }
  Signed s;
  s.amz_date = std::move(*date);
  SPOTRUN_RETURN_IF_ERROR(ParseCredential(*credential, s));
  s.signed_headers = std::string(*signed_headers);
  s.signature = std::string(*signature);
  s.security_token = FindHeader(request.headers, "X-Amz-Security-Token");
  return s;
}

Result<Signed> ParsePresignedQuery(std::string_view query) {
  std::optional<std::string> algorithm = QueryValue(query, "X-Amz-Algorithm");
  if (algorithm && *algorithm != kSigV4Algorithm) {
    return IncompleteSignature("X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
  }
  std::optional<std::string> credential = QueryValue(query, "X-Amz-Credential");
  std::optional<std::string> signature = QueryValue(query, "X-Amz-Signature");
  std::optional<std::string> signed_headers = QueryValue(query, "X-Amz-SignedHeaders");
  std::optional<std::string> date = QueryValue(query, "X-Amz-Date");
  std::optional<std::string> expires = QueryValue(query, "X-Amz-Expires");
  if (!algorithm || !credential || !signature || !signed_headers || !date || !expires) {
    return IncompleteSignature(
        "Query-string authentication version 4 requires the X-Amz-Algorithm, "
        "X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and "
        "X-Amz-Expires parameters.");
  }
  int seconds = 0;
  if (!ParseDigits(*expires, &seconds) || seconds < 1 || seconds > kMaxPresignedExpiresSeconds) {
    return IncompleteSignature("X-Amz-Expires must be a number of seconds from 1 to 604800");
  }
  Signed s;
  s.amz_date = std::move(*date);
  SPOTRUN_RETURN_IF_ERROR(ParseCredential(*credential, s));
  s.signed_headers = std::move(*signed_headers);
  s.signature = std::move(*signature);
  s.expires = std::chrono::seconds(seconds);
  s.security_token = QueryValue(query, "X-Amz-Security-Token");
  return s;
}

// The scope must name this server's region and service and the day of X-Amz-Date.
Status CheckScope(const Signed& s, const SigV4Verifier::Options& options) {
  if (s.terminator != kScopeTerminator) {
    return SignatureDoesNotMatch(
        "Credential should be scoped with a valid terminator: 'aws4_request', not '" +
        s.terminator + "'.");
  }
  if (s.region != options.region) {
    return SignatureDoesNotMatch("Credential should be scoped to a valid region, not '" + s.region +
                                 "'.");
  }
  if (s.service != options.service) {
    return SignatureDoesNotMatch("Credential should be scoped to correct service: '" +
                                 options.service + "'.");
  }
  if (s.day != std::string_view(s.amz_date).substr(0, 8)) {
    return SignatureDoesNotMatch(
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from "
        "HTTP: '" +
        s.day + "' != '" + s.amz_date.substr(0, 8) + "', from 'X-Amz-Date'.");
  }
  return Status::Ok();
}

Status CheckTime(const Signed& s, TimePoint now, std::chrono::seconds max_skew) {
  if (s.time - now > max_skew) return RequestExpired();  // from the future
  if (s.expires) {
    if (now > s.time + *s.expires) return RequestExpired();
  } else if (now - s.time > max_skew) {
    return RequestExpired();
  }
  return Status::Ok();
}

// The payload hash S3 signs: what x-amz-content-sha256 says, once checked against the body.
Result<std::string> S3PayloadHash(const HttpRequest& request, const Signed& s) {
  if (s.expires) return std::string(kUnsignedPayload);
  std::optional<std::string> claimed = FindHeader(request.headers, "x-amz-content-sha256");
  if (!claimed) {
    return Ec2Error("InvalidRequest",
                    "Missing required header for this request: x-amz-content-sha256",
                    kBadRequestHttpStatus);
  }
  if (*claimed == kUnsignedPayload) return *claimed;
  if (claimed->starts_with("STREAMING-")) {
    return Ec2Error("NotImplemented",
                    "A header you provided implies functionality that is not implemented: "
                    "aws-chunked streaming signatures; sign the whole payload instead",
                    501);
  }
  const std::string actual = Sha256Hex(request.body);
  if (!ConstantTimeEquals(*claimed, actual)) {
    return Ec2Error("XAmzContentSHA256Mismatch",
                    "The provided 'x-amz-content-sha256' header does not match what was computed.",
                    kBadRequestHttpStatus);
  }
  return actual;
}

Status CheckSignature(const HttpRequest& request, const Signed& s, const Credentials& credentials,
                      bool s3) {
  SigV4Options options;
  options.region = s.region;
  options.service = s.service;
  options.time = s.time;
  options.s3 = s3;
  if (s3) {
    SPOTRUN_ASSIGN_OR_RETURN(options.payload_hash, S3PayloadHash(request, s));
  } else {
    // The hash of the body as received, never a hash the request claims for it.
    options.payload_hash = Sha256Hex(request.body);
  }
  const std::string canonical = CanonicalRequest(request, options, s.signed_headers);
  const std::string expected =
      Signature(StringToSign(canonical, options), credentials.secret_access_key, options);
  if (!ConstantTimeEquals(expected, s.signature)) return SignatureDoesNotMatch();
  return Status::Ok();
}

}  // namespace

SigV4Verifier::SigV4Verifier(Options options) : options_(std::move(options)) {
  assert(options_.clock != nullptr);
  for (const Credentials& c : options_.credentials) by_access_key_id_[c.access_key_id] = c;
}

Result<std::string> SigV4Verifier::Verify(const HttpRequest& request) const {
  std::optional<std::string> authorization = FindHeader(request.headers, "Authorization");
  const std::string_view query = QueryOf(request.url);
  const bool presigned = QueryValue(query, "X-Amz-Algorithm").has_value() ||
                         QueryValue(query, "X-Amz-Signature").has_value();
  if (!authorization && !presigned) return MissingCredentials();
  if (authorization && presigned) {
    return IncompleteSignature(
        "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the "
        "Authorization header should be specified");
  }
  Result<Signed> parsed = authorization ? ParseAuthorizationHeader(request, *authorization)
                                        : ParsePresignedQuery(query);
  if (!parsed.ok()) return parsed.status();
  const Signed& s = *parsed;
  SPOTRUN_RETURN_IF_ERROR(CheckScope(s, options_));

  auto found = by_access_key_id_.find(s.access_key_id);
  if (found == by_access_key_id_.end()) return AuthFailure();
  const Credentials& credentials = found->second;
  const std::string_view token = s.security_token ? *s.security_token : std::string_view();
  if (!ConstantTimeEquals(token, credentials.session_token)) return AuthFailure();
  const TimePoint now = options_.clock->Now();
  if (credentials.expiration && now >= *credentials.expiration) return RequestExpired();
  SPOTRUN_RETURN_IF_ERROR(CheckTime(s, now, options_.max_skew));
  SPOTRUN_RETURN_IF_ERROR(CheckSignature(request, s, credentials, options_.s3));
  return s.access_key_id;
}

}  // namespace spotrun
