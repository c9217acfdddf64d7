// Whether a machine's sshd answers yet: a TCP connection to its address on its ssh port (22,
// or the local cloud's localcloud:ssh-port tag) that shows an SSH banner. Real sockets with
// short timeouts; no retries (callers poll). Stateless and thread-safe.
#ifndef SPOTRUN_CLOUD_SSH_READINESS_H_
#define SPOTRUN_CLOUD_SSH_READINESS_H_

#include <chrono>
#include <string>
#include <string_view>

#include "aws/ec2_types.h"

namespace spotrun {

// 22, or the port in the instance's localcloud:ssh-port tag.
int SshPortOf(const Instance& instance);

// Connects to address:port and reads the server's identification line; true when it starts
// with "SSH-" within `timeout` (for connecting and for reading each).
bool SshBannerAt(const std::string& address, int port, std::chrono::milliseconds timeout);

// SshBannerAt the instance's public (else private) address and SshPortOf.
bool SshReady(const Instance& instance, std::chrono::milliseconds timeout);

}  // namespace spotrun

#endif  // SPOTRUN_CLOUD_SSH_READINESS_H_
