// What happens on the machine when a volume is attached or detached: the device name to
// attach at, and the shell scripts (run with RemoteScript) that find the volume, format it
// only when it is new, mount it with an fstab line (nofail) so it comes back after a reboot,
// and unmount it. The scripts detect which world they run in (doc/volumes.md):
//   - block: a real EBS device (/dev/disk/by-id/…Amazon_Elastic_Block_Store_vol…, or the
//     /dev/sdX, /dev/xvdX name) — blkid empty → mkfs.ext4, mount, fstab;
//   - directory: the local cloud, where the volume is the directory ROOT/mnt/volumes/DEVICE
//     (ROOT = the parent of /home/USER) — a marker file .spotrun-volume plays "formatted"
//     and a symlink ROOT/DIR → the volume plays "mounted".
// Pure functions; thread-safe.
#ifndef SPOTRUN_CLOUD_VOLUME_MOUNT_H_
#define SPOTRUN_CLOUD_VOLUME_MOUNT_H_

#include <optional>
#include <string>
#include <string_view>

#include "aws/ec2_types.h"
#include "base/result.h"

namespace spotrun {

// The tag `volume attach` puts on a volume: the directory it is mounted at on its machine,
// so `volume detach` unmounts the right one.
inline constexpr std::string_view kMountTag = "spotrun:mount";

// The marker a new volume gets on the local cloud (its "filesystem").
inline constexpr std::string_view kVolumeMarkerFile = ".spotrun-volume";

// The first of /dev/sdf … /dev/sdp that neither the root nor an attached volume uses
// (sdX and xvdX count as the same). kFailedPrecondition when all are taken.
Result<std::string> NextFreeDevice(const Instance& instance);

// Where a volume is mounted unless asked otherwise: /data/NAME (or /data/ID without a name).
std::string DefaultMountDir(std::string_view volume_name, std::string_view volume_id);

// A mount directory must be absolute and plain (no "..", no quotes or spaces).
Status CheckMountDir(std::string_view dir);

// Formats (when new) and mounts the volume `volume_id` attached at `device` on DIR. Its last
// line of output is "spotrun-mount: WORLD FRESHNESS PATH" (see ParseMountReport).
std::string MountScript(std::string_view volume_id, std::string_view device, std::string_view dir);

// Unmounts DIR (and whatever else mounts the device) and removes its fstab line.
std::string UnmountScript(std::string_view volume_id, std::string_view device,
                          std::string_view dir);

struct MountReport {
  std::string world{};     // "block" | "directory"
  bool formatted = false;  // new: a filesystem (or marker) was made now
  std::string path{};      // where the data is, as seen on the machine's own file system
};

// The report line of MountScript's output; nullopt when it is missing.
std::optional<MountReport> ParseMountReport(std::string_view output);

}  // namespace spotrun

#endif  // SPOTRUN_CLOUD_VOLUME_MOUNT_H_
