#include "aws/credentials_chain.h"

#include <fmt/format.h>

#include "aws/environment_credentials.h"
#include "aws/instance_role_credentials.h"
#include "aws/process_credentials.h"
#include "aws/profile_credentials.h"
#include "base/log.h"

namespace spotrun {
namespace {

// After a refresh fails while the cached credentials are still valid, wait this long before
// trying again, so a failing credential_process is not re-run on every request.
constexpr std::chrono::seconds kRefreshRetryInterval{10};

// Keys handed to the chain directly; they are the whole chain.
class ExplicitCredentialsSource final : public CredentialsSource {
 public:
  explicit ExplicitCredentialsSource(Credentials c) : credentials_(std::move(c)) {
    if (credentials_.source.empty()) credentials_.source = "explicit keys";
  }
  Result<std::optional<Credentials>> Find() override {
    if (credentials_.access_key_id.empty() || credentials_.secret_access_key.empty()) {
      return Status::InvalidArgument("the explicit credentials lack an access key id or secret",
                                     "give both the access key id and the secret access key");
    }
    return std::optional<Credentials>(credentials_);
  }
  std::string Place() const override { return credentials_.source; }

 private:
  Credentials credentials_;
};

}  // namespace

CredentialsChain::CredentialsChain(std::vector<std::unique_ptr<CredentialsSource>> sources,
                                   Clock& clock, std::chrono::seconds refresh_margin,
                                   std::string nothing_found, std::string note, std::string hint)
    : sources_(std::move(sources)),
      clock_(clock),
      refresh_margin_(refresh_margin),
      nothing_found_(std::move(nothing_found)),
      note_(std::move(note)),
      hint_(std::move(hint)) {}

bool CredentialsChain::Fresh(const Credentials& c) const {
  return !c.expiration || clock_.Now() < *c.expiration - refresh_margin_;
}

Result<Credentials> CredentialsChain::Get() {
  std::lock_guard<std::mutex> lock(mu_);
  if (cached_ && Fresh(*cached_)) return *cached_;
  if (cached_) {
    TimePoint now = clock_.Now();
    bool still_valid = now < *cached_->expiration;
    if (still_valid && now < retry_refresh_at_) return *cached_;
    Result<std::optional<Credentials>> again = sources_[cached_from_]->Find();
    if (again.ok() && again->has_value()) {
      cached_ = std::move(**again);
      LogInfo("credentials: refreshed from {}", cached_->source);
      return *cached_;
    }
    if (still_valid) {
      LogWarning(
          "credentials from {} could not be refreshed ({}); using them until they expire "
          "at {}",
          cached_->source, again.ok() ? "the source has none now" : again.status().message(),
          FormatIso8601(*cached_->expiration));
      retry_refresh_at_ = now + kRefreshRetryInterval;
      return *cached_;
    }
    cached_.reset();
    if (!again.ok()) return again.status();
  }
  return Resolve();
}

Result<Credentials> CredentialsChain::Resolve() {
  std::string places;
  for (size_t i = 0; i < sources_.size(); ++i) {
    SPOTRUN_ASSIGN_OR_RETURN(std::optional<Credentials> found, sources_[i]->Find());
    if (found) {
      LogDebug("credentials: using {}", found->source);
      cached_ = std::move(*found);
      cached_from_ = i;
      return *cached_;
    }
    places += (places.empty() ? "" : ", ") + sources_[i]->Place();
  }
  return Status::NotFound(fmt::format("{} (looked in: {}{}{})", nothing_found_, places,
                                      note_.empty() ? "" : "; ", note_),
                          hint_);
}

std::unique_ptr<CredentialsChain> MakeDefaultCredentialsChain(
    const Environment& env, const AwsSharedConfig& config, Clock& clock, ImdsClient* imds,
    const CredentialsChainOptions& options) {
  std::vector<std::unique_ptr<CredentialsSource>> sources;
  const std::string& profile = options.profile.value;
  // ResolveProfile marks a profile named on the command line with the source "--profile".
  bool profile_from_flag = options.profile.source == "--profile";
  std::string nothing_found = "no AWS credentials found";
  std::string note;
  std::string configure = "aws configure";
  if (profile_from_flag) {
    nothing_found += " for --profile " + profile;
  } else if (profile != "default") {
    nothing_found += fmt::format(" for profile {} (from {})", profile, options.profile.source);
  }
  if (profile != "default") configure += " --profile " + profile;

  if (options.explicit_credentials) {
    sources.push_back(std::make_unique<ExplicitCredentialsSource>(*options.explicit_credentials));
  } else {
    if (profile_from_flag) {
      note = "AWS_ACCESS_KEY_ID was not read because --profile names the profile to use";
    } else {
      sources.push_back(std::make_unique<EnvironmentCredentialsSource>(env));
    }
    sources.push_back(std::make_unique<ProfileCredentialsSource>(config, options.profile));
    sources.push_back(
        std::make_unique<ProcessCredentialsSource>(config, profile, options.process_timeout));
    if (imds != nullptr) sources.push_back(std::make_unique<InstanceRoleCredentialsSource>(*imds));
  }
  std::string hint = fmt::format(
      "run '{}', or use the local cloud: 'spotrun cloud serve' prints a ready profile", configure);
  return std::make_unique<CredentialsChain>(std::move(sources), clock, options.refresh_margin,
                                            std::move(nothing_found), std::move(note),
                                            std::move(hint));
}

}  // namespace spotrun
