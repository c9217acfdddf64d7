#include "aws/ec2_client.h"

#include <fmt/format.h>
#include <openssl/rand.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <utility>

namespace spotrun {

std::string RandomClientToken() {
  std::array<uint8_t, 16> b{};
  if (RAND_bytes(b.data(), static_cast<int>(b.size())) != 1) {
    std::abort();  // OpenSSL's CSPRNG failing is not recoverable
  }
  b[6] = (b[6] & 0x0f) | 0x40;  // version 4
  b[8] = (b[8] & 0x3f) | 0x80;  // RFC 4122 variant
  return fmt::format(
      "{:02x}{:02x}{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-"
      "{:02x}{:02x}{:02x}{:02x}{:02x}{:02x}",
      b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
      b[15]);
}

Ec2Client::Ec2Client(QueryTransport& transport) : Ec2Client(transport, Ec2ClientOptions()) {}

Ec2Client::Ec2Client(QueryTransport& transport, Ec2ClientOptions options)
    : transport_(transport), options_(std::move(options)) {
  if (!options_.new_client_token) options_.new_client_token = RandomClientToken;
}

std::string Ec2Client::ClientTokenOr(const std::optional<std::string>& token) const {
  if (token && !token->empty()) return *token;
  return options_.new_client_token();
}

}  // namespace spotrun
