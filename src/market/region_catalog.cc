#include "market/region_catalog.h"

#include <algorithm>
#include <cctype>
#include <tuple>

#include "market/nearest_names.h"
#include "market/tsv_text.h"

namespace spotrun::market {
namespace {

constexpr std::string_view kRegionsFile = "regions.tsv";
constexpr std::string_view kZonesFile = "availability-zones.tsv";

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

RegionCatalog::RegionCatalog(DataSet data)
    : tables_([data = std::move(data)] { return Load(data); }) {}

Result<RegionCatalog::Tables> RegionCatalog::Load(const DataSet& data) {
  Tables tables;
  SPOTRUN_ASSIGN_OR_RETURN(std::string_view regions, data.File(kRegionsFile));
  for (std::string_view row : BodyLines(regions)) {
    std::vector<std::string_view> f = SplitFields(row);
    if (f.size() != 3 || f[0].empty()) return BadRow(kRegionsFile, row, "expected 3 fields");
    tables.regions.push_back({std::string(f[0]), std::string(f[1]), std::string(f[2])});
  }
  SPOTRUN_ASSIGN_OR_RETURN(std::string_view zones, data.File(kZonesFile));
  for (std::string_view row : BodyLines(zones)) {
    std::vector<std::string_view> f = SplitFields(row);
    if (f.size() != 4 || f[1].empty() || f[2].empty()) {
      return BadRow(kZonesFile, row, "expected 4 fields");
    }
    tables.zones.push_back({std::string(f[0]), std::string(f[1]), std::string(f[2])});
  }
  return tables;
}

Result<std::vector<Region>> RegionCatalog::Regions() const {
  const Result<Tables>& tables = tables_.Get();
  if (!tables.ok()) return tables.status();
  return tables->regions;
}

Result<Region> RegionCatalog::FindRegion(std::string_view code) const {
  const Result<Tables>& tables = tables_.Get();
  if (!tables.ok()) return tables.status();
  std::vector<std::string_view> codes;
  for (const Region& region : tables->regions) {
    if (region.code == code) return region;
    codes.push_back(region.code);
  }
  std::vector<std::string> near = NearestNames(code, codes, 1);
  return Status::NotFound(
      "unknown region " + std::string(code),
      near.empty() ? "list the regions with `spotrun region`" : "did you mean " + near[0] + "?");
}

Result<std::vector<Region>> RegionCatalog::FindRegions(std::string_view text) const {
  const Result<Tables>& tables = tables_.Get();
  if (!tables.ok()) return tables.status();
  const std::string needle = Lower(text);
  std::vector<Region> found;
  for (const Region& region : tables->regions) {
    if (Lower(region.code).find(needle) != std::string::npos ||
        Lower(region.name).find(needle) != std::string::npos) {
      found.push_back(region);
    }
  }
  auto rank = [&](const Region& r) {
    return std::make_tuple(Lower(r.code) != needle, r.partition != "aws", r.code);
  };
  std::sort(found.begin(), found.end(),
            [&](const Region& a, const Region& b) { return rank(a) < rank(b); });
  return found;
}

Result<std::vector<AvailabilityZone>> RegionCatalog::Zones(std::string_view region) const {
  const Result<Tables>& tables = tables_.Get();
  if (!tables.ok()) return tables.status();
  std::vector<AvailabilityZone> zones;
  for (const AvailabilityZone& zone : tables->zones) {
    if (zone.region == region) zones.push_back(zone);
  }
  if (zones.empty()) {
    std::string with_zones;
    for (const AvailabilityZone& zone : tables->zones) {
      if (with_zones.find(zone.region) == std::string::npos) {
        with_zones += (with_zones.empty() ? "" : ", ") + zone.region;
      }
    }
    return Status::NotFound("no availability zones known for region " + std::string(region),
                            "zones are known for " + with_zones);
  }
  return zones;
}

Result<AvailabilityZone> RegionCatalog::FindZone(std::string_view name_or_id) const {
  const Result<Tables>& tables = tables_.Get();
  if (!tables.ok()) return tables.status();
  std::vector<std::string_view> names;
  for (const AvailabilityZone& zone : tables->zones) {
    if (zone.name == name_or_id || zone.id == name_or_id) return zone;
    names.push_back(zone.name);
  }
  std::vector<std::string> near = NearestNames(name_or_id, names, 1);
  return Status::NotFound("unknown availability zone " + std::string(name_or_id),
                          near.empty() ? "zone names look like us-east-1a, zone IDs like use1-az1"
                                       : "did you mean " + near[0] + "?");
}

}  // namespace spotrun::market
