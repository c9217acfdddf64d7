// spotrun show NAME: everything about one machine — ids, type with its vCPUs and memory, market
// and spot request, state and why, zone, addresses, image, key, security groups, volumes, tags,
// the price per hour now and an estimate of what it has cost since it was (re)started.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/cloud_connection.h"
#include "cli/command.h"
#include "cli/machine_text.h"
#include "cloud/machine_details.h"
#include "cloud/machine_finder.h"
#include "cloud/machine_prices.h"
#include "market/instance_type_catalog.h"
#include "market/on_demand_prices.h"

namespace spotrun {
namespace {

using Json = nlohmann::ordered_json;

Json OrNull(const std::string& s) { return s.empty() ? Json() : Json(s); }
Json OrNull(const std::optional<TimePoint>& t) { return t ? Json(FormatIso8601(*t)) : Json(); }

struct Facts {
  MachineDetails details;
  std::optional<market::InstanceTypeInfo> type;
  std::optional<double> price;
  std::optional<Duration> uptime;
  std::optional<double> cost;  // uptime × price: an estimate
};

Json ToJson(const Facts& f) {
  const Machine& m = f.details.machine;
  const Instance& i = m.instance;
  Json groups = Json::array();
  for (const GroupIdentifier& g : i.security_groups) {
    groups.push_back({{"id", g.group_id}, {"name", g.group_name}});
  }
  Json volumes = Json::array();
  for (const Volume& v : f.details.volumes) {
    std::string device;
    for (const VolumeAttachment& a : v.attachments) {
      if (a.instance_id == m.id()) device = a.device;
    }
    volumes.push_back({{"id", v.volume_id},
                       {"size_gib", v.size},
                       {"type", OrNull(v.volume_type)},
                       {"device", OrNull(device)},
                       {"state", v.state}});
  }
  Json tags = Json::object();
  for (const Tag& t : i.tags) tags[t.key] = t.value;
  Json spot;
  if (f.details.spot_request) {
    const SpotInstanceRequest& r = *f.details.spot_request;
    spot = {{"id", r.spot_instance_request_id},
            {"state", r.state},
            {"status", r.status.code},
            {"type", r.type},
            {"max_price",
             ParseHourlyPrice(r.spot_price) ? Json(*ParseHourlyPrice(r.spot_price)) : Json()},
            {"interruption_behavior", OrNull(r.instance_interruption_behavior)}};
  }
  return {
      {"name", OrNull(m.name)},
      {"id", m.id()},
      {"type", i.instance_type},
      {"vcpus", f.type ? Json(f.type->vcpu) : Json()},
      {"memory_mib", f.type ? Json(f.type->memory_mib) : Json()},
      {"market", m.market()},
      {"state", m.state()},
      {"state_reason", i.state_reason ? Json(i.state_reason->message) : Json()},
      {"zone", OrNull(i.availability_zone)},
      {"public_address", OrNull(i.public_ip_address)},
      {"private_address", OrNull(i.private_ip_address)},
      {"public_dns", OrNull(i.public_dns_name)},
      {"image", OrNull(i.image_id)},
      {"key", OrNull(i.key_name)},
      {"security_groups", groups},
      {"launch_time", OrNull(i.launch_time)},
      {"uptime_seconds",
       f.uptime ? Json(std::chrono::duration_cast<std::chrono::seconds>(*f.uptime).count())
                : Json()},
      {"spot_request", spot},
      {"volumes", volumes},
      {"tags", tags},
      {"price_per_hour", f.price ? Json(*f.price) : Json()},
      {"estimated_cost_so_far", f.cost ? Json(*f.cost) : Json()},
  };
}

std::string Or(const std::string& s) { return s.empty() ? "-" : s; }

void PrintText(Context& ctx, const Facts& f) {
  const Machine& m = f.details.machine;
  const Instance& i = m.instance;
  auto line = [&ctx](std::string_view key, std::string_view value) {
    ctx.Print("{:<16}{}\n", key, value);
  };
  line("name", Or(m.name));
  line("id", m.id());
  line("type", f.type ? fmt::format("{} ({} vCPU, {:g} GiB)", i.instance_type, f.type->vcpu,
                                    f.type->memory_mib / 1024.0)
                      : i.instance_type);
  line("market", m.market());
  std::string state = m.state();
  if (i.state_reason && !i.state_reason->message.empty()) {
    state += fmt::format(" ({})", i.state_reason->message);
  } else if (!i.state_transition_reason.empty()) {
    state += fmt::format(" ({})", i.state_transition_reason);
  }
  line("state", state);
  line("zone", Or(i.availability_zone));
  line("public address", Or(i.public_ip_address));
  line("private address", Or(i.private_ip_address));
  line("image", Or(i.image_id));
  line("key", Or(i.key_name));
  std::vector<std::string> groups;
  for (const GroupIdentifier& g : i.security_groups) {
    groups.push_back(fmt::format("{} ({})", g.group_id, g.group_name));
  }
  line("security groups", groups.empty() ? "-" : fmt::format("{}", fmt::join(groups, ", ")));
  line("launched", i.launch_time ? FormatIso8601(*i.launch_time) : "-");
  line("uptime", FormatUptime(f.uptime));
  if (f.details.spot_request) {
    const SpotInstanceRequest& r = *f.details.spot_request;
    line("spot request", fmt::format("{}: {}, {} ({}), max price {}, on interruption: {}",
                                     r.spot_instance_request_id, r.type, r.state, r.status.code,
                                     Or(r.spot_price), Or(r.instance_interruption_behavior)));
  }
  if (f.details.volumes.empty()) line("volumes", "-");
  for (size_t n = 0; n < f.details.volumes.size(); ++n) {
    const Volume& v = f.details.volumes[n];
    std::string device;
    for (const VolumeAttachment& a : v.attachments) {
      if (a.instance_id == m.id()) device = a.device;
    }
    line(n == 0 ? "volumes" : "",
         fmt::format("{} {} GiB {} on {}", v.volume_id, v.size, Or(v.volume_type), Or(device)));
  }
  if (i.tags.empty()) line("tags", "-");
  for (size_t n = 0; n < i.tags.size(); ++n) {
    line(n == 0 ? "tags" : "", fmt::format("{}={}", i.tags[n].key, i.tags[n].value));
  }
  line("price", f.price
                    ? fmt::format("${}/h ({})", FormatHourlyPrice(f.price),
                                  m.instance.IsSpot() ? "spot price in its zone now" : "on-demand")
                    : "-");
  line(
      "cost so far",
      f.cost ? fmt::format("~{} (estimate: uptime × today's price)", FormatDollars(*f.cost)) : "-");
}

Status RunShow(Context& ctx, const std::string& what) {
  SPOTRUN_ASSIGN_OR_RETURN(std::unique_ptr<CloudConnection> cloud, CloudConnection::Open(ctx));
  SPOTRUN_ASSIGN_OR_RETURN(Machine machine, FindMachine(cloud->ec2(), what));
  const TimePoint now = ctx.clock().Now();
  market::DataSet data = market::DataSet::Embedded();
  market::OnDemandPrices on_demand(data);
  SPOTRUN_ASSIGN_OR_RETURN(
      MachinePrices prices,
      MachinePrices::Fetch(cloud->ec2(), on_demand, cloud->region(), {machine}, now));
  Facts facts;
  facts.price = prices.HourlyPrice(machine);
  facts.uptime = Uptime(machine, now);
  if (facts.price && facts.uptime) {
    facts.cost = *facts.price * std::chrono::duration<double>(*facts.uptime).count() / 3600;
  }
  Result<market::InstanceTypeInfo> type =
      market::InstanceTypeCatalog(data).Find(machine.instance.instance_type);
  if (type.ok()) facts.type = *type;
  SPOTRUN_ASSIGN_OR_RETURN(facts.details, DescribeMachineDetails(cloud->ec2(), std::move(machine)));
  if (ctx.json()) {
    ctx.Print("{}\n", ToJson(facts).dump(2));
  } else {
    PrintText(ctx, facts);
  }
  return Status::Ok();
}

}  // namespace

CommandRun DefineShowCommand(CLI::App& app) {
  auto what = std::make_shared<std::string>();
  app.add_option("machine", *what, "Name, instance id or a unique prefix of one")
      ->required()
      ->type_name("NAME");
  app.footer(
      "The cost so far is an estimate: the time since the machine last started multiplied by\n"
      "today's price (spot prices change; AWS's bill is the authority).\n\n"
      "Examples:\n"
      "  spotrun show gpu-box\n"
      "  spotrun -o json show gpu-box | jq .spot_request\n");
  return [what](Context& ctx) { return RunShow(ctx, *what); };
}

}  // namespace spotrun
