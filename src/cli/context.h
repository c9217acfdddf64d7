// Context: what every command runs with — the global flags, the environment, the clock, the
// output streams and the settings (resolved on first use). One per process; not thread-safe.
#ifndef SPOTRUN_CLI_CONTEXT_H_
#define SPOTRUN_CLI_CONTEXT_H_

#include <fmt/format.h>

#include <cstdio>
#include <optional>
#include <string_view>

#include "base/clock.h"
#include "base/environment.h"
#include "base/result.h"
#include "cli/settings.h"

namespace spotrun {

class Context {
 public:
  Context(GlobalFlags flags, const Environment& env, Clock& clock, std::FILE* out, std::FILE* err)
      : flags_(std::move(flags)), env_(env), clock_(clock), out_(out), err_(err) {}

  const GlobalFlags& flags() const { return flags_; }
  GlobalFlags& mutable_flags() { return flags_; }
  const Environment& env() const { return env_; }
  Clock& clock() { return clock_; }
  bool json() const { return flags_.output == "json"; }
  std::FILE* out() { return out_; }
  std::FILE* err() { return err_; }

  // Settings resolved from flags, environment and config files; cached after the first call.
  Result<const Settings*> settings();

  // A command that passes on another program's exit code (exec: the remote command's; sync:
  // rsync's) sets it here and returns Ok; main exits with it. Errors keep their own codes.
  void set_exit_code(int code) { exit_code_ = code; }
  int exit_code() const { return exit_code_; }

  template <typename... Args>
  void Print(fmt::format_string<Args...> f, Args&&... args) {
    fmt::print(out_, f, std::forward<Args>(args)...);
  }

 private:
  GlobalFlags flags_;
  const Environment& env_;
  Clock& clock_;
  std::FILE* out_;
  std::FILE* err_;
  std::optional<Settings> settings_;
  int exit_code_ = 0;
};

}  // namespace spotrun

#endif  // SPOTRUN_CLI_CONTEXT_H_
