#include "cli/cloud_connection.h"

#include <algorithm>
#include <utility>

#include "aws/shared_config.h"

namespace spotrun {

Result<std::unique_ptr<CloudConnection>> CloudConnection::Open(Context& ctx) {
  return Open(ctx, Options{});
}

Result<std::unique_ptr<CloudConnection>> CloudConnection::Open(Context& ctx,
                                                               const Options& options) {
  SPOTRUN_ASSIGN_OR_RETURN(const Settings* settings, ctx.settings());
  std::unique_ptr<CloudConnection> c(new CloudConnection());
  // The credentials chain borrows the shared config: it lives as long as the connection.
  SPOTRUN_ASSIGN_OR_RETURN(AwsSharedConfig aws, AwsSharedConfig::Load(ctx.env()));
  c->aws_config_ = std::make_unique<AwsSharedConfig>(std::move(aws));
  c->endpoint_ = settings->endpoint.value;
  c->region_ = settings->region.value;
  c->http_ = std::make_unique<CurlHttpClient>();
  ImdsClient::Options imds = ImdsClient::Options::FromEnvironment(ctx.env());
  if (options.connect_timeout.count() > 0) {
    imds.connect_timeout = std::min(imds.connect_timeout, options.connect_timeout);
  }
  if (options.total_timeout.count() > 0) {
    imds.total_timeout = std::min(imds.total_timeout, options.total_timeout);
  }
  c->imds_ = std::make_unique<ImdsClient>(*c->http_, ctx.clock(), std::move(imds));
  CredentialsChainOptions chain;
  chain.profile = settings->profile;
  c->credentials_ =
      MakeDefaultCredentialsChain(ctx.env(), *c->aws_config_, ctx.clock(), c->imds_.get(), chain);
  AwsQueryClient::Options query;
  query.service = "ec2";
  query.endpoint = c->endpoint_;
  query.region = c->region_;
  query.api_version = "2016-11-15";
  query.credentials = c->credentials_.get();
  query.http = c->http_.get();
  query.clock = &ctx.clock();
  query.connect_timeout = options.connect_timeout;
  query.total_timeout = options.total_timeout;
  if (options.max_attempts > 0) query.retry.max_attempts = options.max_attempts;
  c->query_ = std::make_unique<AwsQueryClient>(std::move(query));
  c->ec2_ = std::make_unique<Ec2Client>(*c->query_);
  return c;
}

}  // namespace spotrun
