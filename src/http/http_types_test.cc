#include "http/http_types.h"

#include <gtest/gtest.h>

namespace spotrun {
namespace {

TEST(HttpTypesTest, FindHeaderIgnoresCaseAndReturnsTheFirstValue) {
  HttpHeaders headers = {{"Content-Type", "text/xml"}, {"x-amz-date", "a"}, {"X-Amz-Date", "b"}};
  EXPECT_EQ(FindHeader(headers, "content-type"), "text/xml");
  EXPECT_EQ(FindHeader(headers, "X-AMZ-DATE"), "a");
  EXPECT_EQ(FindHeader(headers, "Host"), std::nullopt);
  EXPECT_EQ(FindHeader(headers, "Content-Typ"), std::nullopt);
}

TEST(HttpTypesTest, FindHeaderKeepsAnEmptyValue) {
  HttpHeaders headers = {{"X-Empty", ""}};
  EXPECT_EQ(FindHeader(headers, "x-empty"), "");
}

TEST(HttpTypesTest, SetHeaderReplacesEveryCaseVariantAndAppends) {
  HttpHeaders headers = {{"host", "a"}, {"Accept", "*/*"}, {"HOST", "b"}};
  SetHeader(headers, "Host", "example.com");
  EXPECT_EQ(headers, (HttpHeaders{{"Accept", "*/*"}, {"Host", "example.com"}}));
}

TEST(HttpTypesTest, SetHeaderAddsAMissingHeader) {
  HttpHeaders headers;
  SetHeader(headers, "X-Amz-Target", "x");
  EXPECT_EQ(headers, (HttpHeaders{{"X-Amz-Target", "x"}}));
}

TEST(HttpTypesTest, HeaderNameEqualsIsAsciiCaseInsensitive) {
  EXPECT_TRUE(HeaderNameEquals("Content-Length", "content-length"));
  EXPECT_FALSE(HeaderNameEquals("Content-Length", "Content-Length2"));
  EXPECT_FALSE(HeaderNameEquals("", "a"));
  EXPECT_TRUE(HeaderNameEquals("", ""));
}

TEST(HttpTypesTest, ResponseHeaderLooksUpByName) {
  HttpResponse response;
  response.headers = {{"x-amzn-RequestId", "abc"}};
  EXPECT_EQ(response.Header("X-Amzn-RequestId"), "abc");
  EXPECT_EQ(response.Header("ETag"), std::nullopt);
}

}  // namespace
}  // namespace spotrun
