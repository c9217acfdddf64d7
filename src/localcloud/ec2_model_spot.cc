// Ec2Model's spot market: RequestSpotInstances, DescribeSpotInstanceRequests,
// CancelSpotInstanceRequests, DescribeSpotPriceHistory and the life of a spot request
// (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/spot-request-status.html).
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <utility>

#include "localcloud/ec2_error.h"
#include "localcloud/ec2_filters.h"
#include "localcloud/ec2_model.h"
#include "localcloud/ec2_pages.h"

namespace spotrun {
namespace {

// How long a request stays at a status before the next evaluation moves it on (EC2 takes a
// few seconds per step too), so every status is visible to a client that polls.
constexpr auto kEvaluationDelay = std::chrono::seconds(1);

std::string StatusMessage(std::string_view code) {
  if (code == "pending-evaluation") {
    return "Your Spot request has been submitted for review, and is pending evaluation.";
  }
  if (code == "pending-fulfillment") return "Your Spot request is pending fulfillment.";
  if (code == "fulfilled") return "Your Spot request is fulfilled.";
  if (code == "capacity-not-available") {
    return "There is no capacity available that matches your request.";
  }
  if (code == "price-too-low") {
    return "Your Spot request price is lower than the minimum required Spot request "
           "fulfillment price.";
  }
  if (code == "canceled-before-fulfillment") {
    return "Your Spot request was canceled before it was fulfilled.";
  }
  if (code == "request-canceled-and-instance-running") {
    return "Your Spot request is canceled, but your instance is still running.";
  }
  if (code == "schedule-expired") return "Your Spot request has expired.";
  if (code == "bad-parameters") return "Your Spot request's launch specification is invalid.";
  if (code == "marked-for-termination") return "Your Spot Instance is marked for termination.";
  if (code == "marked-for-stop") return "Your Spot Instance is marked for stop.";
  if (code == "instance-terminated-by-user") {
    return "Spot Instance terminated due to user-initiated termination.";
  }
  if (code == "instance-stopped-by-user") {
    return "Spot Instance stopped due to user-initiated stop.";
  }
  if (code.ends_with("-by-price")) {
    return "Your Spot Instance was interrupted because the Spot price rose above your maximum "
           "price.";
  }
  if (code.ends_with("-no-capacity")) {
    return "Your Spot Instance was interrupted because there was no Spot capacity available.";
  }
  if (code.ends_with("-by-experiment")) {
    return "Your Spot Instance was interrupted by an interruption you requested.";
  }
  return std::string(code);
}

std::optional<double> ParsePrice(std::string_view text) {
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value <= 0) return std::nullopt;
  return value;
}

std::vector<std::string> SpotFilterValues(const SpotRequestRecord& record, std::string_view name) {
  const SpotInstanceRequest& r = record.request;
  if (name == "state") return {r.state};
  if (name == "status-code") return {r.status.code};
  if (name == "status-message") return {r.status.message};
  if (name == "instance-id") return {r.instance_id};
  if (name == "spot-instance-request-id") return {r.spot_instance_request_id};
  if (name == "type") return {r.type};
  if (name == "launched-availability-zone") return {r.launched_availability_zone};
  if (name == "spot-price") return {r.spot_price};
  if (name == "product-description") return {r.product_description};
  if (name == "launch.instance-type") return {r.launch_specification.instance_type};
  if (name == "launch.image-id") return {r.launch_specification.image_id};
  if (name == "launch.key-name") return {r.launch_specification.key_name};
  if (name == "availability-zone-group" || name == "launch.availability-zone") {
    return {r.launch_specification.availability_zone};
  }
  if (name == "instance-interruption-behavior") return {r.instance_interruption_behavior};
  return {};
}

Status SpotRequestsNotFound(const std::vector<std::string>& ids) {
  if (ids.size() == 1) {
    return Ec2Error("InvalidSpotInstanceRequestID.NotFound",
                    fmt::format("The spot instance request ID '{}' does not exist", ids[0]));
  }
  return Ec2Error(
      "InvalidSpotInstanceRequestID.NotFound",
      fmt::format("The spot instance request IDs '{}' do not exist", fmt::join(ids, ", ")));
}

Status CheckSpotRequestIds(const std::map<std::string, SpotRequestRecord, std::less<>>& requests,
                           const std::vector<std::string>& ids) {
  std::vector<std::string> missing;
  for (const std::string& id : ids) {
    if (!id.starts_with("sir-")) {
      return Ec2Error("InvalidSpotInstanceRequestID.Malformed",
                      fmt::format("Invalid id: \"{}\" (expecting \"sir-...\")", id));
    }
    if (!requests.contains(id)) missing.push_back(id);
  }
  return missing.empty() ? Status::Ok() : SpotRequestsNotFound(missing);
}

}  // namespace

// ---- prices --------------------------------------------------------------------------------

std::optional<double> Ec2Model::SpotPriceLocked(std::string_view type, std::string_view zone,
                                                TimePoint now) const {
  Result<double> price = deps_.market.spot_prices().PriceAt(
      market::SpotPool{std::string(zone), std::string(type)}, now);
  return price.ok() ? std::optional<double>(*price) : std::nullopt;
}

std::optional<double> Ec2Model::MaxPriceLocked(std::string_view max_price,
                                               std::string_view type) const {
  if (!max_price.empty()) return ParsePrice(max_price);
  Result<double> on_demand = deps_.market.on_demand().HourlyPrice(state_.region, type);
  return on_demand.ok() ? std::optional<double>(*on_demand) : std::nullopt;
}

// ---- the request's life --------------------------------------------------------------------

void Ec2Model::SetSpotStatusLocked(SpotRequestRecord& record, std::string_view state,
                                   std::string_view code, TimePoint now) {
  SpotInstanceRequest& r = record.request;
  if (r.state == state && r.status.code == code) return;
  r.state = std::string(state);
  r.status.code = std::string(code);
  r.status.message = StatusMessage(code);
  r.status.update_time = std::chrono::time_point_cast<std::chrono::seconds>(now);
  state_.Touch(r.spot_instance_request_id);
}

void Ec2Model::EvaluateSpotRequestLocked(SpotRequestRecord& record, TimePoint now) {
  SpotInstanceRequest& r = record.request;
  if (r.state != "open") return;
  const std::string& code = r.status.code;
  const bool holding = code == "capacity-not-available" || code == "price-too-low";
  if (!holding && r.status.update_time && now - *r.status.update_time < kEvaluationDelay) return;
  if (r.valid_until && *r.valid_until <= now) {
    SetSpotStatusLocked(record, "cancelled", "schedule-expired", now);
    return;
  }
  // A request interrupted with stop/hibernate starts its own instance again.
  InstanceRecord* stopped = nullptr;
  if (!r.instance_id.empty()) {
    auto it = state_.instances.find(r.instance_id);
    if (it != state_.instances.end() && it->second.instance.state.code == 80) {
      stopped = &it->second;
    } else if (it != state_.instances.end() && it->second.instance.state.code == 64) {
      return;  // still stopping
    }
  }
  Result<Launch> launch = ValidateLaunchLocked(record.launch, {});
  if (!launch.ok()) {
    SetSpotStatusLocked(record, "failed", "bad-parameters", now);
    r.status.message = launch.status().message();
    return;
  }
  launch->metadata_options = record.metadata_options;
  launch->tags = record.instance_tags;
  const std::string type = stopped ? stopped->instance.instance_type : launch->instance_type;
  const std::string zone =
      stopped ? stopped->instance.availability_zone : launch->availability_zone;
  std::optional<double> price = SpotPriceLocked(type, zone, now);
  std::optional<double> max = MaxPriceLocked(r.spot_price, type);
  if (price && max && *max < *price) {
    SetSpotStatusLocked(record, "open", "price-too-low", now);
    r.status.message = fmt::format(
        "Your Spot request price of {} is lower than the minimum required Spot request "
        "fulfillment price of {}.",
        r.spot_price, fmt::format("{:g}", *price));
    return;
  }
  if (!PoolHasRoomLocked(type, zone, CapacityMarket::kSpot, 1)) {
    SetSpotStatusLocked(record, "open", "capacity-not-available", now);
    return;
  }
  if (code != "pending-fulfillment") {
    SetSpotStatusLocked(record, "open", "pending-fulfillment", now);
    return;
  }
  if (stopped != nullptr) {
    if (!StartInstanceLocked(*stopped, now).ok()) {
      SetSpotStatusLocked(record, "open", "capacity-not-available", now);
      return;
    }
  } else {
    Result<std::string> id =
        LaunchInstanceLocked(*launch, NewIdLocked("r-"), record.client_token, &record, now);
    if (!id.ok()) {
      SetSpotStatusLocked(record, "open", "capacity-not-available", now);
      return;
    }
    TakeCapacityLocked(type, zone, CapacityMarket::kSpot, 1);
    r.instance_id = *id;
  }
  r.launched_availability_zone = zone;
  SetSpotStatusLocked(record, "active", "fulfilled", now);
  state_.Touch(r.spot_instance_request_id);
}

void Ec2Model::OnSpotInstanceChangedLocked(const InstanceRecord& instance, std::string_view what,
                                           TimePoint now) {
  if (!instance.instance.IsSpot()) return;
  auto it = state_.spot_requests.find(instance.instance.spot_instance_request_id);
  if (it == state_.spot_requests.end()) return;
  SpotRequestRecord& record = it->second;
  SpotInstanceRequest& r = record.request;
  if (r.instance_id != instance.instance.instance_id) return;
  const bool persistent = r.type == "persistent";
  if (what == "terminate") {
    if (r.state == "cancelled" || r.state == "closed" || r.state == "failed") {
      SetSpotStatusLocked(record, r.state, "instance-terminated-by-user", now);
    } else if (persistent && !record.from_run_instances) {
      r.instance_id.clear();
      SetSpotStatusLocked(record, "open", "instance-terminated-by-user", now);
    } else {
      SetSpotStatusLocked(record, "closed", "instance-terminated-by-user", now);
    }
  } else if (what == "stop") {
    if (r.state == "active" || r.state == "open") {
      SetSpotStatusLocked(record, "disabled", "instance-stopped-by-user", now);
    }
  } else if (what == "start") {
    if (r.state == "disabled" || r.state == "open") {
      SetSpotStatusLocked(record, "active", "fulfilled", now);
    }
  }
}

void Ec2Model::TickSpotLocked(TimePoint now) {
  TickInterruptionsLocked(now);
  for (auto& [id, record] : state_.spot_requests) {
    SpotInstanceRequest& r = record.request;
    if (r.state == "open") {
      EvaluateSpotRequestLocked(record, now);
    } else if ((r.state == "active" || r.state == "disabled") && r.valid_until &&
               *r.valid_until <= now) {
      SetSpotStatusLocked(record, "cancelled", "schedule-expired", now);
    }
  }
}

// ---- the API -------------------------------------------------------------------------------

Result<std::vector<SpotInstanceRequest>> Ec2Model::RequestSpotInstances(
    const RequestSpotInstancesRequest& request) {
  std::lock_guard lock(mu_);
  TickLocked();
  const TimePoint now = deps_.clock.Now();
  const int count = request.instance_count.value_or(1);
  const std::string type = request.type.value_or("one-time");
  const std::string behavior = request.instance_interruption_behavior.value_or("terminate");
  const RequestSpotLaunchSpecification& spec = request.launch_specification;

  const std::string token = request.client_token.value_or("");
  const std::string token_key = "RequestSpotInstances/" + token;
  if (!token.empty()) {
    auto known = state_.client_tokens.find(token_key);
    if (known != state_.client_tokens.end()) {
      std::vector<SpotInstanceRequest> made;
      bool same = true;
      for (std::string_view rest = known->second; !rest.empty();) {
        const size_t comma = rest.find(',');
        auto it = state_.spot_requests.find(rest.substr(0, comma));
        rest = comma == std::string_view::npos ? "" : rest.substr(comma + 1);
        if (it == state_.spot_requests.end()) continue;
        const SpotRequestRecord& r = it->second;
        same = same && r.request.type == type && r.launch.image_id == spec.image_id &&
               r.launch.instance_type == spec.instance_type &&
               r.request.instance_interruption_behavior == behavior;
        made.push_back(r.request);
      }
      if (!same || static_cast<int>(made.size()) != count) {
        return Ec2Error("IdempotentParameterMismatch",
                        "Arguments on this idempotent request are inconsistent with arguments "
                        "used in previous request(s).");
      }
      if (request.dry_run) return DryRunSucceeded();
      return made;
    }
  }

  if (count < 1) {
    return Ec2Error("InvalidParameterValue",
                    fmt::format("Value ({}) for parameter instanceCount is invalid. Expected a "
                                "positive integer.",
                                count));
  }
  if (type != "one-time" && type != "persistent") {
    return Ec2Error("InvalidParameterValue", fmt::format("Invalid value '{}' for Type.", type));
  }
  if (behavior != "terminate" && behavior != "stop" && behavior != "hibernate") {
    return Ec2Error("InvalidParameterValue",
                    fmt::format("Invalid value '{}' for InstanceInterruptionBehavior.", behavior));
  }
  if (behavior != "terminate" && type == "one-time") {
    return Ec2Error("InvalidParameterCombination",
                    fmt::format("The instance interruption behavior '{}' is supported only for "
                                "persistent Spot Instance requests.",
                                behavior));
  }
  if (request.spot_price && !ParsePrice(*request.spot_price)) {
    return Ec2Error("InvalidParameterValue",
                    fmt::format("Invalid value '{}' for SpotPrice.", *request.spot_price));
  }
  if (request.valid_until && *request.valid_until <= now) {
    return Ec2Error("InvalidParameterValue", "The ValidUntil date must be in the future.");
  }
  SPOTRUN_ASSIGN_OR_RETURN(Launch launch, ValidateLaunchLocked(spec, {}));
  if (request.dry_run) return DryRunSucceeded();

  std::optional<double> max = MaxPriceLocked(request.spot_price.value_or(""), spec.instance_type);
  std::vector<SpotInstanceRequest> made;
  std::string ids;
  for (int n = 0; n < count; ++n) {
    SpotRequestRecord record;
    SpotInstanceRequest& r = record.request;
    r.spot_instance_request_id = NewIdLocked("sir-", 8);
    r.type = type;
    r.spot_price = request.spot_price.value_or(max ? fmt::format("{:.6f}", *max) : "");
    r.launch_specification = {launch.image_id,  launch.instance_type,
                              launch.key_name,  launch.availability_zone,
                              launch.subnet_id, launch.security_groups};
    r.instance_interruption_behavior = behavior;
    r.product_description = "Linux/UNIX";
    r.valid_until = request.valid_until;
    r.create_time = std::chrono::time_point_cast<std::chrono::seconds>(now);
    for (const TagSpecification& tags : request.tag_specifications) {
      if (tags.resource_type == "spot-instances-request") {
        r.tags.insert(r.tags.end(), tags.tags.begin(), tags.tags.end());
      }
    }
    record.launch = spec;
    // The request's launch goes to the zone chosen now, as EC2 fixes it at submission.
    record.launch.subnet_id = launch.subnet_id;
    record.launch.availability_zone.reset();
    record.launch.security_group_ids.clear();
    for (const GroupIdentifier& group : launch.security_groups) {
      record.launch.security_group_ids.push_back(group.group_id);
    }
    record.client_token = token;
    const std::string id = r.spot_instance_request_id;
    SpotRequestRecord& stored = state_.spot_requests.emplace(id, std::move(record)).first->second;
    SetSpotStatusLocked(stored, "open", "pending-evaluation", now);
    made.push_back(stored.request);
    if (!ids.empty()) ids += ',';
    ids += id;
  }
  if (!token.empty()) {
    state_.RememberClientToken(token_key, ids);
  }
  FlushLocked();
  return made;
}

Result<DescribeSpotInstanceRequestsResponse> Ec2Model::DescribeSpotInstanceRequests(
    const DescribeSpotInstanceRequestsRequest& request) {
  std::lock_guard lock(mu_);
  TickLocked();
  SPOTRUN_RETURN_IF_ERROR(
      CheckSpotRequestIds(state_.spot_requests, request.spot_instance_request_ids));
  SPOTRUN_RETURN_IF_ERROR(ValidateFilters(
      request.filters,
      {"state", "status-code", "status-message", "instance-id", "spot-instance-request-id", "type",
       "launched-availability-zone", "spot-price", "product-description", "launch.instance-type",
       "launch.image-id", "launch.key-name", "availability-zone-group", "launch.availability-zone",
       "instance-interruption-behavior"}));
  if (request.dry_run) return DryRunSucceeded();
  std::vector<SpotInstanceRequest> matching;
  for (const auto& [id, record] : state_.spot_requests) {
    if (!Selected(request.spot_instance_request_ids, id)) continue;
    if (!MatchesFilters(request.filters, record.request.tags,
                        [&](std::string_view name) { return SpotFilterValues(record, name); })) {
      continue;
    }
    matching.push_back(record.request);
  }
  SPOTRUN_ASSIGN_OR_RETURN(
      auto page, Paginate(
                     std::move(matching),
                     [](const SpotInstanceRequest& r) { return r.spot_instance_request_id; },
                     request.max_results, request.next_token));
  return DescribeSpotInstanceRequestsResponse{std::move(page.first), std::move(page.second)};
}

Result<std::vector<CancelledSpotInstanceRequest>> Ec2Model::CancelSpotInstanceRequests(
    const CancelSpotInstanceRequestsRequest& request) {
  std::lock_guard lock(mu_);
  TickLocked();
  const TimePoint now = deps_.clock.Now();
  if (request.spot_instance_request_ids.empty()) {
    return Ec2Error("MissingParameter",
                    "The request must contain the parameter SpotInstanceRequestId");
  }
  SPOTRUN_RETURN_IF_ERROR(
      CheckSpotRequestIds(state_.spot_requests, request.spot_instance_request_ids));
  if (request.dry_run) return DryRunSucceeded();
  std::vector<CancelledSpotInstanceRequest> cancelled;
  for (const std::string& id : request.spot_instance_request_ids) {
    SpotRequestRecord& record = state_.spot_requests.at(id);
    const std::string& state = record.request.state;
    // The instances keep running, as on EC2: cancelling only stops the request.
    if (state == "open" && record.request.instance_id.empty()) {
      SetSpotStatusLocked(record, "cancelled", "canceled-before-fulfillment", now);
    } else if (state == "open" || state == "active" || state == "disabled") {
      SetSpotStatusLocked(record, "cancelled", "request-canceled-and-instance-running", now);
    }
    cancelled.push_back({id, record.request.state});
  }
  FlushLocked();
  return cancelled;
}

Result<DescribeSpotPriceHistoryResponse> Ec2Model::DescribeSpotPriceHistory(
    const DescribeSpotPriceHistoryRequest& request) {
  std::lock_guard lock(mu_);
  TickLocked();
  const TimePoint now = deps_.clock.Now();
  SPOTRUN_RETURN_IF_ERROR(ValidateFilters(
      request.filters,
      {"availability-zone", "instance-type", "product-description", "spot-price", "timestamp"}));
  TimePoint end = std::min(request.end_time.value_or(now), now);
  TimePoint start = std::min(request.start_time.value_or(end), end);
  if (request.dry_run) return DryRunSucceeded();

  // Only Linux/UNIX is offered; asking only for other products finds nothing.
  bool linux = request.product_descriptions.empty();
  for (const std::string& product : request.product_descriptions) {
    linux = linux || product.starts_with("Linux/UNIX");
  }
  std::vector<std::string> types = request.instance_types;
  if (types.empty()) {
    Result<std::vector<market::InstanceTypeInfo>> all = deps_.market.instance_types().All();
    if (!all.ok()) return all.status();
    for (const market::InstanceTypeInfo& info : *all) types.push_back(info.name);
  }
  const std::string location = request.availability_zone.value_or(state_.region);
  std::vector<SpotPrice> prices;
  if (linux) {
    for (const std::string& type : types) {
      // A type named in a filter must match it before its series is read.
      bool wanted = true;
      for (const Filter& filter : request.filters) {
        if (filter.name != "instance-type") continue;
        wanted = std::any_of(filter.values.begin(), filter.values.end(),
                             [&](const std::string& v) { return MatchesWildcard(v, type); });
      }
      if (!wanted) continue;
      Result<std::vector<market::SpotPriceRecord>> history =
          deps_.market.spot_prices().History(location, type, start, end);
      if (!history.ok()) {
        if (!request.instance_types.empty() && history.status().kind() != ErrorKind::kNotFound) {
          return history.status();
        }
        continue;
      }
      for (const market::SpotPriceRecord& record : *history) {
        SpotPrice price{record.availability_zone, record.instance_type, record.product_description,
                        fmt::format("{:.6f}", record.spot_price), record.timestamp};
        if (!MatchesFilters(request.filters, {}, [&](std::string_view name) {
              if (name == "availability-zone") return std::vector{price.availability_zone};
              if (name == "instance-type") return std::vector{price.instance_type};
              if (name == "product-description") return std::vector{price.product_description};
              if (name == "spot-price") return std::vector{price.spot_price};
              return std::vector{FormatIso8601(price.timestamp)};
            })) {
          continue;
        }
        prices.push_back(std::move(price));
      }
    }
  }
  // Newest first across every type, as EC2 lists them; pages are keyed by position.
  std::stable_sort(prices.begin(), prices.end(), [](const SpotPrice& a, const SpotPrice& b) {
    return a.timestamp > b.timestamp;
  });
  std::vector<std::pair<std::string, SpotPrice>> keyed;
  keyed.reserve(prices.size());
  for (size_t n = 0; n < prices.size(); ++n) {
    keyed.emplace_back(fmt::format("{:010d}", n), std::move(prices[n]));
  }
  SPOTRUN_ASSIGN_OR_RETURN(auto page,
                           Paginate(
                               std::move(keyed), [](const auto& item) { return item.first; },
                               request.max_results, request.next_token));
  DescribeSpotPriceHistoryResponse response;
  for (auto& item : page.first) response.spot_price_history.push_back(std::move(item.second));
  response.next_token = std::move(page.second);
  return response;
}

}  // namespace spotrun
