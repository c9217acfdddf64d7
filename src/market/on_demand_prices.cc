#include "market/on_demand_prices.h"

#include "market/nearest_names.h"
#include "market/tsv_text.h"

namespace spotrun::market {
namespace {

constexpr std::string_view kFile = "on-demand-linux.tsv";

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

}  // namespace

Result<std::vector<std::string>> OnDemandPrices::Regions() const {
  SPOTRUN_ASSIGN_OR_RETURN(std::string_view text, data_.File(kFile));
  std::vector<std::string_view> header = SplitFields(HeaderLine(text));
  return std::vector<std::string>(header.begin() + 1, header.end());
}

Result<double> OnDemandPrices::HourlyPrice(std::string_view region,
                                           std::string_view instance_type) const {
  SPOTRUN_ASSIGN_OR_RETURN(std::string_view text, data_.File(kFile));
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<std::string> regions, Regions());
  size_t column = 0;
  for (size_t i = 0; i < regions.size(); ++i) {
    if (regions[i] == region) column = i + 1;
  }
  if (column == 0) {
    return Status::NotFound("no on-demand price list for region " + std::string(region),
                            "on-demand prices are known for " + Join(regions));
  }
  std::string_view row = FindRow(text, instance_type);
  if (row.empty()) {
    std::vector<std::string_view> names;
    for (std::string_view line : BodyLines(text)) names.push_back(line.substr(0, line.find('\t')));
    std::vector<std::string> near = NearestNames(instance_type, names, 1);
    return Status::NotFound("no on-demand price for instance type " + std::string(instance_type),
                            near.empty() ? "see the types of a family with `spotrun prices FAMILY`"
                                         : "did you mean " + near[0] + "?");
  }
  std::vector<std::string_view> fields = SplitFields(row);
  if (fields.size() != regions.size() + 1) return BadRow(kFile, row, "wrong number of fields");
  if (fields[column].empty()) {
    std::vector<std::string> priced;
    for (size_t i = 0; i < regions.size(); ++i) {
      if (!fields[i + 1].empty()) priced.push_back(regions[i]);
    }
    return Status::NotFound(std::string(instance_type) + " has no on-demand Linux price in " +
                                std::string(region) + " (AWS price list of 2025-04-04)",
                            "it is priced in " + Join(priced));
  }
  double price = 0;
  if (!ParseDouble(fields[column], &price)) return BadRow(kFile, row, "bad price");
  return price;
}

}  // namespace spotrun::market
