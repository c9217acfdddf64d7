#include "cloud/launch_zones.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>
#include <map>

#include "aws/ec2_pagination.h"
#include "cloud/machine_prices.h"

namespace spotrun {
namespace {

constexpr int kMaxPages = 20;

// The latest spot price of `type` in each zone.
Result<std::map<std::string, double>> CurrentSpotPrices(Ec2Api& ec2, std::string_view type,
                                                        TimePoint now) {
  SPOTRUN_ASSIGN_OR_RETURN(
      std::vector<SpotPrice> history,
      CollectAllPages(
          "DescribeSpotPriceHistory",
          DescribeSpotPriceHistoryRequest{.instance_types = {std::string(type)},
                                          .product_descriptions = {"Linux/UNIX"},
                                          .start_time = now},
          kMaxPages,
          [&](const DescribeSpotPriceHistoryRequest& r) { return ec2.DescribeSpotPriceHistory(r); },
          &DescribeSpotPriceHistoryResponse::spot_price_history));
  std::map<std::string, std::pair<TimePoint, double>> latest;
  for (const SpotPrice& price : history) {
    std::optional<double> value = ParseHourlyPrice(price.spot_price);
    if (!value) continue;
    auto [it, added] = latest.try_emplace(price.availability_zone, price.timestamp, *value);
    if (!added && price.timestamp > it->second.first) it->second = {price.timestamp, *value};
  }
  std::map<std::string, double> prices;
  for (const auto& [zone, entry] : latest) prices[zone] = entry.second;
  return prices;
}

}  // namespace

Result<std::vector<LaunchZone>> LaunchZones(Ec2Api& ec2, const DefaultNetwork& network,
                                            std::string_view instance_type, bool spot,
                                            std::string_view only_zone, TimePoint now) {
  if (!only_zone.empty() && network.SubnetIn(only_zone) == nullptr) {
    std::vector<std::string> zones;
    for (const Subnet& s : network.subnets) zones.push_back(s.availability_zone);
    return Status::InvalidArgument(
        fmt::format("zone {} has no default subnet in this region", only_zone),
        fmt::format("use one of {}, or leave --zone out", fmt::join(zones, ", ")));
  }
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<InstanceTypeOffering> offerings,
                           CollectAllPages(
                               "DescribeInstanceTypeOfferings",
                               DescribeInstanceTypeOfferingsRequest{
                                   .location_type = "availability-zone",
                                   .filters = {{"instance-type", {std::string(instance_type)}}}},
                               kMaxPages,
                               [&](const DescribeInstanceTypeOfferingsRequest& r) {
                                 return ec2.DescribeInstanceTypeOfferings(r);
                               },
                               &DescribeInstanceTypeOfferingsResponse::instance_type_offerings));
  std::vector<LaunchZone> zones;
  for (const Subnet& subnet : network.subnets) {
    if (!only_zone.empty() && subnet.availability_zone != only_zone) continue;
    bool offered = std::any_of(offerings.begin(), offerings.end(), [&](const auto& o) {
      return o.location == subnet.availability_zone;
    });
    if (offered) zones.push_back({subnet.availability_zone, subnet.subnet_id, std::nullopt});
  }
  if (zones.empty()) {
    return Status::FailedPrecondition(
        only_zone.empty() ? fmt::format("no zone of this region offers {}", instance_type)
                          : fmt::format("zone {} does not offer {}", only_zone, instance_type),
        only_zone.empty() ? "choose another type (`spotrun prices FAMILY`) or another region"
                          : "leave --zone out to use any zone that offers it");
  }
  if (!spot) return zones;
  SPOTRUN_ASSIGN_OR_RETURN(auto prices, CurrentSpotPrices(ec2, instance_type, now));
  for (LaunchZone& zone : zones) {
    auto price = prices.find(zone.zone);
    if (price != prices.end()) zone.spot_price = price->second;
  }
  // Cheapest first; zones without a price last, in zone order.
  std::stable_sort(zones.begin(), zones.end(), [](const LaunchZone& a, const LaunchZone& b) {
    if (a.spot_price.has_value() != b.spot_price.has_value()) return a.spot_price.has_value();
    return a.spot_price.value_or(0) < b.spot_price.value_or(0);
  });
  return zones;
}

}  // namespace spotrun
