#include "cli/instance_prices.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>

#include "aws/ec2_pagination.h"
#include "cloud/machine_prices.h"
#include "market/nearest_names.h"

namespace spotrun {
namespace {

// Enough for 90 days of a large family's history; a runaway paginator stops here.
constexpr int kMaxPages = 500;

void AddNote(std::vector<std::string>& notes, std::string note) {
  if (std::find(notes.begin(), notes.end(), note) == notes.end()) notes.push_back(std::move(note));
}

// A market lookup that found nothing is a note; a broken data set is an error.
Status NoteIfNotFound(const Status& status, std::string_view what, InstancePrices& row) {
  if (status.kind() != ErrorKind::kNotFound) return status;
  std::string note = fmt::format("{}: {}", what, status.message());
  if (!status.hint().empty()) note += fmt::format(" ({})", status.hint());
  AddNote(row.notes, std::move(note));
  return Status::Ok();
}

Status FillFromMarket(const market::Market& market, std::string_view region, InstancePrices& row) {
  Result<double> on_demand = market.on_demand().HourlyPrice(region, row.instance_type);
  if (on_demand.ok()) {
    row.on_demand = *on_demand;
  } else {
    SPOTRUN_RETURN_IF_ERROR(NoteIfNotFound(on_demand.status(), "on-demand", row));
  }
  Result<market::SpotAdvice> advice = market.advisor().Advice(region, row.instance_type);
  if (advice.ok()) {
    row.interruption_frequency = advice->bucket.label;
  } else {
    SPOTRUN_RETURN_IF_ERROR(NoteIfNotFound(advice.status(), "interruptions", row));
  }
  return Status::Ok();
}

std::string NoSpotNote(std::string_view types, std::string_view region) {
  return fmt::format(
      "spot: the cloud returned no {} spot price for {} in {} (probably not offered as spot there)",
      kLinuxProduct, types, region);
}

// The newest record of each zone is the price in effect now. False when the cloud sent none.
bool FillSpot(const std::vector<SpotPrice>& records, std::string_view region, InstancePrices& row) {
  std::map<std::string, const SpotPrice*> newest;
  for (const SpotPrice& r : records) {
    if (r.instance_type != row.instance_type) continue;
    const SpotPrice*& slot = newest[r.availability_zone];
    if (slot == nullptr || r.timestamp > slot->timestamp) slot = &r;
  }
  for (const auto& [zone, record] : newest) {
    std::optional<double> price = ParseHourlyPrice(record->spot_price);
    if (!price) {
      AddNote(row.notes, fmt::format("spot in {}: the cloud sent an unreadable price '{}'", zone,
                                     record->spot_price));
      continue;
    }
    row.spot.push_back({zone, *price, record->timestamp});
    if (!row.lowest_spot || *price < *row.lowest_spot) row.lowest_spot = *price;
  }
  if (newest.empty()) AddNote(row.notes, NoSpotNote(row.instance_type, region));
  return !newest.empty();
}

}  // namespace

Result<std::vector<std::string>> ResolveInstanceTypes(const market::InstanceTypeCatalog& catalog,
                                                      std::string_view type_or_family) {
  if (type_or_family.find('.') != std::string_view::npos) {
    Result<market::InstanceTypeInfo> type = catalog.Find(type_or_family);
    if (type.ok()) return std::vector<std::string>{type->name};
    if (type.status().kind() != ErrorKind::kNotFound) return type.status();
  } else {
    SPOTRUN_ASSIGN_OR_RETURN(std::vector<market::InstanceTypeInfo> family,
                             catalog.Family(type_or_family));
    if (!family.empty()) {
      std::vector<std::string> names;
      for (const market::InstanceTypeInfo& t : family) names.push_back(t.name);
      return names;
    }
  }
  // Neither: suggest the nearest types, and for a family-like word the nearest families.
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<std::string> near, catalog.NearestTypes(type_or_family, 3));
  if (type_or_family.find('.') == std::string_view::npos) {
    SPOTRUN_ASSIGN_OR_RETURN(std::vector<market::InstanceTypeInfo> all, catalog.All());
    std::set<std::string_view> families;
    for (const market::InstanceTypeInfo& t : all) families.insert(t.family);
    std::vector<std::string_view> candidates(families.begin(), families.end());
    std::vector<std::string> near_families = market::NearestNames(type_or_family, candidates, 3);
    near.insert(near.begin(), near_families.begin(), near_families.end());
  }
  std::string hint = near.empty() ? "give a type like m5.large or a family like g4dn"
                                  : fmt::format("did you mean {}?", fmt::join(near, ", "));
  return Status::NotFound(fmt::format("unknown instance type or family '{}'", type_or_family),
                          hint);
}

Result<std::vector<SpotPrice>> FetchLinuxSpotPrices(Ec2Api& ec2,
                                                    const std::vector<std::string>& instance_types,
                                                    TimePoint start, std::optional<TimePoint> end) {
  DescribeSpotPriceHistoryRequest request;
  request.instance_types = instance_types;
  request.product_descriptions = {std::string(kLinuxProduct)};
  request.start_time = start;
  request.end_time = end;
  request.max_results = 1000;
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<SpotPrice> records,
                           CollectAllPages(
                               "DescribeSpotPriceHistory", request, kMaxPages,
                               [&ec2](const DescribeSpotPriceHistoryRequest& r) {
                                 return ec2.DescribeSpotPriceHistory(r);
                               },
                               &DescribeSpotPriceHistoryResponse::spot_price_history));
  // A server that ignores the product filter must not mix Windows prices in.
  std::erase_if(records, [](const SpotPrice& r) {
    return !r.product_description.empty() && r.product_description != kLinuxProduct;
  });
  return records;
}

Result<PriceReport> CurrentPrices(Ec2Api& ec2, const market::Market& market,
                                  std::string_view region,
                                  const std::vector<std::string>& instance_types, Clock& clock) {
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<SpotPrice> records,
                           FetchLinuxSpotPrices(ec2, instance_types, clock.Now(), std::nullopt));
  PriceReport report;
  report.region = std::string(region);
  std::set<std::string> zones;
  std::vector<std::string> without_spot;  // said once for all of them
  for (const std::string& type : instance_types) {
    InstancePrices row;
    row.instance_type = type;
    SPOTRUN_RETURN_IF_ERROR(FillFromMarket(market, region, row));
    if (!FillSpot(records, region, row)) without_spot.push_back(type);
    for (const ZoneSpotPrice& z : row.spot) zones.insert(z.availability_zone);
    if (row.on_demand && row.lowest_spot && *row.on_demand > 0) {
      row.savings_percent =
          static_cast<int>(std::lround((1 - *row.lowest_spot / *row.on_demand) * 100));
    }
    for (const std::string& note : row.notes) {
      if (note != NoSpotNote(row.instance_type, region)) AddNote(report.notes, note);
    }
    report.types.push_back(std::move(row));
  }
  if (!without_spot.empty()) {
    AddNote(report.notes, NoSpotNote(fmt::format("{}", fmt::join(without_spot, ", ")), region));
  }
  report.zones.assign(zones.begin(), zones.end());
  // A zone where some types have a price and this one has none: say so once per type.
  for (InstancePrices& row : report.types) {
    if (row.spot.empty()) continue;
    std::vector<std::string> missing;
    for (const std::string& zone : report.zones) {
      bool has = std::any_of(row.spot.begin(), row.spot.end(),
                             [&](const ZoneSpotPrice& z) { return z.availability_zone == zone; });
      if (!has) missing.push_back(zone);
    }
    if (missing.empty()) continue;
    std::string note = NoSpotNote(row.instance_type, fmt::format("{}", fmt::join(missing, ", ")));
    AddNote(row.notes, note);
    AddNote(report.notes, note);
  }
  return report;
}

}  // namespace spotrun
