// Percent-encoding as AWS defines it for SigV4 and the Query protocol: every byte except
// the RFC 3986 unreserved set (A-Z a-z 0-9 - _ . ~) becomes %XX with upper-case hex.
// Pure functions; thread-safe.
#ifndef SPOTRUN_AWS_URI_ENCODE_H_
#define SPOTRUN_AWS_URI_ENCODE_H_

#include <string>
#include <string_view>

namespace spotrun {

// With keep_slash, '/' stays as is (for paths).
std::string UriEncode(std::string_view text, bool keep_slash = false);
// The same, appended to `out` (no allocation when `out` has room; for the SigV4 hot path).
void AppendUriEncode(std::string& out, std::string_view text, bool keep_slash = false);
// Decodes %XX (and '+' as space when plus_is_space); malformed escapes are kept verbatim.
std::string UriDecode(std::string_view text, bool plus_is_space = false);
void AppendUriDecode(std::string& out, std::string_view text, bool plus_is_space = false);

}  // namespace spotrun

#endif  // SPOTRUN_AWS_URI_ENCODE_H_
