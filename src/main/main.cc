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
  spotrun::Status status = spotrun::RunApp(args, {env, clock, stdout, stderr}, &verbose);
  std::fflush(stdout);
  if (!status.ok()) std::fprintf(stderr, "%s\n", status.ForUser(verbose).c_str());
  return spotrun::ExitCodeFor(status);
}
