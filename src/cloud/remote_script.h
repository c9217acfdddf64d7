// Running a shell script on a machine: `ssh … USER@ADDRESS sh -s` with the script on stdin,
// using spotrun's ssh conventions (its key only, its own known_hosts with accept-new, no
// prompts). Retries while sshd is not answering yet (ssh's exit 255) until a deadline on the
// injected Clock. The non-interactive sibling of `spotrun exec` (same SshTarget), for commands
// that do work on the machine (volume attach/detach). Stateless; borrows the Clock.
#ifndef SPOTRUN_CLOUD_REMOTE_SCRIPT_H_
#define SPOTRUN_CLOUD_REMOTE_SCRIPT_H_

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "base/subprocess.h"
#include "cloud/ssh_target.h"

namespace spotrun {

// The ssh command line that runs `sh -s` on the target: no tty, no prompts, ssh's own
// chatter kept out of the script's stderr.
std::vector<std::string> RemoteShellArgv(const SshTarget& target);

struct RemoteScriptOptions {
  Duration connect_deadline = std::chrono::seconds(60);  // keep retrying exit 255 this long
  Duration retry_delay = std::chrono::seconds(1);
  std::chrono::milliseconds timeout{std::chrono::minutes(10)};  // per attempt
};

// Runs `script` there; the result carries its exit code and output. kUnavailable when ssh
// could not connect before the deadline (with ssh's last complaint and a hint).
Result<SubprocessResult> RunRemoteScript(const SshTarget& target, std::string_view script,
                                         Clock& clock, const RemoteScriptOptions& options = {});

}  // namespace spotrun

#endif  // SPOTRUN_CLOUD_REMOTE_SCRIPT_H_
