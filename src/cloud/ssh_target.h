// SshTarget: how to reach one machine with the system ssh — user, address, port, key and
// spotrun's own known-hosts file — and the ssh and rsync command lines built from it, so
// `spotrun ssh`, `exec`, `sync` and `jupyter` log in the same way and ~/.ssh/config still
// applies. Host keys are remembered under the instance id (HostKeyAlias), so an address
// reused by a later machine never trips "REMOTE HOST IDENTIFICATION HAS CHANGED".
// Value types and pure functions, except CheckSshReachable (one TCP connect).
#ifndef SPOTRUN_CLOUD_SSH_TARGET_H_
#define SPOTRUN_CLOUD_SSH_TARGET_H_

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "cloud/machine.h"

namespace spotrun {

struct SshTarget {
  std::string machine{};      // the machine's label (name, else id), for messages
  std::string instance_id{};  // the host key alias
  std::string user{};
  std::string address{};
  int port = 22;
  std::string identity_file{};
  std::string known_hosts_file{};
  // Non-empty: share one connection through this ControlPath (ssh_control_master.h); every
  // ssh of this target (rsync's too) is then a session over it, without a handshake of its own.
  std::string control_path{};

  // "USER@ADDRESS".
  std::string Destination() const;
  // ssh's options, without the destination: -i KEY -o IdentitiesOnly=yes
  // -o UserKnownHostsFile=FILE -o StrictHostKeyChecking=accept-new -o HostKeyAlias=ID -p PORT,
  // and with a control_path: -o ControlMaster=auto -o ControlPath=PATH -o ControlPersist=10
  // (a master left by a killed process leaves on its own 10 s after its last session).
  std::vector<std::string> Options() const;
};

// How spotrun logs in: settings ssh_user, the resolved SshIdentity's private key, and the
// known-hosts file (~/.config/spotrun/known_hosts).
struct SshLogin {
  std::string user{};
  std::string identity_file{};
  std::string known_hosts_file{};
};

// The target for a running machine: its address, and port 22 unless the local cloud's
// localcloud:ssh-port tag says otherwise. kFailedPrecondition when the machine is not
// running (with the command that helps: `spotrun start NAME`, or wait) or has no address.
Result<SshTarget> SshTargetFor(const Machine& machine, const SshLogin& login);

// Whether sshd answers at the target within `timeout`: kUnavailable "ssh is not ready yet"
// when the connection is refused, or a hint about the security group when nothing answers.
Status CheckSshReachable(const SshTarget& target, std::chrono::milliseconds timeout);

// argv for the system ssh: ssh OPTIONS EXTRA -- DESTINATION [REMOTE_COMMAND].
std::vector<std::string> SshCommand(const SshTarget& target,
                                    const std::vector<std::string>& extra_options,
                                    std::string_view remote_command = {});

// The command line ssh sends for `argv`: a single argument is a shell command as written
// (`exec NAME -- 'ls | wc -l'`); several are quoted one by one so the remote side gets the
// same argv (`exec NAME -- sh -c 'exit 3'`).
std::string RemoteCommandLine(const std::vector<std::string>& argv);

// `word` as a POSIX shell reads it back: as is when it is safe, else in single quotes.
// (localcloud/sshd_config.h has an always-quoting ShellQuote of its own.)
std::string ShellWord(std::string_view word);

// rsync's -e value, "ssh OPTIONS", quoted the way rsync splits it (spaces separate words;
// single or double quotes keep spaces; no backslashes). kInvalidArgument for a path that
// holds both kinds of quote.
Result<std::string> RsyncRemoteShell(const SshTarget& target);

// ssh's -L argument from spotrun's: "PORT" forwards local PORT to the machine's
// localhost:PORT, "PORT:HOSTPORT" to localhost:HOSTPORT; "PORT:HOST:HOSTPORT" (and
// "BIND:PORT:HOST:HOSTPORT") pass through. Ports must be 1–65535.
Result<std::string> LocalForwardSpec(std::string_view spec);

}  // namespace spotrun

#endif  // SPOTRUN_CLOUD_SSH_TARGET_H_
