#include "cli/cloud_connection.h"

#include <utility>

#include "aws/shared_config.h"

namespace spotrun {

Result<std::unique_ptr<CloudConnection>> CloudConnection::Open(Context& ctx) {
  SPOTRUN_ASSIGN_OR_RETURN(const Settings* settings, ctx.settings());
  SPOTRUN_ASSIGN_OR_RETURN(AwsSharedConfig aws, AwsSharedConfig::Load(ctx.env()));
  std::unique_ptr<CloudConnection> c(new CloudConnection());
  c->endpoint_ = settings->endpoint.value;
  c->region_ = settings->region.value;
  c->http_ = std::make_unique<CurlHttpClient>();
  c->imds_ = std::make_unique<ImdsClient>(*c->http_, ctx.clock(),
                                          ImdsClient::Options::FromEnvironment(ctx.env()));
  CredentialsChainOptions chain;
  chain.profile = settings->profile;
  c->credentials_ = MakeDefaultCredentialsChain(ctx.env(), aws, ctx.clock(), c->imds_.get(), chain);
  AwsQueryClient::Options query;
  query.service = "ec2";
  query.endpoint = c->endpoint_;
  query.region = c->region_;
  query.api_version = "2016-11-15";
  query.credentials = c->credentials_.get();
  query.http = c->http_.get();
  query.clock = &ctx.clock();
  c->query_ = std::make_unique<AwsQueryClient>(std::move(query));
  c->ec2_ = std::make_unique<Ec2Client>(*c->query_);
  return c;
}

}  // namespace spotrun
