#include <gtest/gtest.h>

#include "base/file.h"
#include "base/subprocess.h"
#include "localcloud/ec2_resources_test_fixture.h"

namespace spotrun {
namespace {

// A fixed RSA key and ed25519 key; the expected fingerprints were computed with
// `openssl pkey -pubout -outform DER | openssl md5 -c` and `ssh-keygen -l` (SHA256).
constexpr std::string_view kRsaPublicKey =
    "ssh-rsa "
    "AAAAB3NzaC1yc2EAAAADAQABAAABAQCyZUnWPWOD1a9rZ5AVgYx2TCFhw04rPvObwmOdENORyZ11uTcXKIQbdT5rzI8A/"
    "s9rlp3qsgz8iF8tcrAIL3SSzwssLYHhzs2ww3jxbj17p9qt3qi2ZuWIrtTSXAAm6+I/"
    "uNfMk07eY2uYDotQ4A8o+"
    "d1MGaV5aRqy1fyNpjPCCW2AmIyS2Em1FMAqYxnuImL8yvso0x7JRlMmdx5zM9vppU0NN1DTEojS"
    "fMf0MdXy1RAIedb7Q024R/"
    "2jEhqGvboF2wUJurru+bNPk7frKi87LeV8gml0DmMy47NhvPsaEbGu1N0FWMX7qBaQz7kTjnXE"
    "hsLQcfFhVTn0LKyhfvtX k1";
constexpr std::string_view kRsaImportedFingerprint =
    "31:35:bd:03:a1:c1:64:71:83:6a:81:33:97:fc:01:06";
constexpr std::string_view kEd25519PublicKey =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDf3AM+DnARTL4PjzQdY9w1rK0otM29s6NjMMAvunjgQ k2\n";
constexpr std::string_view kEd25519Fingerprint = "+V2yvCNPhsTfdGhNbg0AGLZS2+IzKmC4+3yGpG+mYpo=";

Result<SubprocessResult> RunArgv(std::vector<std::string> argv) {
  SubprocessOptions options;
  options.argv = std::move(argv);
  return RunSubprocess(options);
}

class KeysTest : public Ec2ResourcesTest {
 protected:
  void SetUp() override {
    Ec2ResourcesTest::SetUp();
    Start();
  }
};

TEST_F(KeysTest, ImportComputesAwsFingerprints) {
  Result<KeyPairInfo> rsa = model_->ImportKeyPair(
      {.key_name = "laptop", .public_key_material = std::string(kRsaPublicKey)});
  ASSERT_TRUE(rsa.ok()) << rsa.status().ToString();
  EXPECT_EQ(rsa->key_fingerprint, kRsaImportedFingerprint);
  EXPECT_EQ(rsa->key_type, "rsa");
  EXPECT_TRUE(rsa->key_pair_id.starts_with("key-"));
  Result<KeyPairInfo> ed = model_->ImportKeyPair(
      {.key_name = "ed", .public_key_material = std::string(kEd25519PublicKey)});
  ASSERT_TRUE(ed.ok()) << ed.status().ToString();
  EXPECT_EQ(ed->key_fingerprint, kEd25519Fingerprint);
  EXPECT_EQ(ed->key_type, "ed25519");
  Result<std::vector<KeyPairInfo>> keys =
      model_->DescribeKeyPairs({.key_names = {"ed"}, .include_public_key = true});
  ASSERT_TRUE(keys.ok());
  EXPECT_EQ(keys->at(0).public_key,
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDf3AM+DnARTL4PjzQdY9w1rK0otM29s6NjMMAvunjgQ k2");
}

TEST_F(KeysTest, ImportRefusesWhatIsNotAnOpenSshPublicKey) {
  auto code = [&](std::string material) {
    return CodeOf(model_->ImportKeyPair({.key_name = "x", .public_key_material = material}));
  };
  EXPECT_EQ(code("not a key"), "InvalidKey.Format");
  EXPECT_EQ(code("ssh-ed25519 AAAAB3NzaC1yc2EAAAADAQABAAABAQCy"), "InvalidKey.Format");
  EXPECT_EQ(code("ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIDf3AM+DnARTL4PjzQdY9w1rK0otM29s6NjMMAvunjgQ"),
            "InvalidKey.Format");  // the blob says ed25519
  EXPECT_EQ(code("ecdsa-sha2-nistp256 AAAA"), "InvalidKey.Format");
  EXPECT_EQ(code(""), "MissingParameter");
  EXPECT_EQ(CodeOf(model_->ImportKeyPair({.public_key_material = std::string(kRsaPublicKey)})),
            "MissingParameter");
}

TEST_F(KeysTest, CreateKeyPairMakesARealKey) {
  if (FindProgram("ssh-keygen").empty()) GTEST_SKIP() << "no ssh-keygen";
  Result<KeyPair> ed = model_->CreateKeyPair({.key_name = "ed", .key_type = "ed25519"});
  ASSERT_TRUE(ed.ok()) << ed.status().ToString();
  EXPECT_TRUE(ed->key_material.starts_with("-----BEGIN OPENSSH PRIVATE KEY-----"));
  Result<KeyPair> rsa = model_->CreateKeyPair(
      {.key_name = "rsa", .tag_specifications = {{"key-pair", {{"Name", "r"}}}}});
  ASSERT_TRUE(rsa.ok()) << rsa.status().ToString();
  EXPECT_TRUE(rsa->key_material.starts_with("-----BEGIN RSA PRIVATE KEY-----"));
  EXPECT_EQ(rsa->tags, (std::vector<Tag>{{"Name", "r"}}));
  // SHA-1 of the PKCS#8 DER: 20 bytes as colon hex.
  EXPECT_EQ(rsa->key_fingerprint.size(), 20u * 3 - 1);

  // The stored public key is the private key's: ssh-keygen -y derives the same line.
  Result<ScopedTempDir> dir = ScopedTempDir::Create("spotrun-keytest");
  ASSERT_TRUE(dir.ok());
  const std::string path = (dir->path() / "ed").string();
  ASSERT_TRUE(WriteFileAtomic(path, ed->key_material, 0600).ok());
  Result<SubprocessResult> derived = RunArgv({"ssh-keygen", "-y", "-f", path});
  ASSERT_TRUE(derived.ok() && derived->success());
  Result<std::vector<KeyPairInfo>> info =
      model_->DescribeKeyPairs({.key_names = {"ed"}, .include_public_key = true});
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->at(0).public_key.substr(0, 80), derived->stdout_text.substr(0, 80));
  EXPECT_EQ(info->at(0).key_fingerprint, ed->key_fingerprint);
  EXPECT_EQ(info->at(0).key_fingerprint.back(), '=');

  // The RSA fingerprint is what openssl computes over the PKCS#8 DER, as AWS documents.
  const std::string rsa_path = (dir->path() / "rsa").string();
  ASSERT_TRUE(WriteFileAtomic(rsa_path, rsa->key_material, 0600).ok());
  Result<SubprocessResult> sha1 = RunArgv(
      {"sh", "-c",
       "openssl pkcs8 -in '" + rsa_path + "' -topk8 -nocrypt -outform DER | openssl sha1 -c"});
  if (sha1.ok() && sha1->success()) {
    EXPECT_NE(sha1->stdout_text.find(rsa->key_fingerprint), std::string::npos) << sha1->stdout_text;
  }
}

TEST_F(KeysTest, CreateKeyPairErrors) {
  ASSERT_TRUE(
      model_
          ->ImportKeyPair({.key_name = "taken", .public_key_material = std::string(kRsaPublicKey)})
          .ok());
  EXPECT_EQ(CodeOf(model_->CreateKeyPair({.key_name = "taken"})), "InvalidKeyPair.Duplicate");
  EXPECT_EQ(CodeOf(model_->ImportKeyPair(
                {.key_name = "taken", .public_key_material = std::string(kRsaPublicKey)})),
            "InvalidKeyPair.Duplicate");
  EXPECT_EQ(CodeOf(model_->CreateKeyPair({.key_name = ""})), "MissingParameter");
  EXPECT_EQ(CodeOf(model_->CreateKeyPair({.key_name = std::string(256, 'k')})),
            "InvalidParameterValue");
  EXPECT_EQ(CodeOf(model_->CreateKeyPair({.key_name = "k", .key_type = "dsa"})),
            "InvalidParameterValue");
  EXPECT_EQ(CodeOf(model_->CreateKeyPair({.key_name = "k", .key_format = "ppk"})),
            "InvalidParameterValue");
  EXPECT_EQ(CodeOf(model_->CreateKeyPair({.key_name = "k", .dry_run = true})), "DryRunOperation");
  EXPECT_EQ(CodeOf(model_->DescribeKeyPairs({.key_names = {"k"}})), "InvalidKeyPair.NotFound");
}

TEST_F(KeysTest, DescribeKeyPairsFiltersAndHidesThePublicKeyUnlessAsked) {
  ASSERT_TRUE(
      model_->ImportKeyPair({.key_name = "a", .public_key_material = std::string(kRsaPublicKey)})
          .ok());
  ASSERT_TRUE(
      model_
          ->ImportKeyPair({.key_name = "b", .public_key_material = std::string(kEd25519PublicKey)})
          .ok());
  Result<std::vector<KeyPairInfo>> all = model_->DescribeKeyPairs({});
  ASSERT_EQ(all->size(), 2u);
  EXPECT_TRUE(all->at(0).public_key.empty());
  EXPECT_TRUE(all->at(0).create_time);
  EXPECT_EQ(model_->DescribeKeyPairs({.filters = {{"key-type", {"ed25519"}}}})->size(), 1u);
  EXPECT_EQ(model_->DescribeKeyPairs({.filters = {{"key-name", {"?"}}}})->size(), 2u);
  EXPECT_EQ(
      model_
          ->DescribeKeyPairs({.filters = {{"fingerprint", {std::string(kRsaImportedFingerprint)}}}})
          ->size(),
      1u);
  EXPECT_EQ(model_->DescribeKeyPairs({.key_pair_ids = {all->at(1).key_pair_id}})->size(), 1u);
  EXPECT_EQ(CodeOf(model_->DescribeKeyPairs({.key_pair_ids = {"key-12345678"}})),
            "InvalidKeyPair.NotFound");
}

TEST_F(KeysTest, DeleteKeyPairIsIdempotent) {
  std::string id =
      model_->ImportKeyPair({.key_name = "a", .public_key_material = std::string(kRsaPublicKey)})
          ->key_pair_id;
  EXPECT_EQ(CodeOf(model_->DeleteKeyPair({.key_name = "a", .dry_run = true})), "DryRunOperation");
  EXPECT_TRUE(model_->DeleteKeyPair({.key_name = "a"}).ok());
  EXPECT_TRUE(model_->DeleteKeyPair({.key_name = "a"}).ok());
  EXPECT_TRUE(model_->DeleteKeyPair({.key_pair_id = id}).ok());
  EXPECT_EQ(CodeOf(model_->DeleteKeyPair({})), "MissingParameter");
  EXPECT_TRUE(model_->DescribeKeyPairs({})->empty());
}

}  // namespace
}  // namespace spotrun
