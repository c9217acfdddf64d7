// InstancePrices: what `spotrun prices` shows for instance types in one region — the on-demand
// price (market data), the spot price in effect in each zone (asked of the cloud), the savings and
// the Spot Advisor's interruption bucket. Nothing is guessed: a missing number is nullopt and a
// note says why. Functions borrow their arguments; thread-safety is the Ec2Api's.
#ifndef SPOTRUN_CLI_INSTANCE_PRICES_H_
#define SPOTRUN_CLI_INSTANCE_PRICES_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/ec2_api.h"
#include "base/clock.h"
#include "base/result.h"
#include "market/market.h"

namespace spotrun {

// The product whose spot prices spotrun shows: the machines it launches run Linux.
inline constexpr std::string_view kLinuxProduct = "Linux/UNIX";

struct ZoneSpotPrice {
  std::string availability_zone;
  double price = 0;  // USD per hour
  TimePoint since;   // when this price took effect
};

struct InstancePrices {
  std::string instance_type;
  std::optional<double> on_demand;     // USD per hour
  std::vector<ZoneSpotPrice> spot;     // the zones with a price, by zone name
  std::optional<double> lowest_spot;   // the cheapest zone's price
  std::optional<int> savings_percent;  // cheapest zone vs on-demand, rounded
  std::string interruption_frequency;  // the advisor's bucket ("<5%"); empty when unknown
  std::vector<std::string> notes;      // why a number is missing, one sentence each
};

struct PriceReport {
  std::string region;
  std::vector<std::string> zones;     // every zone with a price for some type, by name
  std::vector<InstancePrices> types;  // in the order asked
  std::vector<std::string> notes;     // the types' notes, each once, in order
};

// "m5.large" -> {"m5.large"}; "m5" -> the family's types, smallest first. kNotFound for neither,
// with the nearest types (and families) in the hint.
Result<std::vector<std::string>> ResolveInstanceTypes(const market::InstanceTypeCatalog& catalog,
                                                      std::string_view type_or_family);

// Every Linux/UNIX spot price record of `instance_types` from `start` to `end` (all pages), as
// DescribeSpotPriceHistory returns them: the price in effect at `start` included.
Result<std::vector<SpotPrice>> FetchLinuxSpotPrices(Ec2Api& ec2,
                                                    const std::vector<std::string>& instance_types,
                                                    TimePoint start, std::optional<TimePoint> end);

// The prices of `instance_types` in `region` now: spot from DescribeSpotPriceHistory with
// StartTime = now (the price in effect in each zone), the rest from `market`.
Result<PriceReport> CurrentPrices(Ec2Api& ec2, const market::Market& market,
                                  std::string_view region,
                                  const std::vector<std::string>& instance_types, Clock& clock);

}  // namespace spotrun

#endif  // SPOTRUN_CLI_INSTANCE_PRICES_H_
