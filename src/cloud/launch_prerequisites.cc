#include "cloud/launch_prerequisites.h"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "aws/ec2_pagination.h"
#include "cloud/managed_tags.h"

namespace spotrun {
namespace {

constexpr int kMaxPages = 50;

bool IsLoopbackHost(std::string_view host) {
  return host == "localhost" || host.starts_with("127.") || host == "[::1]" || host == "::1";
}

// The host of "scheme://host[:port][/path]".
std::string_view HostOf(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme != std::string_view::npos) url.remove_prefix(scheme + 3);
  url = url.substr(0, url.find('/'));
  if (url.starts_with('[')) return url.substr(0, url.find(']') + 1);
  return url.substr(0, url.find(':'));
}

bool HasSshRule(const SecurityGroup& group, const std::optional<std::string>& cidr) {
  for (const IpPermission& p : group.ip_permissions) {
    const bool all = p.ip_protocol == "-1";
    const bool covers_22 = all || (p.ip_protocol == "tcp" && p.from_port.value_or(0) <= 22 &&
                                   p.to_port.value_or(65535) >= 22);
    if (!covers_22) continue;
    if (!cidr) return !p.ip_ranges.empty();
    for (const IpRange& range : p.ip_ranges) {
      if (range.cidr_ip == *cidr) return true;
    }
  }
  return false;
}

}  // namespace

const Subnet* DefaultNetwork::SubnetIn(std::string_view zone) const {
  for (const Subnet& subnet : subnets) {
    if (subnet.availability_zone == zone) return &subnet;
  }
  return nullptr;
}

Result<DefaultNetwork> FindDefaultNetwork(Ec2Api& ec2) {
  SPOTRUN_ASSIGN_OR_RETURN(DescribeVpcsResponse vpcs,
                           ec2.DescribeVpcs({.filters = {{"is-default", {"true"}}}}));
  if (vpcs.vpcs.empty()) {
    return Status::FailedPrecondition(
        "this region has no default VPC, so spotrun has no network to launch into",
        "create one with `aws ec2 create-default-vpc`, or use another region (--region)");
  }
  DefaultNetwork network{.vpc_id = vpcs.vpcs.front().vpc_id};
  SPOTRUN_ASSIGN_OR_RETURN(
      network.subnets,
      CollectAllPages(
          "DescribeSubnets",
          DescribeSubnetsRequest{
              .filters = {{"vpc-id", {network.vpc_id}}, {"default-for-az", {"true"}}}},
          kMaxPages, [&](const DescribeSubnetsRequest& r) { return ec2.DescribeSubnets(r); },
          &DescribeSubnetsResponse::subnets));
  if (network.subnets.empty()) {
    return Status::FailedPrecondition(
        fmt::format("the default VPC {} has no default subnet", network.vpc_id),
        "create one per zone with `aws ec2 create-default-subnet --availability-zone ZONE`");
  }
  std::sort(network.subnets.begin(), network.subnets.end(), [](const Subnet& a, const Subnet& b) {
    return a.availability_zone < b.availability_zone;
  });
  return network;
}

Status EnsureKeyPair(Ec2Api& ec2, const SshIdentity& identity) {
  Result<std::vector<KeyPairInfo>> known =
      ec2.DescribeKeyPairs({.filters = {{"key-name", {identity.key_pair_name}}}});
  if (!known.ok()) return known.status();
  if (!known->empty()) return Status::Ok();
  Result<KeyPairInfo> imported = ec2.ImportKeyPair(
      {.key_name = identity.key_pair_name,
       .public_key_material = identity.public_key,
       .tag_specifications = {{"key-pair", ManagedTags(identity.key_pair_name)}}});
  // Another launch may have imported it in the meantime: that is the same key.
  if (!imported.ok() && imported.status().code() != "InvalidKeyPair.Duplicate") {
    return imported.status().WithContext("importing your ssh key as key pair " +
                                         identity.key_pair_name);
  }
  return Status::Ok();
}

bool IsLoopbackEndpoint(std::string_view endpoint) { return IsLoopbackHost(HostOf(endpoint)); }

std::optional<std::string> DefaultSshCidr(std::string_view endpoint) {
  if (IsLoopbackEndpoint(endpoint)) return "127.0.0.1/32";
  return std::nullopt;
}

Result<std::string> NormalizeCidr(std::string_view text) {
  std::string_view address = text.substr(0, text.find('/'));
  int bits = 32;
  if (address.size() != text.size()) {
    std::string_view suffix = text.substr(address.size() + 1);
    auto [end, ec] = std::from_chars(suffix.data(), suffix.data() + suffix.size(), bits);
    if (ec != std::errc() || end != suffix.data() + suffix.size() || bits < 0 || bits > 32) {
      bits = -1;
    }
  }
  in_addr parsed{};
  if (bits < 0 || inet_pton(AF_INET, std::string(address).c_str(), &parsed) != 1) {
    return Status::InvalidArgument(
        fmt::format("'{}' is not an IPv4 address or address range", text),
        "give --ssh-cidr as ADDRESS or ADDRESS/BITS, e.g. 203.0.113.7 or 203.0.113.0/24");
  }
  return fmt::format("{}/{}", address, bits);
}

Result<std::string> EnsureSshSecurityGroup(Ec2Api& ec2, std::string_view vpc_id,
                                           const std::optional<std::string>& cidr) {
  SPOTRUN_ASSIGN_OR_RETURN(
      DescribeSecurityGroupsResponse found,
      ec2.DescribeSecurityGroups({.filters = {{"group-name", {std::string(kSshSecurityGroupName)}},
                                              {"vpc-id", {std::string(vpc_id)}}}}));
  if (!found.security_groups.empty() && HasSshRule(found.security_groups.front(), cidr)) {
    return found.security_groups.front().group_id;
  }
  if (!cidr) {
    return Status::InvalidArgument(
        "spotrun cannot tell your public address, which is the only one it opens ssh to",
        "pass --ssh-cidr YOUR.PUBLIC.IP (e.g. from https://checkip.amazonaws.com); "
        "--ssh-cidr 0.0.0.0/0 opens port 22 to everyone");
  }
  std::string group_id;
  if (found.security_groups.empty()) {
    SPOTRUN_ASSIGN_OR_RETURN(
        CreateSecurityGroupResponse made,
        ec2.CreateSecurityGroup(
            {.group_name = std::string(kSshSecurityGroupName),
             .description = "ssh to spotrun machines from the addresses spotrun was run from",
             .vpc_id = std::string(vpc_id),
             .tag_specifications = {{"security-group", ManagedTags(kSshSecurityGroupName)}}}));
    group_id = made.group_id;
  } else {
    group_id = found.security_groups.front().group_id;
  }
  Result<AuthorizeSecurityGroupIngressResponse> authorized = ec2.AuthorizeSecurityGroupIngress(
      {.group_id = group_id,
       .ip_permissions = {{.ip_protocol = "tcp",
                           .from_port = 22,
                           .to_port = 22,
                           .ip_ranges = {{.cidr_ip = *cidr, .description = "spotrun ssh"}}}}});
  if (!authorized.ok() && authorized.status().code() != "InvalidPermission.Duplicate") {
    return authorized.status().WithContext("opening port 22 in " + group_id);
  }
  return group_id;
}

}  // namespace spotrun
