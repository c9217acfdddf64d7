#include "cloud/machine_prices.h"

#include <charconv>
#include <cmath>
#include <set>

#include "aws/ec2_pagination.h"

namespace spotrun {
namespace {

constexpr int kMaxPages = 20;

}  // namespace

std::optional<double> ParseHourlyPrice(std::string_view text) {
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !(value >= 0) ||
      !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

std::optional<Duration> Uptime(const Machine& machine, TimePoint now) {
  const std::string& state = machine.state();
  if ((state != "running" && state != "pending") || !machine.instance.launch_time) {
    return std::nullopt;
  }
  if (*machine.instance.launch_time > now) return Duration::zero();
  return now - *machine.instance.launch_time;
}

Result<MachinePrices> MachinePrices::Fetch(Ec2Api& ec2, const market::OnDemandPrices& on_demand,
                                           std::string_view region,
                                           const std::vector<Machine>& machines, TimePoint now) {
  MachinePrices prices;
  std::set<std::string> spot_types;
  for (const Machine& m : machines) {
    const std::string& type = m.instance.instance_type;
    if (m.instance.IsSpot()) {
      spot_types.insert(type);
    } else if (!prices.on_demand_.contains(type)) {
      Result<double> price = on_demand.HourlyPrice(region, type);
      if (price.ok()) prices.on_demand_[type] = *price;
    }
  }
  if (spot_types.empty()) return prices;
  DescribeSpotPriceHistoryRequest request;
  request.filters = {{"instance-type", {spot_types.begin(), spot_types.end()}},
                     {"product-description", {"Linux/UNIX"}}};
  request.start_time = now;
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<SpotPrice> history,
                           CollectAllPages(
                               "DescribeSpotPriceHistory", request, kMaxPages,
                               [&ec2](const DescribeSpotPriceHistoryRequest& r) {
                                 return ec2.DescribeSpotPriceHistory(r);
                               },
                               &DescribeSpotPriceHistoryResponse::spot_price_history));
  // The newest record of each pool is the price in effect now.
  std::map<Pool, TimePoint> newest;
  for (const SpotPrice& record : history) {
    std::optional<double> price = ParseHourlyPrice(record.spot_price);
    if (!price) continue;
    Pool pool{record.instance_type, record.availability_zone};
    auto seen = newest.find(pool);
    if (seen != newest.end() && seen->second > record.timestamp) continue;
    newest[pool] = record.timestamp;
    prices.spot_[pool] = *price;
  }
  return prices;
}

std::optional<double> MachinePrices::HourlyPrice(const Machine& machine) const {
  const Instance& i = machine.instance;
  if (i.IsSpot()) {
    auto found = spot_.find({i.instance_type, i.availability_zone});
    if (found == spot_.end()) return std::nullopt;
    return found->second;
  }
  auto found = on_demand_.find(i.instance_type);
  if (found == on_demand_.end()) return std::nullopt;
  return found->second;
}

}  // namespace spotrun
