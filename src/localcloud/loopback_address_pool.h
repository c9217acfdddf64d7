// LoopbackAddressPool: hands out unique loopback addresses (127.x.y.z), one per instance.
// Linux routes all of 127.0.0.0/8 to lo, so every address can carry its own port 22 and
// IMDS port without configuration. Addresses ending in .0 or .255, 127.0.0.1 and 127.0.1.1
// (Debian's hostname address) are never handed out. The pool lives in memory; the model
// persists which address each instance holds and Reserve()s them again after a restart.
// Thread-safe.
#ifndef SPOTRUN_LOCALCLOUD_LOOPBACK_ADDRESS_POOL_H_
#define SPOTRUN_LOCALCLOUD_LOOPBACK_ADDRESS_POOL_H_

#include <cstdint>
#include <mutex>
#include <set>
#include <string>
#include <string_view>

#include "base/result.h"

namespace spotrun {

class LoopbackAddressPool {
 public:
  // The default range of `spotrun cloud serve`.
  static constexpr std::string_view kDefaultFirst = "127.1.0.1";
  static constexpr std::string_view kDefaultLast = "127.1.255.254";

  // Hands out addresses in [first, last], lowest free first. Both must be in 127.0.0.0/8
  // with first <= last; Create fails with kInvalidArgument otherwise.
  static Result<LoopbackAddressPool> Create(std::string_view first = kDefaultFirst,
                                            std::string_view last = kDefaultLast);
  LoopbackAddressPool(LoopbackAddressPool&& other) noexcept;
  LoopbackAddressPool& operator=(LoopbackAddressPool&&) = delete;

  // The lowest free address; kUnavailable when the range is used up.
  Result<std::string> Allocate();
  // Marks a known address as taken (after a restart). kAlreadyExists when it already is,
  // kInvalidArgument when it is not an address this pool may hand out.
  Status Reserve(std::string_view address);
  // Gives an address back; unknown addresses are ignored.
  void Release(std::string_view address);
  bool InUse(std::string_view address) const;

 private:
  LoopbackAddressPool(uint32_t first, uint32_t last) : first_(first), last_(last) {}
  static bool Usable(uint32_t address);

  mutable std::mutex mu_;
  uint32_t first_, last_;
  std::set<uint32_t> in_use_;
};

// "127.1.2.3" → host-order integer; false when not a dotted IPv4 address.
bool ParseIpv4(std::string_view text, uint32_t* out);
std::string FormatIpv4(uint32_t address);

}  // namespace spotrun

#endif  // SPOTRUN_LOCALCLOUD_LOOPBACK_ADDRESS_POOL_H_
