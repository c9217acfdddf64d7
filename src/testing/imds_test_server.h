// ImdsTestServer: a stand-in for the EC2 instance metadata service that enforces IMDSv2's
// rules — PUT /latest/api/token with a TTL of 1 … 21600 s (400 otherwise, 403 through a
// proxy), GETs only with a valid unexpired token (401 otherwise), tokens that expire by the
// injected Clock (share the test's FakeClock), 404 for spot/instance-action and
// events/recommendations/rebalance until a notice is set. Handle() applies the rules
// in-process; Start() also serves them on 127.0.0.1 through an HttpServer. Thread-safe.
#ifndef SPOTRUN_TESTING_IMDS_TEST_SERVER_H_
#define SPOTRUN_TESTING_IMDS_TEST_SERVER_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/status.h"
#include "http/http_server.h"
#include "http/http_types.h"

namespace spotrun::testing {

// The temporary credentials an instance role hands out.
struct ImdsRoleCredentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string token;
  TimePoint expiration;
};

class ImdsTestServer {
 public:
  // An instance with an id, type, image, private address and placement in us-east-1a; no
  // public address, role, user data or notices until a test sets them.
  explicit ImdsTestServer(const Clock& clock);
  ~ImdsTestServer();
  ImdsTestServer(const ImdsTestServer&) = delete;
  ImdsTestServer& operator=(const ImdsTestServer&) = delete;

  // Answers one request by IMDS's rules; `request.url` may be absolute or a bare path.
  HttpResponse Handle(const HttpRequest& request);

  // Serves Handle() on 127.0.0.1 at a free port until Stop() or destruction.
  Status Start();
  void Stop();
  std::string endpoint() const;  // "http://127.0.0.1:PORT"

  // The instance. `path` is relative to /latest/meta-data/, e.g. "placement/region".
  void SetMetadata(std::string_view path, std::string_view value);
  void RemoveMetadata(std::string_view path);
  void SetUserData(std::string_view data);
  void SetSpotInstanceAction(std::string_view action, TimePoint time);  // "terminate" …
  void ClearSpotInstanceAction();
  void SetRebalanceRecommendation(TimePoint notice_time);
  // Attaches role `role` (replacing any) whose credentials document holds `credentials`,
  // with LastUpdated now.
  void SetIamRole(std::string_view role, const ImdsRoleCredentials& credentials);
  // The instance's metadata option http-tokens: required (the default) or optional (IMDSv1).
  void SetTokensRequired(bool required);
  // Forgets every token issued, so the next GET with one is refused with 401.
  void RevokeTokens();

  // What happened.
  int tokens_issued() const;
  int unauthorized_requests() const;  // answered 401
  int metadata_requests() const;      // GETs that got past the token check
  int last_token_ttl() const;         // seconds, of the last token issued

 private:
  HttpResponse HandleLocked(std::string_view method, std::string_view path,
                            const HttpHeaders& headers);
  HttpResponse IssueToken(const HttpHeaders& headers);
  HttpResponse Lookup(std::string_view path) const;

  const Clock& clock_;
  mutable std::mutex mu_;
  std::map<std::string, std::string> items_;  // "meta-data/instance-id" → value
  std::map<std::string, TimePoint> tokens_;   // token → expiry
  bool tokens_required_ = true;
  int tokens_issued_ = 0;
  int unauthorized_ = 0;
  int metadata_requests_ = 0;
  int last_token_ttl_ = 0;

  std::unique_ptr<HttpServer> server_;  // while started
};

}  // namespace spotrun::testing

#endif  // SPOTRUN_TESTING_IMDS_TEST_SERVER_H_
