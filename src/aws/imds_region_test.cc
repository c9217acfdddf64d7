#include "aws/imds_region.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "testing/imds_test_server.h"
#include "testing/in_process_http_client.h"

namespace spotrun {
namespace {

using spotrun::testing::ImdsTestServer;
using spotrun::testing::InProcessHttpClient;
using ::testing::AllOf;
using ::testing::HasSubstr;

class ImdsRegionTest : public ::testing::Test {
 protected:
  Result<Setting> Resolve(ImdsClient* imds, std::string_view flag = "") {
    return ResolveRegionWithImds(flag, env_, aws_, "dev", std::nullopt, imds);
  }

  FakeClock clock_;
  ImdsTestServer server_{clock_};
  InProcessHttpClient http_{
      [this](const HttpRequest& r) -> Result<HttpResponse> { return server_.Handle(r); }};
  MapEnvironment env_;
  AwsSharedConfig aws_ = AwsSharedConfig::FromText("[profile dev]\noutput = json\n", "");
};

TEST_F(ImdsRegionTest, ConfiguredRegionWinsWithoutAskingImds) {
  ImdsClient imds(http_, clock_, ImdsClient::Options());
  env_.Set("AWS_REGION", "eu-west-1");
  Result<Setting> region = Resolve(&imds);
  ASSERT_TRUE(region.ok());
  EXPECT_EQ(region->value, "eu-west-1");
  EXPECT_EQ(region->source, "AWS_REGION");
  EXPECT_EQ(Resolve(&imds, "ap-south-1")->value, "ap-south-1");
  EXPECT_TRUE(http_.requests().empty());
}

TEST_F(ImdsRegionTest, FallsBackToPlacementRegion) {
  server_.SetMetadata("placement/region", "us-west-2");
  ImdsClient imds(http_, clock_, ImdsClient::Options());
  Result<Setting> region = Resolve(&imds);
  ASSERT_TRUE(region.ok()) << region.status().ToString();
  EXPECT_EQ(region->value, "us-west-2");
  EXPECT_EQ(region->source, "instance metadata (placement/region)");
}

TEST_F(ImdsRegionTest, DisabledImdsIsNotAsked) {
  ImdsClient::Options options;
  options.disabled = true;
  ImdsClient imds(http_, clock_, options);
  Result<Setting> region = Resolve(&imds);
  ASSERT_FALSE(region.ok());
  EXPECT_EQ(region.status().kind(), ErrorKind::kInvalidArgument);
  EXPECT_THAT(region.status().message(),
              AllOf(HasSubstr("--region, AWS_REGION, AWS_DEFAULT_REGION"),
                    HasSubstr("~/.aws/config [profile dev] region"),
                    HasSubstr("skipped: AWS_EC2_METADATA_DISABLED=true")));
  EXPECT_THAT(region.status().hint(), HasSubstr("--region"));
  EXPECT_TRUE(http_.requests().empty());
}

TEST_F(ImdsRegionTest, UnreachableImdsIsListed) {
  InProcessHttpClient dead([](const HttpRequest&) -> Result<HttpResponse> {
    return Status::Unavailable("connection timed out");
  });
  ImdsClient imds(dead, clock_, ImdsClient::Options());
  Result<Setting> region = Resolve(&imds);
  ASSERT_FALSE(region.ok());
  EXPECT_THAT(region.status().message(),
              HasSubstr("instance metadata (http://169.254.169.254 not reachable)"));
  EXPECT_THAT(Resolve(nullptr).status().message(), HasSubstr("instance metadata (not asked)"));
}

}  // namespace
}  // namespace spotrun
