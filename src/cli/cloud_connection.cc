#include "cli/cloud_connection.h"

#include <fmt/format.h>

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
  c->clock_ = &ctx.clock();
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
  c->s3_endpoint_ = ctx.env().Get("AWS_ENDPOINT_URL_S3").value_or("");
  if (c->s3_endpoint_.empty()) {
    c->s3_endpoint_ = c->endpoint_.find(".amazonaws.com") == std::string::npos
                          ? c->endpoint_
                          : fmt::format("https://s3.{}.amazonaws.com", c->region_);
  }
  c->connect_timeout_ = options.connect_timeout;
  c->total_timeout_ = options.total_timeout;
  return c;
}

S3Client& CloudConnection::s3() {
  if (!s3_) {
    S3Client::Options s3;
    s3.endpoint = s3_endpoint_;
    s3.region = region_;
    s3.credentials = credentials_.get();
    s3.http = http_.get();
    s3.clock = clock_;
    s3.connect_timeout = connect_timeout_;
    s3.total_timeout = total_timeout_;
    s3_ = std::make_unique<S3Client>(std::move(s3));
  }
  return *s3_;
}

}  // namespace spotrun
