// Running a program the way a shell runs a foreground job: it shares spotrun's terminal,
// stdin, stdout, stderr and process group, so Ctrl-C and a window resize reach it, and its
// exit code is what the user gets back. Either spotrun waits for it (ignoring SIGINT and
// SIGQUIT meanwhile, as system(3) does, so the child decides what Ctrl-C means), or
// spotrun becomes it (exec). Unlike RunSubprocess nothing is captured and there is no
// timeout. Stateless; call from one thread.
#ifndef SPOTRUN_BASE_FOREGROUND_PROCESS_H_
#define SPOTRUN_BASE_FOREGROUND_PROCESS_H_

#include <string>
#include <vector>

#include "base/result.h"

namespace spotrun {

// Runs argv (argv[0] looked up in PATH) and waits. The result is its exit code, or
// 128+signal when a signal ended it. kNotFound when the program is not in PATH.
Result<int> RunInForeground(const std::vector<std::string>& argv);

// Replaces this process with argv (execvp); returns only when that fails. Flushes stdio first.
Status ReplaceProcess(const std::vector<std::string>& argv);

}  // namespace spotrun

#endif  // SPOTRUN_BASE_FOREGROUND_PROCESS_H_
