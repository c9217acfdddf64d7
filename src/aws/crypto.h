// SHA-256 and HMAC-SHA256 over Nettle (linked statically: small, no initialisation, the x86
// SHA extensions when the CPU has them), for SigV4, S3 payload hashes and checkpoint
// manifests. The free functions are thread-safe. A Sha256Hasher owns one Nettle context and is
// thread-compatible: use one per thread.
#ifndef SPOTRUN_AWS_CRYPTO_H_
#define SPOTRUN_AWS_CRYPTO_H_

#include <array>
#include <string>
#include <string_view>

// Nettle's context type, so this header does not pull in <nettle/sha2.h>.
struct sha256_ctx;

namespace spotrun {

// The 32 raw bytes of a SHA-256 or HMAC-SHA256 result.
struct Sha256Digest {
  std::array<unsigned char, 32> bytes{};

  std::string_view view() const {
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
  }
  std::string Hex() const;  // 64 lower-case hex digits
  bool operator==(const Sha256Digest&) const = default;
};

// Lower-case hex of arbitrary bytes: "\x01\xab" -> "01ab".
std::string HexEncode(std::string_view bytes);
// Appends the lower-case hex of `bytes` to `out` (no allocation when `out` has room).
void AppendHex(std::string& out, std::string_view bytes);

// SHA-256 over a whole payload, raw or as 64 lower-case hex digits.
Sha256Digest Sha256(std::string_view data);
std::string Sha256Hex(std::string_view data);

// Incremental SHA-256 for payloads that do not fit in memory (S3 uploads, checkpoint
// manifests). Update any number of times, then Finish; after Finish the hasher starts over
// on an empty message, so one object can hash many messages in turn.
class Sha256Hasher {
 public:
  Sha256Hasher();
  ~Sha256Hasher();
  Sha256Hasher(Sha256Hasher&& other) noexcept;  // leaves `other` unusable
  Sha256Hasher& operator=(Sha256Hasher&& other) noexcept;
  Sha256Hasher(const Sha256Hasher&) = delete;
  Sha256Hasher& operator=(const Sha256Hasher&) = delete;

  void Update(std::string_view data);
  Sha256Digest Finish();
  // Drops whatever was Updated so far and starts over on an empty message.
  void Reset() { started_ = false; }
  std::string FinishHex() { return Finish().Hex(); }
  // Hashes `data` as a message of its own (discarding anything Updated so far).
  Sha256Digest Hash(std::string_view data);

 private:
  void StartIfNeeded();
  sha256_ctx* ctx_;
  bool started_ = false;
};

// HMAC-SHA256 (RFC 2104) of `data` under `key`; the key is raw bytes of any length.
Sha256Digest HmacSha256(std::string_view key, std::string_view data);
// The same on a caller's hasher, so a chain of HMACs (SigV4 key derivation) reuses one
// context instead of allocating one per call.
Sha256Digest HmacSha256(Sha256Hasher& hasher, std::string_view key, std::string_view data);

}  // namespace spotrun

#endif  // SPOTRUN_AWS_CRYPTO_H_
