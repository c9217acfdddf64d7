// spotrun's entry point: runs the command line and turns the resulting Status into the
// one error message and exit code the user sees.
#include <csignal>
#include <cstdio>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/environment.h"
#include "cli/app.h"

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  std::vector<std::string> args(argv + 1, argv + argc);
  spotrun::RealEnvironment env;
  spotrun::RealClock clock;
  bool verbose = false;
  int command_exit_code = 0;  // e.g. the remote command's, for `spotrun exec`
  spotrun::Status status =
      spotrun::RunApp(args, {env, clock, stdout, stderr, &command_exit_code}, &verbose);
  std::fflush(stdout);
  if (!status.ok()) std::fprintf(stderr, "%s\n", status.ForUser(verbose).c_str());
  return status.ok() ? command_exit_code : spotrun::ExitCodeFor(status);
}
