#include "localcloud/instance_init.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "localcloud/proc_table.h"

namespace spotrun {
namespace {

// What the init (or one of its children, before exec) reports when a step fails.
struct Failure {
  int step = 0;  // one of the k* below
  int error = 0;
  int program = -1;
};
constexpr int kJoinCgroup = 1, kSubreaper = 2, kFork = 3, kChdir = 4, kExec = 5;

std::string_view StepName(int step) {
  switch (step) {
    case kJoinCgroup:
      return "join its cgroup";
    case kSubreaper:
      return "become a child subreaper";
    case kFork:
      return "fork";
    case kChdir:
      return "enter the working directory of";
    case kExec:
      return "execute";
  }
  return "start";
}

// A program with everything exec needs prepared before fork.
struct Prepared {
  std::vector<std::string> env_strings;
  std::vector<char*> argv, envp;
  const char* cwd = "/";
  int out_fd = -1;
};

[[noreturn]] void Fail(int report_fd, int step, int program) {
  Failure f{step, errno, program};
  ssize_t ignored = ::write(report_fd, &f, sizeof f);
  (void)ignored;
  ::_exit(127);
}

void ResetSignals(bool ignore_termination) {
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  struct sigaction dfl;
  std::memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; ++sig) {
    if (sig != SIGKILL && sig != SIGSTOP) ::sigaction(sig, &dfl, nullptr);
  }
  if (!ignore_termination) return;
  struct sigaction ign = dfl;
  ign.sa_handler = SIG_IGN;
  for (int sig : {SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE, SIGTSTP, SIGTTIN, SIGTTOU}) {
    ::sigaction(sig, &ign, nullptr);
  }
}

// Closes every descriptor but the sorted `keep` ones (and 0, 1, 2).
void CloseAllBut(const int* keep, int count) {
  unsigned from = 3;
  for (int i = 0; i < count; ++i) {
    if (keep[i] < static_cast<int>(from)) continue;
    if (static_cast<unsigned>(keep[i]) > from) ::close_range(from, keep[i] - 1, 0);
    from = static_cast<unsigned>(keep[i]) + 1;
  }
  ::close_range(from, ~0U, 0);
}

[[noreturn]] void RunInit(const InitSpec& spec, std::vector<Prepared>& programs, int null_fd,
                          int report_fd) {
  ResetSignals(/*ignore_termination=*/true);
  ::setsid();
  if (spec.cgroup_procs_fd >= 0) {
    char digits[16];
    int n = 0;
    for (pid_t pid = ::getpid(); pid > 0; pid /= 10)
      digits[n++] = static_cast<char>('0' + pid % 10);
    char text[16];
    for (int i = 0; i < n; ++i) text[i] = digits[n - 1 - i];
    if (::write(spec.cgroup_procs_fd, text, static_cast<size_t>(n)) != n) {
      Fail(report_fd, kJoinCgroup, -1);
    }
  }
  if (::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0) Fail(report_fd, kSubreaper, -1);
  ::prctl(PR_SET_NAME, spec.name.c_str(), 0, 0, 0);

  int keep[64];
  int count = 0;
  keep[count++] = null_fd;
  keep[count++] = report_fd;
  if (spec.cgroup_procs_fd >= 0) keep[count++] = spec.cgroup_procs_fd;
  for (const Prepared& p : programs) {
    if (p.out_fd >= 0 && count < 64) keep[count++] = p.out_fd;
  }
  std::sort(keep, keep + count);
  CloseAllBut(keep, count);
  ::dup2(null_fd, STDIN_FILENO);
  ::dup2(null_fd, STDOUT_FILENO);
  ::dup2(null_fd, STDERR_FILENO);

  for (size_t i = 0; i < programs.size(); ++i) {
    Prepared& p = programs[i];
    pid_t pid = ::fork();
    if (pid < 0) Fail(report_fd, kFork, static_cast<int>(i));
    if (pid == 0) {
      ResetSignals(/*ignore_termination=*/false);
      int out = p.out_fd >= 0 ? p.out_fd : null_fd;
      ::dup2(out, STDOUT_FILENO);
      ::dup2(out, STDERR_FILENO);
      if (::chdir(p.cwd) != 0) Fail(report_fd, kChdir, static_cast<int>(i));
      ::execve(p.argv[0], p.argv.data(), p.envp.data());
      Fail(report_fd, kExec, static_cast<int>(i));
    }
  }
  ::close(report_fd);
  for (const Prepared& p : programs) {
    if (p.out_fd >= 0) ::close(p.out_fd);
  }
  while (true) {
    if (::waitpid(-1, nullptr, 0) < 0 && errno == ECHILD) ::_exit(0);
  }
}

void KillTree(pid_t init) {
  for (pid_t pid : DescendantsOf(ReadProcTable(), init)) ::kill(pid, SIGKILL);
  ::kill(init, SIGKILL);
  ::waitpid(init, nullptr, 0);
}

}  // namespace

Result<pid_t> StartInstanceInit(const InitSpec& spec) {
  std::vector<Prepared> programs(spec.programs.size());
  auto close_outputs = [&] {
    for (Prepared& p : programs) {
      if (p.out_fd >= 0) ::close(p.out_fd);
    }
  };
  for (size_t i = 0; i < spec.programs.size(); ++i) {
    const InitProgram& in = spec.programs[i];
    Prepared& p = programs[i];
    if (in.argv.empty() || in.argv[0].empty() || in.argv[0][0] != '/') {
      close_outputs();
      return Status::InvalidArgument("an instance program needs an absolute path");
    }
    for (const auto& [name, value] : in.env) p.env_strings.push_back(name + "=" + value);
    for (const std::string& a : in.argv) p.argv.push_back(const_cast<char*>(a.c_str()));
    p.argv.push_back(nullptr);
    for (std::string& e : p.env_strings) p.envp.push_back(e.data());
    p.envp.push_back(nullptr);
    p.cwd = in.cwd.c_str();
    if (!in.output_file.empty()) {
      p.out_fd = ::open(in.output_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
      if (p.out_fd < 0) {
        int e = errno;
        close_outputs();
        return Status::Internal(
            fmt::format("cannot open {} for writing: {}", in.output_file, std::strerror(e)));
      }
    }
  }
  int null_fd = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  int report[2];
  if (null_fd < 0 || ::pipe2(report, O_CLOEXEC) != 0) {
    int e = errno;
    if (null_fd >= 0) ::close(null_fd);
    close_outputs();
    return Status::Internal(fmt::format("cannot prepare the instance init: {}", std::strerror(e)));
  }

  pid_t init = ::fork();
  if (init == 0) RunInit(spec, programs, null_fd, report[1]);
  int fork_errno = errno;
  ::close(report[1]);
  ::close(null_fd);
  close_outputs();
  if (init < 0) {
    ::close(report[0]);
    return Status::Internal(
        fmt::format("cannot fork the instance init: {}", std::strerror(fork_errno)));
  }
  // EOF once the init has started every program and each has exec'd (CLOEXEC).
  Failure failure;
  ssize_t n;
  do {
    n = ::read(report[0], &failure, sizeof failure);
  } while (n < 0 && errno == EINTR);
  ::close(report[0]);
  if (n != static_cast<ssize_t>(sizeof failure)) return init;

  KillTree(init);
  std::string what = failure.program >= 0 ? spec.programs[failure.program].argv[0] : "";
  return Status::Internal(
      fmt::format("the instance init could not {}{}{}: {}", StepName(failure.step),
                  what.empty() ? "" : " ", what, std::strerror(failure.error)),
      failure.step == kJoinCgroup ? "check that the freezer cgroup is writable, or turn it off"
                                  : "check that the program exists and is executable");
}

}  // namespace spotrun
