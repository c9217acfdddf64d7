// Jupyter's scripts and the reading of `jupyter server list --json`: servers, the
// not-installed marker, noise around them, a choice by port and the local URL.
#include "cloud/jupyter_server.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/subprocess.h"

namespace spotrun {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

constexpr std::string_view kTwoServers =
    "Welcome to Ubuntu\n"
    R"({"base_url": "/", "hostname": "127.0.0.1", "password": false, "pid": 4242, "port": 8888, )"
    R"("root_dir": "/home/ubuntu", "secure": false, "sock": "", "token": "abc", )"
    R"("url": "http://127.0.0.1:8888/", "version": "2.14.0"})"
    "\n"
    R"({"base_url": "/nb/", "pid": 4343, "port": 8890, "token": ""})"
    "\r\n";

TEST(JupyterServerTest, ReadsTheServerList) {
  Result<JupyterStatus> status = ParseJupyterStatus(kTwoServers);
  ASSERT_TRUE(status.ok()) << status.status().ToString();
  EXPECT_TRUE(status->installed);
  ASSERT_THAT(status->servers, SizeIs(2));
  EXPECT_EQ(status->servers[0].port, 8888);
  EXPECT_EQ(status->servers[0].token, "abc");
  EXPECT_EQ(status->servers[0].pid, 4242);
  EXPECT_EQ(status->servers[1].base_url, "/nb/");

  EXPECT_EQ(ChooseJupyterServer(*status, 0)->port, 8888);
  EXPECT_EQ(ChooseJupyterServer(*status, 8890)->port, 8890);
  EXPECT_EQ(ChooseJupyterServer(*status, 9999), nullptr);

  EXPECT_EQ(JupyterLocalUrl(18888, status->servers[0]), "http://127.0.0.1:18888/lab?token=abc");
  EXPECT_EQ(JupyterLocalUrl(8890, status->servers[1]), "http://127.0.0.1:8890/nb/lab");
}

TEST(JupyterServerTest, NoServersAndNotInstalled) {
  Result<JupyterStatus> none = ParseJupyterStatus("");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->installed);
  EXPECT_THAT(none->servers, IsEmpty());

  Result<JupyterStatus> missing = ParseJupyterStatus("spotrun:jupyter-not-installed\n");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->installed);
}

TEST(JupyterServerTest, BrokenJsonIsAnErrorWithAHint) {
  Result<JupyterStatus> broken = ParseJupyterStatus("{\"port\": \n");
  ASSERT_FALSE(broken.ok());
  EXPECT_THAT(broken.status().message(), HasSubstr("jupyter server list --json"));
  EXPECT_FALSE(ParseJupyterStatus("{\"token\": \"x\"}\n").ok());  // no port
}

// The scripts are real sh: the list script finds no jupyter in an empty PATH.
TEST(JupyterServerTest, ListScriptReportsMissingJupyter) {
  SubprocessOptions options;
  options.argv = {"/bin/sh", "-c", JupyterListScript()};
  options.env = {{"PATH", "/nonexistent"}, {"HOME", "/nonexistent"}};
  options.clear_env = true;
  Result<SubprocessResult> run = RunSubprocess(options);
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->exit_code, 0);
  Result<JupyterStatus> status = ParseJupyterStatus(run->stdout_text);
  ASSERT_TRUE(status.ok());
  EXPECT_FALSE(status->installed);
}

TEST(JupyterServerTest, StartScriptRunsJupyterLabDetachedWithTheToken) {
  std::string script = JupyterStartScript(8888, "t0k3n");
  EXPECT_THAT(script, HasSubstr("JUPYTER_TOKEN=t0k3n nohup jupyter lab --no-browser "
                                "--ip=127.0.0.1 --port=8888 >.spotrun-jupyter.log 2>&1 "
                                "</dev/null &"));
  EXPECT_THAT(script, HasSubstr("$HOME/.local/bin"));
  // Nothing but jupyter itself is in the background, so ssh returns at once.
  EXPECT_THAT(script, HasSubstr("cd || exit 1; JUPYTER_TOKEN="));
}

}  // namespace
}  // namespace spotrun
