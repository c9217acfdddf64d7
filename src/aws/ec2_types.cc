#include "aws/ec2_types.h"

#include <algorithm>

namespace spotrun {

std::optional<std::string> FindTag(const std::vector<Tag>& tags, std::string_view key) {
  for (const Tag& tag : tags) {
    if (tag.key == key) return tag.value;
  }
  return std::nullopt;
}

std::vector<Instance> InstancesOf(const std::vector<Reservation>& reservations) {
  std::vector<Instance> out;
  for (const Reservation& r : reservations) {
    out.insert(out.end(), r.instances.begin(), r.instances.end());
  }
  return out;
}

int InstanceTypeInfo::GpuCount() const {
  int n = 0;
  for (const GpuDeviceInfo& gpu : gpus) n += gpu.count;
  return n;
}

bool InstanceTypeInfo::SupportsSpot() const {
  return std::find(supported_usage_classes.begin(), supported_usage_classes.end(), "spot") !=
         supported_usage_classes.end();
}

}  // namespace spotrun
