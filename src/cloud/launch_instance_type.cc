#include "cloud/launch_instance_type.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace spotrun {

Result<InstanceTypeInfo> DescribeLaunchType(Ec2Api& ec2, const market::InstanceTypeCatalog& catalog,
                                            std::string_view type) {
  Result<DescribeInstanceTypesResponse> described =
      ec2.DescribeInstanceTypes({.instance_types = {std::string(type)}});
  if (described.ok() && !described->instance_types.empty()) {
    return described->instance_types.front();
  }
  if (!described.ok() && described.status().code() != "InvalidInstanceType") {
    return described.status();
  }
  Result<std::vector<std::string>> near = catalog.NearestTypes(type, 3);
  std::string hint = near.ok() && !near->empty()
                         ? fmt::format("did you mean {}?", fmt::join(*near, ", "))
                         : "instance types look like t3.micro, m5.large or g4dn.xlarge";
  return Status::NotFound(fmt::format("unknown instance type {}", type),
                          hint + " (`spotrun prices FAMILY` lists a family's types)");
}

std::string LaunchArchitecture(const InstanceTypeInfo& type) {
  const std::vector<std::string>& archs = type.supported_architectures;
  if (archs.empty() || std::find(archs.begin(), archs.end(), "x86_64") != archs.end()) {
    return "x86_64";
  }
  return archs.front();
}

std::vector<std::string> SimilarInstanceTypes(const market::InstanceTypeCatalog& catalog,
                                              std::string_view type, size_t limit) {
  std::vector<std::string> similar;
  std::string_view family = type.substr(0, type.find('.'));
  Result<std::vector<market::InstanceTypeInfo>> members = catalog.Family(family);
  if (members.ok()) {
    auto self = std::find_if(members->begin(), members->end(),
                             [&](const market::InstanceTypeInfo& t) { return t.name == type; });
    if (self != members->end()) {
      if (self + 1 != members->end()) similar.push_back((self + 1)->name);
      if (self != members->begin()) similar.push_back((self - 1)->name);
    }
  }
  Result<market::InstanceTypeInfo> info = catalog.Find(type);
  Result<std::vector<market::InstanceTypeInfo>> all = catalog.All();
  if (info.ok() && all.ok()) {
    for (const market::InstanceTypeInfo& t : *all) {
      if (similar.size() >= limit) break;
      if (t.family == info->family || t.family.empty() || t.family[0] != info->family[0]) continue;
      if (t.vcpu == info->vcpu && t.memory_mib == info->memory_mib &&
          t.architecture == info->architecture && t.has_gpu() == info->has_gpu()) {
        similar.push_back(t.name);
      }
    }
  }
  if (similar.size() > limit) similar.resize(limit);
  return similar;
}

}  // namespace spotrun
