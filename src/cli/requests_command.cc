// spotrun requests: the spot requests behind spotrun's machines — which machine each is for,
// its state and status, its maximum price. `--all` adds closed and cancelled requests and
// those spotrun did not make.
#include <CLI/CLI.hpp>
#include <memory>

#include "cli/cloud_connection.h"
#include "cli/command.h"
#include "cli/listing.h"
#include "cloud/spot_request_listing.h"

namespace spotrun {
namespace {

nlohmann::json OrNull(const std::string& text) {
  return text.empty() ? nlohmann::json() : nlohmann::json(text);
}

Listing RequestListing(const std::vector<SpotInstanceRequest>& requests) {
  Listing listing({{"id", "ID"},
                   {"state", "STATE"},
                   {"status", "STATUS"},
                   {"type", "TYPE"},
                   {"machine", "MACHINE"},
                   {"instance", "INSTANCE"},
                   {"max_price", "MAX PRICE"},
                   {"zone", "ZONE"},
                   {"created", "CREATED"}});
  for (const SpotInstanceRequest& r : requests) {
    std::string zone = r.launched_availability_zone.empty()
                           ? r.launch_specification.availability_zone
                           : r.launched_availability_zone;
    listing.Add({r.spot_instance_request_id, r.state, OrNull(r.status.code), r.type,
                 OrNull(MachineNameOf(r)), OrNull(r.instance_id), OrNull(r.spot_price),
                 OrNull(zone),
                 r.create_time ? nlohmann::json(FormatIso8601(*r.create_time)) : nlohmann::json()});
  }
  return listing;
}

Status RunRequests(Context& ctx, bool all) {
  SPOTRUN_ASSIGN_OR_RETURN(std::unique_ptr<CloudConnection> cloud, CloudConnection::Open(ctx));
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<SpotInstanceRequest> requests,
                           ListSpotRequests(cloud->ec2(), all));
  if (!ctx.json() && requests.empty()) {
    ctx.Print("{}\n", all ? "no spot requests" : "no open spot requests (--all shows every one)");
    return Status::Ok();
  }
  ctx.Print("{}", RequestListing(requests).Render(ctx.json()));
  return Status::Ok();
}

}  // namespace

CommandRun DefineRequestsCommand(CLI::App& app) {
  auto all = std::make_shared<bool>(false);
  app.add_flag("--all", *all, "Also closed, cancelled and failed requests, and others' requests");
  app.footer(
      "Lists the open and active spot requests spotrun made. A persistent request stays open\n"
      "after its machine is interrupted, and AWS launches a new machine from it when capacity\n"
      "returns: `spotrun terminate NAME` cancels it first.\n\n"
      "Examples:\n"
      "  spotrun requests\n"
      "  spotrun requests --all\n"
      "  spotrun -o json requests | jq '.[] | select(.state == \"open\") | .id'\n");
  return [all](Context& ctx) { return RunRequests(ctx, *all); };
}

}  // namespace spotrun
