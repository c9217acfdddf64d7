// Ec2Model's catalog, read from the market data: regions, the model's zones, instance types
// and where each type is offered.
//
// Offerings rule: a type is offered in a zone of the model's region when the market can price
// it there — it has an on-demand price in the region, or a recorded spot price series for
// that zone. (A modelled spot series needs the on-demand price too, so this is exactly "an
// on-demand price or a spot series".) A type is offered in the region when some zone offers
// it. The table is computed once, on first use.
#include <algorithm>
#include <set>
#include <string>

#include "localcloud/ec2_error.h"
#include "localcloud/ec2_filters.h"
#include "localcloud/ec2_model.h"
#include "localcloud/ec2_pages.h"

namespace spotrun {
namespace {

constexpr PageLimits kInstanceTypePageLimits{5, 100};

// Regions that an account must opt in to (AWS's list); the others need no opt-in.
constexpr std::string_view kOptInRegions[] = {
    "af-south-1",     "ap-east-1",      "ap-east-2",      "ap-south-2",
    "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-7",
    "ca-west-1",      "eu-central-2",   "eu-south-1",     "eu-south-2",
    "il-central-1",   "me-central-1",   "me-south-1",     "mx-central-1",
};

// Families AWS lists as previous generation.
constexpr std::string_view kPreviousGenerationFamilies[] = {
    "c1", "c3", "cc2", "cr1", "g2", "hi1", "hs1", "i2", "m1", "m2", "m3", "r3", "t1",
};

std::vector<std::string> One(std::string value) { return {std::move(value)}; }
std::string Bool(bool value) { return value ? "true" : "false"; }

bool IsOptIn(std::string_view region) {
  return std::find(std::begin(kOptInRegions), std::end(kOptInRegions), region) !=
         std::end(kOptInRegions);
}

// The API's InstanceTypeInfo from the market's catalog row.
InstanceTypeInfo ToApi(const market::InstanceTypeInfo& type) {
  InstanceTypeInfo info;
  info.instance_type = type.name;
  info.default_vcpus = type.vcpu;
  // Graviton (arm64) runs one thread per core; x86 types run two (the data has no core
  // counts, so this is derived, not recorded).
  const bool arm = type.architecture == market::Architecture::kArm64;
  info.default_cores = arm ? type.vcpu : std::max(1, type.vcpu / 2);
  info.memory_mib = type.memory_mib;
  if (type.has_gpu()) {
    const int count = type.gpu_count.value_or(0);
    info.gpus.push_back({type.gpu_name, type.gpu_manufacturer, count,
                         count > 0 ? static_cast<int>(type.gpu_memory_mib / count) : 0});
    info.total_gpu_memory_mib = static_cast<int>(type.gpu_memory_mib);
  }
  if (type.architecture != market::Architecture::kUnknown) {
    info.supported_architectures.push_back(std::string(ArchitectureName(type.architecture)));
  }
  info.supported_usage_classes = {"on-demand", "spot"};
  info.current_generation =
      std::find(std::begin(kPreviousGenerationFamilies), std::end(kPreviousGenerationFamilies),
                type.family) == std::end(kPreviousGenerationFamilies);
  info.bare_metal = type.name.find("metal") != std::string::npos;
  info.burstable_performance_supported = type.family.starts_with("t");
  return info;
}

}  // namespace

Result<std::vector<Region>> Ec2Model::DescribeRegions(const DescribeRegionsRequest& request) {
  std::lock_guard lock(mu_);
  TickLocked();
  SPOTRUN_RETURN_IF_ERROR(
      ValidateFilters(request.filters, {"region-name", "endpoint", "opt-in-status"}));
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<market::Region> known, deps_.market.regions().Regions());
  std::erase_if(known, [](const market::Region& r) { return r.partition != "aws"; });
  for (const std::string& name : request.region_names) {
    const bool found = std::any_of(known.begin(), known.end(),
                                   [&](const market::Region& r) { return r.code == name; });
    if (!found) return Ec2Error("InvalidParameterValue", "Invalid region: " + name);
  }
  if (request.dry_run) return DryRunSucceeded();
  std::vector<Region> regions;
  for (const market::Region& r : known) {
    // This account has opted in to every opt-in region.
    Region region{r.code, "ec2." + r.code + ".amazonaws.com",
                  IsOptIn(r.code) ? "opted-in" : "opt-in-not-required"};
    if (!Selected(request.region_names, region.region_name)) continue;
    const bool match = MatchesFilters(request.filters, {}, [&](std::string_view name) {
      if (name == "region-name") return One(region.region_name);
      if (name == "endpoint") return One(region.endpoint);
      return One(region.opt_in_status);
    });
    if (match) regions.push_back(std::move(region));
  }
  return regions;
}

Result<std::vector<AvailabilityZone>> Ec2Model::DescribeAvailabilityZones(
    const DescribeAvailabilityZonesRequest& request) {
  std::lock_guard lock(mu_);
  TickLocked();
  SPOTRUN_RETURN_IF_ERROR(ValidateFilters(
      request.filters,
      {"zone-name", "zone-id", "state", "region-name", "zone-type", "opt-in-status"}));
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<market::AvailabilityZone> known,
                           deps_.market.regions().Zones(state_.region));
  auto known_zone = [&](auto field, const std::string& value) {
    return std::any_of(known.begin(), known.end(),
                       [&](const market::AvailabilityZone& z) { return z.*field == value; });
  };
  for (const std::string& name : request.zone_names) {
    if (!known_zone(&market::AvailabilityZone::name, name)) {
      return Ec2Error("InvalidParameterValue",
                      "The zone '" + name + "' does not exist in region " + state_.region);
    }
  }
  for (const std::string& id : request.zone_ids) {
    if (!known_zone(&market::AvailabilityZone::id, id)) {
      return Ec2Error("InvalidParameterValue",
                      "The zone ID '" + id + "' does not exist in region " + state_.region);
    }
  }
  if (request.dry_run) return DryRunSucceeded();
  std::vector<AvailabilityZone> zones;
  for (const market::AvailabilityZone& z : known) {
    AvailabilityZone zone{
        z.name, z.id, "available", state_.region, "availability-zone", "opt-in-not-required"};
    const bool selected = (request.zone_names.empty() && request.zone_ids.empty()) ||
                          (!request.zone_names.empty() && Selected(request.zone_names, z.name)) ||
                          (!request.zone_ids.empty() && Selected(request.zone_ids, z.id));
    if (!selected) continue;
    const bool match = MatchesFilters(request.filters, {}, [&](std::string_view name) {
      if (name == "zone-name") return One(zone.zone_name);
      if (name == "zone-id") return One(zone.zone_id);
      if (name == "state") return One(zone.state);
      if (name == "region-name") return One(zone.region_name);
      if (name == "zone-type") return One(zone.zone_type);
      return One(zone.opt_in_status);
    });
    if (match) zones.push_back(std::move(zone));
  }
  return zones;
}

Result<DescribeInstanceTypesResponse> Ec2Model::DescribeInstanceTypes(
    const DescribeInstanceTypesRequest& request) {
  std::lock_guard lock(mu_);
  TickLocked();
  SPOTRUN_RETURN_IF_ERROR(ValidateFilters(
      request.filters,
      {"instance-type", "vcpu-info.default-vcpus", "vcpu-info.default-cores",
       "memory-info.size-in-mib", "processor-info.supported-architecture", "current-generation",
       "bare-metal", "burstable-performance-supported", "supported-usage-class",
       "gpu-info.gpus.manufacturer", "gpu-info.gpus.name", "gpu-info.gpus.count"}));
  std::vector<std::string> unknown;
  for (const std::string& name : request.instance_types) {
    if (!deps_.market.instance_types().Find(name).ok()) unknown.push_back(name);
  }
  if (!unknown.empty()) {
    std::string list;
    for (const std::string& name : unknown) list += (list.empty() ? "" : ", ") + name;
    return Ec2Error("InvalidInstanceType",
                    "The following supplied instance types do not exist: [" + list + "]");
  }
  if (request.dry_run) return DryRunSucceeded();
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<market::InstanceTypeInfo> all,
                           deps_.market.instance_types().All());
  std::vector<InstanceTypeInfo> types;
  for (const market::InstanceTypeInfo& row : all) {
    if (!Selected(request.instance_types, row.name)) continue;
    InstanceTypeInfo info = ToApi(row);
    const bool match = MatchesFilters(request.filters, {}, [&](std::string_view name) {
      if (name == "instance-type") return One(info.instance_type);
      if (name == "vcpu-info.default-vcpus") return One(std::to_string(info.default_vcpus));
      if (name == "vcpu-info.default-cores") return One(std::to_string(info.default_cores));
      if (name == "memory-info.size-in-mib") return One(std::to_string(info.memory_mib));
      if (name == "processor-info.supported-architecture") return info.supported_architectures;
      if (name == "current-generation") return One(Bool(info.current_generation));
      if (name == "bare-metal") return One(Bool(info.bare_metal));
      if (name == "burstable-performance-supported") {
        return One(Bool(info.burstable_performance_supported));
      }
      if (name == "supported-usage-class") return info.supported_usage_classes;
      std::vector<std::string> values;  // gpu-info.gpus.*
      for (const GpuDeviceInfo& gpu : info.gpus) {
        if (name == "gpu-info.gpus.manufacturer") values.push_back(gpu.manufacturer);
        if (name == "gpu-info.gpus.name") values.push_back(gpu.name);
        if (name == "gpu-info.gpus.count") values.push_back(std::to_string(gpu.count));
      }
      return values;
    });
    if (match) types.push_back(std::move(info));
  }
  SPOTRUN_ASSIGN_OR_RETURN(
      auto page, Paginate(
                     std::move(types), [](const InstanceTypeInfo& t) { return t.instance_type; },
                     request.max_results, request.next_token, kInstanceTypePageLimits));
  return DescribeInstanceTypesResponse{std::move(page.first), std::move(page.second)};
}

const std::map<std::string, std::vector<std::string>>& Ec2Model::OfferedTypesLocked() {
  if (offered_types_) return *offered_types_;
  std::map<std::string, std::vector<std::string>> offered;
  Result<std::vector<market::AvailabilityZone>> zones = deps_.market.regions().Zones(state_.region);
  Result<std::vector<market::InstanceTypeInfo>> types = deps_.market.instance_types().All();
  if (zones.ok() && types.ok()) {
    for (const market::InstanceTypeInfo& type : *types) {
      const bool priced = deps_.market.on_demand().HourlyPrice(state_.region, type.name).ok();
      Result<std::shared_ptr<const market::RecordedSpotPrices::SeriesByZone>> recorded =
          deps_.market.recorded().ForType(type.name);
      for (const market::AvailabilityZone& zone : *zones) {
        const bool has_series = recorded.ok() && *recorded && (*recorded)->contains(zone.id);
        if (priced || has_series) offered[zone.name].push_back(type.name);
      }
    }
  }
  offered_types_ = std::move(offered);
  return *offered_types_;
}

Result<DescribeInstanceTypeOfferingsResponse> Ec2Model::DescribeInstanceTypeOfferings(
    const DescribeInstanceTypeOfferingsRequest& request) {
  std::lock_guard lock(mu_);
  TickLocked();
  const std::string location_type = request.location_type.value_or("region");
  if (location_type != "region" && location_type != "availability-zone" &&
      location_type != "availability-zone-id") {
    return Ec2Error("InvalidParameterValue",
                    "Value (" + location_type +
                        ") for parameter locationType is invalid. Valid values: region, "
                        "availability-zone, availability-zone-id");
  }
  SPOTRUN_RETURN_IF_ERROR(ValidateFilters(request.filters, {"instance-type", "location"}));
  if (request.dry_run) return DryRunSucceeded();
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<market::AvailabilityZone> zones,
                           deps_.market.regions().Zones(state_.region));
  const auto& offered = OfferedTypesLocked();
  std::vector<InstanceTypeOffering> offerings;
  if (location_type == "region") {
    std::set<std::string> in_region;
    for (const auto& [zone, types] : offered) in_region.insert(types.begin(), types.end());
    for (const std::string& type : in_region) {
      offerings.push_back({type, location_type, state_.region});
    }
  } else {
    for (const market::AvailabilityZone& zone : zones) {
      auto it = offered.find(zone.name);
      if (it == offered.end()) continue;
      const std::string location = location_type == "availability-zone" ? zone.name : zone.id;
      for (const std::string& type : it->second) {
        offerings.push_back({type, location_type, location});
      }
    }
  }
  std::erase_if(offerings, [&](const InstanceTypeOffering& o) {
    return !MatchesFilters(request.filters, {}, [&](std::string_view name) {
      return One(name == "instance-type" ? o.instance_type : o.location);
    });
  });
  // Page keys "LOCATION\tTYPE", in order.
  auto key_of = [](const InstanceTypeOffering& o) { return o.location + '\t' + o.instance_type; };
  std::sort(offerings.begin(), offerings.end(),
            [&](const auto& a, const auto& b) { return key_of(a) < key_of(b); });
  SPOTRUN_ASSIGN_OR_RETURN(
      auto page, Paginate(std::move(offerings), key_of, request.max_results, request.next_token));
  return DescribeInstanceTypeOfferingsResponse{std::move(page.first), std::move(page.second)};
}

}  // namespace spotrun
