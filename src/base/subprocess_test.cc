#include "base/subprocess.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <charconv>
#include <chrono>
#include <thread>

#include "base/file.h"
#include "base/temp_dir.h"

namespace spotrun {
namespace {

TEST(SubprocessTest, CapturesOutputAndExitCode) {
  SubprocessOptions o;
  o.argv = {"sh", "-c", "echo out; echo err >&2; exit 3"};
  auto r = RunSubprocess(o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->exit_code, 3);
  EXPECT_EQ(r->stdout_text, "out\n");
  EXPECT_EQ(r->stderr_text, "err\n");
  EXPECT_FALSE(r->success());
}

TEST(SubprocessTest, EnvCwdAndStdin) {
  auto dir = ScopedTempDir::Create();
  ASSERT_TRUE(dir.ok());
  SubprocessOptions o;
  o.argv = {"sh", "-c", "echo \"$GREETING\"; pwd; cat"};
  o.env = {{"GREETING", "hello"}};
  o.cwd = dir->path().string();
  o.stdin_data = std::string(200000, 'x');  // larger than a pipe buffer
  auto r = RunSubprocess(o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->exit_code, 0);
  std::string expected = "hello\n" + std::filesystem::canonical(dir->path()).string() + "\n" +
                         std::string(200000, 'x');
  EXPECT_EQ(r->stdout_text, expected);
}

TEST(SubprocessTest, ClearEnvKeepsOnlyGiven) {
  SubprocessOptions o;
  o.argv = {"/usr/bin/env"};
  o.clear_env = true;
  o.env = {{"ONLY", "1"}};
  auto r = RunSubprocess(o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->stdout_text, "ONLY=1\n");
}

TEST(SubprocessTest, MissingProgramIsNotFound) {
  SubprocessOptions o;
  o.argv = {"spotrun-no-such-program"};
  auto r = RunSubprocess(o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().kind(), ErrorKind::kNotFound);
}

pid_t ParsePid(const std::string& text) {
  pid_t pid = 0;
  std::from_chars(text.data(), text.data() + text.size(), pid);
  return pid;
}

// Alive and not a zombie waiting for its (re)parent to reap it.
bool ProcessAlive(pid_t pid) {
  if (::kill(pid, 0) != 0) return false;
  auto stat = ReadFile("/proc/" + std::to_string(pid) + "/stat");
  if (!stat.ok()) return false;
  size_t paren = stat->rfind(')');
  return paren == std::string::npos || paren + 2 >= stat->size() || (*stat)[paren + 2] != 'Z';
}

// Waits (bounded, polling) for a process to disappear; real processes need real time.
bool WaitGone(pid_t pid) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::chrono::steady_clock::now() < deadline) {
    if (!ProcessAlive(pid)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

TEST(SubprocessTest, TimeoutKillsTheWholeGroup) {
  auto dir = ScopedTempDir::Create();
  ASSERT_TRUE(dir.ok());
  std::string pidfile = (dir->path() / "pid").string();
  SubprocessOptions o;
  // A grandchild that ignores SIGTERM, and a parent that hangs.
  o.argv = {
      "sh", "-c",
      "sh -c 'trap \"\" TERM; echo $$ > " + pidfile + "; while :; do sleep 0.05; done' & wait"};
  o.timeout = std::chrono::milliseconds(300);
  o.kill_grace = std::chrono::milliseconds(100);
  auto r = RunSubprocess(o);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->timed_out);
  EXPECT_FALSE(r->success());
  auto pid_text = ReadFile(pidfile);
  ASSERT_TRUE(pid_text.ok());
  pid_t grandchild = ParsePid(*pid_text);
  EXPECT_TRUE(WaitGone(grandchild));
}

TEST(SubprocessTest, DaemonisedChildIsKilledWhenParentExits) {
  auto dir = ScopedTempDir::Create();
  ASSERT_TRUE(dir.ok());
  std::string pidfile = (dir->path() / "pid").string();
  SubprocessOptions o;
  // The parent exits only once the daemon has recorded its pid.
  o.argv = {"sh", "-c",
            "nohup sh -c 'echo $$ > " + pidfile + ".tmp; mv " + pidfile + ".tmp " + pidfile +
                "; sleep 30' >/dev/null 2>&1 & while [ ! -s " + pidfile +
                " ]; do sleep 0.01; done"};
  auto r = RunSubprocess(o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->exit_code, 0);
  auto pid_text = ReadFile(pidfile);
  ASSERT_TRUE(pid_text.ok());
  EXPECT_TRUE(WaitGone(ParsePid(*pid_text)));
}

TEST(SubprocessTest, FindProgram) {
  EXPECT_FALSE(FindProgram("sh").empty());
  EXPECT_TRUE(FindProgram("spotrun-no-such-program").empty());
  EXPECT_EQ(FindProgram("/bin/sh"), "/bin/sh");
}

}  // namespace
}  // namespace spotrun
