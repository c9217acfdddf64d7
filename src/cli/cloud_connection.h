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
#include "aws/s3_client.h"
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
  // S3 (jobs keep checkpoints, logs and their agents' reports there), made on first use: at
  // AWS_ENDPOINT_URL_S3 when set, else at the EC2 endpoint when that is not AWS's own (the
  // local cloud serves both on one port), else at https://s3.REGION.amazonaws.com.
  S3Client& s3();
  // The signed Query transport to EC2, for actions Ec2Client does not type (the local
  // cloud's own controls).
  QueryTransport& ec2_transport() { return *query_; }
  // The credentials every call is signed with (the job controller hands the local cloud's
  // keys to its agents; see cli/job_session.h).
  CredentialsProvider& credentials() { return *credentials_; }
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
  std::string s3_endpoint_;
  Clock* clock_ = nullptr;
  std::chrono::milliseconds connect_timeout_{0}, total_timeout_{0};
  std::unique_ptr<S3Client> s3_;
};

}  // namespace spotrun

#endif  // SPOTRUN_CLI_CLOUD_CONNECTION_H_
