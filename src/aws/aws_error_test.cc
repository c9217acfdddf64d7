#include "aws/aws_error.h"

#include <gtest/gtest.h>

#include "base/file.h"
#include "testing/test_paths.h"

namespace spotrun {
namespace {

TEST(AwsErrorTest, ParsesRealEc2ErrorDocument) {
  Result<std::string> body = ReadFile(testing::SharedDataDir() +
                                      "/ec2-xml-responses/describe-instance-types/c1-medium.xml");
  ASSERT_TRUE(body.ok()) << body.status().ToString();
  Status s = ParseAwsError(400, *body);
  EXPECT_EQ(s.kind(), ErrorKind::kRefused);
  EXPECT_EQ(s.code(), "InvalidInstanceType");
  EXPECT_EQ(s.message(), "The following supplied instance types do not exist: [c1.medium]");
  EXPECT_EQ(s.request_id(), "2776d8dd-afa3-48d3-9025-7cfc34cf1faf");
  EXPECT_EQ(s.http_status(), 400);
}

TEST(AwsErrorTest, ParsesQueryErrorResponseOfElbv2) {
  Status s = ParseAwsError(400, R"(<ErrorResponse
      xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">
  <Error>
    <Type>Sender</Type>
    <Code>TargetGroupNotFound</Code>
    <Message>Target groups 'arn:aws:elasticloadbalancing:us-east-1:123:targetgroup/x/1' not found</Message>
  </Error>
  <RequestId>7c2b6cf4-1a2b-4c5d-9e8f-0123456789ab</RequestId>
</ErrorResponse>)");
  EXPECT_EQ(s.kind(), ErrorKind::kNotFound);
  EXPECT_EQ(s.code(), "TargetGroupNotFound");
  EXPECT_EQ(s.message(),
            "Target groups 'arn:aws:elasticloadbalancing:us-east-1:123:targetgroup/x/1' not found");
  EXPECT_EQ(s.request_id(), "7c2b6cf4-1a2b-4c5d-9e8f-0123456789ab");
  EXPECT_FALSE(s.hint().empty());
}

TEST(AwsErrorTest, ParsesStsErrorResponseAsPermissionDenied) {
  Status s = ParseAwsError(403, R"(<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error><Type>Sender</Type><Code>InvalidClientTokenId</Code>
  <Message>The security token included in the request is invalid.</Message></Error>
  <RequestId>a1b2</RequestId></ErrorResponse>)");
  EXPECT_EQ(s.kind(), ErrorKind::kPermissionDenied);
  EXPECT_EQ(s.code(), "InvalidClientTokenId");
  EXPECT_EQ(s.request_id(), "a1b2");
  EXPECT_NE(s.hint().find("AWS_PROFILE"), std::string::npos);
}

TEST(AwsErrorTest, ParsesS3ErrorDocument) {
  Status s = ParseAwsError(404, R"(<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>
<Key>checkpoints/step-100.tar</Key><RequestId>4442587FB7D0A2F9</RequestId>
<HostId>abc=</HostId></Error>)");
  EXPECT_EQ(s.kind(), ErrorKind::kNotFound);
  EXPECT_EQ(s.code(), "NoSuchKey");
  EXPECT_EQ(s.message(), "The specified key does not exist.");
  EXPECT_EQ(s.request_id(), "4442587FB7D0A2F9");
}

TEST(AwsErrorTest, S3SlowDownIsThrottling) {
  Status s = ParseAwsError(
      503,
      "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message>"
      "<RequestId>R</RequestId></Error>");
  EXPECT_EQ(s.kind(), ErrorKind::kUnavailable);
  EXPECT_TRUE(IsRetryableAwsError(s.code(), s.http_status()));
}

TEST(AwsErrorTest, Ec2ThrottlingIsUnavailableAndRetryable) {
  Status s = ParseAwsError(503, R"(<Response><Errors><Error><Code>RequestLimitExceeded</Code>
<Message>Request limit exceeded.</Message></Error></Errors><RequestID>r-1</RequestID></Response>)");
  EXPECT_EQ(s.kind(), ErrorKind::kUnavailable);
  EXPECT_EQ(s.code(), "RequestLimitExceeded");
  EXPECT_EQ(s.request_id(), "r-1");
  EXPECT_NE(s.hint().find("throttling"), std::string::npos);
}

TEST(AwsErrorTest, EveryBotocoreThrottlingCodeIsThrottling) {
  for (std::string_view code :
       {"Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException",
        "TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded",
        "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException"}) {
    EXPECT_TRUE(IsThrottlingErrorCode(code)) << code;
    EXPECT_EQ(ClassifyAwsError(code, 400), ErrorKind::kUnavailable) << code;
  }
}

TEST(AwsErrorTest, TransientCodesAndStatusesAreRetryable) {
  for (std::string_view code : {"RequestTimeout", "RequestTimeoutException",
                                "PriorRequestNotComplete", "InternalError", "ServiceUnavailable"}) {
    EXPECT_TRUE(IsTransientErrorCode(code)) << code;
    EXPECT_TRUE(IsRetryableAwsError(code, 400)) << code;
  }
  for (int status : {500, 502, 503, 504, 429}) {
    EXPECT_TRUE(IsRetryableAwsError("", status)) << status;
    EXPECT_EQ(ClassifyAwsError("", status), ErrorKind::kUnavailable) << status;
  }
  EXPECT_FALSE(IsRetryableAwsError("", 501));
}

TEST(AwsErrorTest, ClientErrorsAreNotRetryable) {
  for (std::string_view code :
       {"InvalidParameterValue", "InvalidInstanceID.Malformed", "InsufficientInstanceCapacity",
        "UnauthorizedOperation", "IdempotentParameterMismatch"}) {
    EXPECT_FALSE(IsRetryableAwsError(code, 400)) << code;
  }
}

TEST(AwsErrorTest, NotFoundCodes) {
  EXPECT_EQ(ClassifyAwsError("InvalidInstanceID.NotFound", 400), ErrorKind::kNotFound);
  EXPECT_EQ(ClassifyAwsError("InvalidAMIID.NotFound", 400), ErrorKind::kNotFound);
  EXPECT_EQ(ClassifyAwsError("LoadBalancerNotFound", 400), ErrorKind::kNotFound);
  EXPECT_EQ(ClassifyAwsError("NoSuchBucket", 404), ErrorKind::kNotFound);
  EXPECT_EQ(HintForAwsError("InvalidInstanceID.NotFound", 400),
            "check the id or name, and that you are using the right region (--region)");
}

TEST(AwsErrorTest, AuthFailuresArePermissionDeniedWithHints) {
  for (std::string_view code : {"AuthFailure", "SignatureDoesNotMatch", "RequestExpired",
                                "InvalidClientTokenId", "UnauthorizedOperation"}) {
    EXPECT_EQ(ClassifyAwsError(code, 403), ErrorKind::kPermissionDenied) << code;
    EXPECT_FALSE(HintForAwsError(code, 403).empty()) << code;
  }
  EXPECT_NE(HintForAwsError("RequestExpired", 400).find("clock"), std::string_view::npos);
  EXPECT_NE(HintForAwsError("SignatureDoesNotMatch", 403).find("clock"), std::string_view::npos);
  EXPECT_NE(HintForAwsError("AuthFailure", 401).find("credentials"), std::string_view::npos);
}

TEST(AwsErrorTest, OtherCodesAreRefused) {
  EXPECT_EQ(ClassifyAwsError("InvalidParameterValue", 400), ErrorKind::kRefused);
  EXPECT_EQ(ClassifyAwsError("InvalidGroup.Duplicate", 400), ErrorKind::kRefused);
  EXPECT_EQ(HintForAwsError("InvalidParameterValue", 400), "");
}

// EC2 lists InsufficientInstanceCapacity among its server errors and sends it with HTTP 500,
// so the SDKs' standard mode retries it (AWS asked the SDKs to: capacity can come back within
// seconds); the hint survives the 5xx classification.
TEST(AwsErrorTest, InsufficientCapacityHintSuggestsOtherPools) {
  Status s = ParseAwsError(500, R"(<Response><Errors><Error>
<Code>InsufficientInstanceCapacity</Code><Message>We currently do not have sufficient
p3.2xlarge capacity in the Availability Zone you requested (us-east-1a).</Message>
</Error></Errors><RequestID>x</RequestID></Response>)");
  EXPECT_EQ(s.kind(), ErrorKind::kUnavailable);
  EXPECT_EQ(s.code(), "InsufficientInstanceCapacity");
  EXPECT_NE(s.hint().find("another availability zone"), std::string::npos);
  EXPECT_NE(s.hint().find("--on-demand"), std::string::npos);
}

TEST(AwsErrorTest, DryRunOperationIsDetectable) {
  Status s = ParseAwsError(412, R"(<Response><Errors><Error><Code>DryRunOperation</Code>
<Message>Request would have succeeded, but DryRun flag is set.</Message></Error></Errors>
<RequestID>d</RequestID></Response>)");
  EXPECT_TRUE(IsDryRunOperation(s));
  EXPECT_FALSE(IsRetryableAwsError(s.code(), s.http_status()));
  EXPECT_FALSE(IsDryRunOperation(ParseAwsError(400, "")));
  EXPECT_FALSE(IsDryRunOperation(Status::Ok()));
}

TEST(AwsErrorTest, EmptyBodyKeepsHttpStatus) {
  Status s = ParseAwsError(503, "");
  EXPECT_EQ(s.kind(), ErrorKind::kUnavailable);
  EXPECT_EQ(s.http_status(), 503);
  EXPECT_EQ(s.code(), "");
  EXPECT_EQ(s.message(), "HTTP 503 (Service Unavailable) with an empty body");
  EXPECT_FALSE(s.hint().empty());
}

TEST(AwsErrorTest, NonXmlBodyIsQuotedOnOneLine) {
  Status s = ParseAwsError(502, "<html>\r\n<body>Bad gateway\n\tfrom proxy</body></html>");
  EXPECT_EQ(s.kind(), ErrorKind::kUnavailable);
  EXPECT_EQ(s.message(),
            "HTTP 502 (Bad Gateway) without an AWS error document: "
            "<html> <body>Bad gateway from proxy</body></html>");
}

TEST(AwsErrorTest, LongGarbageBodyIsTruncated) {
  Status s = ParseAwsError(400, std::string(10000, 'x'));
  EXPECT_EQ(s.kind(), ErrorKind::kRefused);
  EXPECT_LT(s.message().size(), 300u);
  EXPECT_TRUE(s.message().ends_with("..."));
}

TEST(AwsErrorTest, ForbiddenWithoutDocumentIsPermissionDenied) {
  EXPECT_EQ(ParseAwsError(403, "").kind(), ErrorKind::kPermissionDenied);
  EXPECT_EQ(ParseAwsError(404, "not here").kind(), ErrorKind::kNotFound);
}

TEST(AwsErrorTest, DocumentWithoutMessageUsesCode) {
  Status s = ParseAwsError(400,
                           "<Response><Errors><Error><Code>Blocked</Code></Error></Errors>"
                           "</Response>");
  EXPECT_EQ(s.code(), "Blocked");
  EXPECT_EQ(s.message(), "Blocked (HTTP 400)");
}

TEST(AwsErrorTest, RequestIdFallsBackToHeader) {
  HttpResponse response{.status = 500, .headers = {{"x-amzn-RequestId", "hdr-1"}}, .body = ""};
  EXPECT_EQ(ParseAwsError(response).request_id(), "hdr-1");
  EXPECT_FALSE(ParseAwsError(response).hint().empty());
  HttpResponse s3{.status = 404, .headers = {{"x-amz-request-id", "s3-id"}}, .body = ""};
  EXPECT_EQ(ParseAwsError(s3).request_id(), "s3-id");
  HttpResponse both{.status = 400,
                    .headers = {{"x-amzn-RequestId", "hdr"}},
                    .body =
                        "<ErrorResponse><Error><Code>X</Code></Error>"
                        "<RequestId>doc</RequestId></ErrorResponse>"};
  EXPECT_EQ(ParseAwsError(both).request_id(), "doc");
}

}  // namespace
}  // namespace spotrun
