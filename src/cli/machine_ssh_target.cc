#include "cli/machine_ssh_target.h"

#include <filesystem>

#include "base/file.h"
#include "cli/cloud_connection.h"
#include "cloud/machine_finder.h"
#include "cloud/ssh_identity.h"

namespace spotrun {
namespace {

constexpr auto kReachableTimeout = std::chrono::seconds(5);

}  // namespace

Result<SshTarget> SshTargetOf(Context& ctx, const Machine& machine) {
  SPOTRUN_ASSIGN_OR_RETURN(const Settings* settings, ctx.settings());
  std::string config_dir = std::filesystem::path(settings->config_path).parent_path().string();
  // ssh writes the known-hosts file but not its directory.
  std::error_code error;
  std::filesystem::create_directories(config_dir, error);
  SPOTRUN_ASSIGN_OR_RETURN(SshIdentity identity,
                           ResolveSshIdentity({.configured_key = settings->ssh_key.value,
                                               .home = ctx.env().Get("HOME").value_or(HomeDir()),
                                               .config_dir = config_dir}));
  return SshTargetFor(machine, {.user = settings->ssh_user.value,
                                .identity_file = identity.private_key_path,
                                .known_hosts_file = config_dir + "/known_hosts"});
}

Result<SshTarget> MachineSshTarget(Context& ctx, std::string_view machine) {
  SPOTRUN_ASSIGN_OR_RETURN(std::unique_ptr<CloudConnection> cloud, CloudConnection::Open(ctx));
  SPOTRUN_ASSIGN_OR_RETURN(Machine found, FindMachine(cloud->ec2(), machine));
  SPOTRUN_ASSIGN_OR_RETURN(SshTarget target, SshTargetOf(ctx, found));
  SPOTRUN_RETURN_IF_ERROR(CheckSshReachable(target, kReachableTimeout));
  return target;
}

}  // namespace spotrun
