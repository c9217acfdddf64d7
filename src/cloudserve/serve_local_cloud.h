// ServeLocalCloud: `spotrun cloud serve` itself — starts the LocalCloud the flags describe,
// writes the ready-to-use profile, and serves until SIGINT, SIGTERM or SIGHUP, then stops
// every instance. Runs in spotrun-cloud (see cli/local_cloud_server.h), so spotrun's own
// start never loads the server. Blocks; one per process.
#ifndef SPOTRUN_CLOUDSERVE_SERVE_LOCAL_CLOUD_H_
#define SPOTRUN_CLOUDSERVE_SERVE_LOCAL_CLOUD_H_

#include "base/status.h"
#include "cli/context.h"
#include "cli/local_cloud_server.h"

namespace spotrun {

Status ServeLocalCloud(Context& ctx, const LocalCloudServeArgs& args);

}  // namespace spotrun

#endif  // SPOTRUN_CLOUDSERVE_SERVE_LOCAL_CLOUD_H_
