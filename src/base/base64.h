// Base64 (RFC 4648 §4, standard alphabet, '=' padding): what EC2 expects for UserData and
// PublicKeyMaterial. Pure functions; thread-safe.
#ifndef SPOTRUN_BASE_BASE64_H_
#define SPOTRUN_BASE_BASE64_H_

#include <optional>
#include <string>
#include <string_view>

namespace spotrun {

std::string Base64Encode(std::string_view bytes);
// Strict: the length must be a multiple of 4, padding only at the end, no whitespace and no
// URL-safe characters. nullopt when `text` is not such base64.
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace spotrun

#endif  // SPOTRUN_BASE_BASE64_H_
