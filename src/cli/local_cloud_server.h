// How `spotrun cloud serve` reaches the local cloud. The server (the EC2 model, sshd
// sandboxes, an HTTP server) lives in its own program, spotrun-cloud, installed next to
// spotrun, so that spotrun itself starts without loading any of it. spotrun-cloud's main
// installs the server here; in spotrun, none is installed and `cloud serve` runs
// spotrun-cloud in its place (exec) with the same arguments. Set once at start; not
// thread-safe.
#ifndef SPOTRUN_CLI_LOCAL_CLOUD_SERVER_H_
#define SPOTRUN_CLI_LOCAL_CLOUD_SERVER_H_

#include <string>

#include "base/status.h"
#include "cli/context.h"

namespace spotrun {

// The port `cloud serve` listens on by default (LocalCloud::kDefaultPort).
inline constexpr int kLocalCloudDefaultPort = 7700;

// The flags of `spotrun cloud serve`.
struct LocalCloudServeArgs {
  std::string listen = "127.0.0.1:7700";
  std::string state;  // default: ~/.local/state/spotrun/cloud
  std::string region = "us-east-1";
  double time_scale = 1.0;
  double boot_delay = 2.0;
  std::string interruptions = "off";
  std::string profile_name = "local";
  bool no_freezer = false;
  std::string addresses;  // FIRST-LAST, for tests running several clouds at once
};

using LocalCloudServer = Status (*)(Context& ctx, const LocalCloudServeArgs& args);

void InstallLocalCloudServer(LocalCloudServer server);
// The installed server, or nullptr (in spotrun itself).
LocalCloudServer InstalledLocalCloudServer();

// Replaces this process with spotrun-cloud (found next to this program) serving `args`;
// returns only on failure, with what to do.
Status ExecLocalCloudServer(const Context& ctx, const LocalCloudServeArgs& args);

}  // namespace spotrun

#endif  // SPOTRUN_CLI_LOCAL_CLOUD_SERVER_H_
