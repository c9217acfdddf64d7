// SpotAdvisor: AWS's Spot Instance Advisor for Linux as of 2025-06-28
// (data/spot-advisor-linux.tsv): per region and instance type, the savings over on-demand and the
// frequency-of-interruption bucket, plus a numeric interruption rate per bucket for the local cloud
// (doc/market.md). A lookup reads one row. Thread-safe.
#ifndef SPOTRUN_MARKET_SPOT_ADVISOR_H_
#define SPOTRUN_MARKET_SPOT_ADVISOR_H_

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "market/data_set.h"
#include "market/lazy.h"

namespace spotrun::market {

// One of the advisor's five "frequency of interruption" ranges: the share of spot instances of a
// pool that AWS interrupted during the trailing month.
struct InterruptionBucket {
  int index = 0;      // 0 ("<5%") .. 4 (">20%")
  std::string label;  // "<5%", "5-10%", "10-15%", "15-20%", ">20%"
  int lower_percent = 0;
  int upper_percent = 0;  // the last bucket's upper bound is the advisor's own `max` (100)
  // Whether the bucket is at or below the advisor's `global_rate` ("<10%"): buckets 0 and 1.
  bool within_global_rate = false;

  // The bucket's midpoint as a fraction of instances interrupted per month (0.025 for "<5%").
  double MonthlyFraction() const;
  // That fraction as a constant hazard per hour: -ln(1 - fraction) / 730.5 h (a mean month).
  // The local cloud interrupts a running spot instance with this probability per hour.
  double HourlyRate() const;
};

struct SpotAdvice {
  int savings_percent = 0;  // spot vs on-demand, e.g. 66
  InterruptionBucket bucket;
};

class SpotAdvisor {
 public:
  explicit SpotAdvisor(DataSet data);

  // kNotFound with a hint when the advisor has no Linux entry for the pair.
  Result<SpotAdvice> Advice(std::string_view region, std::string_view instance_type) const;
  Result<std::vector<InterruptionBucket>> Buckets() const;
  Result<std::vector<std::string>> Regions() const;

 private:
  static Result<std::vector<InterruptionBucket>> LoadBuckets(const DataSet& data);

  DataSet data_;
  Lazy<std::vector<InterruptionBucket>> buckets_;
};

}  // namespace spotrun::market

#endif  // SPOTRUN_MARKET_SPOT_ADVISOR_H_
