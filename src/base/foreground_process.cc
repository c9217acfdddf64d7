#include "base/foreground_process.h"

#include <fmt/format.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "base/subprocess.h"

namespace spotrun {
namespace {

std::vector<char*> ArgvOf(const std::vector<std::string>& argv) {
  std::vector<char*> out;
  out.reserve(argv.size() + 1);
  for (const std::string& a : argv) out.push_back(const_cast<char*>(a.c_str()));
  out.push_back(nullptr);
  return out;
}

Status NotFound(const std::string& program) {
  return Status::NotFound(
      fmt::format("program '{}' not found in PATH", program),
      fmt::format("install {} (see scripts/install-deps) or check PATH", program));
}

// Ignores SIGINT and SIGQUIT while alive; restores the previous handlers after.
class IgnoreInterrupts {
 public:
  IgnoreInterrupts() {
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    ::sigaction(SIGINT, &ignore, &old_int_);
    ::sigaction(SIGQUIT, &ignore, &old_quit_);
  }
  ~IgnoreInterrupts() {
    ::sigaction(SIGINT, &old_int_, nullptr);
    ::sigaction(SIGQUIT, &old_quit_, nullptr);
  }
  const struct sigaction& old_int() const { return old_int_; }
  const struct sigaction& old_quit() const { return old_quit_; }

 private:
  struct sigaction old_int_ {
  }, old_quit_{};
};

}  // namespace

Result<int> RunInForeground(const std::vector<std::string>& argv) {
  if (argv.empty()) return Status::InvalidArgument("RunInForeground: empty argv");
  std::string path = FindProgram(argv[0]);
  if (path.empty()) return NotFound(argv[0]);
  std::vector<char*> args = ArgvOf(argv);
  std::fflush(nullptr);
  IgnoreInterrupts ignoring;
  pid_t pid = ::fork();
  if (pid < 0) return Status::Internal(fmt::format("fork: {}", std::strerror(errno)));
  if (pid == 0) {
    // The child gets the handlers spotrun had (normally the defaults) and a clean mask.
    ::sigaction(SIGINT, &ignoring.old_int(), nullptr);
    ::sigaction(SIGQUIT, &ignoring.old_quit(), nullptr);
    ::signal(SIGPIPE, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::execv(path.c_str(), args.data());
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return Status::Internal(fmt::format("waitpid: {}", std::strerror(errno)));
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 1;
}

Status ReplaceProcess(const std::vector<std::string>& argv) {
  if (argv.empty()) return Status::InvalidArgument("ReplaceProcess: empty argv");
  std::string path = FindProgram(argv[0]);
  if (path.empty()) return NotFound(argv[0]);
  std::vector<char*> args = ArgvOf(argv);
  std::fflush(nullptr);
  ::signal(SIGPIPE, SIG_DFL);  // main ignores it; the program gets the default back
  ::execv(path.c_str(), args.data());
  return Status::Internal(fmt::format("cannot run {}: {}", path, std::strerror(errno)));
}

}  // namespace spotrun
