// MarketType: whether a job's machine is spot or on-demand — EC2's
// InstanceMarketOptions.MarketType, with on-demand for "no market options". Pure.
#ifndef SPOTRUN_JOBS_MARKET_TYPE_H_
#define SPOTRUN_JOBS_MARKET_TYPE_H_

#include <string_view>

namespace spotrun {

enum class MarketType { kSpot, kOnDemand };

// "spot" | "on-demand"
constexpr std::string_view MarketTypeName(MarketType market) {
  return market == MarketType::kSpot ? "spot" : "on-demand";
}

}  // namespace spotrun

#endif  // SPOTRUN_JOBS_MARKET_TYPE_H_
