// Resolving what a user calls an image — "ubuntu" (the newest Ubuntu LTS Canonical
// publishes), the name of one of their own images, or an image id (or unique prefix) — to
// the Image to launch or show. Used by `spotrun launch --image` and `spotrun image`.
// Borrows the Ec2Api; stateless.
#ifndef SPOTRUN_CLOUD_IMAGE_RESOLVER_H_
#define SPOTRUN_CLOUD_IMAGE_RESOLVER_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/ec2_api.h"
#include "aws/ec2_types.h"
#include "base/result.h"

namespace spotrun {

// Canonical's AWS account, the publisher of the official Ubuntu images.
inline constexpr std::string_view kCanonicalOwnerId = "099720109477";

// The Ubuntu release an image of Canonical's is ("24.04" for
// "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20240423"), or nullopt when
// the name is not one of Canonical's plain server images.
std::optional<std::string> UbuntuServerVersion(std::string_view image_name);
// Whether a version ("22.04") is a long-term-support release (even year, April).
bool IsLtsVersion(std::string_view version);

// The newest Ubuntu LTS server image for `architecture` ("x86_64", "arm64"): the highest
// LTS version, and of that the latest build.
Result<Image> NewestUbuntuLts(Ec2Api& ec2, std::string_view architecture);

// `what`: "ubuntu" (or empty) → NewestUbuntuLts(architecture, default x86_64); otherwise
// FindImage (own image name, image id, unique id prefix). With a non-empty `architecture`,
// an image of another architecture is kFailedPrecondition saying which types fit it.
Result<Image> ResolveImage(Ec2Api& ec2, std::string_view what, std::string_view architecture);

}  // namespace spotrun

#endif  // SPOTRUN_CLOUD_IMAGE_RESOLVER_H_
