// Garbage: what spotrun created (tagged spotrun:managed) that is orphaned or bills for nothing —
// persistent spot requests whose machine is gone (they would launch unnamed replacements),
// unattached volumes, snapshots of deleted volumes that back no image, and images of machines
// that no longer exist. Images are frozen on purpose, so they are only listed as kept unless
// asked for. Never looks at anything without the managed tag. Functions borrow the Ec2Api.
#ifndef SPOTRUN_CLOUD_GARBAGE_H_
#define SPOTRUN_CLOUD_GARBAGE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/ec2_api.h"
#include "base/result.h"

namespace spotrun {

enum class GarbageKind { kSpotRequest, kVolume, kImage, kSnapshot };
std::string_view GarbageKindName(GarbageKind kind);  // "spot request", "volume", …

struct GarbageItem {
  GarbageKind kind = GarbageKind::kVolume;
  std::string id{};
  std::string name{};    // the Name tag, else the spotrun:machine tag; may be empty
  std::string reason{};  // why it is garbage, or why it is kept
  // The GiB it bills for every month it stays (EBS volumes and snapshots are priced per
  // GiB-month; spotrun's price data has no EBS prices, so it shows the size, not a made-up
  // amount); nullopt when it bills nothing by itself (a spot request) or the size is unknown.
  std::optional<int> billed_gib{};
  bool kept = false;  // shown, never removed (images without include_images)
  // Removed with it: an image's snapshots; a spot request's unnamed replacement instance.
  std::vector<std::string> related{};
};

struct GarbageOptions {
  bool include_images = false;  // images of gone machines are garbage, not kept (default off)
};

// Spot requests first, then volumes, images, snapshots; kept images among the images.
Result<std::vector<GarbageItem>> FindGarbage(Ec2Api& ec2, const GarbageOptions& options);

// Removes one item and what is related to it. Kept items are refused (kFailedPrecondition).
Status RemoveGarbage(Ec2Api& ec2, const GarbageItem& item);

}  // namespace spotrun

#endif  // SPOTRUN_CLOUD_GARBAGE_H_
