// ProcessCredentialsSource: a profile's credential_process — a command (run by /bin/sh, as
// the Go and Java SDKs do) that prints {"Version": 1, "AccessKeyId", "SecretAccessKey",
// "SessionToken", "Expiration"} on stdout. Runs it with a timeout each time Find() is called;
// the chain decides when (once for long-term keys, again near Expiration). Borrows the
// AwsSharedConfig. Thread-compatible.
#ifndef SPOTRUN_AWS_PROCESS_CREDENTIALS_H_
#define SPOTRUN_AWS_PROCESS_CREDENTIALS_H_

#include <chrono>
#include <string_view>

#include "aws/credentials_chain.h"

namespace spotrun {

// Parses and validates a credential_process document: a JSON object with "Version": 1,
// non-empty AccessKeyId and SecretAccessKey, optional SessionToken and ISO 8601 Expiration.
// Errors (InvalidArgument) name the field at fault, never a value: the text is secret.
Result<Credentials> ParseProcessCredentials(std::string_view json);

class ProcessCredentialsSource final : public CredentialsSource {
 public:
  ProcessCredentialsSource(const AwsSharedConfig& config, std::string profile,
                           std::chrono::milliseconds timeout)
      : config_(config), profile_(std::move(profile)), timeout_(timeout) {}
  // nullopt when the profile has no credential_process. A command that fails (exit status
  // and its stderr are shown), times out or prints a bad document is an error.
  Result<std::optional<Credentials>> Find() override;
  std::string Place() const override;

 private:
  const AwsSharedConfig& config_;
  const std::string profile_;
  const std::chrono::milliseconds timeout_;
};

}  // namespace spotrun

#endif  // SPOTRUN_AWS_PROCESS_CREDENTIALS_H_
