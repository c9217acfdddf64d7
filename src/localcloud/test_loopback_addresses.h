// Test-only: loopback addresses for tests that start real servers on instance addresses.
// Each test process draws from its own /24 derived from its pid, so test binaries that
// ctest runs in parallel (and a `spotrun cloud serve` on the default 127.1/16) never hand
// out the same address twice. Thread-safe (the pool is).
#ifndef SPOTRUN_LOCALCLOUD_TEST_LOOPBACK_ADDRESSES_H_
#define SPOTRUN_LOCALCLOUD_TEST_LOOPBACK_ADDRESSES_H_

#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <utility>

#include "localcloud/loopback_address_pool.h"

namespace spotrun::testing {

// This process's /24: {first, last}.
inline std::pair<std::string, std::string> TestAddressRange() {
  unsigned pid = static_cast<unsigned>(::getpid());
  unsigned x = 128 + pid % 127, y = (pid / 127) % 256;
  return {fmt::format("127.{}.{}.1", x, y), fmt::format("127.{}.{}.254", x, y)};
}

inline LoopbackAddressPool& TestAddressPool() {
  static LoopbackAddressPool* pool = [] {
    auto [first, last] = TestAddressRange();
    Result<LoopbackAddressPool> created = LoopbackAddressPool::Create(first, last);
    if (!created.ok()) std::abort();
    return new LoopbackAddressPool(std::move(created).value());
  }();
  return *pool;
}

inline std::string TestAddress() {
  Result<std::string> address = TestAddressPool().Allocate();
  if (!address.ok()) std::abort();
  return *address;
}

}  // namespace spotrun::testing

#endif  // SPOTRUN_LOCALCLOUD_TEST_LOOPBACK_ADDRESSES_H_
