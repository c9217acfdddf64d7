#include "aws/http_date.h"

#include <gtest/gtest.h>

namespace spotrun {
namespace {

TEST(HttpDateTest, FormatsAndParsesImfFixdate) {
  TimePoint t;
  ASSERT_TRUE(ParseIso8601("2015-10-21T07:28:00Z", &t));
  EXPECT_EQ(FormatHttpDate(t + std::chrono::milliseconds(900)), "Wed, 21 Oct 2015 07:28:00 GMT");
  TimePoint parsed;
  ASSERT_TRUE(ParseHttpDate("Wed, 21 Oct 2015 07:28:00 GMT", &parsed));
  EXPECT_EQ(parsed, t);
  EXPECT_FALSE(ParseHttpDate("2015-10-21T07:28:00Z", &parsed));
  EXPECT_FALSE(ParseHttpDate("Wed, 21 Oct 2015 07:28:00 GMT junk", &parsed));
}

}  // namespace
}  // namespace spotrun
