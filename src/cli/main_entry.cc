#include "cli/main_entry.h"

#include <csignal>
#include <cstdio>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/environment.h"
#include "cli/app.h"

namespace spotrun {

int RunMain(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  std::vector<std::string> args(argv + 1, argv + argc);
  RealEnvironment env;
  RealClock clock;
  bool verbose = false;
  int command_exit_code = 0;  // e.g. the remote command's, for `spotrun exec`
  Status status = RunApp(args, {env, clock, stdout, stderr, &command_exit_code}, &verbose);
  std::fflush(stdout);
  if (!status.ok()) std::fprintf(stderr, "%s\n", status.ForUser(verbose).c_str());
  return status.ok() ? command_exit_code : ExitCodeFor(status);
}

}  // namespace spotrun
