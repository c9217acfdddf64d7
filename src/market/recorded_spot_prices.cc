#include "market/recorded_spot_prices.h"

#include <algorithm>
#include <tuple>

#include "market/tsv_text.h"

namespace spotrun::market {
namespace {

constexpr std::string_view kSourcesFile = "spot-price-sources.tsv";

bool ParseTime(std::string_view text, TimePoint* out) { return ParseIso8601(text, out); }

}  // namespace

RecordedSpotPrices::RecordedSpotPrices(DataSet data, const RegionCatalog& regions)
    : data_(data),
      regions_(regions),
      sources_([data = std::move(data)] { return LoadSources(data); }) {}

Result<std::vector<RecordedSpotPrices::Source>> RecordedSpotPrices::LoadSources(
    const DataSet& data) {
  SPOTRUN_ASSIGN_OR_RETURN(std::string_view text, data.File(kSourcesFile));
  std::vector<Source> sources;
  for (std::string_view row : BodyLines(text)) {
    std::vector<std::string_view> f = SplitFields(row);
    Source source;
    if (f.size() != 4 || (f[1] != "id" && f[1] != "name") ||
        !ParseTime(f[2], &source.window_start) || !ParseTime(f[3], &source.window_end) ||
        source.window_end <= source.window_start) {
      return BadRow(kSourcesFile, row, "expected file, zone kind, window start and end");
    }
    source.file = std::string(f[0]);
    source.zone_ids = f[1] == "id";
    sources.push_back(std::move(source));
  }
  return sources;
}

Result<std::shared_ptr<const RecordedSpotPrices::SeriesByZone>> RecordedSpotPrices::Parse(
    std::string_view instance_type) const {
  const Result<std::vector<Source>>& sources = sources_.Get();
  if (!sources.ok()) return sources.status();
  auto best = std::make_shared<SeriesByZone>();
  for (const Source& source : *sources) {
    SPOTRUN_ASSIGN_OR_RETURN(std::string_view text, data_.File(source.file));
    std::map<std::string, std::vector<SpotPriceEvent>> by_zone;
    std::string_view block = RowBlock(text, instance_type);
    while (!block.empty()) {
      size_t newline = block.find('\n');
      std::string_view row = block.substr(0, newline);
      block = newline == std::string_view::npos ? std::string_view() : block.substr(newline + 1);
      std::vector<std::string_view> f = SplitFields(row);
      SpotPriceEvent event;
      if (f.size() != 4 || !ParseTime(f[2], &event.timestamp) || !ParseDouble(f[3], &event.price) ||
          event.timestamp < source.window_start || event.timestamp >= source.window_end) {
        return BadRow(source.file, row, "expected type, zone, timestamp in the window, price");
      }
      std::string zone_id(f[1]);
      if (!source.zone_ids) {
        SPOTRUN_ASSIGN_OR_RETURN(AvailabilityZone zone, regions_.FindZone(f[1]));
        zone_id = zone.id;
      }
      by_zone[zone_id].push_back(event);  // rows are sorted by zone, then time
    }
    for (auto& [zone_id, events] : by_zone) {
      auto series = std::make_shared<SpotPriceSeries>(std::move(events), source.window_start,
                                                      source.window_end, source.file);
      auto rank = [](const SpotPriceSeries& s) {
        return std::make_tuple(s.events().size(), s.window_end() - s.window_start());
      };
      auto& slot = (*best)[zone_id];
      if (!slot || rank(*series) > rank(*slot)) slot = std::move(series);
    }
  }
  return std::shared_ptr<const SeriesByZone>(std::move(best));
}

Result<std::shared_ptr<const RecordedSpotPrices::SeriesByZone>> RecordedSpotPrices::ForType(
    std::string_view instance_type) const {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = cache_.find(instance_type);
    if (it != cache_.end()) return it->second;
  }
  SPOTRUN_ASSIGN_OR_RETURN(std::shared_ptr<const SeriesByZone> parsed, Parse(instance_type));
  std::lock_guard<std::mutex> lock(mu_);
  return cache_.emplace(std::string(instance_type), std::move(parsed)).first->second;
}

Result<std::shared_ptr<const SpotPriceSeries>> RecordedSpotPrices::ForPool(
    std::string_view zone_id, std::string_view instance_type) const {
  SPOTRUN_ASSIGN_OR_RETURN(std::shared_ptr<const SeriesByZone> series, ForType(instance_type));
  auto it = series->find(std::string(zone_id));
  return it == series->end() ? std::shared_ptr<const SpotPriceSeries>() : it->second;
}

}  // namespace spotrun::market
