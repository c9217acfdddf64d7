// RegionLookup: what `spotrun region [TEXT]` answers — every region, or the ones whose code or
// place name contains TEXT, and the one region a script can use when the text names it. Pure
// functions over a borrowed RegionCatalog; thread-safe.
#ifndef SPOTRUN_CLI_REGION_LOOKUP_H_
#define SPOTRUN_CLI_REGION_LOOKUP_H_

#include <optional>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "market/region_catalog.h"

namespace spotrun {

// Every region without `text`; else RegionCatalog::FindRegions' matches. kNotFound when nothing
// matches, with the regions nearest to `text` (by code or place name) in the hint.
Result<std::vector<market::Region>> LookUpRegions(const market::RegionCatalog& catalog,
                                                  std::string_view text);

// The region `text` names among `matches` (LookUpRegions' answer): the only match, an exact
// code, or the only match in the commercial "aws" partition ("Ohio" is us-east-2, not the
// isolated us-isob-east-1). nullopt when the text is ambiguous.
std::optional<market::Region> NamedRegion(const std::vector<market::Region>& matches,
                                          std::string_view text);

}  // namespace spotrun

#endif  // SPOTRUN_CLI_REGION_LOOKUP_H_
