// ImdsClient: the EC2 instance metadata service, IMDSv2 only. It PUTs for a session token,
// caches it and fetches a new one shortly before it expires (on the injected Clock) or once
// when a read is refused with 401, and offers typed reads of the items spotrun uses.
// Borrows the HttpClient and Clock, which must outlive it. A mutex guards the cached token
// (and serialises fetching a new one), so the client is thread-safe when its HttpClient is
// (CurlHttpClient is not: give each thread its own ImdsClient, or lock around it).
#ifndef SPOTRUN_AWS_IMDS_CLIENT_H_
#define SPOTRUN_AWS_IMDS_CLIENT_H_

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "aws/credentials.h"
#include "base/clock.h"
#include "base/environment.h"
#include "base/result.h"
#include "http/http_client.h"

namespace spotrun {

// spot/instance-action: the Spot Instance interruption notice, present once EC2 has decided
// to interrupt the instance (two minutes before it does).
struct InstanceAction {
  enum class Kind { kTerminate, kStop, kHibernate };
  Kind action = Kind::kTerminate;
  TimePoint time;  // when EC2 will act
};
std::string_view InstanceActionName(InstanceAction::Kind kind);  // "terminate" …

// events/recommendations/rebalance: EC2's signal that the instance is at elevated risk of
// interruption, usually well before an InstanceAction.
struct RebalanceRecommendation {
  TimePoint notice_time;
};

class ImdsClient {
 public:
  struct Options {
    // Scheme, host and port; AWS_EC2_METADATA_SERVICE_ENDPOINT overrides it.
    std::string endpoint = "http://169.254.169.254";
    // AWS_EC2_METADATA_DISABLED=true: every call fails with kFailedPrecondition at once.
    bool disabled = false;
    // Lifetime asked for each session token; IMDS accepts 1 … 21600 s.
    std::chrono::seconds token_ttl{21600};
    // A token is replaced this long before it expires (at most half its TTL), so a read
    // never races its expiry.
    std::chrono::seconds token_refresh_margin{60};
    // Short, because off EC2 the address does not answer and the caller is waiting.
    std::chrono::milliseconds connect_timeout{1000};
    std::chrono::milliseconds total_timeout{2000};

    // Defaults, then AWS_EC2_METADATA_SERVICE_ENDPOINT, AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE
    // (IPv6 → http://[fd00:ec2::254]) and AWS_EC2_METADATA_DISABLED, as the SDKs read them.
    static Options FromEnvironment(const Environment& env);
  };

  ImdsClient(HttpClient& http, Clock& clock, Options options);

  const Options& options() const { return options_; }
  bool disabled() const { return options_.disabled; }

  // Any item under /latest/meta-data/, e.g. "placement/region". A missing item is kNotFound.
  Result<std::string> Get(std::string_view path);

  Result<std::string> InstanceId();
  Result<std::string> InstanceType();
  Result<std::string> AmiId();
  Result<std::string> AvailabilityZone();
  Result<std::string> Region();
  Result<std::string> LocalIpv4();
  Result<std::string> PublicIpv4();  // kNotFound when the instance has no public address

  // nullopt: no interruption notice (IMDS answers 404 until there is one).
  Result<std::optional<InstanceAction>> SpotInstanceAction();
  // nullopt: no rebalance recommendation.
  Result<std::optional<spotrun::RebalanceRecommendation>> RebalanceRecommendation();

  // The name of the instance's IAM role; kNotFound when no instance profile is attached.
  Result<std::string> IamRole();
  // The role's temporary credentials, with their Expiration.
  Result<Credentials> IamCredentials(std::string_view role);

  // The instance's user data; empty when it has none.
  Result<std::string> UserData();

  // Session tokens fetched so far (for tests and -vv diagnostics).
  int tokens_fetched() const;

 private:
  struct Token {
    std::string value;
    TimePoint refresh_at;
  };
  // GET /latest/PATH with a valid token; 404 is a successful response the caller interprets.
  Result<HttpResponse> Read(std::string_view latest_path);
  Result<std::string> CurrentToken(bool force_new);
  Result<std::string> FetchToken();
  HttpRequest MakeRequest(std::string_view method, std::string_view latest_path) const;
  Status Unreachable(const Status& cause) const;

  HttpClient& http_;
  Clock& clock_;
  const Options options_;
  mutable std::mutex mu_;
  std::optional<Token> token_;  // guarded by mu_
  int tokens_fetched_ = 0;      // guarded by mu_
};

}  // namespace spotrun

#endif  // SPOTRUN_AWS_IMDS_CLIENT_H_
