// ProcessRuntime: the real InstanceRuntime. Each instance is a sandbox of local processes
// with its own root directory (STATE_DIR/INSTANCE_ID), its own loopback address and its own
// sshd, so ssh, scp, rsync and ssh -L tunnels work as against a machine. All of an
// instance's processes descend from one small init process (instance_init.h) and, where the
// machine allows it, sit in one freezer cgroup (freezer_cgroup.h); see
// doc/localcloud-runtime.md. The runtime owns the inits it started and, by default, stops
// every running instance when destroyed. Thread-safe: one mutex serialises every call.
#ifndef SPOTRUN_LOCALCLOUD_PROCESS_RUNTIME_H_
#define SPOTRUN_LOCALCLOUD_PROCESS_RUNTIME_H_

#include <sys/types.h>

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "localcloud/freezer_cgroup.h"
#include "localcloud/instance_runtime.h"

namespace spotrun {

class ProcessRuntime final : public InstanceRuntime {
 public:
  // How the runtime finds every process of an instance.
  enum class Tracking {
    // A cgroup v1 freezer cgroup per instance: exact membership, atomic freeze (Hibernate),
    // race-free kill (freeze, SIGKILL, thaw). Needs a writable freezer hierarchy (root).
    kFreezerCgroup,
    // Portable: the process tree below the instance's init (a child subreaper, so orphans
    // stay in the tree), plus every process whose environment carries the instance's
    // marker variable; SIGSTOP/SIGCONT for Hibernate, repeated scans against fork races.
    kProcessTree,
  };

  // Every process of an instance has this variable set to "TAG/INSTANCE_ID", where TAG is
  // derived from the state directory (two runtimes never claim each other's processes).
  static constexpr std::string_view kMarkerVariable = "SPOTRUN_LOCALCLOUD_INSTANCE";

  struct Options {
    // Required. Instance roots live at STATE_DIR/INSTANCE_ID. Created (0700) when missing.
    // Must not hold whitespace, quotes, '%' or '\' (sshd_config cannot carry them).
    std::string state_dir;
    // Use a freezer cgroup per instance when the machine allows it. Default true; false
    // forces kProcessTree (tests cover both).
    bool use_freezer_cgroup = true;
    // Where the cgroup v1 freezer hierarchy is mounted. Default /sys/fs/cgroup/freezer.
    std::string freezer_mount = std::string(FreezerCgroup::kDefaultMount);
    // The OpenSSH server. Default Debian's /usr/sbin/sshd (package openssh-server).
    std::string sshd = "/usr/sbin/sshd";
    // Generates each instance's host key. Default "ssh-keygen", looked up in PATH.
    std::string ssh_keygen = "ssh-keygen";
    // The SFTP server sshd runs for scp and sftp. Default Debian's path.
    std::string sftp_server = "/usr/lib/openssh/sftp-server";
    // sshd listens on this port of the instance's address when it can (root, port free),
    // else on a free port the kernel picks; RuntimeStatus::ssh_port says which. Default 22.
    int preferred_ssh_port = 22;
    // How long Stop/Terminate/Hibernate keep trying before they give up. Default 10 s.
    std::chrono::milliseconds timeout{10000};
    // Stop every running instance in the destructor. Default true: nothing is left running
    // unnoticed when the local cloud shuts down.
    bool stop_on_destruction = true;
  };

  static Result<std::unique_ptr<ProcessRuntime>> Create(Options options);
  ~ProcessRuntime() override;
  ProcessRuntime(const ProcessRuntime&) = delete;
  ProcessRuntime& operator=(const ProcessRuntime&) = delete;

  Status Boot(const InstanceSpec& spec) override;
  Status Stop(std::string_view instance_id) override;
  Status Terminate(std::string_view instance_id, bool keep_root) override;
  Status Hibernate(std::string_view instance_id) override;
  Status Resume(std::string_view instance_id) override;
  Result<RuntimeStatus> Describe(std::string_view instance_id) override;
  bool SshReady(std::string_view instance_id) override;

  Tracking tracking() const { return tracking_; }
  // The account clients log in as: the user running this process (e.g. "root").
  const std::string& login_user() const { return login_user_; }
  std::string RootDir(std::string_view instance_id) const;
  // The instance's home, ROOT/home/LOGIN_USER: HOME and the working directory of every
  // ssh session and of user data.
  std::string HomeDir(std::string_view instance_id) const;
  // "SPOTRUN_LOCALCLOUD_INSTANCE=TAG/INSTANCE_ID".
  std::string Marker(std::string_view instance_id) const;

 private:
  struct Running {
    InstanceSpec spec;
    pid_t init = -1;
    int ssh_port = 0;
    std::optional<FreezerCgroup> cgroup;
    bool hibernated = false;
  };

  ProcessRuntime(Options options, std::string tag, std::string login_user, std::string login_shell);
  Status BootLocked(const InstanceSpec& spec);
  // Ends every process of the instance (running or left over) and forgets it.
  Status EndProcessesLocked(std::string_view instance_id);
  Status EndInCgroup(FreezerCgroup& cgroup, pid_t init);
  Status EndProcessTree(std::string_view instance_id, pid_t init);
  // Stops (SIGSTOP) every process of the tree but the init, rescanning against forks.
  std::vector<pid_t> StopProcessTree(std::string_view instance_id, pid_t init);
  std::vector<pid_t> ProcessTree(std::string_view instance_id, pid_t init) const;
  std::string CgroupPath(std::string_view instance_id) const;
  // Forgets a running instance whose init has exited; true when it is still running.
  bool ReapLocked(std::string_view instance_id);

  const Options options_;
  const std::string tag_;
  const std::string login_user_;
  const std::string login_shell_;
  Tracking tracking_ = Tracking::kProcessTree;
  std::string cgroup_base_;  // kFreezerCgroup only: FREEZER/…/spotrun-TAG
  std::mutex mu_;
  std::map<std::string, Running, std::less<>> running_;
};

}  // namespace spotrun

#endif  // SPOTRUN_LOCALCLOUD_PROCESS_RUNTIME_H_
