#include "aws/client_token.h"

#include <gtest/gtest.h>

#include <set>

namespace spotrun {
namespace {

TEST(ClientTokenTest, IsAVersion4UuidFromTheRandomSource) {
  std::string token = NewClientToken([] { return 0.0; });
  EXPECT_EQ(token, "00000000-0000-4000-8000-000000000000");
  token = NewClientToken([] { return 0.999999; });
  EXPECT_EQ(token, "ffffffff-ffff-4fff-bfff-ffffffffffff");
  EXPECT_TRUE(IsValidClientToken(token));
}

TEST(ClientTokenTest, SameRandomnessSameToken) {
  auto counter = [] {
    auto n = std::make_shared<int>(0);
    return [n] { return (*n)++ % 16 / 16.0; };
  };
  EXPECT_EQ(NewClientToken(counter()), NewClientToken(counter()));
  EXPECT_EQ(NewClientToken(counter()), "00102030-4050-4070-8090-a0b0c0d0e0f0");
}

TEST(ClientTokenTest, SystemRandomTokensDiffer) {
  RandomSource random = SystemRandomSource();
  std::set<std::string> tokens;
  for (int i = 0; i < 100; ++i) {
    std::string token = NewClientToken(random);
    EXPECT_LE(token.size(), kMaxClientTokenLength);
    EXPECT_TRUE(IsValidClientToken(token)) << token;
    tokens.insert(token);
  }
  EXPECT_EQ(tokens.size(), 100u);
}

TEST(ClientTokenTest, Validity) {
  EXPECT_TRUE(IsValidClientToken("spotrun-job-42-attempt-3"));
  EXPECT_TRUE(IsValidClientToken(std::string(64, 'a')));
  EXPECT_FALSE(IsValidClientToken(std::string(65, 'a')));
  EXPECT_FALSE(IsValidClientToken(""));
  EXPECT_FALSE(IsValidClientToken("has space"));
  EXPECT_FALSE(IsValidClientToken("caf\xc3\xa9"));
}

}  // namespace
}  // namespace spotrun
