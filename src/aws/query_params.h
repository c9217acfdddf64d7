// QueryParams: the flattened parameters of one AWS Query-protocol request
// (Action=RunInstances&Version=2016-11-15&InstanceId.1=…&Filter.1.Name=…), kept in
// insertion order and encoded sorted, as the SDKs send them. Not thread-safe.
#ifndef SPOTRUN_AWS_QUERY_PARAMS_H_
#define SPOTRUN_AWS_QUERY_PARAMS_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace spotrun {

class QueryParams {
 public:
  void Set(std::string_view key, std::string_view value);
  void SetInt(std::string_view key, long long value);
  void SetBool(std::string_view key, bool value);  // "true" / "false"
  // EC2 list members: prefix.1, prefix.2 … (e.g. "InstanceId").
  void SetList(std::string_view prefix, const std::vector<std::string>& values);
  // EC2 filters: Filter.N.Name and Filter.N.Value.M, appended after any already set.
  void AddFilter(std::string_view name, const std::vector<std::string>& values);

  std::optional<std::string> Get(std::string_view key) const;
  bool Has(std::string_view key) const { return params_.count(std::string(key)) > 0; }
  const std::map<std::string, std::string>& entries() const { return params_; }
  size_t size() const { return params_.size(); }

  // application/x-www-form-urlencoded body, keys sorted: "Action=…&Version=…".
  std::string Encode() const;
  // Parses a form body or query string back (the local cloud's side).
  static QueryParams Decode(std::string_view form);

 private:
  std::map<std::string, std::string> params_;
  int filters_ = 0;
};

}  // namespace spotrun

#endif  // SPOTRUN_AWS_QUERY_PARAMS_H_
