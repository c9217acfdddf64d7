#include "aws/md5.h"

#include <nettle/md5.h>

#include "aws/crypto.h"

namespace spotrun {

std::string Md5(std::string_view data) {
  md5_ctx ctx;
  md5_init(&ctx);
  md5_update(&ctx, data.size(), reinterpret_cast<const uint8_t*>(data.data()));
  std::string digest(MD5_DIGEST_SIZE, '\0');
  md5_digest(&ctx, digest.size(), reinterpret_cast<uint8_t*>(digest.data()));
  return digest;
}

std::string Md5Hex(std::string_view data) { return HexEncode(Md5(data)); }

}  // namespace spotrun
