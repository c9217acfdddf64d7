#include "base/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "base/log.h"

extern char** environ;

namespace spotrun {
namespace {

using SteadyClock = std::chrono::steady_clock;

struct Pipe {
  int read = -1, write = -1;
  ~Pipe() { CloseBoth(); }
  void CloseBoth() {
    if (read >= 0) ::close(read);
    if (write >= 0) ::close(write);
    read = write = -1;
  }
};

bool MakePipe(Pipe* p) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return false;
  p->read = fds[0];
  p->write = fds[1];
  return true;
}

std::vector<std::string> BuildEnv(const SubprocessOptions& o) {
  std::map<std::string, std::string> vars;
  if (!o.clear_env) {
    for (char** e = environ; e && *e; ++e) {
      std::string_view kv(*e);
      size_t eq = kv.find('=');
      if (eq == std::string_view::npos) continue;
      vars.emplace(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
    }
  }
  for (const auto& [k, v] : o.env) vars[k] = v;
  std::vector<std::string> out;
  out.reserve(vars.size());
  for (const auto& [k, v] : vars) {
    std::string kv;
    kv.reserve(k.size() + v.size() + 1);
    kv.append(k).append(1, '=').append(v);
    out.push_back(std::move(kv));
  }
  return out;
}

// Child side after fork: only async-signal-safe calls until exec.
[[noreturn]] void ExecChild(const std::vector<char*>& argv, const std::vector<char*>& envp,
                            const char* path, const char* cwd, int in_fd, int out_fd, int err_fd,
                            int report_fd) {
  ::setpgid(0, 0);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  ::signal(SIGPIPE, SIG_DFL);
  if (in_fd >= 0) ::dup2(in_fd, STDIN_FILENO);
  if (out_fd >= 0) ::dup2(out_fd, STDOUT_FILENO);
  if (err_fd >= 0) ::dup2(err_fd, STDERR_FILENO);
  if (cwd && ::chdir(cwd) != 0) {
    int e = errno;
    ssize_t ignored = ::write(report_fd, &e, sizeof e);
    (void)ignored;
    ::_exit(127);
  }
  ::execve(path, argv.data(), envp.data());
  int e = errno;
  ssize_t ignored = ::write(report_fd, &e, sizeof e);
  (void)ignored;
  ::_exit(127);
}

void KillGroup(pid_t pgid, int sig) {
  if (pgid > 0) ::kill(-pgid, sig);
}

}  // namespace

std::string FindProgram(std::string_view program) {
  auto executable = [](const std::string& p) {
    struct stat st;
    return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(p.c_str(), X_OK) == 0;
  };
  if (program.empty()) return "";
  if (program.find('/') != std::string_view::npos) {
    std::string p(program);
    return executable(p) ? p : "";
  }
  const char* path_env = std::getenv("PATH");
  std::string_view path = path_env ? path_env : "/usr/local/bin:/usr/bin:/bin";
  while (true) {
    size_t colon = path.find(':');
    std::string candidate(path.substr(0, colon));
    if (candidate.empty()) candidate.push_back('.');
    candidate.push_back('/');
    candidate.append(program);
    if (executable(candidate)) return candidate;
    if (colon == std::string_view::npos) break;
    path.remove_prefix(colon + 1);
  }
  return "";
}

Result<SubprocessResult> RunSubprocess(const SubprocessOptions& o) {
  if (o.argv.empty()) return Status::InvalidArgument("RunSubprocess: empty argv");
  std::string path = FindProgram(o.argv[0]);
  if (path.empty()) {
    return Status::NotFound("program '" + o.argv[0] + "' not found in PATH",
                            "install it (see scripts/install-deps) or check PATH");
  }
  std::vector<std::string> env_strings = BuildEnv(o);
  std::vector<char*> argv, envp;
  for (const auto& a : o.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);

  Pipe in, out, err, report;
  if ((o.stdin_data && !MakePipe(&in)) || (o.stdout_mode == Stdio::kCapture && !MakePipe(&out)) ||
      (o.stderr_mode == Stdio::kCapture && !MakePipe(&err)) || !MakePipe(&report)) {
    return Status::Internal(std::string("pipe: ") + std::strerror(errno));
  }
  int null_fd = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  int in_fd = o.stdin_data ? in.read : null_fd;
  int out_fd = o.stdout_mode == Stdio::kCapture ? out.write
               : o.stdout_mode == Stdio::kNull  ? null_fd
                                                : -1;
  int err_fd = o.stderr_mode == Stdio::kCapture ? err.write
               : o.stderr_mode == Stdio::kNull  ? null_fd
                                                : -1;
  const char* cwd = o.cwd.empty() ? nullptr : o.cwd.c_str();

  pid_t pid = ::fork();
  if (pid < 0) {
    if (null_fd >= 0) ::close(null_fd);
    return Status::Internal(std::string("fork: ") + std::strerror(errno));
  }
  if (pid == 0) ExecChild(argv, envp, path.c_str(), cwd, in_fd, out_fd, err_fd, report.write);
  ::setpgid(pid, pid);  // also in the parent, so the group exists before we may signal it
  if (null_fd >= 0) ::close(null_fd);
  ::close(report.write);
  report.write = -1;
  if (in.read >= 0) ::close(in.read), in.read = -1;
  if (out.write >= 0) ::close(out.write), out.write = -1;
  if (err.write >= 0) ::close(err.write), err.write = -1;

  int exec_errno = 0;
  ssize_t n = ::read(report.read, &exec_errno, sizeof exec_errno);
  if (n == static_cast<ssize_t>(sizeof exec_errno)) {
    int status;
    ::waitpid(pid, &status, 0);
    return Status::Internal(
        fmt::format("cannot start {}: {}", o.argv[0], std::strerror(exec_errno)),
        o.cwd.empty() ? "" : "check that directory " + o.cwd + " exists");
  }

  SubprocessResult result;
  const std::string& stdin_text = o.stdin_data ? *o.stdin_data : std::string();
  size_t stdin_off = 0;
  if (in.write >= 0) {
    ::fcntl(in.write, F_SETFL, O_NONBLOCK);
    if (stdin_text.empty()) ::close(in.write), in.write = -1;
  }
  auto start = SteadyClock::now();
  std::optional<SteadyClock::time_point> term_sent, exited_at;
  bool reaped = false;
  int wait_status = 0;
  char buf[65536];

  while (true) {
    if (!reaped) {
      pid_t r = ::waitpid(pid, &wait_status, WNOHANG);
      if (r == pid) {
        reaped = true;
        exited_at = SteadyClock::now();
        if (o.kill_group_on_exit) KillGroup(pid, SIGKILL);
      }
    }
    bool pipes_open = out.read >= 0 || err.read >= 0;
    if (reaped && !pipes_open) break;
    auto now = SteadyClock::now();
    if (reaped && now - *exited_at > std::chrono::milliseconds(200)) break;  // held by others
    if (!reaped && o.timeout.count() > 0 && now - start >= o.timeout) {
      if (!term_sent) {
        result.timed_out = true;
        KillGroup(pid, SIGTERM);
        term_sent = now;
      } else if (now - *term_sent >= o.kill_grace) {
        KillGroup(pid, SIGKILL);
      }
    }
    pollfd fds[3];
    int nfds = 0;
    if (out.read >= 0) fds[nfds++] = {out.read, POLLIN, 0};
    if (err.read >= 0) fds[nfds++] = {err.read, POLLIN, 0};
    if (in.write >= 0) fds[nfds++] = {in.write, POLLOUT, 0};
    int wait_ms = reaped ? 20 : 10;
    if (nfds == 0) {
      ::usleep(wait_ms * 1000);
      continue;
    }
    if (::poll(fds, nfds, wait_ms) < 0 && errno != EINTR) break;
    for (int i = 0; i < nfds; ++i) {
      if (fds[i].revents == 0) continue;
      if (fds[i].fd == in.write) {
        ssize_t w = ::write(in.write, stdin_text.data() + stdin_off, stdin_text.size() - stdin_off);
        if (w > 0) stdin_off += static_cast<size_t>(w);
        if (w < 0 && errno != EAGAIN) stdin_off = stdin_text.size();
        if (stdin_off >= stdin_text.size()) ::close(in.write), in.write = -1;
        continue;
      }
      Pipe& p = fds[i].fd == out.read ? out : err;
      std::string& sink = fds[i].fd == out.read ? result.stdout_text : result.stderr_text;
      ssize_t r = ::read(p.read, buf, sizeof buf);
      if (r > 0) {
        sink.append(buf, static_cast<size_t>(r));
      } else if (r == 0 || (errno != EINTR && errno != EAGAIN)) {
        ::close(p.read);
        p.read = -1;
      }
    }
  }
  if (!reaped) ::waitpid(pid, &wait_status, 0);
  if (WIFEXITED(wait_status)) {
    result.exit_code = WEXITSTATUS(wait_status);
  } else if (WIFSIGNALED(wait_status)) {
    result.term_signal = WTERMSIG(wait_status);
    result.exit_code = 128 + result.term_signal;
  }
  LogDebug("ran {} → exit {}{}", o.argv[0], result.exit_code,
           result.timed_out ? " (timed out)" : "");
  return result;
}

}  // namespace spotrun
