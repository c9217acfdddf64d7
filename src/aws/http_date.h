// HTTP dates (RFC 9110 IMF-fixdate, "Wed, 21 Oct 2015 07:28:00 GMT"), as S3 sends
// Last-Modified. Pure functions; thread-safe.
#ifndef SPOTRUN_AWS_HTTP_DATE_H_
#define SPOTRUN_AWS_HTTP_DATE_H_

#include <string>
#include <string_view>

#include "base/clock.h"

namespace spotrun {

std::string FormatHttpDate(TimePoint time);  // whole seconds, UTC
// False when `text` is not an IMF-fixdate.
bool ParseHttpDate(std::string_view text, TimePoint* out);

}  // namespace spotrun

#endif  // SPOTRUN_AWS_HTTP_DATE_H_
