#include "localcloud/loopback_address_pool.h"

#include <gtest/gtest.h>

namespace spotrun {
namespace {

TEST(LoopbackAddressPoolTest, HandsOutUniqueAddressesSkippingReservedOnes) {
  Result<LoopbackAddressPool> pool = LoopbackAddressPool::Create("127.0.0.254", "127.0.2.1");
  ASSERT_TRUE(pool.ok());
  // 127.0.0.255, 127.0.1.0 (.255/.0) and 127.0.1.1 (Debian's hostname address) are skipped.
  EXPECT_EQ(*pool->Allocate(), "127.0.0.254");
  EXPECT_EQ(*pool->Allocate(), "127.0.1.2");
  EXPECT_EQ(*pool->Allocate(), "127.0.1.3");
}

TEST(LoopbackAddressPoolTest, NeverHandsOut127001) {
  Result<LoopbackAddressPool> pool = LoopbackAddressPool::Create("127.0.0.1", "127.0.0.2");
  ASSERT_TRUE(pool.ok());
  EXPECT_EQ(*pool->Allocate(), "127.0.0.2");
  Result<std::string> none = pool->Allocate();
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().kind(), ErrorKind::kUnavailable);
  EXPECT_FALSE(none.status().hint().empty());
}

TEST(LoopbackAddressPoolTest, ReservedAddressesAreNotHandedOutAgain) {
  Result<LoopbackAddressPool> pool = LoopbackAddressPool::Create("127.5.0.1", "127.5.0.9");
  ASSERT_TRUE(pool.ok());
  ASSERT_TRUE(pool->Reserve("127.5.0.1").ok());
  ASSERT_TRUE(pool->Reserve("127.5.0.3").ok());
  EXPECT_EQ(pool->Reserve("127.5.0.3").kind(), ErrorKind::kAlreadyExists);
  EXPECT_EQ(*pool->Allocate(), "127.5.0.2");
  EXPECT_EQ(*pool->Allocate(), "127.5.0.4");
  EXPECT_TRUE(pool->InUse("127.5.0.3"));
}

TEST(LoopbackAddressPoolTest, ReleasedAddressesCanBeHandedOutAgain) {
  Result<LoopbackAddressPool> pool = LoopbackAddressPool::Create("127.5.0.1", "127.5.0.9");
  ASSERT_TRUE(pool.ok());
  std::string first = *pool->Allocate();
  pool->Release(first);
  EXPECT_FALSE(pool->InUse(first));
  EXPECT_EQ(*pool->Allocate(), first);
}

TEST(LoopbackAddressPoolTest, RejectsAddressesOutsideTheRangeOrNotLoopback) {
  Result<LoopbackAddressPool> pool = LoopbackAddressPool::Create("127.5.0.1", "127.5.0.9");
  ASSERT_TRUE(pool.ok());
  EXPECT_EQ(pool->Reserve("127.5.0.10").kind(), ErrorKind::kInvalidArgument);
  EXPECT_EQ(pool->Reserve("127.5.0.255").kind(), ErrorKind::kInvalidArgument);
  EXPECT_EQ(pool->Reserve("not an address").kind(), ErrorKind::kInvalidArgument);
  EXPECT_FALSE(LoopbackAddressPool::Create("10.0.0.1", "10.0.0.9").ok());
  EXPECT_FALSE(LoopbackAddressPool::Create("127.0.0.9", "127.0.0.1").ok());
}

TEST(ParseIpv4Test, AcceptsDottedQuadsOnly) {
  uint32_t a = 0;
  EXPECT_TRUE(ParseIpv4("127.1.2.3", &a));
  EXPECT_EQ(a, 0x7f010203u);
  EXPECT_EQ(FormatIpv4(a), "127.1.2.3");
  EXPECT_FALSE(ParseIpv4("127.1.2", &a));
  EXPECT_FALSE(ParseIpv4("127.1.2.3.4", &a));
  EXPECT_FALSE(ParseIpv4("127.1.2.256", &a));
  EXPECT_FALSE(ParseIpv4("127.01.2.3", &a));
  EXPECT_FALSE(ParseIpv4("127.1.2.-3", &a));
  EXPECT_FALSE(ParseIpv4("", &a));
}

}  // namespace
}  // namespace spotrun
