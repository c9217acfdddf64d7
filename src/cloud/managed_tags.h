// The tags spotrun puts on everything it creates, so that it can find its own resources
// again (ls, gc) and never touches anyone else's. Constants only.
#ifndef SPOTRUN_CLOUD_MANAGED_TAGS_H_
#define SPOTRUN_CLOUD_MANAGED_TAGS_H_

#include <string>
#include <string_view>
#include <vector>

#include "aws/ec2_types.h"

namespace spotrun {

// Every resource spotrun creates carries this tag (value "true").
inline constexpr std::string_view kManagedTag = "spotrun:managed";
// EC2's own naming tag: a machine's name is its Name tag.
inline constexpr std::string_view kNameTag = "Name";
// The machine a resource was made for (volumes, images, snapshots, spot requests).
inline constexpr std::string_view kMachineTag = "spotrun:machine";

// Set by the local cloud on an instance whose sshd does not listen on port 22 (it runs
// unprivileged): the port to use instead. Real EC2 never sets it.
inline constexpr std::string_view kLocalCloudSshPortTag = "localcloud:ssh-port";

// {Name=name, spotrun:managed=true}, plus spotrun:machine=machine when given.
inline std::vector<Tag> ManagedTags(std::string_view name, std::string_view machine = {}) {
  std::vector<Tag> tags{{std::string(kNameTag), std::string(name)},
                        {std::string(kManagedTag), "true"}};
  if (!machine.empty()) tags.push_back({std::string(kMachineTag), std::string(machine)});
  return tags;
}

}  // namespace spotrun

#endif  // SPOTRUN_CLOUD_MANAGED_TAGS_H_
