// spotrun region [TEXT]: every region with its place name, or the regions TEXT names. When TEXT
// names one region only its code is printed, so `--region $(spotrun region Ohio)` works.
// Offline: the regions come from the market data compiled into spotrun.
#include <CLI/CLI.hpp>

#include "cli/command.h"
#include "cli/listing.h"
#include "cli/region_lookup.h"
#include "market/region_catalog.h"

namespace spotrun {
namespace {

Listing RegionListing(const std::vector<market::Region>& regions) {
  Listing listing({{"code", "REGION"}, {"name", "NAME"}, {"partition", "PARTITION"}});
  for (const market::Region& r : regions) {
    listing.Add({r.code, r.name.empty() ? nlohmann::json() : nlohmann::json(r.name), r.partition});
  }
  return listing;
}

Status RunRegion(Context& ctx, const std::string& text) {
  market::RegionCatalog catalog(market::DataSet::Embedded());
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<market::Region> regions, LookUpRegions(catalog, text));
  if (ctx.json()) {
    ctx.Print("{}", RegionListing(regions).RenderJson());
    return Status::Ok();
  }
  std::optional<market::Region> named = text.empty() ? std::nullopt : NamedRegion(regions, text);
  if (!named) {
    ctx.Print("{}", RegionListing(regions).RenderTable());
    return Status::Ok();
  }
  ctx.Print("{}\n", named->code);
  for (const market::Region& other : regions) {
    if (other.code == named->code) continue;
    fmt::print(ctx.err(), "note: '{}' also matches {} ({}, partition {})\n", text, other.code,
               other.name, other.partition);
  }
  return Status::Ok();
}

}  // namespace

CommandRun DefineRegionCommand(CLI::App& app) {
  auto text = std::make_shared<std::string>();
  app.add_option("text", *text, "Part of a region code or place name, e.g. Ohio or eu-west")
      ->type_name("TEXT");
  app.footer(
      "Without TEXT, lists every region with its place name. With TEXT, lists the regions\n"
      "whose code or place name contains it; when it names one region, prints only its code.\n\n"
      "Examples:\n"
      "  spotrun region                              # every region\n"
      "  spotrun region Ohio                         # us-east-2\n"
      "  spotrun ls --region $(spotrun region Frankfurt)\n"
      "  spotrun -o json region eu                   # [{\"code\": ..., \"name\": ..., "
      "\"partition\": ...}]\n");
  return [text](Context& ctx) { return RunRegion(ctx, *text); };
}

}  // namespace spotrun
