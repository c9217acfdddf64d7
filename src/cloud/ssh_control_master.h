// SshControlMaster: one shared ssh connection to a machine for a burst of work (a job
// machine's setup: make its dirs, rsync, start the agent), so each step is a session over it
// instead of a handshake of its own. OpenSSH's ControlMaster with a short socket path in a
// private temp dir (0700): target() carries the path, and the first ssh (or rsync) of it
// becomes the master. The destructor asks the master to exit (`ssh -O exit`) and removes the
// dir, so no master is left running; a process killed before that leaves a master that exits
// by itself 10 s after its last session (ControlPersist, ssh_target.h). Owns the temp dir;
// not thread-safe.
#ifndef SPOTRUN_CLOUD_SSH_CONTROL_MASTER_H_
#define SPOTRUN_CLOUD_SSH_CONTROL_MASTER_H_

#include <memory>
#include <string>

#include "base/result.h"
#include "cloud/ssh_target.h"

namespace spotrun {

class SshControlMaster {
 public:
  // Makes the socket's dir under /tmp (a socket path must stay under ~100 bytes, so not
  // $TMPDIR). No connection is made yet.
  static Result<std::unique_ptr<SshControlMaster>> Open(const SshTarget& target);
  ~SshControlMaster();
  SshControlMaster(const SshControlMaster&) = delete;
  SshControlMaster& operator=(const SshControlMaster&) = delete;

  // The target with control_path set: use it for every ssh and rsync of the burst.
  const SshTarget& target() const { return target_; }

 private:
  SshControlMaster(SshTarget target, std::string dir);

  SshTarget target_;
  std::string dir_;
};

}  // namespace spotrun

#endif  // SPOTRUN_CLOUD_SSH_CONTROL_MASTER_H_
