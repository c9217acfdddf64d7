#include "cli/local_profile.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "base/file.h"
#include "base/temp_dir.h"

namespace spotrun {
namespace {

TEST(LocalProfileTest, ReplacesOnlyItsOwnSection) {
  const std::string text =
      "# my settings\n[default]\nregion = eu-west-1\n\n[profile local]\nregion = old\n"
      "endpoint_url = http://old\n[profile work]\nregion = us-east-2\n";
  EXPECT_EQ(ReplaceIniSection(text, "[profile local]", "region = us-east-1\n"),
            "# my settings\n[default]\nregion = eu-west-1\n\n[profile local]\n"
            "region = us-east-1\n[profile work]\nregion = us-east-2\n");
  EXPECT_EQ(ReplaceIniSection("[a]\nx = 1", "[b]", "y = 2\n"), "[a]\nx = 1\n\n[b]\ny = 2\n");
  EXPECT_EQ(ReplaceIniSection("", "[b]", "y = 2\n"), "[b]\ny = 2\n");
}

TEST(LocalProfileTest, WritesConfigAndCredentialsPrivately) {
  Result<ScopedTempDir> dir = ScopedTempDir::Create();
  ASSERT_TRUE(dir.ok());
  MapEnvironment env({{"AWS_CONFIG_FILE", dir->path().string() + "/aws/config"},
                      {"AWS_SHARED_CREDENTIALS_FILE", dir->path().string() + "/aws/credentials"}});
  LocalProfile profile{.name = "local",
                       .endpoint = "http://127.0.0.1:7700",
                       .region = "us-east-1",
                       .access_key_id = "AKIALOCAL123",
                       .secret_access_key = "secret"};
  ASSERT_TRUE(WriteLocalProfile(env, profile).ok());
  profile.endpoint = "http://127.0.0.1:7701";
  ASSERT_TRUE(WriteLocalProfile(env, profile).ok());  // rewriting our own section is fine
  EXPECT_EQ(*ReadFile(dir->path().string() + "/aws/config"),
            "[profile local]\nregion = us-east-1\nendpoint_url = http://127.0.0.1:7701\n");
  EXPECT_EQ(*ReadFile(dir->path().string() + "/aws/credentials"),
            "[local]\naws_access_key_id = AKIALOCAL123\naws_secret_access_key = secret\n");
  struct stat st;
  ASSERT_EQ(stat((dir->path().string() + "/aws/credentials").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST(LocalProfileTest, NeverOverwritesSomeoneElsesKeys) {
  Result<ScopedTempDir> dir = ScopedTempDir::Create();
  ASSERT_TRUE(dir.ok());
  const std::string credentials = dir->path().string() + "/credentials";
  ASSERT_TRUE(WriteFileAtomic(credentials, "[local]\naws_access_key_id = AKIAREAL\n", 0600).ok());
  MapEnvironment env({{"AWS_CONFIG_FILE", dir->path().string() + "/config"},
                      {"AWS_SHARED_CREDENTIALS_FILE", credentials}});
  Status status = WriteLocalProfile(env, LocalProfile{.access_key_id = "AKIALOCALX"});
  EXPECT_EQ(status.kind(), ErrorKind::kAlreadyExists);
  EXPECT_NE(status.hint().find("--profile-name"), std::string::npos);
  EXPECT_EQ(*ReadFile(credentials), "[local]\naws_access_key_id = AKIAREAL\n");
}

}  // namespace
}  // namespace spotrun
