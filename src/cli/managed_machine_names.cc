#include "cli/managed_machine_names.h"

#include <algorithm>

#include "aws/ec2_pagination.h"

namespace spotrun {
namespace {

// Completion wants an answer now; a bigger fleet than this is listed in part.
constexpr int kMaxPages = 5;

}  // namespace

Result<std::vector<std::string>> ManagedMachineNames(Ec2Api& ec2) {
  DescribeInstancesRequest request;
  request.filters = {{"tag-key", {std::string(kManagedTag)}},
                     {"instance-state-name", {"pending", "running", "stopping", "stopped"}}};
  request.max_results = 1000;
  SPOTRUN_ASSIGN_OR_RETURN(
      std::vector<Reservation> reservations,
      CollectAllPages(
          "DescribeInstances", request, kMaxPages,
          [&ec2](const DescribeInstancesRequest& r) { return ec2.DescribeInstances(r); },
          &DescribeInstancesResponse::reservations));
  std::vector<std::string> names;
  for (const Instance& instance : InstancesOf(reservations)) {
    for (const Tag& tag : instance.tags) {
      // A name with a line break would split into two completions: leave it out.
      if (tag.key == "Name" && !tag.value.empty() &&
          tag.value.find_first_of("\r\n") == std::string::npos) {
        names.push_back(tag.value);
      }
    }
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

}  // namespace spotrun
