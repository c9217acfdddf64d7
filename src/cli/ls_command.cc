// spotrun ls [--all]: the machines spotrun manages, one line each, with what each costs per hour
// now and how long it has been up; `-o json` gives the same as an array with stable keys. Fast by
// design: one DescribeInstances (server-side filters) and at most one DescribeSpotPriceHistory for
// every spot pool at once; on-demand prices come from the market data (one row read per type).
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/cloud_connection.h"
#include "cli/command.h"
#include "cli/listing.h"
#include "cli/machine_text.h"
#include "cloud/machine_finder.h"
#include "cloud/machine_prices.h"
#include "market/on_demand_prices.h"

namespace spotrun {
namespace {

nlohmann::json OrNull(const std::string& s) {
  return s.empty() ? nlohmann::json() : nlohmann::json(s);
}

// Only a pending or running machine bills for compute; a stopped or terminated one costs
// nothing per hour (its volumes aside).
bool BillsNow(const Machine& m) { return m.state() == "pending" || m.state() == "running"; }

void PrintJson(Context& ctx, const std::vector<Machine>& machines, const MachinePrices& prices,
               TimePoint now) {
  nlohmann::ordered_json array = nlohmann::ordered_json::array();
  for (const Machine& m : machines) {
    std::optional<double> price = BillsNow(m) ? prices.HourlyPrice(m) : std::nullopt;
    std::optional<Duration> up = Uptime(m, now);
    const Instance& i = m.instance;
    array.push_back(
        {{"name", OrNull(m.name)},
         {"id", m.id()},
         {"type", i.instance_type},
         {"market", m.market()},
         {"state", m.state()},
         {"zone", OrNull(i.availability_zone)},
         {"address", OrNull(m.address())},
         {"price_per_hour", price ? nlohmann::json(*price) : nlohmann::json()},
         {"uptime_seconds",
          up ? nlohmann::json(std::chrono::duration_cast<std::chrono::seconds>(*up).count())
             : nlohmann::json()},
         {"launch_time",
          i.launch_time ? nlohmann::json(FormatIso8601(*i.launch_time)) : nlohmann::json()}});
  }
  ctx.Print("{}\n", array.dump(2));
}

void PrintTable(Context& ctx, const std::vector<Machine>& machines, const MachinePrices& prices,
                TimePoint now, bool all) {
  if (machines.empty()) {
    fmt::print(ctx.err(), "{}\n",
               all ? "no machines: `spotrun launch NAME` starts one"
                   : "no machines running or stopped (`spotrun ls --all` also shows terminated "
                     "ones; `spotrun launch NAME` starts one)");
    return;
  }
  Listing listing({{"name", "NAME"},
                   {"id", "ID"},
                   {"type", "TYPE"},
                   {"market", "MARKET"},
                   {"state", "STATE"},
                   {"zone", "ZONE"},
                   {"address", "ADDRESS"},
                   {"price", "$/H"},
                   {"uptime", "UPTIME"}});
  for (const Machine& m : machines) {
    listing.Add({OrNull(m.name), m.id(), m.instance.instance_type, m.market(), m.state(),
                 OrNull(m.instance.availability_zone), OrNull(m.address()),
                 FormatHourlyPrice(BillsNow(m) ? prices.HourlyPrice(m) : std::nullopt),
                 FormatUptime(Uptime(m, now))});
  }
  ctx.Print("{}", listing.RenderTable());
}

Status RunLs(Context& ctx, bool all) {
  SPOTRUN_ASSIGN_OR_RETURN(std::unique_ptr<CloudConnection> cloud, CloudConnection::Open(ctx));
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<Machine> machines, ListMachines(cloud->ec2(), all));
  const TimePoint now = ctx.clock().Now();
  market::OnDemandPrices on_demand(market::DataSet::Embedded());
  SPOTRUN_ASSIGN_OR_RETURN(
      MachinePrices prices,
      MachinePrices::Fetch(cloud->ec2(), on_demand, cloud->region(), machines, now));
  if (ctx.json()) {
    PrintJson(ctx, machines, prices, now);
  } else {
    PrintTable(ctx, machines, prices, now, all);
  }
  return Status::Ok();
}

}  // namespace

CommandRun DefineLsCommand(CLI::App& app) {
  auto all = std::make_shared<bool>(false);
  app.add_flag("-a,--all", *all, "Also the terminated (and shutting-down) machines");
  app.footer(
      "$/H is what the machine costs per hour now: the on-demand price, or for a spot machine\n"
      "the spot price in effect in its zone; '-' when it is stopped or terminated (no compute\n"
      "billed). UPTIME counts from the launch while it runs.\n\n"
      "Examples:\n"
      "  spotrun ls\n"
      "  spotrun ls --all\n"
      "  spotrun -o json ls | jq -r '.[] | select(.state == \"running\") | .name'\n");
  return [all](Context& ctx) { return RunLs(ctx, *all); };
}

}  // namespace spotrun
