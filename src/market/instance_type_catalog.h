// InstanceTypeCatalog: what each EC2 instance type offers (vCPUs, memory, GPUs, architecture),
// from the real DescribeInstanceTypes answers, the AWS price lists and the Spot Instance Advisor
// (data/instance-types.tsv; data/README.md says which source wins). Parses on first use;
// thread-safe.
#ifndef SPOTRUN_MARKET_INSTANCE_TYPE_CATALOG_H_
#define SPOTRUN_MARKET_INSTANCE_TYPE_CATALOG_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "market/data_set.h"
#include "market/lazy.h"

namespace spotrun::market {

enum class Architecture { kUnknown, kX86_64, kArm64 };
std::string_view ArchitectureName(Architecture architecture);  // "x86_64", "arm64", "unknown"

struct InstanceTypeInfo {
  std::string name;    // "m5.large"
  std::string family;  // "m5": the part before the dot
  int vcpu = 0;
  long long memory_mib = 0;
  // 0 without GPUs; nullopt when the type has GPUs but no source states how many (p5.48xlarge).
  std::optional<int> gpu_count = 0;
  std::string gpu_manufacturer;  // "NVIDIA", "AMD"; empty without GPUs
  std::string gpu_name;          // "T4"; empty when unknown
  long long gpu_memory_mib = 0;  // all GPUs together; 0 when unknown or none
  Architecture architecture = Architecture::kUnknown;

  bool has_gpu() const { return !gpu_manufacturer.empty(); }
};

// What a workload needs; zero / kUnknown / empty fields ask for nothing.
struct InstanceRequirements {
  int min_vcpu = 0;
  long long min_memory_mib = 0;
  int min_gpus = 0;  // a type whose GPU count is unknown satisfies only min_gpus <= 1
  Architecture architecture = Architecture::kUnknown;
  std::string gpu_name;  // e.g. "T4"; compared case-insensitively
};
bool Satisfies(const InstanceTypeInfo& type, const InstanceRequirements& requirements);

class InstanceTypeCatalog {
 public:
  explicit InstanceTypeCatalog(DataSet data);

  // Reads only the type's row. kNotFound with "did you mean" when the name is unknown.
  Result<InstanceTypeInfo> Find(std::string_view name) const;
  Result<std::vector<InstanceTypeInfo>> All() const;  // by name
  // The types of one family ("g4dn"), smallest first (by vCPU, then memory, then name).
  Result<std::vector<InstanceTypeInfo>> Family(std::string_view family) const;
  // Types meeting `requirements`, smallest first.
  Result<std::vector<InstanceTypeInfo>> Matching(const InstanceRequirements& requirements) const;
  // Up to `limit` known names nearest to `text` by edit distance ("m5.lareg" -> m5.large).
  Result<std::vector<std::string>> NearestTypes(std::string_view text, size_t limit = 3) const;

 private:
  static Result<std::vector<InstanceTypeInfo>> Load(const DataSet& data);

  DataSet data_;
  Lazy<std::vector<InstanceTypeInfo>> types_;  // sorted by name
};

}  // namespace spotrun::market

#endif  // SPOTRUN_MARKET_INSTANCE_TYPE_CATALOG_H_
