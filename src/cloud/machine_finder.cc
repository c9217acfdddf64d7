#include "cloud/machine_finder.h"

#include <fmt/format.h>

#include <algorithm>

#include "aws/ec2_pagination.h"
#include "cloud/managed_tags.h"
#include "market/nearest_names.h"

namespace spotrun {
namespace {

constexpr int kMaxPages = 100;  // 100,000 machines
constexpr size_t kMinPrefix = 4;

bool IsInstanceId(std::string_view s) {
  if (!s.starts_with("i-") || (s.size() != 10 && s.size() != 19)) return false;
  return std::all_of(s.begin() + 2, s.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string Ids(const std::vector<const Machine*>& machines) {
  std::string ids;
  for (const Machine* m : machines) ids += (ids.empty() ? "" : ", ") + m->id();
  return ids;
}

}  // namespace

Result<std::vector<Machine>> DescribeMachines(Ec2Api& ec2, DescribeInstancesRequest request) {
  if (request.instance_ids.empty()) request.max_results = 1000;
  SPOTRUN_ASSIGN_OR_RETURN(
      std::vector<Reservation> reservations,
      CollectAllPages(
          "DescribeInstances", request, kMaxPages,
          [&ec2](const DescribeInstancesRequest& r) { return ec2.DescribeInstances(r); },
          &DescribeInstancesResponse::reservations));
  return MachinesOf(reservations);
}

Result<std::vector<Machine>> ListMachines(Ec2Api& ec2, bool include_terminated) {
  DescribeInstancesRequest request;
  request.filters = {{"tag-key", {std::string(kManagedTag)}}};
  if (!include_terminated) {
    request.filters.push_back(
        {"instance-state-name", {"pending", "running", "stopping", "stopped"}});
  }
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<Machine> machines,
                           DescribeMachines(ec2, std::move(request)));
  std::stable_sort(machines.begin(), machines.end(), [](const Machine& a, const Machine& b) {
    TimePoint ta = a.instance.launch_time.value_or(TimePoint{});
    TimePoint tb = b.instance.launch_time.value_or(TimePoint{});
    return ta != tb ? ta < tb : a.id() < b.id();
  });
  return machines;
}

Result<Machine> FindMachine(Ec2Api& ec2, std::string_view what) {
  if (what.empty()) {
    return Status::InvalidArgument("no machine given", "name a machine; `spotrun ls` lists them");
  }
  if (IsInstanceId(what)) {
    DescribeInstancesRequest request;
    request.instance_ids = {std::string(what)};
    Result<std::vector<Machine>> found = DescribeMachines(ec2, std::move(request));
    if (!found.ok() && found.status().code() != "InvalidInstanceID.NotFound") {
      return found.status();
    }
    if (found.ok() && !found->empty() && !found->front().terminated()) return found->front();
    return Status::NotFound(fmt::format("no machine {} (or it is terminated)", what),
                            "`spotrun ls` lists your machines; `spotrun ls --all` also the "
                            "terminated ones");
  }
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<Machine> machines, ListMachines(ec2, false));
  std::vector<const Machine*> named, prefixed;
  std::string_view prefix = what.starts_with("i-") ? what.substr(2) : what;
  for (const Machine& m : machines) {
    if (m.name == what) named.push_back(&m);
    if (prefix.size() >= kMinPrefix && std::string_view(m.id()).substr(2).starts_with(prefix)) {
      prefixed.push_back(&m);
    }
  }
  const std::vector<const Machine*>& matches = named.empty() ? prefixed : named;
  if (matches.size() == 1) return *matches.front();
  if (matches.size() > 1) {
    return Status::FailedPrecondition(
        fmt::format("\"{}\" matches {} machines: {}", what, matches.size(), Ids(matches)),
        "name the one you mean by its instance id");
  }
  std::vector<std::string_view> names;
  for (const Machine& m : machines) {
    if (!m.name.empty()) names.push_back(m.name);
  }
  std::vector<std::string> nearest = market::NearestNames(what, names, 3);
  std::string hint = nearest.empty()
                         ? std::string("`spotrun ls` lists your machines")
                         : fmt::format("did you mean {}? `spotrun ls` lists your machines",
                                       fmt::join(nearest, ", "));
  return Status::NotFound(fmt::format("no machine named \"{}\"", what), hint);
}

Result<std::vector<Machine>> FindMachines(Ec2Api& ec2, const std::vector<std::string>& what) {
  std::vector<Machine> machines;
  for (const std::string& w : what) {
    SPOTRUN_ASSIGN_OR_RETURN(Machine m, FindMachine(ec2, w));
    machines.push_back(std::move(m));
  }
  return machines;
}

}  // namespace spotrun
