#include "aws/md5.h"

#include <openssl/evp.h>

#include <cstdlib>

#include "aws/crypto.h"

namespace spotrun {
namespace {

// Fetched once: looking the algorithm up by name on every digest costs more than hashing.
const EVP_MD* Md5Algorithm() {
  static const EVP_MD* const md = EVP_MD_fetch(nullptr, "MD5", nullptr);
  return md;
}

}  // namespace

std::string Md5(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (Md5Algorithm() == nullptr ||
      EVP_Digest(data.data(), data.size(), digest, &size, Md5Algorithm(), nullptr) != 1) {
    std::abort();  // libcrypto without MD5: nothing sensible to do
  }
  return std::string(reinterpret_cast<const char*>(digest), size);
}

std::string Md5Hex(std::string_view data) { return HexEncode(Md5(data)); }

}  // namespace spotrun
