// Response documents of the instance and spot actions: DescribeInstances, RunInstances,
// Start/Stop/TerminateInstances, RequestSpotInstances, DescribeSpotInstanceRequests,
// CancelSpotInstanceRequests and DescribeSpotPriceHistory. Element order follows AWS's own
// documents.
#include "localcloud/ec2_response_xml.h"
#include "localcloud/ec2_response_xml_writer.h"

namespace spotrun {
namespace {

// Bytes reserved per instance / spot request: a full instance is about 2 KB of XML.
constexpr size_t kInstanceSizeHint = 2560;
constexpr size_t kSpotRequestSizeHint = 1280;

void WriteInstanceState(Ec2ResponseXmlWriter& w, std::string_view name,
                        const InstanceState& state) {
  w.Open(name);
  w.Int("code", state.code);
  w.Text("name", state.name);
  w.Close();
}

void WriteInstanceBlockDevice(Ec2ResponseXmlWriter& w, const InstanceBlockDeviceMapping& m) {
  w.Text("deviceName", m.device_name);
  w.Open("ebs");
  w.Text("volumeId", m.volume_id);
  w.TextIfSet("status", m.status);
  w.TimeIfSet("attachTime", m.attach_time);
  w.Bool("deleteOnTermination", m.delete_on_termination);
  w.Close();
}

void WriteMetadataOptions(Ec2ResponseXmlWriter& w, const InstanceMetadataOptions& o) {
  if (o.state.empty() && o.http_tokens.empty() && o.http_endpoint.empty() &&
      !o.http_put_response_hop_limit) {
    return;
  }
  w.Open("metadataOptions");
  w.TextIfSet("state", o.state);
  w.TextIfSet("httpTokens", o.http_tokens);
  w.IntIfSet("httpPutResponseHopLimit", o.http_put_response_hop_limit);
  w.TextIfSet("httpEndpoint", o.http_endpoint);
  w.Close();
}

// One instancesSet item. `launch_index` is its position in the reservation (amiLaunchIndex).
void WriteInstance(Ec2ResponseXmlWriter& w, const Instance& i, int launch_index) {
  w.Text("instanceId", i.instance_id);
  w.Text("imageId", i.image_id);
  WriteInstanceState(w, "instanceState", i.state);
  w.Text("privateDnsName", i.private_dns_name);
  w.Text("dnsName", i.public_dns_name);
  w.Text("reason", i.state_transition_reason);
  w.TextIfSet("keyName", i.key_name);
  w.Int("amiLaunchIndex", launch_index);
  w.Empty("productCodes");
  w.Text("instanceType", i.instance_type);
  w.TimeIfSet("launchTime", i.launch_time);
  w.Open("placement");
  w.Text("availabilityZone", i.availability_zone);
  w.Empty("groupName");
  w.Text("tenancy", "default");
  w.Close();
  w.Open("monitoring");
  w.Text("state", "disabled");
  w.Close();
  w.TextIfSet("subnetId", i.subnet_id);
  w.TextIfSet("vpcId", i.vpc_id);
  w.TextIfSet("privateIpAddress", i.private_ip_address);
  w.TextIfSet("ipAddress", i.public_ip_address);
  WriteGroupSet(w, i.security_groups);
  WriteStateReason(w, "stateReason", i.state_reason);
  w.TextIfSet("architecture", i.architecture);
  w.TextIfSet("rootDeviceType", i.root_device_type);
  w.TextIfSet("rootDeviceName", i.root_device_name);
  w.List("blockDeviceMapping", i.block_device_mappings,
         [&w](const InstanceBlockDeviceMapping& m) { WriteInstanceBlockDevice(w, m); });
  w.TextIfSet("instanceLifecycle", i.instance_lifecycle);
  w.TextIfSet("spotInstanceRequestId", i.spot_instance_request_id);
  w.TextIfSet("clientToken", i.client_token);
  WriteTagSet(w, i.tags);
  if (i.iam_instance_profile) {
    w.Open("iamInstanceProfile");
    w.Text("arn", i.iam_instance_profile->arn);
    w.Text("id", i.iam_instance_profile->id);
    w.Close();
  }
  WriteMetadataOptions(w, i.metadata_options);
  w.TextIfSet("platformDetails", i.platform_details);
}

// A Reservation's members: a reservationSet item, or RunInstances' whole answer.
void WriteReservation(Ec2ResponseXmlWriter& w, const Reservation& r) {
  w.Text("reservationId", r.reservation_id);
  w.Text("ownerId", r.owner_id);
  w.TextIfSet("requesterId", r.requester_id);
  w.Empty("groupSet");  // EC2-Classic's reservation groups: always empty in a VPC
  int launch_index = 0;
  w.List("instancesSet", r.instances,
         [&](const Instance& instance) { WriteInstance(w, instance, launch_index++); });
}

std::string WriteStateChanges(std::string_view action, std::string_view request_id,
                              const std::vector<InstanceStateChange>& changes) {
  Ec2ResponseXmlWriter w(action, request_id, 160 * changes.size());
  w.List("instancesSet", changes, [&w](const InstanceStateChange& c) {
    w.Text("instanceId", c.instance_id);
    WriteInstanceState(w, "currentState", c.current_state);
    WriteInstanceState(w, "previousState", c.previous_state);
  });
  return std::move(w).Finish();
}

void WriteLaunchSpecification(Ec2ResponseXmlWriter& w, const SpotLaunchSpecification& s) {
  w.Open("launchSpecification");
  w.Text("imageId", s.image_id);
  w.TextIfSet("keyName", s.key_name);
  WriteGroupSet(w, s.security_groups);
  w.Text("instanceType", s.instance_type);
  if (!s.availability_zone.empty()) {
    w.Open("placement");
    w.Text("availabilityZone", s.availability_zone);
    w.Close();
  }
  w.TextIfSet("subnetId", s.subnet_id);
  w.Empty("blockDeviceMapping");
  w.Open("monitoring");
  w.Bool("enabled", false);
  w.Close();
  w.Close();
}

void WriteSpotInstanceRequest(Ec2ResponseXmlWriter& w, const SpotInstanceRequest& r) {
  w.Text("spotInstanceRequestId", r.spot_instance_request_id);
  w.TextIfSet("spotPrice", r.spot_price);
  w.TextIfSet("type", r.type);
  w.Text("state", r.state);
  WriteStateReason(w, "fault", r.fault);
  w.Open("status");
  w.Text("code", r.status.code);
  w.TimeIfSet("updateTime", r.status.update_time);
  w.Text("message", r.status.message);
  w.Close();
  WriteLaunchSpecification(w, r.launch_specification);
  w.TextIfSet("instanceId", r.instance_id);
  w.TimeIfSet("createTime", r.create_time);
  w.TextIfSet("productDescription", r.product_description);
  w.TimeIfSet("validUntil", r.valid_until);
  w.TextIfSet("launchedAvailabilityZone", r.launched_availability_zone);
  w.TextIfSet("instanceInterruptionBehavior", r.instance_interruption_behavior);
  WriteTagSet(w, r.tags);
}

void WriteSpotInstanceRequestSet(Ec2ResponseXmlWriter& w,
                                 const std::vector<SpotInstanceRequest>& requests) {
  w.List("spotInstanceRequestSet", requests,
         [&w](const SpotInstanceRequest& r) { WriteSpotInstanceRequest(w, r); });
}

}  // namespace

std::string WriteDescribeInstancesResponse(std::string_view request_id,
                                           const DescribeInstancesResponse& response) {
  size_t instances = 0;
  for (const Reservation& r : response.reservations) instances += r.instances.size();
  Ec2ResponseXmlWriter w("DescribeInstances", request_id,
                         kInstanceSizeHint * instances + 256 * response.reservations.size());
  w.List("reservationSet", response.reservations,
         [&w](const Reservation& r) { WriteReservation(w, r); });
  w.TextIfSet("nextToken", response.next_token);
  return std::move(w).Finish();
}

std::string WriteRunInstancesResponse(std::string_view request_id, const Reservation& reservation) {
  Ec2ResponseXmlWriter w("RunInstances", request_id,
                         kInstanceSizeHint * reservation.instances.size());
  WriteReservation(w, reservation);
  return std::move(w).Finish();
}

std::string WriteStartInstancesResponse(std::string_view request_id,
                                        const std::vector<InstanceStateChange>& changes) {
  return WriteStateChanges("StartInstances", request_id, changes);
}

std::string WriteStopInstancesResponse(std::string_view request_id,
                                       const std::vector<InstanceStateChange>& changes) {
  return WriteStateChanges("StopInstances", request_id, changes);
}

std::string WriteTerminateInstancesResponse(std::string_view request_id,
                                            const std::vector<InstanceStateChange>& changes) {
  return WriteStateChanges("TerminateInstances", request_id, changes);
}

std::string WriteRequestSpotInstancesResponse(std::string_view request_id,
                                              const std::vector<SpotInstanceRequest>& requests) {
  Ec2ResponseXmlWriter w("RequestSpotInstances", request_id,
                         kSpotRequestSizeHint * requests.size());
  WriteSpotInstanceRequestSet(w, requests);
  return std::move(w).Finish();
}

std::string WriteDescribeSpotInstanceRequestsResponse(
    std::string_view request_id, const DescribeSpotInstanceRequestsResponse& response) {
  Ec2ResponseXmlWriter w("DescribeSpotInstanceRequests", request_id,
                         kSpotRequestSizeHint * response.spot_instance_requests.size());
  WriteSpotInstanceRequestSet(w, response.spot_instance_requests);
  w.TextIfSet("nextToken", response.next_token);
  return std::move(w).Finish();
}

std::string WriteCancelSpotInstanceRequestsResponse(
    std::string_view request_id, const std::vector<CancelledSpotInstanceRequest>& cancelled) {
  Ec2ResponseXmlWriter w("CancelSpotInstanceRequests", request_id, 128 * cancelled.size());
  w.List("spotInstanceRequestSet", cancelled, [&w](const CancelledSpotInstanceRequest& c) {
    w.Text("spotInstanceRequestId", c.spot_instance_request_id);
    w.Text("state", c.state);
  });
  return std::move(w).Finish();
}

std::string WriteDescribeSpotPriceHistoryResponse(
    std::string_view request_id, const DescribeSpotPriceHistoryResponse& response) {
  Ec2ResponseXmlWriter w("DescribeSpotPriceHistory", request_id,
                         256 * response.spot_price_history.size());
  w.List("spotPriceHistorySet", response.spot_price_history, [&w](const SpotPrice& p) {
    w.Text("instanceType", p.instance_type);
    w.Text("productDescription", p.product_description);
    w.Text("spotPrice", p.spot_price);
    w.Time("timestamp", p.timestamp);
    w.Text("availabilityZone", p.availability_zone);
  });
  w.TextIfSet("nextToken", response.next_token);
  return std::move(w).Finish();
}

}  // namespace spotrun
