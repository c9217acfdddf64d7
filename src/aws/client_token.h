// ClientToken: the idempotency token EC2 accepts on RunInstances, CreateFleet,
// RequestSpotInstances and others. EC2 remembers a token with its parameters for some hours
// and answers a repeated request with the first one's result instead of acting twice, so a
// launch retried after a lost response does not start a second machine. Pure functions.
#ifndef SPOTRUN_AWS_CLIENT_TOKEN_H_
#define SPOTRUN_AWS_CLIENT_TOKEN_H_

#include <string>
#include <string_view>

#include "aws/random_source.h"

namespace spotrun {

// EC2's limit: at most 64 ASCII characters.
inline constexpr size_t kMaxClientTokenLength = 64;

// A random version-4 UUID ("0f8fad5b-d9cb-469f-a165-70867728950e"), as the SDKs generate
// idempotency tokens; 16 draws from `random` (deterministic in tests).
std::string NewClientToken(const RandomSource& random);

// The same from the kernel's CSPRNG (getrandom): what real calls use, so tokens never repeat across
// processes started in the same instant.
std::string RandomClientToken();

// 1 … 64 printable ASCII characters without spaces: a safe caller-made token for EC2.
bool IsValidClientToken(std::string_view token);

}  // namespace spotrun

#endif  // SPOTRUN_AWS_CLIENT_TOKEN_H_
