// S3Location: a bucket and a key prefix, parsed from "s3://bucket/some/prefix". The prefix
// never starts or ends with "/" (empty for a whole bucket); Key("a/b") joins with "/".
// Parse refuses what S3 would refuse (bucket names 3–63 of a-z 0-9 . -, no "s3://" …) with
// a hint. Value type.
#ifndef SPOTRUN_AWS_S3_LOCATION_H_
#define SPOTRUN_AWS_S3_LOCATION_H_

#include <string>
#include <string_view>

#include "base/result.h"

namespace spotrun {

struct S3Location {
  std::string bucket;
  std::string prefix;

  static Result<S3Location> Parse(std::string_view uri);
  std::string Key(std::string_view relative) const;   // prefix + "/" + relative
  S3Location Child(std::string_view relative) const;  // the location under Key(relative)
  std::string ToString() const;                       // "s3://bucket/prefix"
};

}  // namespace spotrun

#endif  // SPOTRUN_AWS_S3_LOCATION_H_
