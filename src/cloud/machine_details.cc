#include "cloud/machine_details.h"

#include <algorithm>

#include "cloud/machine_actions.h"

namespace spotrun {
namespace {

const std::string& DeviceOf(const Volume& v, const std::string& instance_id) {
  for (const VolumeAttachment& a : v.attachments) {
    if (a.instance_id == instance_id) return a.device;
  }
  return v.volume_id;
}

}  // namespace

Result<MachineDetails> DescribeMachineDetails(Ec2Api& ec2, Machine machine) {
  MachineDetails details;
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<SpotInstanceRequest> requests,
                           SpotRequestsOf(ec2, {machine}));
  if (!requests.empty()) details.spot_request = std::move(requests.front());
  DescribeVolumesRequest request;
  request.filters = {{"attachment.instance-id", {machine.id()}}};
  SPOTRUN_ASSIGN_OR_RETURN(DescribeVolumesResponse volumes, ec2.DescribeVolumes(request));
  details.volumes = std::move(volumes.volumes);
  const std::string& id = machine.id();
  std::sort(details.volumes.begin(), details.volumes.end(),
            [&id](const Volume& a, const Volume& b) { return DeviceOf(a, id) < DeviceOf(b, id); });
  details.machine = std::move(machine);
  return details;
}

}  // namespace spotrun
