// CloudConnection: what a command that calls the cloud talks through — the EC2 endpoint,
// region and credentials of the resolved settings, wired into one signed, retrying
// AwsQueryClient and an Ec2Client over it. Made on first use by the commands that need it
// (Needs::kCloud), so offline commands pay nothing. Owns everything it builds; borrows the
// Context, which must outlive it. Not thread-safe.
#ifndef SPOTRUN_CLI_CLOUD_CONNECTION_H_
#define SPOTRUN_CLI_CLOUD_CONNECTION_H_

#include <chrono>
#include <memory>
#include <string>

#include "aws/aws_query_client.h"
#include "aws/credentials_chain.h"
#include "aws/ec2_client.h"
#include "aws/imds_client.h"
#include "aws/shared_config.h"
#include "base/result.h"
#include "cli/context.h"
#include "http/curl_http_client.h"

namespace spotrun {

class CloudConnection {
 public:
  // Zero / default fields keep the transports' own defaults.
  struct Options {
    // Per EC2 attempt, and the ceiling of the instance-metadata credential lookups.
    std::chrono::milliseconds connect_timeout{0};
    std::chrono::milliseconds total_timeout{0};
    int max_attempts = 0;  // 1 turns retries off
  };

  static Result<std::unique_ptr<CloudConnection>> Open(Context& ctx);
  static Result<std::unique_ptr<CloudConnection>> Open(Context& ctx, const Options& options);
  CloudConnection(const CloudConnection&) = delete;
  CloudConnection& operator=(const CloudConnection&) = delete;

  Ec2Client& ec2() { return *ec2_; }
  // The signed Query transport to EC2, for actions Ec2Client does not type (the local
  // cloud's own controls).
  QueryTransport& ec2_transport() { return *query_; }
  const std::string& endpoint() const { return endpoint_; }
  const std::string& region() const { return region_; }

 private:
  CloudConnection() = default;

  std::string endpoint_, region_;
  std::unique_ptr<AwsSharedConfig> aws_config_;
  std::unique_ptr<CurlHttpClient> http_;
  std::unique_ptr<ImdsClient> imds_;
  std::unique_ptr<CredentialsChain> credentials_;
  std::unique_ptr<AwsQueryClient> query_;
  std::unique_ptr<Ec2Client> ec2_;
};

}  // namespace spotrun

#endif  // SPOTRUN_CLI_CLOUD_CONNECTION_H_
