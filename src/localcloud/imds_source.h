// ImdsSource: where the local cloud's Instance Metadata Service gets its content. The EC2
// model implements it; ImdsServer asks it on every request, from its connection threads, so
// an implementation must be thread-safe and cheap (a few dozen short strings per call).
#ifndef SPOTRUN_LOCALCLOUD_IMDS_SOURCE_H_
#define SPOTRUN_LOCALCLOUD_IMDS_SOURCE_H_

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace spotrun {

// What one instance's IMDS serves at this moment.
struct ImdsView {
  // Every leaf, keyed by its path below /latest/, e.g.
  //   "meta-data/instance-id"                    → "i-0123456789abcdef0"
  //   "meta-data/placement/availability-zone"    → "us-east-1a"
  //   "meta-data/spot/instance-action"           → {"action":"terminate","time":"…"}
  //   "dynamic/instance-identity/document"       → the JSON document
  //   "user-data"                                → the raw user data
  // A path that is absent answers 404 (spot/instance-action before a notice, user-data
  // when there is none). Directory listings ("meta-data/" → "ami-id\n…\nspot/") are
  // derived from the keys; a key ending in '/' overrides one directory's listing, for
  // listings IMDS writes differently from its paths ("meta-data/public-keys/" → "0=my-key").
  std::map<std::string, std::string, std::less<>> entries;
  // The instance's MetadataOptions.HttpTokens: true ("required") answers 401 to a GET
  // without a session token; false ("optional") also serves IMDSv1 requests.
  bool http_tokens_required = true;
};

class ImdsSource {
 public:
  virtual ~ImdsSource() = default;
  // nullopt when the instance is unknown (every request then gets 404).
  virtual std::optional<ImdsView> Lookup(std::string_view instance_id) = 0;
};

}  // namespace spotrun

#endif  // SPOTRUN_LOCALCLOUD_IMDS_SOURCE_H_
