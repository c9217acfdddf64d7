// spotrun-cloud: the local cloud's program. It is spotrun with the server installed, so that
// `spotrun cloud serve` can hand over to it (exec) while spotrun itself never loads the
// server's libraries. Every other command works here too.
#include "cli/main_entry.h"
#include "cloudserve/serve_local_cloud.h"

int main(int argc, char** argv) {
  spotrun::InstallLocalCloudServer(&spotrun::ServeLocalCloud);
  return spotrun::RunMain(argc, argv);
}
