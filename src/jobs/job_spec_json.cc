#include "jobs/job_spec_json.h"

#include <nlohmann/json.hpp>

namespace spotrun {
namespace {

using Json = nlohmann::json;

int64_t Millis(Duration d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

std::string_view FallbackName(OnDemandFallback f) {
  switch (f) {
    case OnDemandFallback::kNever:
      return "never";
    case OnDemandFallback::kAfterFailedSpotLaunches:
      return "after-failed-spot-launches";
    case OnDemandFallback::kAlways:
      return "always";
  }
  return "never";
}

OnDemandFallback FallbackFromName(std::string_view name) {
  if (name == "always") return OnDemandFallback::kAlways;
  if (name == "after-failed-spot-launches") return OnDemandFallback::kAfterFailedSpotLaunches;
  return OnDemandFallback::kNever;
}

}  // namespace

std::string JobSpecToJson(const JobSpec& spec) {
  Json resources{{"types", spec.resources.types},
                 {"spot", spec.resources.spot},
                 {"zones", spec.resources.zones}};
  if (spec.resources.max_price) resources["max_price"] = *spec.resources.max_price;
  if (spec.resources.disk_gib) resources["disk_gib"] = *spec.resources.disk_gib;
  if (!spec.resources.instance_profile.empty()) {
    resources["instance_profile"] = spec.resources.instance_profile;
  }
  Json j{{"name", spec.name},
         {"resources", resources},
         {"image", spec.image},
         {"workdir", spec.workdir},
         {"setup", spec.setup},
         {"run", spec.run},
         {"checkpoint",
          {{"dir", spec.checkpoint.dir},
           {"store", spec.checkpoint.store},
           {"every_ms", Millis(spec.checkpoint.every)},
           {"signal", spec.checkpoint.signal},
           {"grace_ms", Millis(spec.checkpoint.grace)},
           {"keep", spec.checkpoint.keep}}},
         {"outputs", spec.outputs},
         {"recovery",
          {{"max_recoveries", spec.recovery.max_recoveries},
           {"on_demand_fallback", FallbackName(spec.recovery.on_demand_fallback)},
           {"failed_spot_launches", spec.recovery.failed_spot_launches}}},
         {"notify", {{"discord", spec.notify.discord}, {"slack", spec.notify.slack}}},
         {"env", spec.env}};
  return j.dump();
}

Result<JobSpec> JobSpecFromJson(std::string_view json) {
  try {
    Json j = Json::parse(json);
    JobSpec spec;
    spec.name = j.at("name").get<std::string>();
    const Json& r = j.at("resources");
    spec.resources.types = r.at("types").get<std::vector<std::string>>();
    spec.resources.spot = r.at("spot").get<bool>();
    spec.resources.zones = r.value("zones", std::vector<std::string>{});
    if (r.contains("max_price")) spec.resources.max_price = r.at("max_price").get<double>();
    if (r.contains("disk_gib")) spec.resources.disk_gib = r.at("disk_gib").get<int>();
    spec.resources.instance_profile = r.value("instance_profile", std::string());
    spec.image = j.at("image").get<std::string>();
    spec.workdir = j.at("workdir").get<std::string>();
    spec.setup = j.at("setup").get<std::string>();
    spec.run = j.at("run").get<std::string>();
    const Json& c = j.at("checkpoint");
    spec.checkpoint.dir = c.at("dir").get<std::string>();
    spec.checkpoint.store = c.at("store").get<std::string>();
    spec.checkpoint.every = std::chrono::milliseconds(c.at("every_ms").get<int64_t>());
    spec.checkpoint.signal = c.at("signal").get<int>();
    spec.checkpoint.grace = std::chrono::milliseconds(c.at("grace_ms").get<int64_t>());
    spec.checkpoint.keep = c.at("keep").get<int>();
    spec.outputs = j.at("outputs").get<std::vector<std::string>>();
    const Json& rec = j.at("recovery");
    spec.recovery.max_recoveries = rec.at("max_recoveries").get<int>();
    spec.recovery.on_demand_fallback =
        FallbackFromName(rec.at("on_demand_fallback").get<std::string>());
    spec.recovery.failed_spot_launches = rec.at("failed_spot_launches").get<int>();
    spec.notify.discord = j.at("notify").at("discord").get<std::string>();
    spec.notify.slack = j.at("notify").at("slack").get<std::string>();
    spec.env = j.at("env").get<std::map<std::string, std::string>>();
    return spec;
  } catch (const Json::exception& e) {
    return Status::Internal(std::string("a stored job spec is not valid: ") + e.what(),
                            "the job database may be damaged; submit the job file again");
  }
}

}  // namespace spotrun
