// Ec2Model's network: the default VPC with one default subnet per zone and its default
// security group (seeded into a new state, as every AWS account has them), security groups
// and their ingress rules, VPCs and subnets. Rules are recorded, not enforced: every instance
// listens on its own loopback address.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <string>

#include "localcloud/ec2_error.h"
#include "localcloud/ec2_filters.h"
#include "localcloud/ec2_model.h"
#include "localcloud/ec2_pages.h"

namespace spotrun {
namespace {

constexpr std::string_view kDefaultVpcCidr = "172.31.0.0/16";
// A /20 has 4096 addresses; AWS reserves 5 of every subnet's.
constexpr int kDefaultSubnetFreeAddresses = 4091;
constexpr int kMaxDefaultSubnets = 16;  // /20s in the default /16

std::vector<std::string> One(std::string value) { return {std::move(value)}; }
std::string Bool(bool value) { return value ? "true" : "false"; }

// "a.b.c.d/n" with every number in range.
bool IsCidr(std::string_view text) {
  const size_t slash = text.find('/');
  if (slash == std::string_view::npos) return false;
  auto number = [](std::string_view part, int max) {
    int value = -1;
    auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    return ec == std::errc() && end == part.data() + part.size() && !part.empty() && value >= 0 &&
           value <= max;
  };
  if (!number(text.substr(slash + 1), 32)) return false;
  std::string_view address = text.substr(0, slash);
  for (int i = 0; i < 4; ++i) {
    const size_t dot = address.find('.');
    if ((i < 3) != (dot != std::string_view::npos)) return false;
    if (!number(address.substr(0, dot), 255)) return false;
    address = dot == std::string_view::npos ? std::string_view() : address.substr(dot + 1);
  }
  return true;
}

// EC2's protocol names: "tcp", "udp", "icmp", "icmpv6" or "-1" (all); numbers name them too.
std::optional<std::string> CanonicalProtocol(std::string_view protocol) {
  if (protocol == "tcp" || protocol == "6") return "tcp";
  if (protocol == "udp" || protocol == "17") return "udp";
  if (protocol == "icmp" || protocol == "1") return "icmp";
  if (protocol == "icmpv6" || protocol == "58") return "icmpv6";
  if (protocol == "-1" || protocol == "all") return "-1";
  return std::nullopt;
}

std::string ProtocolLabel(const std::string& protocol) {
  if (protocol == "-1") return "ALL";
  std::string upper = protocol;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return upper;
}

bool SameRuleShape(const IpPermission& a, const IpPermission& b) {
  return a.ip_protocol == b.ip_protocol && a.from_port == b.from_port && a.to_port == b.to_port;
}

}  // namespace

Status Ec2Model::SeedDefaultsLocked() {
  SPOTRUN_RETURN_IF_ERROR(SeedNetworkLocked());
  return SeedImagesLocked();
}

Status Ec2Model::SeedNetworkLocked() {
  Result<std::vector<market::AvailabilityZone>> zones =
      deps_.market.regions().Zones(options_.region);
  if (!zones.ok()) {
    return Status::InvalidArgument(
        "the local cloud has no availability zones for region " + options_.region,
        "start it with a --region the market data knows, e.g. us-east-1");
  }
  Vpc vpc;
  vpc.vpc_id = NewIdLocked("vpc-");
  vpc.cidr_block = std::string(kDefaultVpcCidr);
  vpc.state = "available";
  vpc.is_default = true;
  vpc.owner_id = state_.owner_id;
  for (size_t i = 0; i < zones->size() && i < kMaxDefaultSubnets; ++i) {
    const market::AvailabilityZone& zone = (*zones)[i];
    Subnet subnet;
    subnet.subnet_id = NewIdLocked("subnet-");
    subnet.vpc_id = vpc.vpc_id;
    subnet.availability_zone = zone.name;
    subnet.availability_zone_id = zone.id;
    // As AWS lays out a default VPC: 172.31.0.0/20, 172.31.16.0/20, 172.31.32.0/20, …
    subnet.cidr_block = "172.31." + std::to_string(16 * i) + ".0/20";
    subnet.state = "available";
    subnet.available_ip_address_count = kDefaultSubnetFreeAddresses;
    subnet.default_for_az = true;
    subnet.map_public_ip_on_launch = true;
    state_.Touch(subnet.subnet_id);
    state_.subnets.emplace(subnet.subnet_id, subnet);
  }
  SecurityGroup group;
  group.group_id = NewIdLocked("sg-");
  group.group_name = "default";
  group.description = "default VPC security group";
  group.vpc_id = vpc.vpc_id;
  group.owner_id = state_.owner_id;
  group.ip_permissions_egress.push_back({"-1", std::nullopt, std::nullopt, {{"0.0.0.0/0", {}}}});
  state_.Touch(group.group_id);
  state_.security_groups.emplace(group.group_id, group);
  state_.Touch(vpc.vpc_id);
  state_.vpcs.emplace(vpc.vpc_id, vpc);
  return Status::Ok();
}

Result<CreateSecurityGroupResponse> Ec2Model::CreateSecurityGroup(
    const CreateSecurityGroupRequest& request) {
  std::lock_guard lock(mu_);
  TickLocked();
  if (request.group_name.empty()) {
    return Ec2Error("MissingParameter", "The request must contain the parameter GroupName");
  }
  if (request.description.empty()) {
    return Ec2Error("MissingParameter", "The request must contain the parameter GroupDescription");
  }
  if (request.group_name.size() > 255 || request.description.size() > 255) {
    return Ec2Error("InvalidParameterValue",
                    "Security group names and descriptions may be at most 255 characters long");
  }
  if (request.group_name.starts_with("sg-")) {
    return Ec2Error("InvalidParameterValue", "Group names may not be in the format sg-*.");
  }
  std::string vpc_id;
  if (request.vpc_id) {
    if (!state_.vpcs.contains(*request.vpc_id)) return NotFoundError(*request.vpc_id);
    vpc_id = *request.vpc_id;
  } else {
    for (const auto& [id, vpc] : state_.vpcs) {
      if (vpc.is_default) vpc_id = id;
    }
    if (vpc_id.empty()) {
      return Ec2Error("VPCIdNotSpecified", "No default VPC for this user");
    }
  }
  if (request.group_name == "default") {
    return Ec2Error("InvalidGroup.Reserved", "The security group 'default' is reserved");
  }
  for (const auto& [id, group] : state_.security_groups) {
    if (group.vpc_id == vpc_id && group.group_name == request.group_name) {
      return Ec2Error("InvalidGroup.Duplicate", "The security group '" + request.group_name +
                                                    "' already exists for VPC '" + vpc_id + "'");
    }
  }
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<Tag> tags,
                           TagsToCreate(request.tag_specifications, "security-group"));
  if (request.dry_run) return DryRunSucceeded();
  SecurityGroup group;
  group.group_id = NewIdLocked("sg-");
  group.group_name = request.group_name;
  group.description = request.description;
  group.vpc_id = vpc_id;
  group.owner_id = state_.owner_id;
  // A new VPC security group allows all outbound traffic, as on AWS.
  group.ip_permissions_egress.push_back({"-1", std::nullopt, std::nullopt, {{"0.0.0.0/0", {}}}});
  group.tags = tags;
  state_.Touch(group.group_id);
  CreateSecurityGroupResponse response{group.group_id, tags};
  state_.security_groups.emplace(group.group_id, std::move(group));
  FlushLocked();
  return response;
}

Result<DescribeSecurityGroupsResponse> Ec2Model::DescribeSecurityGroups(
    const DescribeSecurityGroupsRequest& request) {
  std::lock_guard lock(mu_);
  TickLocked();
  SPOTRUN_RETURN_IF_ERROR(ValidateFilters(
      request.filters, {"group-name", "group-id", "vpc-id", "description", "owner-id"}));
  for (const std::string& id : request.group_ids) {
    if (!IsEc2Id(id, "sg-")) {
      return Ec2Error("InvalidGroupId.Malformed",
                      "Invalid id: \"" + id + "\" (expecting \"sg-...\")");
    }
    if (!state_.security_groups.contains(id)) return NotFoundError(id);
  }
  std::string default_vpc;
  for (const auto& [id, vpc] : state_.vpcs) {
    if (vpc.is_default) default_vpc = id;
  }
  for (const std::string& name : request.group_names) {
    const bool found = std::any_of(
        state_.security_groups.begin(), state_.security_groups.end(), [&](const auto& entry) {
          return entry.second.group_name == name && entry.second.vpc_id == default_vpc;
        });
    if (!found) {
      return Ec2Error(
          "InvalidGroup.NotFound",
          "The security group '" + name + "' does not exist in default VPC '" + default_vpc + "'");
    }
  }
  if (request.dry_run) return DryRunSucceeded();
  std::vector<SecurityGroup> groups;
  for (const auto& [id, group] : state_.security_groups) {
    if (!Selected(request.group_ids, id)) continue;
    if (!request.group_names.empty() &&
        (group.vpc_id != default_vpc || !Selected(request.group_names, group.group_name))) {
      continue;
    }
    const bool match = MatchesFilters(request.filters, group.tags, [&](std::string_view name) {
      if (name == "group-name") return One(group.group_name);
      if (name == "group-id") return One(group.group_id);
      if (name == "vpc-id") return One(group.vpc_id);
      if (name == "description") return One(group.description);
      return One(group.owner_id);
    });
    if (match) groups.push_back(group);
  }
  SPOTRUN_ASSIGN_OR_RETURN(auto page,
                           Paginate(
                               std::move(groups), [](const SecurityGroup& g) { return g.group_id; },
                               request.max_results, request.next_token));
  return DescribeSecurityGroupsResponse{std::move(page.first), std::move(page.second)};
}

Result<AuthorizeSecurityGroupIngressResponse> Ec2Model::AuthorizeSecurityGroupIngress(
    const AuthorizeSecurityGroupIngressRequest& request) {
  std::lock_guard lock(mu_);
  TickLocked();
  SecurityGroup* group = nullptr;
  if (request.group_id) {
    auto it = state_.security_groups.find(*request.group_id);
    if (it == state_.security_groups.end()) return NotFoundError(*request.group_id);
    group = &it->second;
  } else if (request.group_name) {
    for (auto& [id, g] : state_.security_groups) {
      const auto vpc = state_.vpcs.find(g.vpc_id);
      if (g.group_name == *request.group_name && vpc != state_.vpcs.end() &&
          vpc->second.is_default) {
        group = &g;
      }
    }
    if (group == nullptr) {
      return Ec2Error("InvalidGroup.NotFound",
                      "The security group '" + *request.group_name + "' does not exist");
    }
  } else {
    return Ec2Error("MissingParameter", "The request must contain the parameter groupId");
  }
  if (request.ip_permissions.empty()) {
    return Ec2Error("MissingParameter", "The request must contain the parameter ipPermissions");
  }
  // Validate every rule and check it is new before changing anything.
  std::vector<IpPermission> wanted;
  for (const IpPermission& permission : request.ip_permissions) {
    std::optional<std::string> protocol = CanonicalProtocol(permission.ip_protocol);
    if (!protocol) {
      return Ec2Error("InvalidParameterValue", "Invalid value '" + permission.ip_protocol +
                                                   "' for IP protocol. Unknown protocol.");
    }
    IpPermission canonical{*protocol, permission.from_port, permission.to_port, {}};
    if (*protocol == "-1") {
      canonical.from_port.reset();
      canonical.to_port.reset();
    } else if (*protocol == "tcp" || *protocol == "udp") {
      if (!permission.from_port || !permission.to_port) {
        return Ec2Error("InvalidParameterValue",
                        "Invalid value 'Must specify both from and to ports with TCP/UDP.' for "
                        "portRange");
      }
      if (*permission.from_port < 0 || *permission.to_port > 65535 ||
          *permission.from_port > *permission.to_port) {
        return Ec2Error("InvalidParameterValue",
                        "Invalid value '" + std::to_string(*permission.from_port) + "-" +
                            std::to_string(*permission.to_port) + "' for portRange");
      }
    }
    if (permission.ip_ranges.empty()) {
      return Ec2Error("MissingParameter",
                      "The request must contain the parameter ipRanges (a source CIDR)");
    }
    for (const IpRange& range : permission.ip_ranges) {
      if (!IsCidr(range.cidr_ip)) {
        return Ec2Error("InvalidParameterValue", "CIDR block " + range.cidr_ip + " is malformed");
      }
      IpPermission rule = canonical;
      rule.ip_ranges.push_back(range);
      auto same = [&](const IpPermission& have) {
        if (!SameRuleShape(have, rule)) return false;
        return std::any_of(have.ip_ranges.begin(), have.ip_ranges.end(),
                           [&](const IpRange& r) { return r.cidr_ip == range.cidr_ip; });
      };
      if (std::any_of(group->ip_permissions.begin(), group->ip_permissions.end(), same) ||
          std::any_of(wanted.begin(), wanted.end(), same)) {
        const std::string ports = rule.from_port ? std::to_string(*rule.from_port) : "all";
        const std::string to = rule.to_port ? std::to_string(*rule.to_port) : "all";
        return Ec2Error("InvalidPermission.Duplicate",
                        "the specified rule \"peer: " + range.cidr_ip + ", " +
                            ProtocolLabel(rule.ip_protocol) + ", from port: " + ports +
                            ", to port: " + to + ", ALLOW\" already exists");
      }
      wanted.push_back(std::move(rule));
    }
  }
  if (request.dry_run) return DryRunSucceeded();
  AuthorizeSecurityGroupIngressResponse response{true, {}};
  for (IpPermission& rule : wanted) {
    SecurityGroupRule added;
    added.security_group_rule_id = NewIdLocked("sgr-");
    added.group_id = group->group_id;
    added.ip_protocol = rule.ip_protocol;
    added.from_port = rule.from_port;
    added.to_port = rule.to_port;
    added.cidr_ipv4 = rule.ip_ranges.front().cidr_ip;
    added.description = rule.ip_ranges.front().description.value_or("");
    response.security_group_rules.push_back(std::move(added));
    auto existing =
        std::find_if(group->ip_permissions.begin(), group->ip_permissions.end(),
                     [&](const IpPermission& have) { return SameRuleShape(have, rule); });
    if (existing != group->ip_permissions.end()) {
      existing->ip_ranges.push_back(rule.ip_ranges.front());
    } else {
      group->ip_permissions.push_back(std::move(rule));
    }
  }
  state_.Touch(group->group_id);
  FlushLocked();
  return response;
}

Result<DescribeVpcsResponse> Ec2Model::DescribeVpcs(const DescribeVpcsRequest& request) {
  std::lock_guard lock(mu_);
  TickLocked();
  SPOTRUN_RETURN_IF_ERROR(ValidateFilters(
      request.filters, {"is-default", "vpc-id", "state", "cidr", "cidr-block", "owner-id"}));
  for (const std::string& id : request.vpc_ids) {
    if (!state_.vpcs.contains(id)) return NotFoundError(id);
  }
  if (request.dry_run) return DryRunSucceeded();
  std::vector<Vpc> vpcs;
  for (const auto& [id, vpc] : state_.vpcs) {
    if (!Selected(request.vpc_ids, id)) continue;
    const bool match = MatchesFilters(request.filters, vpc.tags, [&](std::string_view name) {
      if (name == "is-default") return One(Bool(vpc.is_default));
      if (name == "vpc-id") return One(vpc.vpc_id);
      if (name == "state") return One(vpc.state);
      if (name == "owner-id") return One(vpc.owner_id);
      return One(vpc.cidr_block);
    });
    if (match) vpcs.push_back(vpc);
  }
  SPOTRUN_ASSIGN_OR_RETURN(auto page, Paginate(
                                          std::move(vpcs), [](const Vpc& v) { return v.vpc_id; },
                                          request.max_results, request.next_token));
  return DescribeVpcsResponse{std::move(page.first), std::move(page.second)};
}

Result<DescribeSubnetsResponse> Ec2Model::DescribeSubnets(const DescribeSubnetsRequest& request) {
  std::lock_guard lock(mu_);
  TickLocked();
  SPOTRUN_RETURN_IF_ERROR(
      ValidateFilters(request.filters, {"vpc-id", "availability-zone", "availability-zone-id",
                                        "default-for-az", "subnet-id", "state", "cidr-block"}));
  for (const std::string& id : request.subnet_ids) {
    if (!state_.subnets.contains(id)) return NotFoundError(id);
  }
  if (request.dry_run) return DryRunSucceeded();
  std::vector<Subnet> subnets;
  for (const auto& [id, subnet] : state_.subnets) {
    if (!Selected(request.subnet_ids, id)) continue;
    const bool match = MatchesFilters(request.filters, subnet.tags, [&](std::string_view name) {
      if (name == "vpc-id") return One(subnet.vpc_id);
      if (name == "availability-zone") return One(subnet.availability_zone);
      if (name == "availability-zone-id") return One(subnet.availability_zone_id);
      if (name == "default-for-az") return One(Bool(subnet.default_for_az));
      if (name == "subnet-id") return One(subnet.subnet_id);
      if (name == "state") return One(subnet.state);
      return One(subnet.cidr_block);
    });
    if (match) subnets.push_back(subnet);
  }
  SPOTRUN_ASSIGN_OR_RETURN(auto page,
                           Paginate(
                               std::move(subnets), [](const Subnet& s) { return s.subnet_id; },
                               request.max_results, request.next_token));
  return DescribeSubnetsResponse{std::move(page.first), std::move(page.second)};
}

}  // namespace spotrun
