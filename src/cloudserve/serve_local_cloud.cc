#include "cloudserve/serve_local_cloud.h"

#include <fmt/format.h>
#include <signal.h>

#include <charconv>
#include <string>
#include <utility>

#include "base/file.h"
#include "cli/local_profile.h"
#include "cli/settings.h"
#include "localcloud/local_cloud.h"

namespace spotrun {

static_assert(LocalCloud::kDefaultPort == kLocalCloudDefaultPort);

namespace {

std::string DefaultStateDir(const Environment& env) {
  if (std::optional<std::string> xdg = env.Get("XDG_STATE_HOME"); xdg && !xdg->empty()) {
    return *xdg + "/spotrun/cloud";
  }
  return ExpandHome("~/.local/state/spotrun/cloud");
}

Result<std::pair<std::string, int>> ParseListen(std::string_view listen) {
  const size_t colon = listen.rfind(':');
  int port = -1;
  if (colon != std::string_view::npos) {
    auto [end, ec] =
        std::from_chars(listen.data() + colon + 1, listen.data() + listen.size(), port);
    if (ec != std::errc() || end != listen.data() + listen.size()) port = -1;
  }
  if (colon == std::string_view::npos || colon == 0 || port < 0 || port > 65535) {
    return Status::InvalidArgument(fmt::format("--listen {} is not HOST:PORT", listen),
                                   "e.g. --listen 127.0.0.1:7700 (port 0: any free port)");
  }
  return std::make_pair(std::string(listen.substr(0, colon)), port);
}

}  // namespace

Status ServeLocalCloud(Context& ctx, const LocalCloudServeArgs& args) {
  SPOTRUN_ASSIGN_OR_RETURN(auto listen, ParseListen(args.listen));
  if (listen.first != "127.0.0.1" && listen.first != "localhost") {
    return Status::InvalidArgument(
        "the local cloud listens on loopback only",
        "use --listen 127.0.0.1:PORT; its instances are local processes, not for others");
  }
  LocalCloud::Options options;
  options.state_dir = args.state.empty() ? DefaultStateDir(ctx.env()) : args.state;
  options.host = "127.0.0.1";
  options.port = listen.second;
  options.region = args.region;
  options.time_scale = args.time_scale;
  options.boot_delay =
      std::chrono::duration_cast<Duration>(std::chrono::duration<double>(args.boot_delay));
  options.interruptions =
      args.interruptions == "auto" ? Ec2Model::Interruptions::kAuto : Ec2Model::Interruptions::kOff;
  options.use_freezer_cgroup = !args.no_freezer;
  if (!args.addresses.empty()) {
    const size_t dash = args.addresses.find('-');
    if (dash == std::string::npos) {
      return Status::InvalidArgument("--addresses takes FIRST-LAST",
                                     "e.g. --addresses 127.2.0.1-127.2.0.254");
    }
    options.first_address = args.addresses.substr(0, dash);
    options.last_address = args.addresses.substr(dash + 1);
  }

  // Block the stop signals before any thread starts, so that only sigwait below sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  Result<std::unique_ptr<LocalCloud>> cloud = LocalCloud::Start(options);
  if (!cloud.ok()) {
    if (cloud.status().message().find("in use") != std::string::npos ||
        cloud.status().message().find("bind") != std::string::npos) {
      return cloud.status().WithHint(fmt::format(
          "is a local cloud already running? Stop it, or pass --listen 127.0.0.1:PORT"));
    }
    return cloud.status();
  }
  LocalCloud& c = **cloud;
  LocalProfile profile{.name = args.profile_name,
                       .endpoint = c.endpoint(),
                       .region = args.region,
                       .access_key_id = c.credentials().access_key_id,
                       .secret_access_key = c.credentials().secret_access_key};
  Status wrote = WriteLocalProfile(ctx.env(), profile);
  // The instances' only login is the account running the cloud (doc/localcloud-runtime.md).
  if (wrote.ok())
    wrote = SetSpotrunSetting(ctx.env(), args.profile_name, "ssh_user", c.login_user());
  ctx.Print("spotrun local cloud: EC2 at {} (region {}, time x{}, state {})\n", c.endpoint(),
            args.region, args.time_scale, options.state_dir);
  if (wrote.ok()) {
    ctx.Print(
        "profile '{0}' is ready (~/.aws/config and ~/.aws/credentials):\n"
        "  spotrun --profile {0} config\n"
        "  aws --profile {0} ec2 describe-instances\n"
        "  spotrun cloud interrupt INSTANCE_ID --profile {0}   # send a spot interruption\n",
        args.profile_name);
  } else {
    fmt::print(ctx.err(), "warning: {}\n", wrote.ForUser(false));
  }
  ctx.Print("Ctrl-C stops it; instances stop with it and running ones boot again next time.\n");
  std::fflush(ctx.out());
  int signal = 0;
  sigwait(&stop_signals, &signal);
  fmt::print(ctx.err(), "stopping the local cloud (signal {})…\n", signal);
  c.Stop();
  pthread_sigmask(SIG_UNBLOCK, &stop_signals, nullptr);
  return Status::Ok();
}

}  // namespace spotrun
