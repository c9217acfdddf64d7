// RunMain: what spotrun's (and spotrun-cloud's) main does — runs the command line and turns
// the resulting Status into the one error message and exit code the user sees.
#ifndef SPOTRUN_CLI_MAIN_ENTRY_H_
#define SPOTRUN_CLI_MAIN_ENTRY_H_

#include "cli/local_cloud_server.h"

namespace spotrun {

int RunMain(int argc, char** argv);

}  // namespace spotrun

#endif  // SPOTRUN_CLI_MAIN_ENTRY_H_
