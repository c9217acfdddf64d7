#include "cloud/machine_actions.h"

#include <fmt/format.h>

#include <algorithm>

namespace spotrun {
namespace {

std::vector<std::string> IdsOf(const std::vector<Machine>& machines) {
  std::vector<std::string> ids;
  for (const Machine& m : machines) ids.push_back(m.id());
  return ids;
}

const Machine* MachineWithRequest(const std::vector<Machine>& machines, const std::string& sir) {
  for (const Machine& m : machines) {
    if (m.instance.spot_instance_request_id == sir) return &m;
  }
  return nullptr;
}

bool StillOpen(const SpotInstanceRequest& r) {
  return r.state == "open" || r.state == "active" || r.state == "disabled";
}

}  // namespace

Result<std::vector<SpotInstanceRequest>> SpotRequestsOf(Ec2Api& ec2,
                                                        const std::vector<Machine>& machines) {
  DescribeSpotInstanceRequestsRequest request;
  std::vector<std::string> ids;
  for (const Machine& m : machines) {
    if (m.instance.IsSpot() && !m.instance.spot_instance_request_id.empty()) {
      ids.push_back(m.instance.spot_instance_request_id);
    }
  }
  if (ids.empty()) return std::vector<SpotInstanceRequest>{};
  // A filter, not SpotInstanceRequestId.N: a request EC2 has forgotten is no error then.
  request.filters = {{"spot-instance-request-id", ids}};
  SPOTRUN_ASSIGN_OR_RETURN(DescribeSpotInstanceRequestsResponse response,
                           ec2.DescribeSpotInstanceRequests(request));
  return std::move(response.spot_instance_requests);
}

Result<std::vector<InstanceStateChange>> StartMachines(Ec2Api& ec2,
                                                       const std::vector<Machine>& machines) {
  return ec2.StartInstances({.instance_ids = IdsOf(machines)});
}

Result<std::vector<InstanceStateChange>> StopMachines(Ec2Api& ec2,
                                                      const std::vector<Machine>& machines) {
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<SpotInstanceRequest> requests,
                           SpotRequestsOf(ec2, machines));
  for (const SpotInstanceRequest& r : requests) {
    if (r.type == "persistent") continue;
    const Machine* m = MachineWithRequest(machines, r.spot_instance_request_id);
    return Status::FailedPrecondition(
        fmt::format("{} is a spot machine of a one-time request ({}), and EC2 stops only spot "
                    "machines of persistent requests",
                    m ? m->label() : r.instance_id, r.spot_instance_request_id),
        "terminate it instead (`spotrun terminate`), or launch with --persistent "
        "--interruption stop to get a spot machine you can stop and start");
  }
  return ec2.StopInstances({.instance_ids = IdsOf(machines)});
}

Status RebootMachines(Ec2Api& ec2, const std::vector<Machine>& machines) {
  for (const Machine& m : machines) {
    if (m.state() != "running") {
      return Status::FailedPrecondition(
          fmt::format("{} is {}; only a running machine can be rebooted", m.label(), m.state()),
          m.state() == "stopped" ? fmt::format("start it: spotrun start {}", m.label())
                                 : std::string("wait until it is running (`spotrun ls`)"));
    }
  }
  return ec2.RebootInstances({.instance_ids = IdsOf(machines)});
}

Result<Termination> TerminateMachines(Ec2Api& ec2, const std::vector<Machine>& machines) {
  Termination termination;
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<SpotInstanceRequest> requests,
                           SpotRequestsOf(ec2, machines));
  for (const SpotInstanceRequest& r : requests) {
    if (r.type == "persistent" && StillOpen(r)) {
      termination.cancelled_requests.push_back(r.spot_instance_request_id);
    }
  }
  if (!termination.cancelled_requests.empty()) {
    SPOTRUN_RETURN_IF_ERROR(ec2.CancelSpotInstanceRequests(
                                   {.spot_instance_request_ids = termination.cancelled_requests})
                                .status());
  }
  SPOTRUN_ASSIGN_OR_RETURN(termination.changes,
                           ec2.TerminateInstances({.instance_ids = IdsOf(machines)}));
  return termination;
}

Status CheckInstanceType(const market::InstanceTypeCatalog& catalog, std::string_view type) {
  if (catalog.Find(type).ok()) return Status::Ok();
  Result<std::vector<std::string>> nearest = catalog.NearestTypes(type, 3);
  std::string hint = nearest.ok() && !nearest->empty()
                         ? fmt::format(
                               "did you mean {}? `spotrun prices FAMILY` lists a "
                               "family's types",
                               fmt::join(*nearest, ", "))
                         : std::string("`spotrun prices FAMILY` lists a family's types");
  return Status::NotFound(fmt::format("unknown instance type '{}'", type), hint);
}

Status ChangeInstanceType(Ec2Api& ec2, const market::InstanceTypeCatalog& catalog,
                          const Machine& machine, std::string_view type) {
  SPOTRUN_RETURN_IF_ERROR(CheckInstanceType(catalog, type));
  if (machine.state() != "stopped") {
    return Status::FailedPrecondition(
        fmt::format("{} is {}; EC2 changes the type of a stopped machine only", machine.label(),
                    machine.state()),
        fmt::format("pass --restart to stop it, change the type and start it again: spotrun "
                    "change-type {} {} --restart",
                    machine.label(), type));
  }
  return ec2.ModifyInstanceAttribute(
      {.instance_id = machine.id(), .instance_type = std::string(type)});
}

}  // namespace spotrun
