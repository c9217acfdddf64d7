#include "aws/md5.h"

#include <gtest/gtest.h>

namespace spotrun {
namespace {

TEST(Md5Test, RfcVectors) {  // RFC 1321, appendix A.5
  EXPECT_EQ(Md5Hex(""), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(Md5Hex("abc"), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(Md5("abc").size(), 16u);
}

}  // namespace
}  // namespace spotrun
