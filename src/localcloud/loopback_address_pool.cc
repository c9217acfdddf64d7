#include "localcloud/loopback_address_pool.h"

#include <fmt/format.h>

#include <charconv>

namespace spotrun {

bool ParseIpv4(std::string_view text, uint32_t* out) {
  uint32_t value = 0;
  for (int i = 0; i < 4; ++i) {
    if (i > 0) {
      if (text.empty() || text.front() != '.') return false;
      text.remove_prefix(1);
    }
    unsigned octet = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), octet);
    if (ec != std::errc() || end == text.data() || octet > 255) return false;
    if (end - text.data() > 1 && text.front() == '0') return false;  // no octal-looking octets
    text.remove_prefix(static_cast<size_t>(end - text.data()));
    value = (value << 8) | octet;
  }
  if (!text.empty()) return false;
  *out = value;
  return true;
}

std::string FormatIpv4(uint32_t a) {
  return fmt::format("{}.{}.{}.{}", a >> 24, (a >> 16) & 0xff, (a >> 8) & 0xff, a & 0xff);
}

Result<LoopbackAddressPool> LoopbackAddressPool::Create(std::string_view first,
                                                        std::string_view last) {
  uint32_t lo = 0, hi = 0;
  if (!ParseIpv4(first, &lo) || !ParseIpv4(last, &hi) || (lo >> 24) != 127 || (hi >> 24) != 127 ||
      lo > hi) {
    return Status::InvalidArgument(
        fmt::format("invalid loopback address range {} – {}", first, last),
        "give two addresses in 127.0.0.0/8, the first not above the last");
  }
  return LoopbackAddressPool(lo, hi);
}

LoopbackAddressPool::LoopbackAddressPool(LoopbackAddressPool&& other) noexcept
    : first_(other.first_), last_(other.last_) {
  std::lock_guard lock(other.mu_);
  in_use_ = std::move(other.in_use_);
}

bool LoopbackAddressPool::Usable(uint32_t a) {
  uint32_t last_octet = a & 0xff;
  return (a >> 24) == 127 && last_octet != 0 && last_octet != 255 && a != 0x7f000001 &&
         a != 0x7f000101;
}

Result<std::string> LoopbackAddressPool::Allocate() {
  std::lock_guard lock(mu_);
  for (uint64_t a = first_; a <= last_; ++a) {
    uint32_t address = static_cast<uint32_t>(a);
    if (Usable(address) && !in_use_.contains(address)) {
      in_use_.insert(address);
      return FormatIpv4(address);
    }
  }
  return Status::Unavailable(fmt::format("every loopback address from {} to {} is in use",
                                         FormatIpv4(first_), FormatIpv4(last_)),
                             "terminate instances you no longer need");
}

Status LoopbackAddressPool::Reserve(std::string_view address) {
  uint32_t a = 0;
  if (!ParseIpv4(address, &a) || !Usable(a) || a < first_ || a > last_) {
    return Status::InvalidArgument(fmt::format("{} is not an address of the pool {} – {}", address,
                                               FormatIpv4(first_), FormatIpv4(last_)));
  }
  std::lock_guard lock(mu_);
  if (!in_use_.insert(a).second) {
    return Status::AlreadyExists(fmt::format("loopback address {} is already in use", address));
  }
  return Status::Ok();
}

void LoopbackAddressPool::Release(std::string_view address) {
  uint32_t a = 0;
  if (!ParseIpv4(address, &a)) return;
  std::lock_guard lock(mu_);
  in_use_.erase(a);
}

bool LoopbackAddressPool::InUse(std::string_view address) const {
  uint32_t a = 0;
  if (!ParseIpv4(address, &a)) return false;
  std::lock_guard lock(mu_);
  return in_use_.contains(a);
}

}  // namespace spotrun
