#include "aws/credentials_chain.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <memory>

#include "aws/process_credentials.h"
#include "base/file.h"
#include "base/log.h"
#include "base/temp_dir.h"
#include "testing/imds_test_server.h"
#include "testing/in_process_http_client.h"

namespace spotrun {
namespace {

using spotrun::testing::ImdsTestServer;
using spotrun::testing::InProcessHttpClient;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kSecret[] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY";

TimePoint At(std::string_view iso) {
  TimePoint t;
  EXPECT_TRUE(ParseIso8601(iso, &t)) << iso;
  return t;
}

Setting FromFlag(std::string name) { return {std::move(name), "--profile"}; }
Setting FromAwsProfile(std::string name) { return {std::move(name), "AWS_PROFILE"}; }

// Every test runs in a private HOME whose ~/.aws files the test writes; IMDS is an in-process
// ImdsTestServer on the test's FakeClock (no role attached unless the test attaches one).
class CredentialsChainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<ScopedTempDir> dir = ScopedTempDir::Create("creds-test");
    ASSERT_TRUE(dir.ok()) << dir.status().ToString();
    dir_.emplace(std::move(*dir));
    home_ = dir_->path().string();
    env_.Set("HOME", home_);
    env_.Set("AWS_CONFIG_FILE", home_ + "/.aws/config");
    env_.Set("AWS_SHARED_CREDENTIALS_FILE", home_ + "/.aws/credentials");
    imds_ = std::make_unique<ImdsClient>(imds_http_, clock_, ImdsClient::Options());
  }

  void WriteConfig(std::string_view text) {
    ASSERT_TRUE(WriteFileAtomic(home_ + "/.aws/config", text, 0600).ok());
  }
  void WriteCredentials(std::string_view text) {
    ASSERT_TRUE(WriteFileAtomic(home_ + "/.aws/credentials", text, 0600).ok());
  }
  // An executable shell script in HOME that appends a line to HOME/runs each time it runs.
  std::string WriteScript(std::string_view name, std::string_view body) {
    std::string path = home_ + "/" + std::string(name);
    std::string text = "#!/bin/sh\necho run >> '" + home_ + "/runs'\n" + std::string(body);
    EXPECT_TRUE(WriteFileAtomic(path, text, 0700).ok());
    return path;
  }
  int Runs() const {
    Result<std::string> text = ReadFile(home_ + "/runs");
    if (!text.ok()) return 0;
    return static_cast<int>(std::count(text->begin(), text->end(), '\n'));
  }

  std::unique_ptr<CredentialsChain> Chain(Setting profile = {"default", "default"}) {
    Result<AwsSharedConfig> config = AwsSharedConfig::Load(env_);
    EXPECT_TRUE(config.ok()) << config.status().ToString();
    config_.emplace(std::move(*config));
    options_.profile = std::move(profile);
    return MakeDefaultCredentialsChain(env_, *config_, clock_, imds_.get(), options_);
  }

  FakeClock clock_;
  MapEnvironment env_;
  std::optional<ScopedTempDir> dir_;
  std::string home_;
  std::optional<AwsSharedConfig> config_;
  CredentialsChainOptions options_;
  ImdsTestServer imds_server_{clock_};
  InProcessHttpClient imds_http_{
      [this](const HttpRequest& r) -> Result<HttpResponse> { return imds_server_.Handle(r); }};
  std::unique_ptr<ImdsClient> imds_;
};

TEST_F(CredentialsChainTest, EnvironmentBeatsFiles) {
  WriteCredentials("[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = file\n");
  env_.Set("AWS_ACCESS_KEY_ID", "AKIDENV");
  env_.Set("AWS_SECRET_ACCESS_KEY", "env-secret");
  env_.Set("AWS_SESSION_TOKEN", "env-token");
  Result<Credentials> c = Chain()->Get();
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->access_key_id, "AKIDENV");
  EXPECT_EQ(c->secret_access_key, "env-secret");
  EXPECT_EQ(c->session_token, "env-token");
  EXPECT_FALSE(c->expiration.has_value());
  EXPECT_THAT(c->source, HasSubstr("environment"));
}

TEST_F(CredentialsChainTest, EnvironmentExpirationMakesThemTemporary) {
  env_.Set("AWS_ACCESS_KEY_ID", "AKIDENV");
  env_.Set("AWS_SECRET_ACCESS_KEY", "env-secret");
  env_.Set("AWS_CREDENTIAL_EXPIRATION", "2026-01-01T01:00:00Z");
  EXPECT_EQ(Chain()->Get()->expiration, At("2026-01-01T01:00:00Z"));
  env_.Set("AWS_CREDENTIAL_EXPIRATION", "tomorrow");
  EXPECT_EQ(Chain()->Get().status().kind(), ErrorKind::kInvalidArgument);
}

TEST_F(CredentialsChainTest, HalfAPairInTheEnvironmentIsAnError) {
  WriteCredentials("[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = file\n");
  env_.Set("AWS_SECRET_ACCESS_KEY", kSecret);
  Result<Credentials> c = Chain()->Get();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().kind(), ErrorKind::kInvalidArgument);
  EXPECT_THAT(c.status().message(), HasSubstr("AWS_ACCESS_KEY_ID is not"));
  EXPECT_THAT(c.status().ToString(), Not(HasSubstr(kSecret)));
}

TEST_F(CredentialsChainTest, ProfileNamedWithTheFlagBeatsTheEnvironment) {
  WriteCredentials("[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = dev-secret\n");
  env_.Set("AWS_ACCESS_KEY_ID", "AKIDENV");
  env_.Set("AWS_SECRET_ACCESS_KEY", "env-secret");
  Result<Credentials> c = Chain(FromFlag("dev"))->Get();
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->access_key_id, "AKIDDEV");
  EXPECT_EQ(c->source, home_ + "/.aws/credentials [dev]");
}

TEST_F(CredentialsChainTest, ProfileFromAwsProfileDoesNotBeatTheEnvironment) {
  WriteCredentials("[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = dev-secret\n");
  env_.Set("AWS_ACCESS_KEY_ID", "AKIDENV");
  env_.Set("AWS_SECRET_ACCESS_KEY", "env-secret");
  EXPECT_EQ(Chain(FromAwsProfile("dev"))->Get()->access_key_id, "AKIDENV");
  env_.Set("AWS_ACCESS_KEY_ID", "");
  env_.Set("AWS_SECRET_ACCESS_KEY", "");
  EXPECT_EQ(Chain(FromAwsProfile("dev"))->Get()->access_key_id, "AKIDDEV");
}

TEST_F(CredentialsChainTest, CredentialsFileBeatsConfigFile) {
  WriteCredentials("[dev]\naws_access_key_id = AKIDCREDS\naws_secret_access_key = a\n");
  WriteConfig("[profile dev]\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = b\n");
  EXPECT_EQ(Chain(FromFlag("dev"))->Get()->access_key_id, "AKIDCREDS");
}

TEST_F(CredentialsChainTest, ConfigFileUsesProfilePrefixedSections) {
  WriteConfig(
      "[profile dev]\nregion = eu-west-1\naws_access_key_id = AKIDCONFIG\n"
      "aws_secret_access_key = b\naws_session_token = config-token\n"
      "[qa]\naws_access_key_id = AKIDWRONG\naws_secret_access_key = c\n");
  Result<Credentials> dev = Chain(FromFlag("dev"))->Get();
  ASSERT_TRUE(dev.ok()) << dev.status().ToString();
  EXPECT_EQ(dev->access_key_id, "AKIDCONFIG");
  EXPECT_EQ(dev->session_token, "config-token");
  EXPECT_EQ(dev->source, home_ + "/.aws/config [profile dev]");
  // In the config file "[qa]" is not profile qa (only [default] goes without "profile ").
  Result<Credentials> qa = Chain(FromFlag("qa"))->Get();
  ASSERT_FALSE(qa.ok());
  EXPECT_EQ(qa.status().kind(), ErrorKind::kNotFound);
  EXPECT_THAT(qa.status().message(), HasSubstr("profile 'qa'"));
}

TEST_F(CredentialsChainTest, SessionTokenFromTheCredentialsFile) {
  WriteCredentials(
      "[default]\naws_access_key_id = ASIATEMP\naws_secret_access_key = s\n"
      "aws_session_token = file-token\n");
  Result<Credentials> c = Chain()->Get();
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->session_token, "file-token");
}

TEST_F(CredentialsChainTest, NamedProfileMissingFromBothFilesIsItsOwnError) {
  WriteConfig("[profile prod]\nregion = us-east-1\n");
  for (const Setting& profile : {FromFlag("dev"), FromAwsProfile("dev")}) {
    Result<Credentials> c = Chain(profile)->Get();
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.status().kind(), ErrorKind::kNotFound);
    EXPECT_THAT(c.status().message(),
                AllOf(HasSubstr("profile 'dev' (from " + profile.source + ")"),
                      HasSubstr(home_ + "/.aws/config"), HasSubstr(home_ + "/.aws/credentials"),
                      Not(HasSubstr("looked in"))));
    EXPECT_THAT(c.status().hint(), HasSubstr("aws configure --profile dev"));
  }
}

TEST_F(CredentialsChainTest, HalfAPairInAFileNamesFileSectionAndKey) {
  WriteCredentials(std::string("[dev]\naws_secret_access_key = ") + kSecret + "\n");
  Result<Credentials> c = Chain(FromFlag("dev"))->Get();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().kind(), ErrorKind::kInvalidArgument);
  EXPECT_THAT(c.status().message(),
              AllOf(HasSubstr(home_ + "/.aws/credentials [dev]"), HasSubstr("aws_access_key_id")));
  EXPECT_THAT(c.status().ToString(), Not(HasSubstr(kSecret)));
}

TEST_F(CredentialsChainTest, LongTermKeysAreReadOnce) {
  WriteCredentials("[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = s\n");
  std::unique_ptr<CredentialsChain> chain = Chain();
  ASSERT_TRUE(chain->Get().ok());
  // The chain holds what it read; later edits are not seen by this process.
  WriteCredentials("[default]\naws_access_key_id = AKIDNEW\naws_secret_access_key = s\n");
  clock_.Advance(std::chrono::hours(24 * 365));
  EXPECT_EQ(chain->Get()->access_key_id, "AKIDFILE");
}

TEST_F(CredentialsChainTest, ExplicitCredentialsAreTheWholeChain) {
  env_.Set("AWS_ACCESS_KEY_ID", "AKIDENV");
  env_.Set("AWS_SECRET_ACCESS_KEY", "env-secret");
  options_.explicit_credentials = Credentials{"AKIDLOCAL", "local-secret", "", std::nullopt, ""};
  Result<Credentials> c = Chain(FromFlag("missing-profile"))->Get();
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->access_key_id, "AKIDLOCAL");
  EXPECT_EQ(c->source, "explicit keys");
  options_.explicit_credentials = Credentials{"AKIDLOCAL", "", "", std::nullopt, ""};
  EXPECT_EQ(Chain()->Get().status().kind(), ErrorKind::kInvalidArgument);
}

// credential_process

TEST_F(CredentialsChainTest, CredentialProcessLongTermRunsOnce) {
  std::string script = WriteScript("creds.sh", R"(cat <<'EOF'
{"Version": 1, "AccessKeyId": "AKIDPROC", "SecretAccessKey": "proc-secret"}
EOF
)");
  WriteConfig("[profile dev]\ncredential_process = " + script + " --profile dev\n");
  std::unique_ptr<CredentialsChain> chain = Chain(FromFlag("dev"));
  Result<Credentials> c = chain->Get();
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->access_key_id, "AKIDPROC");
  EXPECT_EQ(c->secret_access_key, "proc-secret");
  EXPECT_EQ(c->session_token, "");
  EXPECT_FALSE(c->expiration.has_value());
  EXPECT_EQ(c->source, "credential_process in " + home_ + "/.aws/config [profile dev]");
  clock_.Advance(std::chrono::hours(100));
  ASSERT_TRUE(chain->Get().ok());
  EXPECT_EQ(Runs(), 1);
}

TEST_F(CredentialsChainTest, CredentialProcessIsRerunWhenItsCredentialsNearExpiry) {
  // Each run prints a new key id (its run number) and credentials valid for one hour from the
  // fake clock's start; the chain decides on the FakeClock when to run it again.
  std::string script = WriteScript("creds.sh", R"(n=$(wc -l < ")" + home_ + R"(/runs")
cat <<EOF
{"Version": 1, "AccessKeyId": "ASIAPROC$n", "SecretAccessKey": "s", "SessionToken": "t$n",
 "Expiration": "2026-01-01T01:00:00Z"}
EOF
)");
  WriteConfig("[default]\ncredential_process = " + script + "\n");
  std::unique_ptr<CredentialsChain> chain = Chain();
  Result<Credentials> first = chain->Get();
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->access_key_id, "ASIAPROC1");
  EXPECT_EQ(first->session_token, "t1");
  EXPECT_EQ(first->expiration, At("2026-01-01T01:00:00Z"));

  clock_.Advance(std::chrono::minutes(54));  // 6 min before expiry: still fresh
  EXPECT_EQ(chain->Get()->access_key_id, "ASIAPROC1");
  EXPECT_EQ(Runs(), 1);
  clock_.Advance(std::chrono::minutes(2));  // inside the 5 min margin: run again
  EXPECT_EQ(chain->Get()->access_key_id, "ASIAPROC2");
  EXPECT_EQ(Runs(), 2);
}

TEST_F(CredentialsChainTest, CredentialProcessBadVersion) {
  std::string script = WriteScript("creds.sh", std::string(R"(cat <<'EOF'
{"Version": 2, "AccessKeyId": "AKIDPROC", "SecretAccessKey": ")") +
                                                   kSecret + R"("}
EOF
)");
  WriteConfig("[default]\ncredential_process = " + script + "\n");
  Result<Credentials> c = Chain()->Get();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().kind(), ErrorKind::kInvalidArgument);
  EXPECT_THAT(c.status().message(),
              AllOf(HasSubstr("Version 2"), HasSubstr(home_ + "/.aws/config [default]")));
  EXPECT_THAT(c.status().hint(), HasSubstr("\"Version\": 1"));
  EXPECT_THAT(c.status().ToString(), Not(HasSubstr(kSecret)));
}

TEST_F(CredentialsChainTest, CredentialProcessMalformedJson) {
  std::string script =
      WriteScript("creds.sh", std::string("echo '{\"Version\": 1, \"SecretAccessKey\": \"") +
                                  kSecret + "\"'\n");
  WriteConfig("[default]\ncredential_process = " + script + "\n");
  Result<Credentials> c = Chain()->Get();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().kind(), ErrorKind::kInvalidArgument);
  EXPECT_THAT(c.status().message(), HasSubstr("not valid JSON"));
  EXPECT_THAT(c.status().ToString(), Not(HasSubstr(kSecret)));
  EXPECT_THAT(c.status().ForUser(true), Not(HasSubstr(kSecret)));
}

TEST_F(CredentialsChainTest, CredentialProcessFailureShowsItsStderr) {
  std::string script = WriteScript(
      "creds.sh", "echo 'the SSO session has expired; run aws sso login' >&2\nexit 3\n");
  WriteConfig("[default]\ncredential_process = " + script + "\n");
  Result<Credentials> c = Chain()->Get();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().kind(), ErrorKind::kFailedPrecondition);
  EXPECT_THAT(c.status().message(),
              AllOf(HasSubstr("exit status 3"), HasSubstr("run aws sso login")));
}

TEST_F(CredentialsChainTest, CredentialProcessTimeout) {
  std::string script = WriteScript("creds.sh", "sleep 30\n");
  WriteConfig("[default]\ncredential_process = " + script + "\n");
  options_.process_timeout = std::chrono::milliseconds(200);
  Result<Credentials> c = Chain()->Get();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().kind(), ErrorKind::kDeadlineExceeded);
}

TEST_F(CredentialsChainTest, CredentialProcessCommandLineIsNeverShown) {
  // Someone put a key on the command line itself; a failure must not echo it.
  WriteConfig(std::string("[default]\ncredential_process = sh -c 'exit 1' ") + kSecret + "\n");
  Result<Credentials> c = Chain()->Get();
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(c.status().ToString(), Not(HasSubstr(kSecret)));
}

TEST_F(CredentialsChainTest, StaticKeysBeatCredentialProcessInOneProfile) {
  std::string script = WriteScript("creds.sh", "exit 1\n");
  WriteConfig("[default]\ncredential_process = " + script +
              "\naws_access_key_id = AKIDSTATIC\naws_secret_access_key = s\n");
  EXPECT_EQ(Chain()->Get()->access_key_id, "AKIDSTATIC");
  EXPECT_EQ(Runs(), 0);
}

TEST_F(CredentialsChainTest, CredentialProcessInTheCredentialsFile) {
  std::string script = WriteScript("creds.sh", R"(cat <<'EOF'
{"Version": 1, "AccessKeyId": "AKIDPROC", "SecretAccessKey": "s"}
EOF
)");
  WriteCredentials("[dev]\ncredential_process = " + script + "\n");
  Result<Credentials> c = Chain(FromFlag("dev"))->Get();
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->source, "credential_process in " + home_ + "/.aws/credentials [dev]");
}

TEST(ParseProcessCredentials, Documents) {
  Result<Credentials> full = ParseProcessCredentials(
      R"({"Version": 1, "AccessKeyId": "ASIA", "SecretAccessKey": "s", "SessionToken": "t",
          "Expiration": "2026-01-01T01:00:00Z"})");
  ASSERT_TRUE(full.ok()) << full.status().ToString();
  EXPECT_EQ(full->session_token, "t");
  EXPECT_EQ(full->expiration, At("2026-01-01T01:00:00Z"));

  for (std::string_view bad : {
           R"({"AccessKeyId": "A", "SecretAccessKey": "s"})",
           R"({"Version": "1", "AccessKeyId": "A", "SecretAccessKey": "s"})",
           R"({"Version": 1.5, "AccessKeyId": "A", "SecretAccessKey": "s"})",
           R"({"Version": 1, "SecretAccessKey": "s"})",
           R"({"Version": 1, "AccessKeyId": "A"})",
           R"({"Version": 1, "AccessKeyId": "A", "SecretAccessKey": 7})",
           R"({"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "s", "Expiration": "soon"})",
           R"([1])",
           "",
       }) {
    Result<Credentials> c = ParseProcessCredentials(bad);
    ASSERT_FALSE(c.ok()) << bad;
    EXPECT_EQ(c.status().kind(), ErrorKind::kInvalidArgument) << bad;
  }
}

// Instance role

class InstanceRoleTest : public CredentialsChainTest {
 protected:
  void Attach(std::string key_id, TimePoint expiration) {
    imds_server_.SetIamRole("spotrun-worker",
                            {std::move(key_id), "role-secret", "role-token", expiration});
  }
  int CredentialReads() const {
    int n = 0;
    for (const HttpRequest& r : imds_http_.requests()) {
      n += r.url.find("security-credentials/spotrun-worker") != std::string::npos;
    }
    return n;
  }
};

TEST_F(InstanceRoleTest, RefreshedBeforeExpiration) {
  Attach("ASIAROLE1", At("2026-01-01T06:00:00Z"));
  std::unique_ptr<CredentialsChain> chain = Chain();
  Result<Credentials> c = chain->Get();
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->access_key_id, "ASIAROLE1");
  EXPECT_EQ(c->session_token, "role-token");
  EXPECT_EQ(c->expiration, At("2026-01-01T06:00:00Z"));
  EXPECT_THAT(c->source, HasSubstr("instance role spotrun-worker"));

  // IMDS rotates the role's keys well before they expire; the chain keeps its copy until the
  // margin (5 min) and then fetches the new ones.
  Attach("ASIAROLE2", At("2026-01-01T12:00:00Z"));
  clock_.Set(At("2026-01-01T05:54:00Z"));
  EXPECT_EQ(chain->Get()->access_key_id, "ASIAROLE1");
  EXPECT_EQ(CredentialReads(), 1);
  clock_.Set(At("2026-01-01T05:56:00Z"));
  EXPECT_EQ(chain->Get()->access_key_id, "ASIAROLE2");
  EXPECT_EQ(CredentialReads(), 2);
  EXPECT_EQ(chain->Get()->access_key_id, "ASIAROLE2");
  EXPECT_EQ(CredentialReads(), 2);
}

TEST_F(InstanceRoleTest, FailedRefreshKeepsValidCredentialsUntilTheyExpire) {
  Attach("ASIAROLE1", At("2026-01-01T06:00:00Z"));
  std::unique_ptr<CredentialsChain> chain = Chain();
  ASSERT_TRUE(chain->Get().ok());
  imds_server_.RemoveMetadata("iam/security-credentials/spotrun-worker");  // IMDS hiccups
  clock_.Set(At("2026-01-01T05:58:00Z"));
  EXPECT_EQ(chain->Get()->access_key_id, "ASIAROLE1");
  int reads = CredentialReads();
  EXPECT_EQ(chain->Get()->access_key_id, "ASIAROLE1");
  EXPECT_EQ(CredentialReads(), reads) << "a failed refresh is retried at most every 10 s";
  clock_.Set(At("2026-01-01T06:00:00Z"));  // expired: no more stale keys
  Result<Credentials> expired = chain->Get();
  EXPECT_FALSE(expired.ok());
}

TEST_F(InstanceRoleTest, SkippedWhenImdsIsDisabled) {
  Attach("ASIAROLE1", At("2026-01-01T06:00:00Z"));
  ImdsClient::Options disabled;
  disabled.disabled = true;
  imds_ = std::make_unique<ImdsClient>(imds_http_, clock_, disabled);
  Result<Credentials> c = Chain()->Get();
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(c.status().message(), HasSubstr("instance role (skipped: AWS_EC2_METADATA_DISABLED"));
  EXPECT_TRUE(imds_http_.requests().empty());
}

TEST_F(InstanceRoleTest, UnreachableImdsIsAPlaceNotAnError) {
  InProcessHttpClient dead([](const HttpRequest&) -> Result<HttpResponse> {
    return Status::Unavailable("connection timed out");
  });
  imds_ = std::make_unique<ImdsClient>(dead, clock_, ImdsClient::Options());
  Result<Credentials> c = Chain()->Get();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().kind(), ErrorKind::kNotFound);
  EXPECT_THAT(c.status().message(),
              HasSubstr("instance role (IMDS at http://169.254.169.254 not reachable)"));
}

// Nothing found, and secrets

TEST_F(CredentialsChainTest, NothingFoundListsEveryPlace) {
  Result<Credentials> c = Chain()->Get();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().kind(), ErrorKind::kNotFound);
  EXPECT_EQ(c.status().message(),
            "no AWS credentials found (looked in: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, " +
                home_ + "/.aws/credentials [default], " + home_ + "/.aws/config [default], " +
                "credential_process in " + home_ + "/.aws/config [default], " +
                "instance role (no IAM role attached))");
  EXPECT_EQ(c.status().hint(),
            "run 'aws configure', or use the local cloud: 'spotrun cloud serve' prints a ready "
            "profile");
}

TEST_F(CredentialsChainTest, NothingFoundForAFlaggedProfileSaysTheEnvironmentWasSkipped) {
  WriteConfig("[profile dev]\nregion = eu-west-1\n");
  Result<Credentials> c = Chain(FromFlag("dev"))->Get();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().kind(), ErrorKind::kNotFound);
  EXPECT_THAT(c.status().message(),
              AllOf(HasSubstr("no AWS credentials found for --profile dev (looked in: " + home_ +
                              "/.aws/credentials [dev], " + home_ + "/.aws/config [profile dev]"),
                    HasSubstr("credential_process in"), HasSubstr("instance role"),
                    HasSubstr("AWS_ACCESS_KEY_ID was not read because --profile")));
  EXPECT_THAT(c.status().hint(), HasSubstr("aws configure --profile dev"));
}

TEST_F(CredentialsChainTest, NoSecretInAnyMessageOrLogLine) {
  std::vector<std::string> lines;
  SetLogSink([&](LogLevel, std::string_view line) { lines.emplace_back(line); });
  LogLevel before = GetLogLevel();
  SetLogLevel(LogLevel::kDebug);

  // A success (logged at debug) …
  env_.Set("AWS_ACCESS_KEY_ID", "AKIDENV");
  env_.Set("AWS_SECRET_ACCESS_KEY", kSecret);
  env_.Set("AWS_SESSION_TOKEN", kSecret);
  ASSERT_TRUE(Chain()->Get().ok());
  env_.Set("AWS_ACCESS_KEY_ID", "");
  // … and failures that have the secret in hand.
  std::vector<Status> failures;
  failures.push_back(Chain()->Get().status());  // half a pair in the environment
  env_.Set("AWS_SECRET_ACCESS_KEY", "");
  env_.Set("AWS_SESSION_TOKEN", "");
  WriteCredentials(std::string("[default]\naws_secret_access_key = ") + kSecret + "\n");
  failures.push_back(Chain()->Get().status());  // half a pair in a file
  WriteCredentials(std::string("[default]\naws_secret_access_key: ") + kSecret + "\n");
  failures.push_back(AwsSharedConfig::Load(env_).status());  // a malformed line
  WriteCredentials("");
  std::string script =
      WriteScript("creds.sh", std::string("echo '{\"Version\": 1, \"AccessKeyId\": \"A\", "
                                          "\"SecretAccessKey\": \"") +
                                  kSecret + "\", \"Expiration\": 5}'\n");
  WriteConfig("[default]\ncredential_process = " + script + "\n");
  failures.push_back(Chain()->Get().status());  // a wrongly typed field
  WriteConfig("[default]\ncredential_process = echo '" + std::string(kSecret) + "'\n");
  failures.push_back(Chain()->Get().status());  // not JSON at all

  SetLogSink(nullptr);
  SetLogLevel(before);
  for (const Status& s : failures) {
    ASSERT_FALSE(s.ok());
    EXPECT_THAT(s.ToString(), Not(HasSubstr(kSecret)));
    EXPECT_THAT(s.ForUser(true), Not(HasSubstr(kSecret)));
    EXPECT_THAT(s.hint(), Not(HasSubstr(kSecret)));
  }
  EXPECT_FALSE(lines.empty()) << "debug logging was on";
  for (const std::string& line : lines) EXPECT_THAT(line, Not(HasSubstr(kSecret)));
}

}  // namespace
}  // namespace spotrun
