#include "aws/crypto.h"

#include <openssl/evp.h>

#include <cstdlib>
#include <cstring>
#include <utility>

namespace spotrun {
namespace {

constexpr size_t kBlockSize = 64;  // SHA-256's block, and so HMAC's key block

// The SHA-256 implementation, fetched from the default provider once. OpenSSL 3 looks the
// algorithm up by name on every EVP_sha256() init otherwise, which costs more than hashing a
// short message. An immutable algorithm handle, not a cache of anything we compute.
const EVP_MD* Sha256Algorithm() {
  static const EVP_MD* const md = [] {
    const EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return fetched != nullptr ? fetched : EVP_sha256();
  }();
  return md;
}

// libcrypto fails SHA-256 only when out of memory or broken; there is no sane way on.
void Check(int ok) {
  if (ok != 1) std::abort();
}

}  // namespace

void AppendHex(std::string& out, std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  size_t at = out.size();
  out.resize(at + bytes.size() * 2);
  char* p = out.data() + at;
  for (char ch : bytes) {
    auto c = static_cast<unsigned char>(ch);
    *p++ = kHex[c >> 4];
    *p++ = kHex[c & 0xF];
  }
}

std::string HexEncode(std::string_view bytes) {
  std::string out;
  AppendHex(out, bytes);
  return out;
}

std::string Sha256Digest::Hex() const { return HexEncode(view()); }

Sha256Hasher::Sha256Hasher() : ctx_(EVP_MD_CTX_new()) {
  if (ctx_ == nullptr) std::abort();
}

Sha256Hasher::~Sha256Hasher() { EVP_MD_CTX_free(ctx_); }

Sha256Hasher::Sha256Hasher(Sha256Hasher&& other) noexcept
    : ctx_(std::exchange(other.ctx_, nullptr)), started_(std::exchange(other.started_, false)) {}

Sha256Hasher& Sha256Hasher::operator=(Sha256Hasher&& other) noexcept {
  std::swap(ctx_, other.ctx_);
  std::swap(started_, other.started_);
  return *this;
}

void Sha256Hasher::StartIfNeeded() {
  if (started_) return;
  Check(EVP_DigestInit_ex(ctx_, Sha256Algorithm(), nullptr));
  started_ = true;
}

void Sha256Hasher::Update(std::string_view data) {
  StartIfNeeded();
  if (!data.empty()) Check(EVP_DigestUpdate(ctx_, data.data(), data.size()));
}

Sha256Digest Sha256Hasher::Finish() {
  StartIfNeeded();
  Sha256Digest digest;
  unsigned int size = 0;
  Check(EVP_DigestFinal_ex(ctx_, digest.bytes.data(), &size));
  started_ = false;
  return digest;
}

Sha256Digest Sha256Hasher::Hash(std::string_view data) {
  Reset();
  Update(data);
  return Finish();
}

Sha256Digest Sha256(std::string_view data) {
  Sha256Digest digest;
  unsigned int size = 0;
  Check(
      EVP_Digest(data.data(), data.size(), digest.bytes.data(), &size, Sha256Algorithm(), nullptr));
  return digest;
}

std::string Sha256Hex(std::string_view data) { return Sha256(data).Hex(); }

Sha256Digest HmacSha256(Sha256Hasher& hasher, std::string_view key, std::string_view data) {
  // By hand rather than OpenSSL's HMAC(): its one-shot form fetches the algorithm and
  // allocates a context per call, three times the cost of the hashing for SigV4's short keys.
  unsigned char block[kBlockSize] = {};
  if (key.size() > kBlockSize) {
    Sha256Digest hashed_key = hasher.Hash(key);
    std::memcpy(block, hashed_key.bytes.data(), hashed_key.bytes.size());
  } else {
    std::memcpy(block, key.data(), key.size());
  }
  char pad[kBlockSize];
  for (size_t i = 0; i < kBlockSize; ++i) pad[i] = static_cast<char>(block[i] ^ 0x36);
  hasher.Reset();
  hasher.Update({pad, kBlockSize});
  hasher.Update(data);
  Sha256Digest inner = hasher.Finish();
  for (size_t i = 0; i < kBlockSize; ++i) pad[i] = static_cast<char>(block[i] ^ 0x5c);
  hasher.Update({pad, kBlockSize});
  hasher.Update(inner.view());
  return hasher.Finish();
}

Sha256Digest HmacSha256(std::string_view key, std::string_view data) {
  Sha256Hasher hasher;
  return HmacSha256(hasher, key, data);
}

}  // namespace spotrun
