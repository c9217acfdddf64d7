// AWS credentials and the provider interface every signed call takes them from.
// Credentials are secret: never print, log or write them outside ~/.aws; ToString-style
// helpers must not exist for them. Providers are thread-compatible unless they say otherwise.
#ifndef SPOTRUN_AWS_CREDENTIALS_H_
#define SPOTRUN_AWS_CREDENTIALS_H_

#include <optional>
#include <string>

#include "base/clock.h"
#include "base/result.h"

namespace spotrun {

struct Credentials {
  std::string access_key_id{};
  std::string secret_access_key{};
  std::string session_token{};            // empty for long-term keys
  std::optional<TimePoint> expiration{};  // set for temporary credentials
  std::string source{};  // where they came from, e.g. "environment", "~/.aws/credentials [dev]"
};

class CredentialsProvider {
 public:
  virtual ~CredentialsProvider() = default;
  // Current credentials, refreshed when they are about to expire. NotFound (with a hint
  // naming the places looked) when none can be had.
  virtual Result<Credentials> Get() = 0;
};

// Always returns the same credentials (flags, tests, the local cloud's own keys).
class StaticCredentialsProvider final : public CredentialsProvider {
 public:
  explicit StaticCredentialsProvider(Credentials c) : credentials_(std::move(c)) {}
  Result<Credentials> Get() override { return credentials_; }

 private:
  Credentials credentials_;
};

}  // namespace spotrun

#endif  // SPOTRUN_AWS_CREDENTIALS_H_
