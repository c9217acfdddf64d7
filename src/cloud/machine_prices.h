// MachinePrices: what each machine costs per hour now — the on-demand price from the market data
// for on-demand machines, the spot price in effect in the machine's (type, zone) pool for spot
// ones, fetched for all pools at once with one DescribeSpotPriceHistory call (StartTime = now).
// A value built by Fetch; borrows nothing afterwards. Thread-compatible.
#ifndef SPOTRUN_CLOUD_MACHINE_PRICES_H_
#define SPOTRUN_CLOUD_MACHINE_PRICES_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aws/ec2_api.h"
#include "base/clock.h"
#include "base/result.h"
#include "cloud/machine.h"
#include "market/on_demand_prices.h"

namespace spotrun {

class MachinePrices {
 public:
  // Asks the cloud only when some machine is spot (one call, every page of it).
  static Result<MachinePrices> Fetch(Ec2Api& ec2, const market::OnDemandPrices& on_demand,
                                     std::string_view region, const std::vector<Machine>& machines,
                                     TimePoint now);

  // USD per hour; nullopt when neither the market data nor the cloud knows a price.
  std::optional<double> HourlyPrice(const Machine& machine) const;

 private:
  using Pool = std::pair<std::string, std::string>;  // (instance type, zone)
  std::map<Pool, double> spot_;
  std::map<std::string, double> on_demand_;  // by instance type
};

// How long the machine has been up: from its launch time to `now` while it is pending or
// running, nullopt otherwise (stopped machines bill no compute).
std::optional<Duration> Uptime(const Machine& machine, TimePoint now);

// "0.031200" -> 0.0312; nullopt for anything but a non-negative finite decimal number.
std::optional<double> ParseHourlyPrice(std::string_view text);

}  // namespace spotrun

#endif  // SPOTRUN_CLOUD_MACHINE_PRICES_H_
