// Ec2QueryReader: reads typed values out of one request's flattened EC2 Query parameters
// (InstanceId.1, Filter.1.Value.2, TagSpecification.1.Tag.1.Key, BlockDeviceMapping.1.Ebs.…)
// — the inverse of aws/ec2_params.h, shared by the decoders of ec2_query_decode.h. Readers
// never fail on the spot: the first malformed or missing value is kept as an EC2 error
// (MissingParameter, InvalidParameterValue) and Finish() returns it. Unknown parameters are
// ignored. Borrows the params; not thread-safe.
#ifndef SPOTRUN_LOCALCLOUD_EC2_QUERY_READER_H_
#define SPOTRUN_LOCALCLOUD_EC2_QUERY_READER_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aws/ec2_requests.h"
#include "aws/ec2_types.h"
#include "aws/query_params.h"
#include "base/clock.h"
#include "base/result.h"
#include "base/status.h"

namespace spotrun {

class Ec2QueryReader {
 public:
  explicit Ec2QueryReader(const QueryParams& params) : params_(params) {}

  bool Has(std::string_view key) const { return params_.Has(key); }
  // True when any parameter is `prefix` itself or starts with "prefix.".
  bool HasPrefix(std::string_view prefix) const;

  std::optional<std::string> OptionalString(std::string_view key) const;
  std::string String(std::string_view key) const;  // "" when absent
  // MissingParameter when absent or empty.
  std::string RequiredString(std::string_view key);
  // InvalidParameterValue unless a decimal integer.
  std::optional<int> OptionalInt(std::string_view key);
  int RequiredInt(std::string_view key);
  // "true" / "false", in any case.
  std::optional<bool> OptionalBool(std::string_view key);
  bool DryRun() { return OptionalBool("DryRun").value_or(false); }
  // ISO 8601 ("2026-01-01T00:00:00Z", with or without fractions or an offset).
  std::optional<TimePoint> OptionalTime(std::string_view key);
  // Base64 (whitespace ignored, as line-wrapped output of `base64` carries it), decoded;
  // `invalid_message` is the InvalidParameterValue message when it is not base64.
  std::optional<std::string> OptionalBase64(std::string_view key, std::string_view invalid_message);

  // The indices N of "prefix.N" and "prefix.N.…", ascending (the wire order need not be).
  std::vector<int> Indices(std::string_view prefix) const;
  // prefix.1, prefix.2 … in index order.
  std::vector<std::string> List(std::string_view prefix) const;
  // MissingParameter (naming `prefix`) when the list is empty.
  std::vector<std::string> RequiredList(std::string_view prefix);

  std::vector<Filter> Filters() const;  // Filter.N.Name, Filter.N.Value.M
  // prefix.N.Key / prefix.N.Value; a missing Value reads as "".
  std::vector<Tag> Tags(std::string_view prefix) const;
  std::vector<TagSpecification> TagSpecifications() const;  // TagSpecification.N.…
  std::vector<BlockDeviceMapping> BlockDeviceMappings(std::string_view prefix);
  std::optional<IamInstanceProfileSpecification> IamInstanceProfile(std::string_view prefix) const;
  std::vector<IpPermission> IpPermissions();  // IpPermissions.N.…
  // MaxResults and NextToken.
  void Page(std::optional<int>& max_results, std::optional<std::string>& next_token);

  // Records `status` unless an earlier error is already kept.
  void Fail(Status status);
  const Status& status() const { return status_; }
  // `value`, or the first error met while reading it.
  template <typename T>
  Result<T> Finish(T value) const {
    if (!status_.ok()) return status_;
    return value;
  }

 private:
  const QueryParams& params_;
  Status status_;
};

// "The request must contain the parameter NAME".
Status MissingParameter(std::string_view name);
// "Value (VALUE) for parameter NAME is invalid. EXPECTING".
Status InvalidParameterValue(std::string_view name, std::string_view value,
                             std::string_view expecting);

}  // namespace spotrun

#endif  // SPOTRUN_LOCALCLOUD_EC2_QUERY_READER_H_
