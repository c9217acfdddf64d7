#include "cli/settings.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "base/file.h"
#include "base/temp_dir.h"

namespace spotrun {
namespace {

TEST(SettingsTest, FlagsBeatEnvironmentBeatSpotrunBeatAws) {
  AwsSharedConfig aws = AwsSharedConfig::FromText(
      "[profile dev]\nregion = eu-west-3\nendpoint_url = http://aws-profile\n", "");
  IniFile own = *IniFile::Parse("[dev]\nregion = us-west-2\nssh_user = admin\n");
  MapEnvironment env({{"AWS_PROFILE", "dev"}});
  GlobalFlags flags;
  Settings s = ResolveSettingsFrom(flags, env, aws, own, "/cfg");
  EXPECT_EQ(s.profile.value, "dev");
  EXPECT_EQ(s.profile.source, "AWS_PROFILE");
  EXPECT_EQ(s.region.value, "us-west-2");
  EXPECT_EQ(s.region.source, "/cfg [dev]");
  EXPECT_EQ(s.endpoint.value, "http://aws-profile");
  EXPECT_EQ(s.ssh_user.value, "admin");
  EXPECT_EQ(s.image.value, "ubuntu");

  env.Set("AWS_REGION", "ap-south-1");
  env.Set("AWS_ENDPOINT_URL", "http://127.0.0.1:1");
  s = ResolveSettingsFrom(flags, env, aws, own, "/cfg");
  EXPECT_EQ(s.region.value, "ap-south-1");
  EXPECT_EQ(s.endpoint.value, "http://127.0.0.1:1");

  env.Set("AWS_ENDPOINT_URL_EC2", "http://127.0.0.1:2");
  s = ResolveSettingsFrom(flags, env, aws, own, "/cfg");
  EXPECT_EQ(s.endpoint.value, "http://127.0.0.1:2");
  EXPECT_EQ(s.endpoint.source, "AWS_ENDPOINT_URL_EC2");

  flags.region = "us-east-2";
  flags.endpoint = "http://127.0.0.1:3";
  flags.profile = "other";
  s = ResolveSettingsFrom(flags, env, aws, own, "/cfg");
  EXPECT_EQ(s.profile.value, "other");
  EXPECT_EQ(s.region.value, "us-east-2");
  EXPECT_EQ(s.endpoint.value, "http://127.0.0.1:3");
}

TEST(SettingsTest, DefaultEndpointFollowsRegion) {
  AwsSharedConfig aws = AwsSharedConfig::FromText("[default]\nregion = cn-north-1\n", "");
  Settings s = ResolveSettingsFrom({}, MapEnvironment(), aws, IniFile(), "/cfg");
  EXPECT_EQ(s.region.value, "cn-north-1");
  EXPECT_EQ(s.endpoint.value, "https://ec2.cn-north-1.amazonaws.com.cn");
}

TEST(SettingsTest, SetWritesPrivateFileAndRefusesUnknownKeys) {
  auto dir = ScopedTempDir::Create();
  ASSERT_TRUE(dir.ok());
  MapEnvironment env({{"HOME", dir->path().string()}});
  ASSERT_TRUE(SetSpotrunSetting(env, "local", "endpoint", "http://127.0.0.1:9").ok());
  std::string path = SpotrunConfigPath(env);
  EXPECT_EQ(path, dir->path().string() + "/.config/spotrun/config");
  auto ini = IniFile::Load(path);
  ASSERT_TRUE(ini.ok());
  EXPECT_EQ(ini->Get("local", "endpoint"), "http://127.0.0.1:9");
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  Status bad = SetSpotrunSetting(env, "local", "secret_key", "x");
  EXPECT_EQ(bad.kind(), ErrorKind::kInvalidArgument);
  EXPECT_NE(bad.hint().find("endpoint"), std::string::npos);
}

}  // namespace
}  // namespace spotrun
