#include "aws/aws_error.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <pugixml.hpp>
#include <string>

namespace spotrun {
namespace {

// botocore/retries/standard.py, ThrottledRetryableChecker._THROTTLED_ERROR_CODES.
constexpr std::array<std::string_view, 14> kThrottlingCodes = {
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
};

// botocore's TransientRetryableChecker._TRANSIENT_ERROR_CODES (the first three), STS's
// IDPCommunicationError (botocore/retries/special.py), then the server faults EC2, ELBv2 and
// S3 report in an error document (usually with a 5xx status, which alone would suffice).
constexpr std::array<std::string_view, 9> kTransientCodes = {
    "RequestTimeout",          "RequestTimeoutException",
    "PriorRequestNotComplete", "IDPCommunicationError",
    "InternalError",           "InternalFailure",
    "ServiceUnavailable",      "Unavailable",
    "InternalServerError",
};

// Failures of authentication (who you are) or authorization (what you may do).
constexpr std::array<std::string_view, 15> kPermissionCodes = {
    "AuthFailure",           "SignatureDoesNotMatch",
    "RequestExpired",        "RequestTimeTooSkewed",
    "InvalidClientTokenId",  "InvalidAccessKeyId",
    "UnauthorizedOperation", "ExpiredToken",
    "ExpiredTokenException", "AccessDenied",
    "AccessDeniedException", "MissingAuthenticationToken",
    "IncompleteSignature",   "InvalidSignatureException",
    "OptInRequired",
};

struct CodeHint {
  std::string_view code;
  std::string_view hint;
};

constexpr std::string_view kClockHint =
    "the request's time was too far from AWS's: check this machine's clock (e.g. "
    "`timedatectl`; enable NTP) and try again";
constexpr std::string_view kCredentialsHint =
    "AWS did not accept the credentials: check which ones are in use (AWS_PROFILE, "
    "AWS_ACCESS_KEY_ID, ~/.aws/credentials) and that this machine's clock is right";

constexpr std::array<CodeHint, 24> kHints = {{
    {"AuthFailure", kCredentialsHint},
    {"SignatureDoesNotMatch",
     "the secret access key does not match the access key id, or the clock is wrong: check "
     "the credentials in use (AWS_SECRET_ACCESS_KEY, ~/.aws/credentials) and this machine's "
     "clock"},
    {"IncompleteSignature", kCredentialsHint},
    {"InvalidSignatureException", kCredentialsHint},
    {"MissingAuthenticationToken", kCredentialsHint},
    {"RequestExpired", kClockHint},
    {"RequestTimeTooSkewed", kClockHint},
    {"InvalidClientTokenId",
     "AWS does not know this access key id: check AWS_PROFILE / AWS_ACCESS_KEY_ID and "
     "~/.aws/credentials, and that the key has not been deleted or deactivated"},
    {"InvalidAccessKeyId",
     "AWS does not know this access key id: check AWS_PROFILE / AWS_ACCESS_KEY_ID and "
     "~/.aws/credentials, and that the key has not been deleted or deactivated"},
    {"ExpiredToken",
     "the temporary credentials have expired: refresh them (e.g. `aws sso login`, or get a "
     "new session token) and try again"},
    {"ExpiredTokenException",
     "the temporary credentials have expired: refresh them (e.g. `aws sso login`, or get a "
     "new session token) and try again"},
    {"UnauthorizedOperation",
     "the credentials are valid but not allowed to do this: ask your administrator for the "
     "IAM permission (`aws sts decode-authorization-message` decodes an encoded message)"},
    {"AccessDenied",
     "the credentials are valid but not allowed to do this: check their IAM policy"},
    {"AccessDeniedException",
     "the credentials are valid but not allowed to do this: check their IAM policy"},
    {"OptInRequired",
     "the account is not subscribed to this service or region: opt in from the AWS console, "
     "or use another region (--region)"},
    {"InsufficientInstanceCapacity",
     "AWS has no capacity for this instance type in this zone right now: try another "
     "availability zone or instance type, or launch with --on-demand"},
    {"InsufficientCapacity",
     "AWS has no capacity for this request right now: try another availability zone or "
     "instance type, or launch with --on-demand"},
    {"MaxSpotInstanceCountExceeded",
     "the account's spot instance quota is reached: terminate unused spot machines, request a "
     "higher quota in the Service Quotas console, or launch with --on-demand"},
    {"SpotMaxPriceTooLow",
     "the maximum price is below the current spot price: raise it, pick a cheaper instance "
     "type or zone, or launch with --on-demand"},
    {"InstanceLimitExceeded",
     "the account's instance quota is reached: terminate unused machines or request a higher "
     "quota in the Service Quotas console"},
    {"VcpuLimitExceeded",
     "the account's vCPU quota for this instance family is reached: terminate unused machines "
     "or request a higher quota in the Service Quotas console"},
    {"Unsupported",
     "this instance type or feature is not offered here: try another availability zone, "
     "instance type or region"},
    {"DryRunOperation", "dry run: the request would have succeeded"},
    {"IdempotentParameterMismatch",
     "the same ClientToken was used earlier with different parameters: use a new token"},
}};

constexpr std::string_view kThrottlingHint =
    "AWS is throttling this account's requests and spotrun's retries ran out: wait a minute, "
    "or run fewer spotrun commands at once";
constexpr std::string_view kTransientHint =
    "AWS had a transient problem and spotrun's retries ran out: try again in a minute";
constexpr std::string_view kNotFoundHint =
    "check the id or name, and that you are using the right region (--region)";

template <size_t N>
bool Contains(const std::array<std::string_view, N>& codes, std::string_view code) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

bool IsNotFoundCode(std::string_view code) {
  return code.ends_with("NotFound") || code.starts_with("NoSuch");
}

std::string Trimmed(const char* text) {
  std::string_view s(text);
  constexpr std::string_view kSpace = " \t\r\n";
  size_t begin = s.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) return "";
  size_t end = s.find_last_not_of(kSpace);
  return std::string(s.substr(begin, end - begin + 1));
}

struct ErrorDocument {
  std::string code, message, request_id;
};

// Finds the <Error> element and the request id of any of the three document shapes.
bool ParseDocument(std::string_view body, ErrorDocument* out) {
  pugi::xml_document doc;
  if (!doc.load_buffer(body.data(), body.size())) return false;
  pugi::xml_node root = doc.document_element();
  pugi::xml_node error;
  pugi::xml_node request_id;
  if (std::string_view(root.name()) == "Response") {  // EC2
    error = root.child("Errors").child("Error");
    request_id = root.child("RequestID");
  } else if (std::string_view(root.name()) == "ErrorResponse") {  // Query: ELBv2, STS
    error = root.child("Error");
    request_id = root.child("RequestId");
  } else if (std::string_view(root.name()) == "Error") {  // S3
    error = root;
    request_id = root.child("RequestId");
  }
  if (!error) return false;
  if (!request_id) request_id = root.child("RequestID");  // tolerate either spelling
  if (!request_id) request_id = root.child("RequestId");
  out->code = Trimmed(error.child_value("Code"));
  out->message = Trimmed(error.child_value("Message"));
  out->request_id = Trimmed(request_id.child_value());
  return !out->code.empty();
}

std::string_view ReasonPhrase(int http_status) {
  switch (http_status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 408:
      return "Request Timeout";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "";
  }
}

// The start of a body that is not an error document, on one printable line, for the message.
std::string Snippet(std::string_view body) {
  constexpr size_t kMax = 160;
  std::string out;
  bool space = false;
  for (char c : body) {
    if (out.size() >= kMax) {
      out += "...";
      break;
    }
    bool printable = c > ' ' && c < 0x7f;
    if (!printable) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

std::string MessageWithoutDocument(int http_status, std::string_view body) {
  std::string status = fmt::format("HTTP {}", http_status);
  std::string_view reason = ReasonPhrase(http_status);
  if (!reason.empty()) status += fmt::format(" ({})", reason);
  std::string snippet = Snippet(body);
  if (snippet.empty()) return status + " with an empty body";
  return fmt::format("{} without an AWS error document: {}", status, snippet);
}

}  // namespace

bool IsThrottlingErrorCode(std::string_view code) { return Contains(kThrottlingCodes, code); }

bool IsTransientErrorCode(std::string_view code) { return Contains(kTransientCodes, code); }

bool IsRetryableHttpStatus(int http_status) {
  return http_status == 500 || http_status == 502 || http_status == 503 || http_status == 504 ||
         http_status == 429;
}

bool IsRetryableAwsError(std::string_view code, int http_status) {
  return IsThrottlingErrorCode(code) || IsTransientErrorCode(code) ||
         IsRetryableHttpStatus(http_status);
}

ErrorKind ClassifyAwsError(std::string_view code, int http_status) {
  if (IsRetryableAwsError(code, http_status)) return ErrorKind::kUnavailable;
  if (code.empty()) {
    if (http_status == 401 || http_status == 403) return ErrorKind::kPermissionDenied;
    if (http_status == 404) return ErrorKind::kNotFound;
    return ErrorKind::kRefused;
  }
  if (IsNotFoundCode(code)) return ErrorKind::kNotFound;
  if (Contains(kPermissionCodes, code)) return ErrorKind::kPermissionDenied;
  return ErrorKind::kRefused;
}

std::string_view HintForAwsError(std::string_view code, int http_status) {
  for (const CodeHint& h : kHints) {
    if (h.code == code) return h.hint;
  }
  if (IsThrottlingErrorCode(code)) return kThrottlingHint;
  if (IsTransientErrorCode(code) || IsRetryableHttpStatus(http_status)) {
    return http_status == 429 ? kThrottlingHint : kTransientHint;
  }
  if (!code.empty() && IsNotFoundCode(code)) return kNotFoundHint;
  if (code.empty() && (http_status == 401 || http_status == 403)) return kCredentialsHint;
  if (code.empty() && http_status == 404) {
    return "the endpoint does not serve this API: check the endpoint URL (--endpoint, "
           "AWS_ENDPOINT_URL)";
  }
  return {};
}

Status ParseAwsError(int http_status, std::string_view body) {
  ErrorDocument doc;
  if (!ParseDocument(body, &doc)) {
    doc = ErrorDocument{};
    doc.message = MessageWithoutDocument(http_status, body);
  } else if (doc.message.empty()) {
    doc.message = fmt::format("{} (HTTP {})", doc.code, http_status);
  }
  Status status = Status::Aws(ClassifyAwsError(doc.code, http_status), doc.code, doc.message,
                              doc.request_id, http_status);
  std::string_view hint = HintForAwsError(doc.code, http_status);
  return hint.empty() ? status : status.WithHint(hint);
}

Status ParseAwsError(const HttpResponse& response) {
  Status status = ParseAwsError(response.status, response.body);
  if (!status.request_id().empty()) return status;
  std::optional<std::string> id = response.Header("x-amzn-RequestId");
  if (!id) id = response.Header("x-amz-request-id");
  if (!id) return status;
  Status with_id =
      Status::Aws(status.kind(), status.code(), status.message(), *id, status.http_status());
  return status.hint().empty() ? with_id : with_id.WithHint(status.hint());
}

bool IsDryRunOperation(const Status& status) { return status.code() == "DryRunOperation"; }

}  // namespace spotrun
