#include "cloud/ssh_identity.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "base/file.h"
#include "base/subprocess.h"
#include "base/temp_dir.h"

namespace spotrun {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string KeygenFingerprint(const std::string& pub) {
  SubprocessOptions o;
  o.argv = {"ssh-keygen", "-l", "-E", "sha256", "-f", pub};
  Result<SubprocessResult> r = RunSubprocess(o);
  EXPECT_TRUE(r.ok() && r->success());
  // "256 SHA256:xxxx comment (ED25519)"
  std::string out = r->stdout_text;
  size_t a = out.find(' ') + 1;
  return out.substr(a, out.find(' ', a) - a);
}

TEST(SshIdentityTest, MakesItsOwnPrivateKeyOnceWhenTheUserHasNone) {
  ScopedTempDir dir = ScopedTempDir::Create("ssh-id").value();
  SshIdentityPlaces places{.home = dir.path() / "home", .config_dir = dir.path() / "cfg"};
  Result<SshIdentity> id = ResolveSshIdentity(places);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_EQ(id->private_key_path, places.config_dir + "/id_ed25519");
  struct stat st {};
  ASSERT_EQ(::stat(id->private_key_path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_THAT(id->public_key, StartsWith("ssh-ed25519 "));
  EXPECT_EQ(id->fingerprint, KeygenFingerprint(id->private_key_path + ".pub"));
  EXPECT_THAT(id->key_pair_name, StartsWith("spotrun-"));
  EXPECT_EQ(id->key_pair_name.size(), 16u);
  Result<SshIdentity> again = ResolveSshIdentity(places);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->public_key, id->public_key);  // not made twice
}

TEST(SshIdentityTest, PrefersTheUsersOwnKey) {
  ScopedTempDir dir = ScopedTempDir::Create("ssh-id").value();
  std::string home = dir.path() / "home";
  std::filesystem::create_directories(home + "/.ssh");
  SubprocessOptions o;
  o.argv = {"ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", home + "/.ssh/id_ed25519"};
  ASSERT_TRUE(RunSubprocess(o)->success());
  Result<SshIdentity> id = ResolveSshIdentity({.home = home, .config_dir = dir.path() / "cfg"});
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(id->private_key_path, home + "/.ssh/id_ed25519");
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "cfg"));
}

TEST(SshIdentityTest, AConfiguredKeyWithoutItsPublicHalfSaysHowToMakeIt) {
  ScopedTempDir dir = ScopedTempDir::Create("ssh-id").value();
  std::string key = dir.path() / "k";
  ASSERT_TRUE(WriteFileAtomic(key, "x", 0600).ok());
  Result<SshIdentity> id = ResolveSshIdentity({.configured_key = key});
  ASSERT_FALSE(id.ok());
  EXPECT_THAT(id.status().hint(), HasSubstr("ssh-keygen -y -f"));
  Result<SshIdentity> missing = ResolveSshIdentity({.configured_key = key + "-nope"});
  EXPECT_EQ(missing.status().kind(), ErrorKind::kNotFound);
}

}  // namespace
}  // namespace spotrun
