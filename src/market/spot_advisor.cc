#include "market/spot_advisor.h"

#include <cmath>

#include "market/tsv_text.h"

namespace spotrun::market {
namespace {

constexpr std::string_view kFile = "spot-advisor-linux.tsv";
constexpr std::string_view kRangesFile = "spot-advisor-ranges.tsv";
constexpr double kHoursPerMonth = 365.25 * 24 / 12;

}  // namespace

double InterruptionBucket::MonthlyFraction() const {
  return (lower_percent + upper_percent) / 200.0;
}

double InterruptionBucket::HourlyRate() const {
  return -std::log1p(-MonthlyFraction()) / kHoursPerMonth;
}

SpotAdvisor::SpotAdvisor(DataSet data)
    : data_(data), buckets_([data = std::move(data)] { return LoadBuckets(data); }) {}

Result<std::vector<InterruptionBucket>> SpotAdvisor::LoadBuckets(const DataSet& data) {
  SPOTRUN_ASSIGN_OR_RETURN(std::string_view text, data.File(kRangesFile));
  std::vector<InterruptionBucket> buckets;
  for (std::string_view row : BodyLines(text)) {
    std::vector<std::string_view> f = SplitFields(row);
    InterruptionBucket bucket;
    int within = 0;
    if (f.size() != 5 || !ParseInt(f[0], &bucket.index) || !ParseInt(f[2], &bucket.lower_percent) ||
        !ParseInt(f[3], &bucket.upper_percent) || !ParseInt(f[4], &within) ||
        bucket.index != static_cast<int>(buckets.size())) {
      return BadRow(kRangesFile, row, "expected index, label, bounds, within_global_rate");
    }
    bucket.label = std::string(f[1]);
    bucket.within_global_rate = within == 1;
    buckets.push_back(std::move(bucket));
  }
  return buckets;
}

Result<std::vector<InterruptionBucket>> SpotAdvisor::Buckets() const { return buckets_.Get(); }

Result<std::vector<std::string>> SpotAdvisor::Regions() const {
  SPOTRUN_ASSIGN_OR_RETURN(std::string_view text, data_.File(kFile));
  std::vector<std::string_view> header = SplitFields(HeaderLine(text));
  return std::vector<std::string>(header.begin() + 1, header.end());
}

Result<SpotAdvice> SpotAdvisor::Advice(std::string_view region,
                                       std::string_view instance_type) const {
  SPOTRUN_ASSIGN_OR_RETURN(std::string_view text, data_.File(kFile));
  std::vector<std::string_view> header = SplitFields(HeaderLine(text));
  size_t column = 0;
  for (size_t i = 1; i < header.size(); ++i) {
    if (header[i] == region) column = i;
  }
  if (column == 0) {
    return Status::NotFound(
        "the Spot Instance Advisor has no data for region " + std::string(region),
        "it covers the 33 commercial regions it listed on 2025-06-28");
  }
  std::string_view row = FindRow(text, instance_type);
  std::vector<std::string_view> fields = SplitFields(row);
  if (row.empty() || fields.size() != header.size() || fields[column].empty()) {
    return Status::NotFound("the Spot Instance Advisor has no Linux entry for " +
                                std::string(instance_type) + " in " + std::string(region),
                            "the type may not be offered as spot there; try another region");
  }
  std::string_view cell = fields[column];
  size_t slash = cell.find('/');
  SpotAdvice advice;
  int index = 0;
  if (slash == std::string_view::npos ||
      !ParseInt(cell.substr(0, slash), &advice.savings_percent) ||
      !ParseInt(cell.substr(slash + 1), &index)) {
    return BadRow(kFile, row, "expected savings/range cells");
  }
  const Result<std::vector<InterruptionBucket>>& buckets = buckets_.Get();
  if (!buckets.ok()) return buckets.status();
  if (index < 0 || index >= static_cast<int>(buckets->size())) {
    return BadRow(kFile, row, "range index out of bounds");
  }
  advice.bucket = (*buckets)[index];
  return advice;
}

}  // namespace spotrun::market
