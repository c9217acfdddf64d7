// The image a launch boots: "ubuntu" is the newest Ubuntu LTS Canonical publishes for the
// type's architecture, an "ami-…" id is taken as is, anything else is the name of one of the
// user's own images (`spotrun freeze` makes them). Borrows the Ec2Api; stateless.
#ifndef SPOTRUN_CLOUD_LAUNCH_IMAGE_H_
#define SPOTRUN_CLOUD_LAUNCH_IMAGE_H_

#include <string_view>

#include "aws/ec2_api.h"
#include "base/result.h"

namespace spotrun {

// Canonical's account, which publishes the official Ubuntu images.
inline constexpr std::string_view kCanonicalOwner = "099720109477";

// The image `what` names for `architecture` ("x86_64", "arm64"). kNotFound pointing at
// `spotrun images` when there is none.
Result<Image> ChooseLaunchImage(Ec2Api& ec2, std::string_view what, std::string_view architecture);

}  // namespace spotrun

#endif  // SPOTRUN_CLOUD_LAUNCH_IMAGE_H_
