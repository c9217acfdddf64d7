// ProfileCredentialsSource: a profile's static keys in the AWS shared files —
// aws_access_key_id, aws_secret_access_key and aws_session_token in ~/.aws/credentials [NAME],
// else in ~/.aws/config [profile NAME]. Borrows the AwsSharedConfig. Thread-compatible.
#ifndef SPOTRUN_AWS_PROFILE_CREDENTIALS_H_
#define SPOTRUN_AWS_PROFILE_CREDENTIALS_H_

#include "aws/credentials_chain.h"

namespace spotrun {

class ProfileCredentialsSource final : public CredentialsSource {
 public:
  // `profile` as ResolveProfile returns it (its source names the flag or variable in errors).
  ProfileCredentialsSource(const AwsSharedConfig& config, Setting profile)
      : config_(config), profile_(std::move(profile)) {}
  // A profile other than "default" that is in neither file is a NotFound naming both files;
  // half a key pair in a section is an InvalidArgument naming the file, section and key.
  Result<std::optional<Credentials>> Find() override;
  std::string Place() const override;

 private:
  const AwsSharedConfig& config_;
  const Setting profile_;
};

}  // namespace spotrun

#endif  // SPOTRUN_AWS_PROFILE_CREDENTIALS_H_
