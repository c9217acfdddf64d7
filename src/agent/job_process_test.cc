#include "agent/job_process.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>

#include <charconv>
#include <chrono>
#include <string>

#include "base/file.h"
#include "base/temp_dir.h"

namespace spotrun {
namespace {

using namespace std::chrono_literals;

// Real processes run in real time: wait for the exit through the pidfd, with a deadline.
std::optional<int> WaitForExit(JobProcess& job, std::chrono::milliseconds limit = 10s) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (auto code = job.Reap()) return code;
    pollfd fd{job.exit_fd(), POLLIN, 0};
    ::poll(&fd, job.exit_fd() >= 0 ? 1 : 0, 50);
  }
  return job.Reap();
}

// Polls for a file to appear (the job writes it), with a deadline.
bool WaitForFile(const std::string& path, std::chrono::milliseconds limit = 10s) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (ReadFile(path).ok()) return true;
    ::poll(nullptr, 0, 10);
  }
  return false;
}

int ParseInt(std::string_view text) {
  int value = 0;
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

class JobProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto dir = ScopedTempDir::Create("job-process");
    ASSERT_TRUE(dir.ok());
    dir_.emplace(std::move(*dir));
  }
  JobProcess::Options Options(std::string command) {
    return {std::move(command),
            dir_->path().string(),
            {{"GREETING", "hello"}},
            (dir_->path() / "job.log").string()};
  }
  std::string Log() { return ReadFile((dir_->path() / "job.log").string()).value_or(""); }
  std::optional<ScopedTempDir> dir_;
};

TEST_F(JobProcessTest, RunsTheShellInTheWorkdirWithTheEnvironmentAndLogsBothStreams) {
  auto job = JobProcess::Start(Options("echo $GREETING from $(pwd); echo oops >&2; exit 3"));
  ASSERT_TRUE(job.ok()) << job.status().message();
  EXPECT_EQ(WaitForExit(**job), 3);
  std::string log = Log();
  EXPECT_NE(log.find("hello from " + dir_->path().string()), std::string::npos) << log;
  EXPECT_NE(log.find("oops"), std::string::npos) << log;
}

TEST_F(JobProcessTest, LeadsItsOwnProcessGroup) {
  auto job = JobProcess::Start(
      Options("cut -d' ' -f5 /proc/$$/stat > pgid.tmp && mv pgid.tmp pgid; sleep 30"));
  ASSERT_TRUE(job.ok());
  std::string pgid_file = (dir_->path() / "pgid").string();
  ASSERT_TRUE(WaitForFile(pgid_file));
  EXPECT_EQ(ParseInt(ReadFile(pgid_file).value_or("0")), (*job)->pid());
  EXPECT_NE((*job)->pid(), ::getpgrp());
}

TEST_F(JobProcessTest, SignalReachesEveryProcessOfTheGroup) {
  // The shell and a child both trap USR1 and record it.
  auto job =
      JobProcess::Start(Options("trap 'echo parent >> got; exit 0' USR1; "
                                "sh -c 'trap \"echo child >> got; exit 0\" USR1; touch ready; "
                                "while :; do sleep 0.05; done' & wait"));
  ASSERT_TRUE(job.ok());
  ASSERT_TRUE(WaitForFile((dir_->path() / "ready").string()));
  ASSERT_TRUE((*job)->SignalGroup(SIGUSR1).ok());
  EXPECT_TRUE(WaitForExit(**job).has_value());
  // The child may still be writing as the parent exits: poll for both lines.
  std::string got;
  for (int i = 0; i < 200 && got.find("child") == std::string::npos; ++i) {
    got = ReadFile((dir_->path() / "got").string()).value_or("");
    ::poll(nullptr, 0, 10);
  }
  EXPECT_NE(got.find("parent"), std::string::npos) << got;
  EXPECT_NE(got.find("child"), std::string::npos) << got;
}

TEST_F(JobProcessTest, ExitFdBecomesReadableWhenTheShellExits) {
  auto job = JobProcess::Start(Options("exit 0"));
  ASSERT_TRUE(job.ok());
  ASSERT_GE((*job)->exit_fd(), 0);
  pollfd fd{(*job)->exit_fd(), POLLIN, 0};
  EXPECT_EQ(::poll(&fd, 1, 10000), 1);
  EXPECT_EQ((*job)->Reap(), 0);
}

TEST_F(JobProcessTest, ReportsDeathBySignalAs128PlusN) {
  auto job = JobProcess::Start(Options("touch ready; sleep 30"));
  ASSERT_TRUE(job.ok());
  ASSERT_TRUE(WaitForFile((dir_->path() / "ready").string()));
  EXPECT_FALSE((*job)->Reap().has_value());
  ASSERT_TRUE((*job)->SignalGroup(SIGTERM).ok());
  EXPECT_EQ(WaitForExit(**job), 128 + SIGTERM);
}

TEST_F(JobProcessTest, DestructorKillsAndReapsTheGroup) {
  pid_t pid = 0;
  {
    auto job =
        JobProcess::Start(Options("sleep 30 & echo $! > child.tmp; mv child.tmp child; wait"));
    ASSERT_TRUE(job.ok());
    ASSERT_TRUE(WaitForFile((dir_->path() / "child").string()));
    pid = (*job)->pid();
  }
  // Reaped: the pid is no longer our child (no zombie left).
  EXPECT_EQ(::waitpid(pid, nullptr, WNOHANG), -1);
  EXPECT_EQ(errno, ECHILD);
  // The background sleep went with the group.
  int child = ParseInt(ReadFile((dir_->path() / "child").string()).value_or("0"));
  ASSERT_GT(child, 0);
  bool gone = false;
  for (int i = 0; i < 500 && !gone; ++i) {
    gone = ::kill(child, 0) != 0;
    if (!gone) ::poll(nullptr, 0, 10);
  }
  EXPECT_TRUE(gone);
}

TEST_F(JobProcessTest, MissingWorkdirIsNotFound) {
  JobProcess::Options options = Options("true");
  options.workdir = (dir_->path() / "nope").string();
  auto job = JobProcess::Start(options);
  ASSERT_FALSE(job.ok());
  EXPECT_EQ(job.status().kind(), ErrorKind::kNotFound);
}

}  // namespace
}  // namespace spotrun
