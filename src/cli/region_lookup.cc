#include "cli/region_lookup.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>

#include "market/nearest_names.h"

namespace spotrun {
namespace {

// "Ohio" of "US East (Ohio)": the part people type.
std::string_view PlaceOf(std::string_view name) {
  size_t open = name.rfind('(');
  size_t close = name.rfind(')');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
    return name;
  }
  return name.substr(open + 1, close - open - 1);
}

std::string Describe(const market::Region& region) {
  return region.name.empty() ? region.code : fmt::format("{} ({})", region.code, region.name);
}

Status NoRegionMatches(const std::vector<market::Region>& regions, std::string_view text) {
  // Candidates are codes, place names and full names, each pointing back at its region.
  std::vector<std::string_view> candidates;
  std::vector<size_t> owner;
  for (size_t i = 0; i < regions.size(); ++i) {
    for (std::string_view c : {std::string_view(regions[i].code), PlaceOf(regions[i].name),
                               std::string_view(regions[i].name)}) {
      if (c.empty()) continue;
      candidates.push_back(c);
      owner.push_back(i);
    }
  }
  std::vector<std::string> near = market::NearestNames(text, candidates, candidates.size());
  std::vector<std::string> suggestions;
  for (const std::string& n : near) {
    for (size_t i = 0; i < candidates.size(); ++i) {
      if (candidates[i] != n) continue;
      std::string s = Describe(regions[owner[i]]);
      if (std::find(suggestions.begin(), suggestions.end(), s) == suggestions.end()) {
        suggestions.push_back(std::move(s));
      }
    }
    if (suggestions.size() >= 3) break;
  }
  if (suggestions.size() > 3) suggestions.resize(3);
  std::string hint =
      suggestions.empty()
          ? "'spotrun region' lists every region; TEXT matches a code (eu-west-1) or a place "
            "(Ireland)"
          : fmt::format("did you mean {}? 'spotrun region' lists every region",
                        fmt::join(suggestions, " or "));
  return Status::NotFound(fmt::format("no region matches '{}'", text), hint);
}

}  // namespace

Result<std::vector<market::Region>> LookUpRegions(const market::RegionCatalog& catalog,
                                                  std::string_view text) {
  if (text.empty()) return catalog.Regions();
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<market::Region> matches, catalog.FindRegions(text));
  if (!matches.empty()) return matches;
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<market::Region> all, catalog.Regions());
  return NoRegionMatches(all, text);
}

std::optional<market::Region> NamedRegion(const std::vector<market::Region>& matches,
                                          std::string_view text) {
  if (matches.size() == 1) return matches.front();
  for (const market::Region& r : matches) {
    if (r.code == text) return r;
  }
  std::optional<market::Region> commercial;
  for (const market::Region& r : matches) {
    if (r.partition != "aws") continue;
    if (commercial) return std::nullopt;
    commercial = r;
  }
  return commercial;
}

}  // namespace spotrun
