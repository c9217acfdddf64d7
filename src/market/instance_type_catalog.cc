#include "market/instance_type_catalog.h"

#include <algorithm>
#include <cctype>
#include <tuple>

#include "market/nearest_names.h"
#include "market/tsv_text.h"

namespace spotrun::market {
namespace {

constexpr std::string_view kFile = "instance-types.tsv";

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

void SortSmallestFirst(std::vector<InstanceTypeInfo>& types) {
  std::sort(types.begin(), types.end(), [](const InstanceTypeInfo& a, const InstanceTypeInfo& b) {
    return std::tie(a.vcpu, a.memory_mib, a.name) < std::tie(b.vcpu, b.memory_mib, b.name);
  });
}

Result<InstanceTypeInfo> ParseRow(std::string_view row) {
  std::vector<std::string_view> f = SplitFields(row);
  if (f.size() != 9 || f[0].find('.') == std::string_view::npos) {
    return BadRow(kFile, row, "expected 9 fields");
  }
  InstanceTypeInfo info;
  info.name = std::string(f[0]);
  info.family = info.name.substr(0, info.name.find('.'));
  if (!ParseInt(f[1], &info.vcpu) || !ParseInt64(f[2], &info.memory_mib)) {
    return BadRow(kFile, row, "bad vcpu or memory");
  }
  info.gpu_manufacturer = std::string(f[4]);
  info.gpu_name = std::string(f[5]);
  int gpus = 0;
  if (!f[3].empty() && !ParseInt(f[3], &gpus)) return BadRow(kFile, row, "bad gpu count");
  info.gpu_count = gpus;
  if (f[3].empty() && !info.gpu_manufacturer.empty()) info.gpu_count.reset();
  if (!f[6].empty() && !ParseInt64(f[6], &info.gpu_memory_mib)) {
    return BadRow(kFile, row, "bad gpu memory");
  }
  if (f[7] == "x86_64") {
    info.architecture = Architecture::kX86_64;
  } else if (f[7] == "arm64") {
    info.architecture = Architecture::kArm64;
  } else if (!f[7].empty()) {
    return BadRow(kFile, row, "unknown architecture");
  }
  return info;
}

}  // namespace

std::string_view ArchitectureName(Architecture architecture) {
  switch (architecture) {
    case Architecture::kX86_64:
      return "x86_64";
    case Architecture::kArm64:
      return "arm64";
    case Architecture::kUnknown:
      break;
  }
  return "unknown";
}

bool Satisfies(const InstanceTypeInfo& type, const InstanceRequirements& requirements) {
  if (type.vcpu < requirements.min_vcpu || type.memory_mib < requirements.min_memory_mib) {
    return false;
  }
  if (requirements.min_gpus > 0) {
    if (!type.has_gpu()) return false;
    int known = type.gpu_count.value_or(1);  // unknown count: at least one
    if (known < requirements.min_gpus) return false;
  }
  if (requirements.architecture != Architecture::kUnknown &&
      type.architecture != requirements.architecture) {
    return false;
  }
  if (!requirements.gpu_name.empty() && Lower(type.gpu_name) != Lower(requirements.gpu_name)) {
    return false;
  }
  return true;
}

InstanceTypeCatalog::InstanceTypeCatalog(DataSet data)
    : data_(data), types_([data = std::move(data)] { return Load(data); }) {}

Result<std::vector<InstanceTypeInfo>> InstanceTypeCatalog::Load(const DataSet& data) {
  SPOTRUN_ASSIGN_OR_RETURN(std::string_view text, data.File(kFile));
  std::vector<InstanceTypeInfo> types;
  for (std::string_view row : BodyLines(text)) {
    SPOTRUN_ASSIGN_OR_RETURN(InstanceTypeInfo info, ParseRow(row));
    types.push_back(std::move(info));
  }
  std::sort(types.begin(), types.end(),
            [](const InstanceTypeInfo& a, const InstanceTypeInfo& b) { return a.name < b.name; });
  return types;
}

Result<InstanceTypeInfo> InstanceTypeCatalog::Find(std::string_view name) const {
  // One row is all a lookup needs; the whole table is parsed only for listings and typos.
  SPOTRUN_ASSIGN_OR_RETURN(std::string_view text, data_.File(kFile));
  std::string_view row = FindRow(text, name);
  if (!row.empty()) return ParseRow(row);
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<std::string> near, NearestTypes(name, 1));
  return Status::NotFound("unknown instance type " + std::string(name),
                          near.empty() ? "instance types look like m5.large or g4dn.xlarge"
                                       : "did you mean " + near[0] + "?");
}

Result<std::vector<InstanceTypeInfo>> InstanceTypeCatalog::All() const { return types_.Get(); }

Result<std::vector<InstanceTypeInfo>> InstanceTypeCatalog::Family(std::string_view family) const {
  const Result<std::vector<InstanceTypeInfo>>& types = types_.Get();
  if (!types.ok()) return types.status();
  std::vector<InstanceTypeInfo> members;
  for (const InstanceTypeInfo& type : *types) {
    if (type.family == family) members.push_back(type);
  }
  SortSmallestFirst(members);
  return members;
}

Result<std::vector<InstanceTypeInfo>> InstanceTypeCatalog::Matching(
    const InstanceRequirements& requirements) const {
  const Result<std::vector<InstanceTypeInfo>>& types = types_.Get();
  if (!types.ok()) return types.status();
  std::vector<InstanceTypeInfo> matching;
  for (const InstanceTypeInfo& type : *types) {
    if (Satisfies(type, requirements)) matching.push_back(type);
  }
  SortSmallestFirst(matching);
  return matching;
}

Result<std::vector<std::string>> InstanceTypeCatalog::NearestTypes(std::string_view text,
                                                                   size_t limit) const {
  const Result<std::vector<InstanceTypeInfo>>& types = types_.Get();
  if (!types.ok()) return types.status();
  std::vector<std::string_view> names;
  names.reserve(types->size());
  for (const InstanceTypeInfo& type : *types) names.push_back(type.name);
  return NearestNames(text, names, limit);
}

}  // namespace spotrun::market
