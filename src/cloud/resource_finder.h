// Finding the volumes, snapshots and images a user means — by a name (the Name tag; for
// images also the AMI name), a full id, or a unique prefix of an id, as machines are found
// (cloud/machine_finder.h). Lists are of spotrun's own resources: managed volumes and
// snapshots, and the account's own images. Borrows the Ec2Api; stateless.
#ifndef SPOTRUN_CLOUD_RESOURCE_FINDER_H_
#define SPOTRUN_CLOUD_RESOURCE_FINDER_H_

#include <string>
#include <string_view>
#include <vector>

#include "aws/ec2_api.h"
#include "aws/ec2_types.h"
#include "base/result.h"

namespace spotrun {

// The Name tag, or "" when untagged.
std::string NameOf(const std::vector<Tag>& tags);
// An image's name for people: its Name tag, else its AMI name.
std::string ImageLabel(const Image& image);

// Managed volumes (tag-key spotrun:managed), every page, oldest first.
Result<std::vector<Volume>> ListVolumes(Ec2Api& ec2);
// Managed snapshots the account owns, every page, oldest first.
Result<std::vector<Snapshot>> ListSnapshots(Ec2Api& ec2);
// Every image the account owns (Owner self), managed or not, oldest first.
Result<std::vector<Image>> ListImages(Ec2Api& ec2);

// The one resource `what` names. A full id finds that resource even when spotrun did not
// make it; a name or a prefix (4+ characters after "vol-"/"snap-"/"ami-") searches the
// lists above. kNotFound names the nearest names and the command that lists them; several
// matches are kFailedPrecondition listing their ids.
Result<Volume> FindVolume(Ec2Api& ec2, std::string_view what);
Result<Snapshot> FindSnapshot(Ec2Api& ec2, std::string_view what);
Result<Image> FindImage(Ec2Api& ec2, std::string_view what);

}  // namespace spotrun

#endif  // SPOTRUN_CLOUD_RESOURCE_FINDER_H_
