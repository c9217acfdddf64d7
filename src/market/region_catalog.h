// RegionCatalog: AWS regions with their place names (from botocore's endpoints.json) and the
// availability zones the local cloud offers in each, with the fixed zone name <-> zone ID mapping
// documented in data/README.md. Built over a DataSet; parses on first use. Thread-safe.
#ifndef SPOTRUN_MARKET_REGION_CATALOG_H_
#define SPOTRUN_MARKET_REGION_CATALOG_H_

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "market/data_set.h"
#include "market/lazy.h"

namespace spotrun::market {

struct Region {
  std::string code;       // "us-east-2"
  std::string partition;  // "aws", "aws-cn", "aws-us-gov", ...
  std::string name;       // "US East (Ohio)"; empty when no source names it
};

struct AvailabilityZone {
  std::string region;  // "us-east-1"
  std::string name;    // "us-east-1a": per account on real AWS, fixed in the local cloud
  std::string id;      // "use1-az1": the same physical zone in every account
};

class RegionCatalog {
 public:
  explicit RegionCatalog(DataSet data);

  Result<std::vector<Region>> Regions() const;
  // By exact code; kNotFound with a "did you mean" hint.
  Result<Region> FindRegion(std::string_view code) const;
  // Regions whose code or place name contains `text`, case-insensitively ("Ohio" -> us-east-2,
  // "frankfurt" -> eu-central-1). An exact code comes first, then the aws partition, then code
  // order. Empty when nothing matches.
  Result<std::vector<Region>> FindRegions(std::string_view text) const;
  // The zones of a region in name order; kNotFound when the region has none in the data.
  Result<std::vector<AvailabilityZone>> Zones(std::string_view region) const;
  // A zone by name ("us-east-1a") or ID ("use1-az1").
  Result<AvailabilityZone> FindZone(std::string_view name_or_id) const;

 private:
  struct Tables {
    std::vector<Region> regions;
    std::vector<AvailabilityZone> zones;
  };
  static Result<Tables> Load(const DataSet& data);

  Lazy<Tables> tables_;
};

}  // namespace spotrun::market

#endif  // SPOTRUN_MARKET_REGION_CATALOG_H_
