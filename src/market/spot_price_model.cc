#include "market/spot_price_model.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "market/tsv_text.h"

namespace spotrun::market {
namespace {

constexpr std::string_view kFile = "spot-price-model.tsv";

// FNV-1a, 64 bit: a stable seed from the pool's name on every platform.
uint64_t Fnv1a(std::string_view text) {
  uint64_t hash = 14695981039346656037ull;
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ull;
  }
  return hash;
}

// SplitMix64: small, fully specified, so the series is the same with any standard library
// (std::*_distribution is not specified bit for bit).
class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  double Uniform() { return (Next() >> 11) * 0x1.0p-53; }  // [0, 1)

 private:
  uint64_t state_;
};

// Inverse of the empirical step distribution, linear between the stored deciles.
double StepFor(const std::array<double, 11>& quantiles, double u) {
  double pos = u * 10;
  size_t lo = std::min<size_t>(static_cast<size_t>(pos), 9);
  return quantiles[lo] + (quantiles[lo + 1] - quantiles[lo]) * (pos - lo);
}

double RoundToTick(double price) {
  return std::max(SpotPriceModel::kTick,
                  std::round(price / SpotPriceModel::kTick) * SpotPriceModel::kTick);
}

}  // namespace

SpotPriceModel::SpotPriceModel(DataSet data)
    : rows_([data = std::move(data)] { return Load(data); }) {}

Result<std::vector<SpotPriceModelParams>> SpotPriceModel::Load(const DataSet& data) {
  SPOTRUN_ASSIGN_OR_RETURN(std::string_view text, data.File(kFile));
  std::vector<SpotPriceModelParams> rows;
  for (std::string_view row : BodyLines(text)) {
    std::vector<std::string_view> f = SplitFields(row);
    SpotPriceModelParams p;
    bool ok = f.size() == 19 && ParseInt(f[1], &p.pools) && ParseDouble(f[2], &p.pool_hours) &&
              ParseInt(f[3], &p.changes) && ParseDouble(f[4], &p.changes_per_hour) &&
              ParseDouble(f[5], &p.toward_mean) && ParseDouble(f[6], &p.deviation_low) &&
              ParseDouble(f[7], &p.deviation_high);
    for (size_t i = 0; ok && i < p.step_quantiles.size(); ++i) {
      ok = ParseDouble(f[8 + i], &p.step_quantiles[i]);
    }
    if (!ok || p.deviation_low > 0 || p.deviation_high < 0) {
      return BadRow(kFile, row, "expected 19 numeric model fields");
    }
    p.family = std::string(f[0]);
    rows.push_back(std::move(p));
  }
  if (rows.empty() || rows.front().family != "*") {
    return BadRow(kFile, HeaderLine(text), "the first row must be the \"*\" row");
  }
  return rows;
}

Result<SpotPriceModelParams> SpotPriceModel::ParamsFor(std::string_view family) const {
  const Result<std::vector<SpotPriceModelParams>>& rows = rows_.Get();
  if (!rows.ok()) return rows.status();
  for (const SpotPriceModelParams& p : *rows) {
    if (p.family == family) return p;
  }
  return rows->front();
}

Result<SpotPriceSeries> SpotPriceModel::Generate(std::string_view zone_id,
                                                 std::string_view instance_type,
                                                 double level) const {
  if (!(level > 0)) {
    return Status::InvalidArgument("a spot price level must be positive");
  }
  std::string_view family = instance_type.substr(0, instance_type.find('.'));
  SPOTRUN_ASSIGN_OR_RETURN(SpotPriceModelParams p, ParamsFor(family));
  SplitMix64 random(Fnv1a(std::string(zone_id) + "/" + std::string(instance_type)));

  const TimePoint start = WindowStart(), end = start + kWindow;
  std::vector<SpotPriceEvent> events{{start, RoundToTick(level)}};
  double deviation = 0;  // ln(price / level)
  TimePoint t = start;
  while (p.changes_per_hour > 0) {
    // Changes arrive as a Poisson process at the measured rate.
    double hours = -std::log1p(-random.Uniform()) / p.changes_per_hour;
    t += std::chrono::duration_cast<Duration>(
        std::chrono::duration<double, std::ratio<3600>>(hours));
    if (t >= end) break;
    double step = StepFor(p.step_quantiles, random.Uniform());
    bool toward = random.Uniform() < p.toward_mean;
    double sign = deviation > 0   ? (toward ? -1 : 1)
                  : deviation < 0 ? (toward ? 1 : -1)
                                  : (random.Uniform() < 0.5 ? -1 : 1);
    deviation = std::clamp(deviation + sign * step, p.deviation_low, p.deviation_high);
    double price = RoundToTick(level * std::exp(deviation));
    if (price != events.back().price) events.push_back({t, price});
  }
  return SpotPriceSeries(std::move(events), start, end, "model");
}

}  // namespace spotrun::market
