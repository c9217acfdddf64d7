#include "localcloud/ec2_error_document.h"

#include <gtest/gtest.h>

#include "aws/aws_error.h"
#include "localcloud/ec2_error.h"

namespace spotrun {
namespace {

TEST(Ec2ErrorDocumentTest, IsTheDocumentEc2Sends) {
  Status error = Ec2Error("InvalidInstanceID.NotFound", "The instance ID 'i-1' does not exist");
  EXPECT_EQ(Ec2ErrorDocument(error, "59dbff89-35bd-4eac-99ed-be587EXAMPLE"),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<Response><Errors><Error><Code>InvalidInstanceID.NotFound</Code>"
            "<Message>The instance ID 'i-1' does not exist</Message></Error></Errors>"
            "<RequestID>59dbff89-35bd-4eac-99ed-be587EXAMPLE</RequestID></Response>");
}

TEST(Ec2ErrorDocumentTest, EscapesXmlSpecials) {
  Status error = Ec2Error("InvalidParameterValue", "Value (<a & \"b\">) for 'x'");
  std::string document = Ec2ErrorDocument(error, "r&1");
  EXPECT_NE(document.find("<Message>Value (&lt;a &amp; \"b\"&gt;) for 'x'"
                          "</Message>"),
            std::string::npos);
  EXPECT_NE(document.find("<RequestID>r&amp;1</RequestID>"), std::string::npos);
}

TEST(Ec2ErrorDocumentTest, ReplacesControlCharactersXmlCannotHold) {
  Status error = Ec2Error("InvalidParameterValue", std::string("a\x01"
                                                               "b\tc",
                                                               5));
  EXPECT_NE(Ec2ErrorDocument(error, "r").find("<Message>a?b\tc</Message>"), std::string::npos);
}

TEST(Ec2ErrorDocumentTest, ResponseCarriesTheStatusesHttpStatus) {
  HttpResponse throttled =
      Ec2ErrorResponse(Ec2Error("RequestLimitExceeded", "Request limit exceeded."), "r");
  EXPECT_EQ(throttled.status, 503);
  EXPECT_EQ(throttled.Header("content-type"), "text/xml;charset=UTF-8");
  EXPECT_EQ(Ec2ErrorResponse(Ec2Error("SignatureDoesNotMatch", "m", 403), "r").status, 403);
  EXPECT_EQ(Ec2ErrorResponse(Ec2Error("InvalidAMIID.NotFound", "m"), "r").status, 400);
}

TEST(Ec2ErrorDocumentTest, StatusWithoutAnAwsCodeBecomesInternalError) {
  HttpResponse response = Ec2ErrorResponse(Status::Internal("state store is gone"), "r-9");
  EXPECT_EQ(response.status, 500);
  Status parsed = ParseAwsError(response);
  EXPECT_EQ(parsed.code(), "InternalError");
  EXPECT_EQ(parsed.message(), "state store is gone");
}

TEST(Ec2ErrorDocumentTest, OurClientReadsBackCodeMessageAndRequestId) {
  HttpResponse response = Ec2ErrorResponse(Ec2Error("IncorrectInstanceState",
                                                    "The instance 'i-1' is not in a "
                                                    "state from which it can be started."),
                                           "6b7c1a2e-0000-4000-8000-000000000001");
  Status parsed = ParseAwsError(response);
  EXPECT_EQ(parsed.code(), "IncorrectInstanceState");
  EXPECT_EQ(parsed.message(), "The instance 'i-1' is not in a state from which it can be started.");
  EXPECT_EQ(parsed.request_id(), "6b7c1a2e-0000-4000-8000-000000000001");
  EXPECT_EQ(parsed.http_status(), 400);
}

}  // namespace
}  // namespace spotrun
