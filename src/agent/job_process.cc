#include "agent/job_process.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>
#include <vector>

extern char** environ;

namespace spotrun {
namespace {

int ExitCodeOf(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

// The agent's environment with `overrides` set on top, as "NAME=value" strings.
std::vector<std::string> MergedEnvironment(const std::map<std::string, std::string>& overrides) {
  std::vector<std::string> merged;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view entry(*e);
    std::string_view name = entry.substr(0, entry.find('='));
    if (!overrides.contains(std::string(name))) merged.emplace_back(entry);
  }
  for (const auto& [name, value] : overrides) merged.push_back(name + "=" + value);
  return merged;
}

// posix_spawn's attributes and file actions, destroyed on every path out.
struct SpawnSetup {
  posix_spawnattr_t attr;
  posix_spawn_file_actions_t actions;
  SpawnSetup() {
    posix_spawnattr_init(&attr);
    posix_spawn_file_actions_init(&actions);
  }
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
  }
};

}  // namespace

Result<std::unique_ptr<JobProcess>> JobProcess::Start(const Options& options) {
  if (!options.workdir.empty()) {
    struct stat st {};
    if (::stat(options.workdir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
      return Status::NotFound(fmt::format("the job's workdir {} does not exist", options.workdir),
                              "the controller syncs it before starting the agent; start the "
                              "job again");
    }
  }
  SpawnSetup setup;
  // Its own process group (pgid = its pid), so one kill reaches everything the job starts.
  // Signals back to their defaults and none blocked: the agent ignores SIGPIPE, and an
  // ignored signal would stay ignored across exec.
  sigset_t defaults, empty;
  sigemptyset(&empty);
  sigemptyset(&defaults);
  for (int s : {SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGCHLD}) {
    sigaddset(&defaults, s);
  }
  posix_spawnattr_setpgroup(&setup.attr, 0);
  posix_spawnattr_setsigmask(&setup.attr, &empty);
  posix_spawnattr_setsigdefault(&setup.attr, &defaults);
  posix_spawnattr_setflags(&setup.attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  posix_spawn_file_actions_addopen(&setup.actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&setup.actions, 1, options.log_path.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0600);
  posix_spawn_file_actions_adddup2(&setup.actions, 1, 2);
  if (!options.workdir.empty()) {
    posix_spawn_file_actions_addchdir_np(&setup.actions, options.workdir.c_str());
  }

  std::vector<std::string> env = MergedEnvironment(options.env);
  std::vector<char*> envp;
  for (std::string& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::string sh = "/bin/sh", dash_c = "-c", command = options.command;
  char* argv[] = {sh.data(), dash_c.data(), command.data(), nullptr};

  pid_t pid = 0;
  int err = posix_spawn(&pid, "/bin/sh", &setup.actions, &setup.attr, argv, envp.data());
  if (err != 0) {
    return Status::Internal(fmt::format("cannot start the job's shell /bin/sh in {}, logging to "
                                        "{}: {}",
                                        options.workdir, options.log_path, std::strerror(err)),
                            "check that the workdir and the log's directory are writable");
  }
  // Through syscall(2): Debian 12's <sys/pidfd.h> (glibc 2.36) lacks extern "C". -1 on
  // kernels before 5.3: the caller polls Reap() instead.
  int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  if (pidfd >= 0) ::fcntl(pidfd, F_SETFD, FD_CLOEXEC);
  return std::unique_ptr<JobProcess>(new JobProcess(pid, pidfd));
}

JobProcess::~JobProcess() {
  ::kill(-pid_, SIGKILL);  // whatever of the group is left, the shell included
  if (!exit_code_) {
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
  }
  if (pidfd_ >= 0) ::close(pidfd_);
}

Status JobProcess::SignalGroup(int signal) {
  if (::kill(-pid_, signal) == 0 || errno == ESRCH) return Status::Ok();
  return Status::Internal(fmt::format("cannot send signal {} to the job's process group {}: {}",
                                      signal, pid_, std::strerror(errno)),
                          "the job may have changed its user; stop it by hand");
}

std::optional<int> JobProcess::Reap() {
  if (exit_code_) return exit_code_;
  int status = 0;
  pid_t r = 0;
  do {
    r = ::waitpid(pid_, &status, WNOHANG);
  } while (r < 0 && errno == EINTR);
  if (r == pid_) exit_code_ = ExitCodeOf(status);
  return exit_code_;
}

}  // namespace spotrun
