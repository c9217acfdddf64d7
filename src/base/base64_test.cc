#include "base/base64.h"

#include <gtest/gtest.h>

namespace spotrun {
namespace {

// RFC 4648 §10 test vectors.
struct Vector {
  std::string_view plain, encoded;
};
constexpr Vector kRfc4648[] = {{"", ""},
                               {"f", "Zg=="},
                               {"fo", "Zm8="},
                               {"foo", "Zm9v"},
                               {"foob", "Zm9vYg=="},
                               {"fooba", "Zm9vYmE="},
                               {"foobar", "Zm9vYmFy"}};

TEST(Base64Test, EncodesRfc4648Vectors) {
  for (const auto& v : kRfc4648) EXPECT_EQ(Base64Encode(v.plain), v.encoded) << v.plain;
}

TEST(Base64Test, DecodesRfc4648Vectors) {
  for (const auto& v : kRfc4648) EXPECT_EQ(Base64Decode(v.encoded), v.plain) << v.encoded;
}

TEST(Base64Test, RoundTripsEveryByteValue) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  for (size_t len = 0; len <= all.size(); len += 37) {
    std::string slice = all.substr(0, len);
    EXPECT_EQ(Base64Decode(Base64Encode(slice)), slice);
  }
  EXPECT_EQ(Base64Encode("\xff\xfe\xfd"), "//79");
}

TEST(Base64Test, EncodesAUserDataScript) {
  EXPECT_EQ(Base64Encode("#!/bin/sh\necho hi\n"), "IyEvYmluL3NoCmVjaG8gaGkK");
}

TEST(Base64Test, RejectsMalformedInput) {
  EXPECT_EQ(Base64Decode("Zg="), std::nullopt);       // length not a multiple of 4
  EXPECT_EQ(Base64Decode("Z==="), std::nullopt);      // three padding characters
  EXPECT_EQ(Base64Decode("Zg==Zg=="), std::nullopt);  // padding in the middle
  EXPECT_EQ(Base64Decode("Zm9v\nYmFy"), std::nullopt);
  EXPECT_EQ(Base64Decode("Zm-_"), std::nullopt);  // URL-safe alphabet
  EXPECT_EQ(Base64Decode("=Zm9"), std::nullopt);
}

}  // namespace
}  // namespace spotrun
