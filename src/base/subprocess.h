// Runs a child process: argv (no shell), environment, working directory, stdin text,
// captured or inherited output, and a timeout. The child leads its own process group, and
// the whole group is killed on timeout — and, by default, once the child exits, so nothing
// it daemonised outlives the call. Real processes run in real time, so the timeout uses the
// steady clock rather than an injected Clock. Each call is independent; thread-compatible.
#ifndef SPOTRUN_BASE_SUBPROCESS_H_
#define SPOTRUN_BASE_SUBPROCESS_H_

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"

namespace spotrun {

enum class Stdio { kCapture, kInherit, kNull };

struct SubprocessOptions {
  std::vector<std::string> argv;  // argv[0] is looked up in PATH
  // Variables to set (or override) on top of the parent's environment.
  std::map<std::string, std::string> env;
  // When true, the child starts from an empty environment plus `env`. Default: inherit.
  bool clear_env = false;
  std::string cwd;                        // default: the parent's
  std::optional<std::string> stdin_data;  // default: stdin is /dev/null
  Stdio stdout_mode = Stdio::kCapture;
  Stdio stderr_mode = Stdio::kCapture;
  // Zero means no timeout. On timeout the group gets SIGTERM, then SIGKILL after kill_grace.
  std::chrono::milliseconds timeout{0};
  std::chrono::milliseconds kill_grace{2000};
  // Kill what is left of the child's process group when the child itself exits.
  bool kill_group_on_exit = true;
};

struct SubprocessResult {
  int exit_code = -1;   // the child's exit status, or 128+signal when a signal ended it
  int term_signal = 0;  // the signal that ended it, 0 if it exited
  bool timed_out = false;
  std::string stdout_text;
  std::string stderr_text;
  bool success() const { return exit_code == 0 && !timed_out; }
};

// Fails only when the child could not be started (e.g. program not found: kNotFound).
// A non-zero exit is a successful Result whose exit_code says so.
Result<SubprocessResult> RunSubprocess(const SubprocessOptions& options);

// Finds `program` in PATH (or checks it, when it holds a slash); empty when absent.
std::string FindProgram(std::string_view program);

}  // namespace spotrun

#endif  // SPOTRUN_BASE_SUBPROCESS_H_
