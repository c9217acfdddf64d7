// What a first launch needs besides the machine itself, found or made once per region: the
// default VPC and its default subnets, the key pair carrying the user's ssh public key, and the
// security group "spotrun-ssh" that opens port 22 to one address range. Everything made is
// tagged managed; existing resources are reused, so a second launch makes nothing. Borrows
// the Ec2Api; stateless.
#ifndef SPOTRUN_CLOUD_LAUNCH_PREREQUISITES_H_
#define SPOTRUN_CLOUD_LAUNCH_PREREQUISITES_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/ec2_api.h"
#include "base/result.h"
#include "cloud/ssh_identity.h"

namespace spotrun {

inline constexpr std::string_view kSshSecurityGroupName = "spotrun-ssh";

struct DefaultNetwork {
  std::string vpc_id{};
  std::vector<Subnet> subnets{};  // the default subnet of each zone, by zone name

  // The default subnet of `zone`, or nullptr.
  const Subnet* SubnetIn(std::string_view zone) const;
};

// The default VPC and its default subnets. kFailedPrecondition saying how to make one
// (`aws ec2 create-default-vpc`) when the region has none.
Result<DefaultNetwork> FindDefaultNetwork(Ec2Api& ec2);

// Imports identity.public_key as key pair identity.key_pair_name unless it exists already.
Status EnsureKeyPair(Ec2Api& ec2, const SshIdentity& identity);

// The address range to open port 22 to when the user gave none: the local cloud (a loopback
// endpoint) is reached from 127.0.0.1/32; for any other endpoint spotrun cannot know the
// caller's public address offline, so nullopt.
std::optional<std::string> DefaultSshCidr(std::string_view endpoint);
// Whether `endpoint` ("http://127.0.0.1:4566") is on this computer: the local cloud.
bool IsLoopbackEndpoint(std::string_view endpoint);

// "1.2.3.4" becomes "1.2.3.4/32"; "1.2.3.0/24" stays. kInvalidArgument for anything else.
Result<std::string> NormalizeCidr(std::string_view text);

// The id of the group "spotrun-ssh" in `vpc_id`, made when missing, with an ingress rule
// tcp/22 from `cidr` added when missing. Without `cidr` an existing port-22 rule is
// accepted; with none, kInvalidArgument asking for --ssh-cidr.
Result<std::string> EnsureSshSecurityGroup(Ec2Api& ec2, std::string_view vpc_id,
                                           const std::optional<std::string>& cidr);

}  // namespace spotrun

#endif  // SPOTRUN_CLOUD_LAUNCH_PREREQUISITES_H_
