#include "localcloud/process_runtime.h"

#include <fmt/format.h>
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <set>

#include "base/file.h"
#include "base/log.h"
#include "base/subprocess.h"
#include "localcloud/instance_init.h"
#include "localcloud/listen_port.h"
#include "localcloud/loopback_address_pool.h"
#include "localcloud/poll_until.h"
#include "localcloud/proc_table.h"
#include "localcloud/sshd_config.h"

namespace spotrun {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

constexpr std::string_view kPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
// cloud-init's own names, so what people know from EC2 is where they look for it.
constexpr std::string_view kUserDataSemaphore = "var/lib/cloud/instance/sem/config_scripts_user";
constexpr std::string_view kUserDataScript = "var/lib/cloud/instance/scripts/part-001";
constexpr std::string_view kUserDataCopy = "var/lib/cloud/instance/user-data.txt";
constexpr std::string_view kUserDataLog = "var/log/cloud-init-output.log";

// FNV-1a: stable across builds and runs, unlike std::hash.
std::string TagFor(std::string_view text) {
  uint64_t hash = 14695981039346656037ull;
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ull;
  }
  return fmt::format("{:012x}", hash & 0xffffffffffffull);
}

Status CheckInstanceId(std::string_view id) {
  bool ok = !id.empty() && id.size() <= 64 && id != "." && id != "..";
  for (char c : id) {
    ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_');
  }
  if (ok) return Status::Ok();
  return Status::InvalidArgument(fmt::format("invalid instance id '{}'", id),
                                 "use letters, digits, '-' and '_' only, e.g. i-0123456789abcdef0");
}

bool ValidVariableName(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name.front()))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

Status MakeDirectories(const fs::path& path, fs::perms perms = fs::perms::owner_all) {
  std::error_code ec;
  fs::create_directories(path, ec);
  if (!ec) fs::permissions(path, perms, ec);
  if (ec) {
    return Status::Internal(
        fmt::format("cannot create the directory {}: {}", path.string(), ec.message()),
        "check that the local cloud's state directory is writable");
  }
  return Status::Ok();
}

Status WriteFileWithMode(const fs::path& path, std::string_view content, fs::perms perms) {
  SPOTRUN_RETURN_IF_ERROR(WriteFileAtomic(path.string(), content, 0600));
  std::error_code ec;
  fs::permissions(path, perms, ec);
  if (ec) return Status::Internal("cannot set the mode of " + path.string() + ": " + ec.message());
  return Status::Ok();
}

void KillAll(const std::vector<pid_t>& pids, int sig) {
  for (pid_t pid : pids) ::kill(pid, sig);
}

bool AllGone(const std::vector<pid_t>& pids) {
  return std::none_of(pids.begin(), pids.end(), [](pid_t pid) { return ProcessAlive(pid); });
}

void KillAndReapInit(pid_t init) {
  if (init <= 0) return;
  ::kill(init, SIGKILL);
  while (::waitpid(init, nullptr, 0) < 0 && errno == EINTR) {
  }
}

// Copies an image's root files into a new instance's root, leaving out what belongs to the
// instance that made the image: cloud-init's record that user data ran, and the host keys.
Status CopyRootTemplate(const std::string& from, const fs::path& root) {
  std::error_code error;
  if (!fs::is_directory(from, error)) {
    return Status::NotFound("the image's root files are missing: " + from,
                            "register the image again from a snapshot that still exists");
  }
  fs::create_directories(root, error);
  for (auto it = fs::recursive_directory_iterator(from, error);
       !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    const fs::path relative = fs::relative(it->path(), from, error);
    const std::string text = relative.generic_string();
    if (text == "var/lib/cloud" || text.starts_with("etc/ssh/ssh_host_")) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    const fs::path target = root / relative;
    if (it->is_symlink()) {
      fs::copy_symlink(it->path(), target, error);
    } else if (it->is_directory()) {
      fs::create_directories(target, error);
    } else {
      fs::copy_file(it->path(), target, fs::copy_options::overwrite_existing, error);
    }
    if (error) break;
  }
  if (error) {
    return Status::Internal("copying the image's root files from " + from +
                            " failed: " + error.message());
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<ProcessRuntime>> ProcessRuntime::Create(Options options) {
  if (options.state_dir.empty()) {
    return Status::InvalidArgument("the local cloud needs a state directory");
  }
  std::error_code ec;
  fs::path state = fs::absolute(options.state_dir, ec).lexically_normal();
  std::string state_text = state.string();
  while (state_text.size() > 1 && state_text.back() == '/') state_text.pop_back();
  if (ec || !SshdPathUsable(state_text)) {
    return Status::InvalidArgument(
        fmt::format("the state directory '{}' cannot be used", options.state_dir),
        "choose a path without spaces, quotes, '%' or backslashes");
  }
  options.state_dir = state_text;
  SPOTRUN_RETURN_IF_ERROR(MakeDirectories(state));
  if (::access(options.sshd.c_str(), X_OK) != 0) {
    return Status::NotFound(fmt::format("the OpenSSH server {} is missing", options.sshd),
                            "install it: apt-get install openssh-server");
  }
  std::string keygen = FindProgram(options.ssh_keygen);
  if (keygen.empty()) {
    return Status::NotFound("ssh-keygen is missing", "install it: apt-get install openssh-client");
  }
  options.ssh_keygen = keygen;
  const passwd* pw = ::getpwuid(::geteuid());
  if (pw == nullptr) {
    return Status::NotFound(fmt::format("user id {} has no passwd entry", ::geteuid()),
                            "run the local cloud as a user listed in /etc/passwd");
  }
  std::string shell = pw->pw_shell != nullptr && *pw->pw_shell ? pw->pw_shell : "/bin/sh";
  std::string tag = TagFor(state_text);
  std::unique_ptr<ProcessRuntime> runtime(
      new ProcessRuntime(std::move(options), std::move(tag), pw->pw_name, std::move(shell)));

  if (runtime->options_.use_freezer_cgroup) {
    Result<std::string> self = FreezerCgroup::SelfDirectory(runtime->options_.freezer_mount);
    std::string base = self.ok() ? *self + "/spotrun-" + runtime->tag_ : "";
    Result<FreezerCgroup> probe =
        self.ok() ? FreezerCgroup::Open(base) : Result<FreezerCgroup>(self.status());
    if (probe.ok()) {
      runtime->tracking_ = Tracking::kFreezerCgroup;
      runtime->cgroup_base_ = base;
    } else {
      LogInfo(
          "local cloud: no usable freezer cgroup ({}); tracking instance processes by "
          "process tree and environment marker",
          probe.status().message());
    }
  }
  // sshd's privilege separation needs this directory when it runs as root.
  if (::geteuid() == 0) ::mkdir("/run/sshd", 0755);
  return runtime;
}

ProcessRuntime::ProcessRuntime(Options options, std::string tag, std::string login_user,
                               std::string login_shell)
    : options_(std::move(options)),
      tag_(std::move(tag)),
      login_user_(std::move(login_user)),
      login_shell_(std::move(login_shell)) {}

ProcessRuntime::~ProcessRuntime() {
  std::lock_guard lock(mu_);
  if (options_.stop_on_destruction) {
    std::vector<std::string> ids;
    for (const auto& [id, running] : running_) ids.push_back(id);
    for (const std::string& id : ids) {
      Status s = EndProcessesLocked(id);
      if (!s.ok()) LogWarning("local cloud: stopping {} at shutdown: {}", id, s.ToString());
    }
  }
  if (!cgroup_base_.empty()) ::rmdir(cgroup_base_.c_str());  // only when no instance is left
}

std::string ProcessRuntime::RootDir(std::string_view instance_id) const {
  return options_.state_dir + "/" + std::string(instance_id);
}

std::string ProcessRuntime::HomeDir(std::string_view instance_id) const {
  return RootDir(instance_id) + "/home/" + login_user_;
}

std::string ProcessRuntime::Marker(std::string_view instance_id) const {
  return fmt::format("{}={}/{}", kMarkerVariable, tag_, instance_id);
}

std::string ProcessRuntime::CgroupPath(std::string_view instance_id) const {
  return cgroup_base_ + "/" + std::string(instance_id);
}

Status ProcessRuntime::Boot(const InstanceSpec& spec) {
  SPOTRUN_RETURN_IF_ERROR(CheckInstanceId(spec.instance_id));
  uint32_t address = 0;
  if (!ParseIpv4(spec.address, &address) || (address >> 24) != 127) {
    return Status::InvalidArgument(
        fmt::format("instance {}: '{}' is not a loopback address", spec.instance_id, spec.address),
        "give each instance its own 127.x.y.z address (LoopbackAddressPool)");
  }
  for (const auto& [name, value] : spec.environment) {
    if (!ValidVariableName(name) || name == kMarkerVariable) {
      return Status::InvalidArgument(fmt::format(
          "instance {}: cannot set the environment variable '{}'", spec.instance_id, name));
    }
  }
  std::lock_guard lock(mu_);
  if (ReapLocked(spec.instance_id)) {
    return Status::FailedPrecondition(
        fmt::format("instance {} is already running", spec.instance_id),
        "stop it first, or resume it if it is hibernated");
  }
  // Leftovers of an earlier run of the local cloud would share the address and the cgroup.
  SPOTRUN_RETURN_IF_ERROR(EndProcessesLocked(spec.instance_id));
  Status booted = BootLocked(spec);
  if (!booted.ok()) return booted.WithContext("instance " + spec.instance_id);
  return booted;
}

Status ProcessRuntime::BootLocked(const InstanceSpec& spec) {
  const fs::path root = RootDir(spec.instance_id);
  const std::string home = HomeDir(spec.instance_id);
  if (!spec.root_template.empty() && !fs::exists(root)) {
    SPOTRUN_RETURN_IF_ERROR(CopyRootTemplate(spec.root_template, root));
  }
  for (const char* dir : {"etc/ssh", "etc/spotrun", "run", "tmp", "var/log",
                          "var/lib/cloud/instance/sem", "var/lib/cloud/instance/scripts"}) {
    SPOTRUN_RETURN_IF_ERROR(MakeDirectories(root / dir));
  }
  SPOTRUN_RETURN_IF_ERROR(MakeDirectories(home, fs::perms::owner_all));

  // The host key is made once, so a stop/start keeps the instance's identity.
  const fs::path host_key = root / "etc/ssh/ssh_host_ed25519_key";
  if (!fs::exists(host_key)) {
    SubprocessOptions keygen;
    keygen.argv = {options_.ssh_keygen,
                   "-q",
                   "-t",
                   "ed25519",
                   "-N",
                   "",
                   "-C",
                   "spotrun-" + spec.instance_id,
                   "-f",
                   host_key.string()};
    SPOTRUN_ASSIGN_OR_RETURN(SubprocessResult made, RunSubprocess(keygen));
    if (!made.success()) {
      return Status::Internal("ssh-keygen could not make the host key: " + made.stderr_text);
    }
  }
  std::string authorized = spec.authorized_key;
  if (!authorized.empty() && authorized.back() != '\n') authorized.push_back('\n');
  const fs::path authorized_keys = root / "etc/ssh/authorized_keys";
  SPOTRUN_RETURN_IF_ERROR(WriteFileWithMode(authorized_keys, authorized,
                                            fs::perms::owner_read | fs::perms::owner_write));

  std::map<std::string, std::string> instance_env = spec.environment;
  std::string marker = Marker(spec.instance_id);
  instance_env[std::string(kMarkerVariable)] = marker.substr(kMarkerVariable.size() + 1);
  const fs::path wrapper = root / "etc/spotrun/session";
  SPOTRUN_RETURN_IF_ERROR(WriteFileWithMode(wrapper, RenderSessionWrapper(home, instance_env),
                                            fs::perms::owner_all | fs::perms::group_read |
                                                fs::perms::group_exec | fs::perms::others_read |
                                                fs::perms::others_exec));

  SPOTRUN_ASSIGN_OR_RETURN(int port, PickListenPort(spec.address, options_.preferred_ssh_port));
  SshdSettings sshd;
  sshd.address = spec.address;
  sshd.port = port;
  sshd.login_user = login_user_;
  sshd.host_key_file = host_key.string();
  sshd.authorized_keys_file = authorized_keys.string();
  sshd.pid_file = (root / "run/sshd.pid").string();
  sshd.session_wrapper = wrapper.string();
  sshd.home = home;
  sshd.sftp_server = options_.sftp_server;
  const fs::path sshd_config = root / "etc/ssh/sshd_config";
  SPOTRUN_RETURN_IF_ERROR(WriteFileWithMode(sshd_config, RenderSshdConfig(sshd),
                                            fs::perms::owner_read | fs::perms::owner_write));

  std::map<std::string, std::string> env = instance_env;
  env["PATH"] = std::string(kPath);
  env["HOME"] = home;
  env["USER"] = env["LOGNAME"] = login_user_;
  env["SHELL"] = login_shell_;
  env["LANG"] = "C.UTF-8";

  InitSpec init;
  const std::string sshd_log = (root / "var/log/sshd.log").string();
  init.programs.push_back(
      {{options_.sshd, "-D", "-f", sshd_config.string(), "-E", sshd_log}, env, home, sshd_log});

  // User data runs once per instance, at its first boot (cloud-init's per-instance rule).
  const fs::path semaphore = root / kUserDataSemaphore;
  if (!fs::exists(semaphore)) {
    const fs::path log = root / kUserDataLog;
    SPOTRUN_RETURN_IF_ERROR(WriteFileWithMode(root / kUserDataCopy, spec.user_data,
                                              fs::perms::owner_read | fs::perms::owner_write));
    if (spec.user_data.starts_with("#!")) {
      const fs::path script = root / kUserDataScript;
      SPOTRUN_RETURN_IF_ERROR(WriteFileWithMode(script, spec.user_data, fs::perms::owner_all));
      init.programs.push_back({{script.string()}, env, home, log.string()});
    } else if (!spec.user_data.empty()) {
      SPOTRUN_RETURN_IF_ERROR(WriteFileAtomic(
          log.string(), "user data does not start with #!: not run (only scripts are)\n", 0600));
    }
    SPOTRUN_RETURN_IF_ERROR(WriteFileAtomic(semaphore.string(), spec.instance_id + "\n"));
  }

  Running running;
  running.spec = spec;
  running.ssh_port = port;
  int procs_fd = -1;
  if (tracking_ == Tracking::kFreezerCgroup) {
    SPOTRUN_ASSIGN_OR_RETURN(FreezerCgroup cgroup,
                             FreezerCgroup::Open(CgroupPath(spec.instance_id)));
    if (cgroup.Frozen()) SPOTRUN_RETURN_IF_ERROR(cgroup.Thaw(options_.timeout));
    SPOTRUN_ASSIGN_OR_RETURN(procs_fd, cgroup.OpenProcsForWriting());
    running.cgroup = std::move(cgroup);
  }
  init.cgroup_procs_fd = procs_fd;
  Result<pid_t> started = StartInstanceInit(init);
  if (procs_fd >= 0) ::close(procs_fd);
  if (!started.ok()) return started.status();
  running.init = *started;
  LogInfo("local cloud: booted {} on {} (ssh port {}, init pid {})", spec.instance_id, spec.address,
          port, running.init);
  running_.emplace(spec.instance_id, std::move(running));
  return Status::Ok();
}

bool ProcessRuntime::ReapLocked(std::string_view instance_id) {
  auto it = running_.find(instance_id);
  if (it == running_.end()) return false;
  int status = 0;
  pid_t r = ::waitpid(it->second.init, &status, WNOHANG);
  if (r == 0) return true;
  // The init exits once the instance has no process left (sshd died): it is not running.
  LogWarning("local cloud: every process of {} has ended; see {}/var/log/sshd.log", instance_id,
             RootDir(instance_id));
  if (it->second.cgroup) (void)it->second.cgroup->Remove(milliseconds(1000));
  running_.erase(it);
  return false;
}

std::vector<pid_t> ProcessRuntime::ProcessTree(std::string_view instance_id, pid_t init) const {
  std::vector<ProcEntry> table = ReadProcTable();
  std::set<pid_t> pids;
  if (init > 0) {
    for (pid_t pid : DescendantsOf(table, init)) pids.insert(pid);
  }
  for (pid_t pid : ProcessesWithEnvironment(table, Marker(instance_id))) pids.insert(pid);
  pids.erase(init);
  std::vector<pid_t> alive;
  for (pid_t pid : pids) {
    if (ProcessAlive(pid)) alive.push_back(pid);
  }
  return alive;
}

std::vector<pid_t> ProcessRuntime::StopProcessTree(std::string_view instance_id, pid_t init) {
  // Stop what we see, then look again: anything forked meanwhile shows up in the next scan.
  std::set<pid_t> stopped;
  for (int round = 0; round < 50; ++round) {
    std::vector<pid_t> seen = ProcessTree(instance_id, init);
    bool fresh = false;
    for (pid_t pid : seen) {
      if (stopped.insert(pid).second) {
        ::kill(pid, SIGSTOP);
        fresh = true;
      }
    }
    if (!fresh) break;
  }
  return {stopped.begin(), stopped.end()};
}

Status ProcessRuntime::EndProcessTree(std::string_view instance_id, pid_t init) {
  bool ended = PollUntil(options_.timeout, [&] {
    std::vector<pid_t> pids = StopProcessTree(instance_id, init);
    if (pids.empty()) return true;
    KillAll(pids, SIGKILL);
    // The init (a subreaper) reaps its descendants; a SIGKILLed process ends even if
    // stopped.
    PollUntil(milliseconds(1000), [&] { return AllGone(pids); });
    return false;
  });
  KillAndReapInit(init);
  if (!ended) {
    return Status::DeadlineExceeded(
        fmt::format("processes of instance {} survived SIGKILL", instance_id),
        "look for them with: grep -l " + Marker(instance_id) + " /proc/*/environ");
  }
  return Status::Ok();
}

Status ProcessRuntime::EndInCgroup(FreezerCgroup& cgroup, pid_t init) {
  auto others = [&] {
    std::vector<pid_t> pids = cgroup.Pids();
    std::erase(pids, init);
    return pids;
  };
  bool ended = PollUntil(options_.timeout, [&] {
    if (others().empty()) return true;
    // Frozen, nothing can fork between reading the list and the kill.
    (void)cgroup.Freeze(milliseconds(1000));
    std::vector<pid_t> pids = others();
    KillAll(pids, SIGKILL);
    (void)cgroup.Thaw(milliseconds(1000));
    PollUntil(milliseconds(1000), [&] { return others().empty(); });
    return false;
  });
  KillAndReapInit(init);
  if (!ended) {
    return Status::DeadlineExceeded(
        fmt::format("processes in the freezer cgroup {} survived SIGKILL", cgroup.path()),
        "look for them in " + cgroup.path() + "/cgroup.procs");
  }
  return cgroup.Remove(options_.timeout);
}

Status ProcessRuntime::EndProcessesLocked(std::string_view instance_id) {
  auto it = running_.find(instance_id);
  pid_t init = it == running_.end() ? -1 : it->second.init;
  Status status;
  if (tracking_ == Tracking::kFreezerCgroup) {
    std::optional<FreezerCgroup> cgroup;
    if (it != running_.end() && it->second.cgroup) {
      cgroup = std::move(it->second.cgroup);
    } else if (fs::exists(CgroupPath(instance_id))) {
      Result<FreezerCgroup> opened = FreezerCgroup::Open(CgroupPath(instance_id));
      if (!opened.ok()) return opened.status();
      cgroup = std::move(*opened);
    }
    if (cgroup) {
      status = EndInCgroup(*cgroup, init);
    } else {
      KillAndReapInit(init);
    }
    init = -1;  // reaped: its pid may already belong to someone else
  }
  // The environment marker also finds processes that left the cgroup or predate it.
  Status tree = EndProcessTree(instance_id, init);
  if (it != running_.end()) running_.erase(it);
  return status.ok() ? tree : status;
}

Status ProcessRuntime::Stop(std::string_view instance_id) {
  SPOTRUN_RETURN_IF_ERROR(CheckInstanceId(instance_id));
  std::lock_guard lock(mu_);
  return EndProcessesLocked(instance_id);
}

Status ProcessRuntime::Terminate(std::string_view instance_id, bool keep_root) {
  SPOTRUN_RETURN_IF_ERROR(CheckInstanceId(instance_id));
  std::lock_guard lock(mu_);
  SPOTRUN_RETURN_IF_ERROR(EndProcessesLocked(instance_id));
  if (keep_root) return Status::Ok();
  std::error_code ec;
  fs::remove_all(RootDir(instance_id), ec);
  if (ec) {
    return Status::Internal(
        fmt::format("cannot remove the root of {}: {}", instance_id, ec.message()),
        "remove " + RootDir(instance_id) + " by hand");
  }
  return Status::Ok();
}

Status ProcessRuntime::Hibernate(std::string_view instance_id) {
  std::lock_guard lock(mu_);
  if (!ReapLocked(instance_id) || running_.find(instance_id)->second.hibernated) {
    return Status::FailedPrecondition(fmt::format("instance {} is not running", instance_id));
  }
  Running& r = running_.find(instance_id)->second;
  if (r.cgroup) {
    SPOTRUN_RETURN_IF_ERROR(r.cgroup->Freeze(options_.timeout));
  } else {
    StopProcessTree(instance_id, r.init);
  }
  r.hibernated = true;
  return Status::Ok();
}

Status ProcessRuntime::Resume(std::string_view instance_id) {
  std::lock_guard lock(mu_);
  auto it = running_.find(instance_id);
  if (it == running_.end() || !it->second.hibernated) {
    return Status::FailedPrecondition(fmt::format("instance {} is not hibernated", instance_id));
  }
  Running& r = it->second;
  if (r.cgroup) {
    SPOTRUN_RETURN_IF_ERROR(r.cgroup->Thaw(options_.timeout));
  } else {
    KillAll(ProcessTree(instance_id, r.init), SIGCONT);
  }
  r.hibernated = false;
  return Status::Ok();
}

Result<RuntimeStatus> ProcessRuntime::Describe(std::string_view instance_id) {
  SPOTRUN_RETURN_IF_ERROR(CheckInstanceId(instance_id));
  std::lock_guard lock(mu_);
  RuntimeStatus status;
  status.root_dir = RootDir(instance_id);
  if (!ReapLocked(instance_id)) {
    status.state = fs::exists(status.root_dir) ? RuntimeState::kStopped : RuntimeState::kAbsent;
    return status;
  }
  const Running& r = running_.find(instance_id)->second;
  status.state = r.hibernated ? RuntimeState::kHibernated : RuntimeState::kRunning;
  status.address = r.spec.address;
  status.ssh_port = r.ssh_port;
  status.process_count = r.cgroup ? static_cast<int>(r.cgroup->Pids().size())
                                  : 1 + static_cast<int>(ProcessTree(instance_id, r.init).size());
  return status;
}

bool ProcessRuntime::SshReady(std::string_view instance_id) {
  std::lock_guard lock(mu_);
  if (!ReapLocked(instance_id)) return false;
  const Running& r = running_.find(instance_id)->second;
  return !r.hibernated && AcceptsConnections(r.spec.address, r.ssh_port, milliseconds(200));
}

}  // namespace spotrun
