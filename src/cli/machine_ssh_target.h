// MachineSshTarget: the SshTarget of the machine a user names, as `spotrun ssh`, `exec`,
// `sync` and `jupyter` need it — finds the machine (name, id or unique id prefix), logs in
// as settings ssh_user with the SshIdentity's key and ~/.config/spotrun/known_hosts, and
// checks that its sshd answers, so a failure is spotrun's clear error rather than ssh's.
// Stateless; borrows the Context.
#ifndef SPOTRUN_CLI_MACHINE_SSH_TARGET_H_
#define SPOTRUN_CLI_MACHINE_SSH_TARGET_H_

#include <string_view>

#include "base/result.h"
#include "cli/context.h"
#include "cloud/ssh_target.h"

namespace spotrun {

Result<SshTarget> MachineSshTarget(Context& ctx, std::string_view machine);

// The SshTarget of a machine already found, without the reachability check (for callers
// that retry while sshd starts, like the volume commands' remote scripts).
Result<SshTarget> SshTargetOf(Context& ctx, const Machine& machine);

}  // namespace spotrun

#endif  // SPOTRUN_CLI_MACHINE_SSH_TARGET_H_
