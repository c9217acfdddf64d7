// InstanceRoleCredentialsSource: the temporary credentials of the instance's IAM role, from
// IMDS (iam/security-credentials/ROLE). Off EC2, with IMDS disabled, or with no role attached
// it finds nothing and its Place() says which. Borrows the ImdsClient. Thread-compatible.
#ifndef SPOTRUN_AWS_INSTANCE_ROLE_CREDENTIALS_H_
#define SPOTRUN_AWS_INSTANCE_ROLE_CREDENTIALS_H_

#include "aws/credentials_chain.h"
#include "aws/imds_client.h"

namespace spotrun {

class InstanceRoleCredentialsSource final : public CredentialsSource {
 public:
  explicit InstanceRoleCredentialsSource(ImdsClient& imds) : imds_(imds) {}
  // An error only when a role is attached but its credentials cannot be read.
  Result<std::optional<Credentials>> Find() override;
  std::string Place() const override;

 private:
  ImdsClient& imds_;
  std::string why_none_;  // after a Find that found nothing
};

}  // namespace spotrun

#endif  // SPOTRUN_AWS_INSTANCE_ROLE_CREDENTIALS_H_
