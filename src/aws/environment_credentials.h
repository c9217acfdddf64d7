// EnvironmentCredentialsSource: credentials from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
// AWS_SESSION_TOKEN (or the older AWS_SECURITY_TOKEN), with AWS_CREDENTIAL_EXPIRATION when
// the keys are temporary, as the SDKs read them. Borrows the Environment. Thread-compatible.
#ifndef SPOTRUN_AWS_ENVIRONMENT_CREDENTIALS_H_
#define SPOTRUN_AWS_ENVIRONMENT_CREDENTIALS_H_

#include "aws/credentials_chain.h"

namespace spotrun {

class EnvironmentCredentialsSource final : public CredentialsSource {
 public:
  explicit EnvironmentCredentialsSource(const Environment& env) : env_(env) {}
  // Half a pair (an id without a secret, or the reverse) is an InvalidArgument.
  Result<std::optional<Credentials>> Find() override;
  std::string Place() const override { return "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY"; }

 private:
  const Environment& env_;
};

}  // namespace spotrun

#endif  // SPOTRUN_AWS_ENVIRONMENT_CREDENTIALS_H_
