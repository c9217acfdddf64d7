#include "aws/crypto.h"

#include <nettle/sha2.h>

#include <cstring>
#include <utility>

namespace spotrun {
namespace {

constexpr size_t kBlockSize = 64;  // SHA-256's block, and so HMAC's key block

const uint8_t* Bytes(std::string_view data) {
  return reinterpret_cast<const uint8_t*>(data.data());
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

Sha256Hasher::Sha256Hasher() : ctx_(new sha256_ctx) {}

Sha256Hasher::~Sha256Hasher() { delete ctx_; }

Sha256Hasher::Sha256Hasher(Sha256Hasher&& other) noexcept
    : ctx_(std::exchange(other.ctx_, nullptr)), started_(std::exchange(other.started_, false)) {}

Sha256Hasher& Sha256Hasher::operator=(Sha256Hasher&& other) noexcept {
  std::swap(ctx_, other.ctx_);
  std::swap(started_, other.started_);
  return *this;
}

void Sha256Hasher::StartIfNeeded() {
  if (started_) return;
  sha256_init(ctx_);
  started_ = true;
}

void Sha256Hasher::Update(std::string_view data) {
  StartIfNeeded();
  if (!data.empty()) sha256_update(ctx_, data.size(), Bytes(data));
}

Sha256Digest Sha256Hasher::Finish() {
  StartIfNeeded();
  Sha256Digest digest;
  sha256_digest(ctx_, digest.bytes.size(), digest.bytes.data());
  started_ = false;
  return digest;
}

Sha256Digest Sha256Hasher::Hash(std::string_view data) {
  Reset();
  Update(data);
  return Finish();
}

Sha256Digest Sha256(std::string_view data) {
  sha256_ctx ctx;
  sha256_init(&ctx);
  sha256_update(&ctx, data.size(), Bytes(data));
  Sha256Digest digest;
  sha256_digest(&ctx, digest.bytes.size(), digest.bytes.data());
  return digest;
}

std::string Sha256Hex(std::string_view data) { return Sha256(data).Hex(); }

Sha256Digest HmacSha256(Sha256Hasher& hasher, std::string_view key, std::string_view data) {
  // On the hasher rather than Nettle's hmac_sha256, so SigV4's chain of four HMACs shares
  // one context.
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
