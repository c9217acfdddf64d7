// Ec2Client: DescribeRegions and DescribeAvailabilityZones.
#include "aws/ec2_client.h"
#include "aws/ec2_params.h"
#include "aws/ec2_xml.h"

namespace spotrun {
namespace {

Region ParseRegion(pugi::xml_node item) {
  Region r;
  r.region_name = ChildText(item, "regionName");
  r.endpoint = ChildText(item, "regionEndpoint");
  r.opt_in_status = ChildText(item, "optInStatus");
  return r;
}

AvailabilityZone ParseZone(pugi::xml_node item) {
  AvailabilityZone z;
  z.zone_name = ChildText(item, "zoneName");
  z.zone_id = ChildText(item, "zoneId");
  z.state = ChildText(item, "zoneState");
  z.region_name = ChildText(item, "regionName");
  z.zone_type = ChildText(item, "zoneType");
  z.opt_in_status = ChildText(item, "optInStatus");
  return z;
}

}  // namespace

Result<std::vector<Region>> Ec2Client::DescribeRegions(const DescribeRegionsRequest& request) {
  QueryParams params;
  params.SetList("RegionName", request.region_names);
  AddFilters(params, request.filters);
  SetOptional(params, "AllRegions", request.all_regions);
  SetDryRun(params, request.dry_run);
  return CallEc2(transport_, "DescribeRegions", params, [](pugi::xml_node root) {
    return ParseItems(root.child("regionInfo"), ParseRegion);
  });
}

Result<std::vector<AvailabilityZone>> Ec2Client::DescribeAvailabilityZones(
    const DescribeAvailabilityZonesRequest& request) {
  QueryParams params;
  params.SetList("ZoneName", request.zone_names);
  params.SetList("ZoneId", request.zone_ids);
  AddFilters(params, request.filters);
  SetOptional(params, "AllAvailabilityZones", request.all_availability_zones);
  SetDryRun(params, request.dry_run);
  return CallEc2(transport_, "DescribeAvailabilityZones", params, [](pugi::xml_node root) {
    return ParseItems(root.child("availabilityZoneInfo"), ParseZone);
  });
}

}  // namespace spotrun
