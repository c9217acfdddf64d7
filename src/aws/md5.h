// MD5 over Nettle, for S3's ETags (the MD5 of an object, and the MD5 of its parts'
// MD5s for a multipart upload). Not for security. Pure functions; thread-safe.
#ifndef SPOTRUN_AWS_MD5_H_
#define SPOTRUN_AWS_MD5_H_

#include <string>
#include <string_view>

namespace spotrun {

// The 16 raw bytes of the MD5 of `data`.
std::string Md5(std::string_view data);
// The same as 32 lower-case hex digits.
std::string Md5Hex(std::string_view data);

}  // namespace spotrun

#endif  // SPOTRUN_AWS_MD5_H_
