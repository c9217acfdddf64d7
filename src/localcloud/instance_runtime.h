// InstanceRuntime: what the local cloud's EC2 model drives to make an instance real — boot,
// stop, terminate, hibernate and resume the sandbox of local processes behind one instance
// id. The model owns states, timing and the API; a runtime owns only processes and files.
// Implementations: ProcessRuntime (real processes, sshd) and FakeInstanceRuntime (records
// calls, for the model's unit tests). Implementations are thread-safe.
#ifndef SPOTRUN_LOCALCLOUD_INSTANCE_RUNTIME_H_
#define SPOTRUN_LOCALCLOUD_INSTANCE_RUNTIME_H_

#include <map>
#include <string>
#include <string_view>

#include "base/result.h"
#include "base/status.h"

namespace spotrun {

// What one boot of an instance needs. The root directory is not part of it: a runtime keeps
// each instance's root at a place derived from the instance id (ProcessRuntime: its state
// dir), so Stop, Terminate and Describe work from the id alone, even after a restart.
struct InstanceSpec {
  std::string instance_id;  // "i-0123456789abcdef0"; letters, digits, '-' and '_' only
  std::string address;      // the instance's own loopback address, e.g. "127.1.0.7"
  // The launch key pair's public key, one OpenSSH line ("ssh-ed25519 AAAA… name"); the only
  // key sshd accepts. Empty: nobody can log in (as on EC2 without a key pair).
  std::string authorized_key;
  // Runs once, at the first boot, when it starts with "#!"; its output is appended to
  // ROOT/var/log/cloud-init-output.log, as cloud-init does. Plain bytes (not base64).
  std::string user_data;
  // Given to every process of the instance: sshd sessions, user data. The model puts
  // AWS_EC2_METADATA_SERVICE_ENDPOINT (the instance's IMDS) here; the runtime adds its own
  // marker variable (see ProcessRuntime) on top.
  std::map<std::string, std::string> environment;
  // A directory whose files the root starts as, at the first boot only (an image's root
  // snapshot). Its per-instance state (var/lib/cloud, the host keys) is not copied, so user
  // data still runs and the instance gets its own identity. Empty: an empty root.
  std::string root_template;
};

// What the runtime knows of one instance's processes; the model maps it onto EC2 states.
enum class RuntimeState {
  kAbsent,      // no root directory, no process: never booted, or terminated
  kStopped,     // the root directory is kept; no process runs
  kRunning,     // booted; processes run (SshReady says whether sshd answers yet)
  kHibernated,  // booted, every process frozen in place (memory kept)
};

std::string_view RuntimeStateName(RuntimeState state);

struct RuntimeStatus {
  RuntimeState state = RuntimeState::kAbsent;
  std::string address;    // as booted; empty unless running or hibernated
  int ssh_port = 0;       // where the instance's sshd listens on `address`; 0 when not running
  std::string root_dir;   // the instance's root directory (it may not exist)
  int process_count = 0;  // live processes of the instance, the runtime's own included
};

class InstanceRuntime {
 public:
  virtual ~InstanceRuntime() = default;

  // Starts the instance: first boot (creates the root, runs user data) or a start after
  // Stop (the root is kept, user data does not run again). kFailedPrecondition when it is
  // already running or hibernated.
  virtual Status Boot(const InstanceSpec& spec) = 0;
  // Ends every process of the instance and keeps its root (EBS semantics). Works from any
  // state; a no-op when nothing runs.
  virtual Status Stop(std::string_view instance_id) = 0;
  // Ends every process of the instance — however it daemonised — and removes its root
  // unless `keep_root`. Works from any state, also on an instance this runtime never booted.
  virtual Status Terminate(std::string_view instance_id, bool keep_root) = 0;
  // Freezes every process in place; Resume continues them. kFailedPrecondition unless
  // running (Hibernate) or hibernated (Resume).
  virtual Status Hibernate(std::string_view instance_id) = 0;
  virtual Status Resume(std::string_view instance_id) = 0;
  virtual Result<RuntimeStatus> Describe(std::string_view instance_id) = 0;
  // True once the instance's sshd accepts a TCP connection.
  virtual bool SshReady(std::string_view instance_id) = 0;
};

}  // namespace spotrun

#endif  // SPOTRUN_LOCALCLOUD_INSTANCE_RUNTIME_H_
