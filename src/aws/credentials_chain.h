// CredentialsChain: finds AWS credentials the way the AWS SDKs do, asking a list of
// CredentialsSources in order and keeping the first answer. Temporary credentials are cached
// until shortly before they expire (on the injected Clock) and then asked for again from the
// source that gave them; long-term ones are read once. Sources are owned by the chain; what
// they read from (environment, shared config, IMDS client, clock) is borrowed. Thread-safe:
// a mutex serialises Get(), so one refresh runs at a time.
//
// The default order (MakeDefaultCredentialsChain):
//   1. explicit keys (CredentialsChainOptions::explicit_credentials), when given, alone;
//   2. AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN — skipped when the
//      profile was named with --profile. That is botocore's rule (create_credential_resolver:
//      "an explicitly provided profile will negate an EnvProvider"): someone who types
//      --profile dev means dev, even in a shell that exports keys. AWS_PROFILE does NOT skip
//      them: keys in the environment beat a profile chosen by the environment, as in the SDKs;
//   3. the profile's static keys: ~/.aws/credentials [NAME], then ~/.aws/config [profile NAME]
//      (a named profile that is in neither file is an error of its own, not "nothing found");
//   4. the profile's credential_process (config file first, then credentials file), run with a
//      timeout; its JSON must say "Version": 1. Static keys win over credential_process in
//      one profile, as in the Go and Java SDKs (botocore runs the process before reading the
//      config file's keys; the difference shows only when one profile holds both);
//   5. the instance's IAM role from IMDS, unless IMDS is disabled.
#ifndef SPOTRUN_AWS_CREDENTIALS_CHAIN_H_
#define SPOTRUN_AWS_CREDENTIALS_CHAIN_H_

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "aws/credentials.h"
#include "aws/imds_client.h"
#include "aws/shared_config.h"
#include "base/clock.h"
#include "base/environment.h"

namespace spotrun {

// One place the chain looks for credentials.
class CredentialsSource {
 public:
  virtual ~CredentialsSource() = default;
  // Credentials; nullopt when this place holds none (the chain moves on); or an error that
  // stops the chain because something is there but broken (half a key pair, a failing
  // credential_process). Messages never contain secret values.
  virtual Result<std::optional<Credentials>> Find() = 0;
  // Where it looked, for the "nothing found" message, e.g. "AWS_ACCESS_KEY_ID"; after a Find
  // that found nothing it may say why ("instance role (IMDS not reachable)").
  virtual std::string Place() const = 0;
};

struct CredentialsChainOptions {
  // The profile in use, as ResolveProfile returns it; source "--profile" means the user named
  // it on the command line, which makes the chain skip the environment's keys.
  Setting profile{"default", "default"};
  // Keys given explicitly (e.g. flags, or the local cloud's own): when set, the only source.
  std::optional<Credentials> explicit_credentials;
  // Temporary credentials are fetched again this long before they expire.
  std::chrono::seconds refresh_margin{300};
  // How long credential_process may run before it is killed.
  std::chrono::milliseconds process_timeout{60000};
};

class CredentialsChain final : public CredentialsProvider {
 public:
  // `nothing_found` heads the NotFound message ("no AWS credentials found"); `note` (may be
  // empty) is added after the places looked, e.g. why a place was skipped.
  CredentialsChain(std::vector<std::unique_ptr<CredentialsSource>> sources, Clock& clock,
                   std::chrono::seconds refresh_margin, std::string nothing_found, std::string note,
                   std::string hint);

  // The cached credentials while they are fresh; else the first source's that has any.
  // When a refresh fails but the cached credentials have not yet expired, they are still
  // returned (with a warning, and the refresh retried at most every 10 s), so a brief outage
  // of IMDS or an SSO helper does not stop work.
  Result<Credentials> Get() override;

 private:
  Result<Credentials> Resolve();
  bool Fresh(const Credentials& c) const;

  std::vector<std::unique_ptr<CredentialsSource>> sources_;
  Clock& clock_;
  const std::chrono::seconds refresh_margin_;
  const std::string nothing_found_, note_, hint_;
  std::mutex mu_;
  std::optional<Credentials> cached_;  // guarded by mu_
  size_t cached_from_ = 0;             // index of the source that gave cached_; guarded by mu_
  TimePoint retry_refresh_at_;         // after a failed refresh; guarded by mu_
};

// The SDKs' chain (see the top of this file). `imds` may be null: no instance role. Borrows
// `env`, `config`, `clock` and `imds`: they must outlive the chain.
std::unique_ptr<CredentialsChain> MakeDefaultCredentialsChain(
    const Environment& env, const AwsSharedConfig& config, Clock& clock, ImdsClient* imds,
    const CredentialsChainOptions& options);

}  // namespace spotrun

#endif  // SPOTRUN_AWS_CREDENTIALS_CHAIN_H_
