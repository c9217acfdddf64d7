#include "aws/client_token.h"

#include <sys/random.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>

namespace spotrun {

namespace {

// Sets the version-4 and RFC 4122 variant bits and formats 8-4-4-4-12 lower-case hex.
std::string FormatUuidV4(std::array<uint8_t, 16> bytes) {
  bytes[6] = (bytes[6] & 0x0f) | 0x40;  // version 4
  bytes[8] = (bytes[8] & 0x3f) | 0x80;  // RFC 4122 variant
  constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[bytes[i] >> 4]);
    out.push_back(kHex[bytes[i] & 0x0f]);
  }
  return out;
}

}  // namespace

std::string NewClientToken(const RandomSource& random) {
  std::array<uint8_t, 16> bytes;
  for (uint8_t& b : bytes) {
    double r = std::clamp(random(), 0.0, 0.999999999);
    b = static_cast<uint8_t>(r * 256);
  }
  return FormatUuidV4(bytes);
}

std::string RandomClientToken() {
  std::array<uint8_t, 16> bytes{};
  // The kernel's CSPRNG; 16 bytes never come back short once it is seeded.
  if (getrandom(bytes.data(), bytes.size(), 0) != static_cast<ssize_t>(bytes.size())) {
    std::abort();  // no randomness from the kernel: nothing sensible to do
  }
  return FormatUuidV4(bytes);
}

bool IsValidClientToken(std::string_view token) {
  if (token.empty() || token.size() > kMaxClientTokenLength) return false;
  return std::all_of(token.begin(), token.end(), [](char c) { return c >= 0x21 && c < 0x7f; });
}

}  // namespace spotrun
