// LocalProfile: the ready-to-use profile `spotrun cloud serve` writes so that both
// `spotrun --profile local …` and `aws --profile local ec2 …` reach the local cloud at once:
// [profile NAME] with region and endpoint_url in the AWS config file, [NAME] with the local
// cloud's keys in the AWS credentials file (AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE
// honoured). Only those two sections are rewritten, the rest of each file is kept byte for
// byte, and a section that holds someone else's keys is never overwritten. Stateless.
#ifndef SPOTRUN_CLI_LOCAL_PROFILE_H_
#define SPOTRUN_CLI_LOCAL_PROFILE_H_

#include <string>
#include <string_view>

#include "base/environment.h"
#include "base/status.h"

namespace spotrun {

struct LocalProfile {
  std::string name = "local";
  std::string endpoint{};  // "http://127.0.0.1:7700"
  std::string region{};
  std::string access_key_id{};  // starts with kLocalCloudAccessKeyPrefix
  std::string secret_access_key{};
};

// Every access key the local cloud makes starts with this, which is how a profile written
// for it is recognised (and may be rewritten).
inline constexpr std::string_view kLocalCloudAccessKeyPrefix = "AKIALOCAL";

// kAlreadyExists (with a hint to pick another name) when the credentials file's section
// holds keys that are not a local cloud's.
Status WriteLocalProfile(const Environment& env, const LocalProfile& profile);

// `text` (an INI file) with section `header` ("[profile local]") replaced by `header` +
// `body` (lines ending in '\n'), or with them appended when there is no such section.
std::string ReplaceIniSection(std::string_view text, std::string_view header,
                              std::string_view body);

}  // namespace spotrun

#endif  // SPOTRUN_CLI_LOCAL_PROFILE_H_
