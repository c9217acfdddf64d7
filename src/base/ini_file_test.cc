#include "base/ini_file.h"

#include <gtest/gtest.h>

namespace spotrun {
namespace {

TEST(IniFileTest, ParsesSectionsCommentsAndSubProperties) {
  auto ini = IniFile::Parse(
      "# comment\n[default]\nregion = us-east-1\n; other comment\n"
      "[profile dev]\nregion=eu-west-3\ns3 =\n  max_concurrent_requests = 10\n"
      "output = json\n");
  ASSERT_TRUE(ini.ok()) << ini.status().ToString();
  EXPECT_EQ(ini->Get("default", "region"), "us-east-1");
  EXPECT_EQ(ini->Get("profile dev", "region"), "eu-west-3");
  EXPECT_EQ(ini->Get("profile dev", "s3.max_concurrent_requests"), "10");
  EXPECT_EQ(ini->Get("profile dev", "output"), "json");
  EXPECT_FALSE(ini->Get("profile dev", "missing"));
  EXPECT_FALSE(ini->HasSection("nope"));
}

TEST(IniFileTest, MalformedLineNamesTheLine) {
  auto ini = IniFile::Parse("[a]\nkey value\n", "cfg");
  ASSERT_FALSE(ini.ok());
  EXPECT_EQ(ini.status().kind(), ErrorKind::kInvalidArgument);
  EXPECT_NE(ini.status().message().find("cfg:2"), std::string::npos);
}

TEST(IniFileTest, SerializeRoundTrips) {
  IniFile ini;
  ini.Set("local", "endpoint", "http://127.0.0.1:4566");
  ini.Set("default", "region", "us-east-1");
  auto again = IniFile::Parse(ini.Serialize());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->Get("local", "endpoint"), "http://127.0.0.1:4566");
  EXPECT_EQ(again->SectionNames(), (std::vector<std::string>{"local", "default"}));
}

TEST(IniFileTest, MissingFileIsEmpty) {
  auto ini = IniFile::Load("/nonexistent/spotrun/config");
  ASSERT_TRUE(ini.ok());
  EXPECT_TRUE(ini->SectionNames().empty());
}

}  // namespace
}  // namespace spotrun
