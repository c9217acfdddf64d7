// spotrun gc [--dry-run] [--images]: lists what spotrun created that is orphaned or bills for
// nothing (cloud/garbage.h says what counts), with the storage each bills for, and removes it after
// a confirmation (on a terminal) or -y. Images of gone machines are kept unless --images.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/cloud_connection.h"
#include "cli/command.h"
#include "cli/confirmation.h"
#include "cli/listing.h"
#include "cli/machine_text.h"
#include "cloud/garbage.h"

namespace spotrun {
namespace {

struct GcArgs {
  bool dry_run = false;
  bool images = false;
};

std::string Billed(const GarbageItem& item) {
  if (!item.billed_gib) return "-";
  return fmt::format("{} GiB", *item.billed_gib);
}

void PrintItems(Context& ctx, const std::vector<GarbageItem>& items) {
  if (ctx.json()) {
    nlohmann::ordered_json array = nlohmann::ordered_json::array();
    for (const GarbageItem& item : items) {
      array.push_back(
          {{"kind", GarbageKindName(item.kind)},
           {"id", item.id},
           {"name", item.name.empty() ? nlohmann::json() : nlohmann::json(item.name)},
           {"billed_gib", item.billed_gib ? nlohmann::json(*item.billed_gib) : nlohmann::json()},
           {"kept", item.kept},
           {"reason", item.reason},
           {"related", item.related}});
    }
    ctx.Print("{}\n", array.dump(2));
    return;
  }
  Listing listing({{"kind", "KIND"},
                   {"id", "ID"},
                   {"name", "NAME"},
                   {"billed", "BILLED"},
                   {"action", "ACTION"},
                   {"reason", "WHY"}});
  for (const GarbageItem& item : items) {
    listing.Add({std::string(GarbageKindName(item.kind)), item.id,
                 item.name.empty() ? nlohmann::json() : nlohmann::json(item.name), Billed(item),
                 item.kept ? "keep" : "remove", item.reason});
  }
  ctx.Print("{}", listing.RenderTable());
}

Status RunGc(Context& ctx, const GcArgs& args) {
  SPOTRUN_ASSIGN_OR_RETURN(std::unique_ptr<CloudConnection> cloud, CloudConnection::Open(ctx));
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<GarbageItem> items,
                           FindGarbage(cloud->ec2(), {.include_images = args.images}));
  std::vector<const GarbageItem*> doomed;
  int gib = 0;
  for (const GarbageItem& item : items) {
    if (item.kept) continue;
    doomed.push_back(&item);
    gib += item.billed_gib.value_or(0);
  }
  if (items.empty()) {
    fmt::print(ctx.err(), "nothing to clean up: every resource spotrun made is in use\n");
    if (ctx.json()) ctx.Print("[]\n");
    return Status::Ok();
  }
  PrintItems(ctx, items);
  if (doomed.empty()) {
    fmt::print(ctx.err(), "nothing to remove\n");
    return Status::Ok();
  }
  const std::string summary =
      gib > 0 ? fmt::format("{} resource{} ({} GiB of EBS storage billed every month)",
                            doomed.size(), doomed.size() == 1 ? "" : "s", gib)
              : fmt::format("{} resource{}", doomed.size(), doomed.size() == 1 ? "" : "s");
  if (args.dry_run) {
    fmt::print(ctx.err(), "dry run: would remove {}; run without --dry-run to remove them\n",
               summary);
    return Status::Ok();
  }
  SPOTRUN_RETURN_IF_ERROR(Confirm(ctx, fmt::format("remove {}?", summary),
                                  fmt::format("remove {}", summary),
                                  args.images ? "spotrun gc -y --images" : "spotrun gc -y"));
  int removed = 0;
  Status first_error = Status::Ok();
  for (const GarbageItem* item : doomed) {
    Status status = RemoveGarbage(cloud->ec2(), *item);
    if (status.ok()) {
      ++removed;
      fmt::print(ctx.err(), "removed {} {}\n", GarbageKindName(item->kind), item->id);
    } else {
      fmt::print(ctx.err(), "could not remove {} {}: {}\n", GarbageKindName(item->kind), item->id,
                 status.message());
      if (first_error.ok()) first_error = status;
    }
  }
  if (!first_error.ok()) {
    return first_error.WithContext(fmt::format(
        "removed {} of {}; run `spotrun gc` again to retry the rest", removed, doomed.size()));
  }
  return Status::Ok();
}

}  // namespace

CommandRun DefineGcCommand(CLI::App& app) {
  auto args = std::make_shared<GcArgs>();
  app.add_flag("-n,--dry-run", args->dry_run, "Only list what would be removed");
  app.add_flag("--images", args->images,
               "Also remove the images (and their snapshots) of machines that no longer exist");
  app.footer(
      "Only resources tagged spotrun:managed are looked at: persistent spot requests whose\n"
      "machine is gone (they launch unnamed, billing replacements), unattached volumes,\n"
      "snapshots of deleted volumes that no image uses, and images of machines that no longer\n"
      "exist (kept unless --images: you froze them on purpose). Asks before removing on a\n"
      "terminal; -y confirms (required off a terminal).\n\n"
      "Examples:\n"
      "  spotrun gc --dry-run\n"
      "  spotrun gc -y\n");
  return [args](Context& ctx) { return RunGc(ctx, *args); };
}

}  // namespace spotrun
