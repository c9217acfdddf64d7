#include "cloud/volume_mount.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace spotrun {
namespace {

constexpr std::string_view kReportPrefix = "spotrun-mount: ";

// "/dev/xvdf" and "/dev/sdf" → "f"; other names unchanged.
std::string DeviceLetters(std::string_view device) {
  if (device.starts_with("/dev/")) device.remove_prefix(5);
  if (device.starts_with("xvd")) return std::string(device.substr(3));
  if (device.starts_with("sd")) return std::string(device.substr(2));
  return std::string(device);
}

// The variables both scripts start with, and the function that finds the world.
std::string Prelude(std::string_view volume_id, std::string_view device, std::string_view dir) {
  std::string id_no_dash(volume_id);
  id_no_dash.erase(std::remove(id_no_dash.begin(), id_no_dash.end(), '-'), id_no_dash.end());
  return fmt::format(
      R"sh(set -eu
vol_id='{0}'
vol_key='{1}'
device='{2}'
dir='{3}'
short=${{device#/dev/}}
letters=${{short#xvd}}
letters=${{letters#sd}}
as_root=''
[ "$(id -u)" = 0 ] || as_root='sudo'
root=$(dirname "$(dirname "$HOME")")
block=''
volume_dir=''
find_volume() {{
  for d in /dev/disk/by-id/*Amazon_Elastic_Block_Store_"$vol_key" \
           /dev/disk/by-id/*Amazon_Elastic_Block_Store_"$vol_key"_1 \
           "/dev/sd$letters" "/dev/xvd$letters"; do
    if [ -b "$d" ]; then block=$(readlink -f "$d"); return 0; fi
  done
  if [ "$root" != / ] && [ -d "$root/mnt/volumes/$short" ]; then
    volume_dir="$root/mnt/volumes/$short"; return 0
  fi
  return 1
}}
)sh",
      volume_id, id_no_dash, device, dir);
}

}  // namespace

Result<std::string> NextFreeDevice(const Instance& instance) {
  std::set<std::string> taken{DeviceLetters(instance.root_device_name)};
  for (const InstanceBlockDeviceMapping& m : instance.block_device_mappings) {
    taken.insert(DeviceLetters(m.device_name));
  }
  for (char c = 'f'; c <= 'p'; ++c) {
    if (!taken.contains(std::string(1, c))) return fmt::format("/dev/sd{}", c);
  }
  return Status::FailedPrecondition(
      fmt::format("machine {} has no free device name left (/dev/sdf to /dev/sdp are in use)",
                  instance.instance_id),
      "detach a volume first: spotrun volume detach VOL");
}

std::string DefaultMountDir(std::string_view volume_name, std::string_view volume_id) {
  return fmt::format("/data/{}", volume_name.empty() ? volume_id : volume_name);
}

Status CheckMountDir(std::string_view dir) {
  const bool plain = std::all_of(dir.begin(), dir.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' ||
           c == '.' || c == '_' || c == '-' || c == '+' || c == '@';
  });
  if (!dir.starts_with('/') || dir == "/" || !plain || dir.find("..") != std::string_view::npos ||
      dir.ends_with('/')) {
    return Status::InvalidArgument(
        fmt::format("cannot mount at \"{}\"", dir),
        "give an absolute directory of letters, digits and . _ - (e.g. --mount /data/work)");
  }
  return Status::Ok();
}

std::string MountScript(std::string_view volume_id, std::string_view device, std::string_view dir) {
  return Prelude(volume_id, device, dir) + fmt::format(R"sh(tries=0
until find_volume; do
  tries=$((tries + 1))
  if [ "$tries" -ge 90 ]; then
    echo "spotrun: $device ($vol_id) did not appear on the machine" >&2
    exit 3
  fi
  sleep 1
done
formatted=no
if [ -n "$block" ]; then
  if [ -z "$($as_root blkid -o value -s TYPE "$block" 2>/dev/null || true)" ]; then
    $as_root mkfs.ext4 -q "$block"
    formatted=yes
  fi
  $as_root mkdir -p "$dir"
  if ! mountpoint -q "$dir"; then $as_root mount "$block" "$dir"; fi
  if [ "$formatted" = yes ]; then $as_root chown "$(id -u):$(id -g)" "$dir"; fi
  uuid=$($as_root blkid -o value -s UUID "$block")
  {{ grep -vF " $dir " /etc/fstab || true; echo "UUID=$uuid $dir ext4 defaults,nofail 0 2"; }} \
    > /tmp/fstab.spotrun
  $as_root cp /tmp/fstab.spotrun /etc/fstab
  rm -f /tmp/fstab.spotrun
  echo "{0}block $formatted $dir"
else
  if [ ! -e "$volume_dir/{1}" ]; then
    echo "$vol_id" > "$volume_dir/{1}"
    formatted=yes
  fi
  link="$root$dir"
  mkdir -p "$(dirname "$link")"
  if [ -L "$link" ]; then
    rm -f "$link"
  elif [ -d "$link" ]; then
    rmdir "$link" 2>/dev/null || {{ echo "spotrun: $link exists and is not empty" >&2; exit 4; }}
  elif [ -e "$link" ]; then
    echo "spotrun: $link exists and is not a directory" >&2
    exit 4
  fi
  ln -s "$volume_dir" "$link"
  echo "{0}directory $formatted $link"
fi
)sh",
                                                       kReportPrefix, kVolumeMarkerFile);
}

std::string UnmountScript(std::string_view volume_id, std::string_view device,
                          std::string_view dir) {
  return Prelude(volume_id, device, dir) + R"sh(find_volume || true
if [ -n "$block" ]; then
  for target in $(findmnt -rn -o TARGET -S "$block" 2>/dev/null || true) "$dir"; do
    if mountpoint -q "$target"; then sync; $as_root umount "$target"; fi
  done
fi
if [ -n "$block" ] || [ "$root" = / ]; then
  if grep -qF " $dir " /etc/fstab 2>/dev/null; then
    grep -vF " $dir " /etc/fstab > /tmp/fstab.spotrun || true
    $as_root cp /tmp/fstab.spotrun /etc/fstab
    rm -f /tmp/fstab.spotrun
  fi
fi
if [ "$root" != / ] && [ -L "$root$dir" ]; then rm -f "$root$dir"; fi
echo "spotrun-unmount: done"
)sh";
}

std::optional<MountReport> ParseMountReport(std::string_view output) {
  size_t at = output.rfind(kReportPrefix);
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view line = output.substr(at + kReportPrefix.size());
  line = line.substr(0, line.find('\n'));
  size_t first = line.find(' ');
  if (first == std::string_view::npos) return std::nullopt;
  size_t second = line.find(' ', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  MountReport report;
  report.world = std::string(line.substr(0, first));
  report.formatted = line.substr(first + 1, second - first - 1) == "yes";
  report.path = std::string(line.substr(second + 1));
  return report;
}

}  // namespace spotrun
