#include "localcloud/sigv4_verifier.h"

#include <gtest/gtest.h>

#include "aws/sigv4.h"

namespace spotrun {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

constexpr char kAccessKeyId[] = "AKIDLOCALCLOUD000001";
constexpr char kSecret[] = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
constexpr char kTokenKeyId[] = "ASIALOCALCLOUD000002";
constexpr char kToken[] = "FQoGZXIvYXdzEBYaDLocalSessionToken==";
constexpr char kEndpoint[] = "http://127.0.0.1:4566";

Credentials Key(std::string id, std::string secret, std::string token = "") {
  return Credentials{.access_key_id = std::move(id),
                     .secret_access_key = std::move(secret),
                     .session_token = std::move(token),
                     .expiration = std::nullopt,
                     .source = "test"};
}

SigV4Options SigningOptions(std::string region, std::string service, TimePoint time) {
  SigV4Options options;
  options.region = std::move(region);
  options.service = std::move(service);
  options.time = time;
  return options;
}

HttpRequest Get(std::string url) {
  HttpRequest request;
  request.url = std::move(url);
  return request;
}

// What HttpServer hands a handler for a request a client sent to `request.url`: the target
// without scheme and authority.
HttpRequest AsReceived(HttpRequest request) {
  request.url = request.url.substr(std::string_view(kEndpoint).size());
  return request;
}

class SigV4VerifierTest : public ::testing::Test {
 protected:
  SigV4VerifierTest()
      : verifier_(SigV4Verifier::Options{
            .region = "us-east-1",
            .service = "ec2",
            .credentials = {Key(kAccessKeyId, kSecret), Key(kTokenKeyId, "tokensecret", kToken)},
            .clock = &clock_,
            .max_skew = seconds(300)}) {}

  // A DescribeRegions POST signed now (by the server's clock) with `credentials`.
  HttpRequest SignedPost(const Credentials& credentials, std::string region = "us-east-1",
                         std::string service = "ec2") {
    HttpRequest request{
        .method = "POST",
        .url = std::string(kEndpoint) + "/",
        .headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}},
        .body = "Action=DescribeRegions&Version=2016-11-15"};
    SignRequest(request, credentials,
                SigningOptions(std::move(region), std::move(service), clock_.Now()));
    return AsReceived(std::move(request));
  }

  HttpRequest SignedGet(const Credentials& credentials) {
    HttpRequest request =
        Get(std::string(kEndpoint) +
            "/?Action=DescribeInstances&Filter.1.Name=tag%3AName&Filter.1.Value.1=a%20b"
            "&Version=2016-11-15");
    SignRequest(request, credentials, SigningOptions("us-east-1", "ec2", clock_.Now()));
    return AsReceived(std::move(request));
  }

  HttpRequest Presigned(const Credentials& credentials, seconds expires) {
    HttpRequest request =
        Get(std::string(kEndpoint) + "/?Action=DescribeRegions&Version=2016-11-15");
    Result<std::string> url =
        PresignUrl(request, credentials, SigningOptions("us-east-1", "ec2", clock_.Now()), expires);
    EXPECT_TRUE(url.ok()) << url.status().ToString();
    request.url = *url;
    request.headers = {{"Host", "127.0.0.1:4566"}};
    return AsReceived(std::move(request));
  }

  std::string CodeOf(const HttpRequest& request) {
    Result<std::string> r = verifier_.Verify(request);
    return r.ok() ? "ok" : r.status().code();
  }

  FakeClock clock_;
  SigV4Verifier verifier_;
};

TEST_F(SigV4VerifierTest, AcceptsARequestOurSignerSigned) {
  Result<std::string> r = verifier_.Verify(SignedPost(Key(kAccessKeyId, kSecret)));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, kAccessKeyId);
}

TEST_F(SigV4VerifierTest, AcceptsAGetWithItsParametersInTheQuery) {
  EXPECT_EQ(CodeOf(SignedGet(Key(kAccessKeyId, kSecret))), "ok");
}

TEST_F(SigV4VerifierTest, EveryTamperedByteOfBodyOrSignedHeadersIsRefused) {
  const HttpRequest good = SignedPost(Key(kAccessKeyId, kSecret));
  ASSERT_EQ(CodeOf(good), "ok");
  int checked = 0;
  for (size_t i = 0; i < good.body.size(); ++i) {
    HttpRequest bad = good;
    bad.body[i] ^= 0x01;
    EXPECT_NE(CodeOf(bad), "ok") << "body byte " << i << ": " << bad.body;
    ++checked;
  }
  for (size_t h = 0; h < good.headers.size(); ++h) {
    for (size_t i = 0; i < good.headers[h].second.size(); ++i) {
      HttpRequest bad = good;
      bad.headers[h].second[i] ^= 0x01;
      EXPECT_NE(CodeOf(bad), "ok")
          << good.headers[h].first << " byte " << i << ": " << bad.headers[h].second;
      ++checked;
    }
  }
  HttpRequest other_method = good;
  other_method.method = "PUT";
  EXPECT_EQ(CodeOf(other_method), "SignatureDoesNotMatch");
  HttpRequest other_path = good;
  other_path.url = "/x";
  EXPECT_EQ(CodeOf(other_path), "SignatureDoesNotMatch");
  EXPECT_GT(checked, 200);
}

TEST_F(SigV4VerifierTest, EveryTamperedByteOfTheQueryIsRefused) {
  const HttpRequest good = SignedGet(Key(kAccessKeyId, kSecret));
  ASSERT_EQ(CodeOf(good), "ok");
  for (size_t i = 2; i < good.url.size(); ++i) {  // after "/?"
    HttpRequest bad = good;
    bad.url[i] ^= 0x01;
    EXPECT_NE(CodeOf(bad), "ok") << "url byte " << i << ": " << bad.url;
  }
}

TEST_F(SigV4VerifierTest, WrongSecretIsSignatureDoesNotMatch) {
  Result<std::string> r = verifier_.Verify(SignedPost(Key(kAccessKeyId, "not-the-secret")));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), "SignatureDoesNotMatch");
  EXPECT_EQ(r.status().http_status(), 403);
  EXPECT_EQ(r.status().message(),
            "The request signature we calculated does not match the signature you provided. "
            "Check your AWS Secret Access Key and signing method. Consult the service "
            "documentation for details.");
}

TEST_F(SigV4VerifierTest, UnknownAccessKeyIsAuthFailure) {
  Result<std::string> r = verifier_.Verify(SignedPost(Key("AKIDUNKNOWN", kSecret)));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), "AuthFailure");
  EXPECT_EQ(r.status().message(), "AWS was not able to validate the provided access credentials");
  EXPECT_EQ(r.status().http_status(), 401);
}

TEST_F(SigV4VerifierTest, UnsignedRequestIsMissingParameter) {
  HttpRequest request{.method = "POST",
                      .url = "/",
                      .headers = {{"Host", "127.0.0.1:4566"}},
                      .body = "Action=DescribeRegions&Version=2016-11-15"};
  Result<std::string> r = verifier_.Verify(request);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), "MissingParameter");
  EXPECT_EQ(r.status().message(), "The request must contain the parameter AWSAccessKeyId");
}

TEST_F(SigV4VerifierTest, ClockSkewWithinFiveMinutesPassesBeyondIsRequestExpired) {
  const HttpRequest request = SignedPost(Key(kAccessKeyId, kSecret));
  const TimePoint signed_at = clock_.Now();
  clock_.Set(signed_at + minutes(4) + seconds(59));
  EXPECT_EQ(CodeOf(request), "ok");
  clock_.Set(signed_at - minutes(4) - seconds(59));  // the client's clock runs ahead
  EXPECT_EQ(CodeOf(request), "ok");
  clock_.Set(signed_at + minutes(5) + seconds(1));
  Result<std::string> late = verifier_.Verify(request);
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.status().code(), "RequestExpired");
  EXPECT_EQ(late.status().message(), "Request has expired.");
  EXPECT_EQ(late.status().http_status(), 400);
  clock_.Set(signed_at - minutes(5) - seconds(1));
  EXPECT_EQ(CodeOf(request), "RequestExpired");
}

TEST_F(SigV4VerifierTest, DateBeyondWhatAClockCanHoldIsIncompleteSignature) {
  HttpRequest request = SignedPost(Key(kAccessKeyId, kSecret));
  SetHeader(request.headers, "X-Amz-Date", "90260101T000000Z");
  EXPECT_EQ(CodeOf(request), "IncompleteSignature");
}

TEST_F(SigV4VerifierTest, CredentialScopedToAnotherRegionOrServiceIsRefused) {
  Result<std::string> region =
      verifier_.Verify(SignedPost(Key(kAccessKeyId, kSecret), "eu-west-1"));
  ASSERT_FALSE(region.ok());
  EXPECT_EQ(region.status().code(), "SignatureDoesNotMatch");
  EXPECT_EQ(region.status().message(),
            "Credential should be scoped to a valid region, not 'eu-west-1'.");
  EXPECT_EQ(CodeOf(SignedPost(Key(kAccessKeyId, kSecret), "us-east-1", "s3")),
            "SignatureDoesNotMatch");
}

TEST_F(SigV4VerifierTest, MalformedAuthorizationIsIncompleteSignature) {
  HttpRequest request = SignedPost(Key(kAccessKeyId, kSecret));
  SetHeader(request.headers, "Authorization",
            "AWS4-HMAC-SHA256 Credential=AKIDLOCALCLOUD000001/20260101/us-east-1/ec2/"
            "aws4_request, SignedHeaders=host;x-amz-date");
  Result<std::string> r = verifier_.Verify(request);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), "IncompleteSignature");
  EXPECT_EQ(r.status().message(), "Authorization header requires 'Signature' parameter.");
  SetHeader(request.headers, "Authorization", "AWS AKIDLOCALCLOUD000001:c2lnbmF0dXJl");
  EXPECT_EQ(CodeOf(request), "IncompleteSignature");
}

TEST_F(SigV4VerifierTest, SessionTokenMustBelongToTheKey) {
  EXPECT_EQ(CodeOf(SignedPost(Key(kTokenKeyId, "tokensecret", kToken))), "ok");
  EXPECT_EQ(CodeOf(SignedPost(Key(kTokenKeyId, "tokensecret", "another-token"))), "AuthFailure");
  // Temporary credentials are useless without their token.
  EXPECT_EQ(CodeOf(SignedPost(Key(kTokenKeyId, "tokensecret"))), "AuthFailure");
  // A long-term key does not take a token.
  EXPECT_EQ(CodeOf(SignedPost(Key(kAccessKeyId, kSecret, kToken))), "AuthFailure");
}

TEST_F(SigV4VerifierTest, ExpiredTemporaryCredentialsAreRequestExpired) {
  Credentials temporary = Key(kTokenKeyId, "tokensecret", kToken);
  temporary.expiration = clock_.Now() + minutes(1);
  SigV4Verifier verifier({.region = "us-east-1",
                          .service = "ec2",
                          .credentials = {temporary},
                          .clock = &clock_,
                          .max_skew = seconds(300)});
  EXPECT_TRUE(verifier.Verify(SignedPost(temporary)).ok());
  clock_.Advance(minutes(1));
  Result<std::string> r = verifier.Verify(SignedPost(temporary));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), "RequestExpired");
}

TEST_F(SigV4VerifierTest, AcceptsAPresignedUrlUntilItExpires) {
  const HttpRequest request = Presigned(Key(kAccessKeyId, kSecret), seconds(600));
  EXPECT_EQ(CodeOf(request), "ok");
  clock_.Advance(seconds(600));
  EXPECT_EQ(CodeOf(request), "ok");
  clock_.Advance(seconds(1));
  EXPECT_EQ(CodeOf(request), "RequestExpired");
}

TEST_F(SigV4VerifierTest, PresignedWithSessionToken) {
  EXPECT_EQ(CodeOf(Presigned(Key(kTokenKeyId, "tokensecret", kToken), seconds(60))), "ok");
  EXPECT_EQ(CodeOf(Presigned(Key(kTokenKeyId, "tokensecret", "forged"), seconds(60))),
            "AuthFailure");
}

TEST_F(SigV4VerifierTest, TamperedPresignedUrlIsRefused) {
  const HttpRequest good = Presigned(Key(kAccessKeyId, kSecret), seconds(600));
  ASSERT_EQ(CodeOf(good), "ok");
  for (size_t i = 2; i < good.url.size(); ++i) {
    HttpRequest bad = good;
    bad.url[i] ^= 0x01;
    EXPECT_NE(CodeOf(bad), "ok") << "url byte " << i << ": " << bad.url;
  }
  EXPECT_EQ(CodeOf(Presigned(Key(kAccessKeyId, "wrong"), seconds(60))), "SignatureDoesNotMatch");
  EXPECT_EQ(CodeOf(Presigned(Key("AKIDUNKNOWN", kSecret), seconds(60))), "AuthFailure");
}

TEST_F(SigV4VerifierTest, PresignedUrlPlusAuthorizationHeaderIsRefused) {
  HttpRequest request = Presigned(Key(kAccessKeyId, kSecret), seconds(60));
  request.headers.emplace_back("Authorization", "AWS4-HMAC-SHA256 Credential=x");
  EXPECT_EQ(CodeOf(request), "IncompleteSignature");
}

}  // namespace
}  // namespace spotrun
