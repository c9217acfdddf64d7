// Running a shell script on a machine: `ssh … USER@ADDRESS sh -s` with the script on stdin,
// using spotrun's ssh conventions (its key only, its own known_hosts with accept-new, no
// prompts). Retries while sshd is not answering yet (ssh's exit 255) until a deadline on the
// injected Clock. A small, non-interactive sibling of `spotrun ssh`, for commands that do
// work on the machine (volume attach/detach). Stateless; borrows the Clock.
#ifndef SPOTRUN_CLOUD_REMOTE_SCRIPT_H_
#define SPOTRUN_CLOUD_REMOTE_SCRIPT_H_

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "base/subprocess.h"
#include "cloud/machine.h"

namespace spotrun {

struct RemoteLogin {
  std::string user{};
  std::string address{};
  int port = 22;
  std::string private_key_path{};
  std::string known_hosts_path{};  // spotrun's own (~/.config/spotrun/known_hosts)
};

// The login for `machine`: its address, and the port of its localcloud:ssh-port tag when
// it has one. kFailedPrecondition when it has no address (not running).
Result<RemoteLogin> RemoteLoginFor(const Machine& machine, std::string user,
                                   std::string private_key_path, std::string known_hosts_path);

// The ssh command line that runs `sh -s` there.
std::vector<std::string> RemoteShellArgv(const RemoteLogin& login);

struct RemoteScriptOptions {
  Duration connect_deadline = std::chrono::seconds(60);  // keep retrying exit 255 this long
  Duration retry_delay = std::chrono::seconds(1);
  std::chrono::milliseconds timeout{std::chrono::minutes(10)};  // per attempt
};

// Runs `script` there; the result carries its exit code and output. kUnavailable when ssh
// could not connect before the deadline (with ssh's last complaint and a hint).
Result<SubprocessResult> RunRemoteScript(const RemoteLogin& login, std::string_view script,
                                         Clock& clock, const RemoteScriptOptions& options = {});

}  // namespace spotrun

#endif  // SPOTRUN_CLOUD_REMOTE_SCRIPT_H_
