#include "cloud/remote_script.h"

#include <fmt/format.h>

namespace spotrun {
namespace {

constexpr int kSshConnectFailed = 255;

std::string LastLine(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  size_t nl = text.rfind('\n');
  return std::string(nl == std::string_view::npos ? text : text.substr(nl + 1));
}

}  // namespace

std::vector<std::string> RemoteShellArgv(const SshTarget& target) {
  return SshCommand(
      target, {"-T", "-o", "BatchMode=yes", "-o", "ConnectTimeout=10", "-o", "LogLevel=ERROR"},
      "sh -s");
}

Result<SubprocessResult> RunRemoteScript(const SshTarget& target, std::string_view script,
                                         Clock& clock, const RemoteScriptOptions& options) {
  SubprocessOptions run;
  run.argv = RemoteShellArgv(target);
  run.stdin_data = std::string(script);
  run.timeout = options.timeout;
  const TimePoint deadline = clock.Now() + options.connect_deadline;
  while (true) {
    SPOTRUN_ASSIGN_OR_RETURN(SubprocessResult result, RunSubprocess(run));
    if (result.exit_code != kSshConnectFailed || result.timed_out) return result;
    if (clock.Now() + options.retry_delay > deadline) {
      return Status::Unavailable(
          fmt::format("cannot reach {} over ssh: {}", target.Destination(),
                      LastLine(result.stderr_text)),
          "the machine may still be booting; try again in a minute (spotrun ssh NAME tells "
          "more)");
    }
    clock.Sleep(options.retry_delay);
  }
}

}  // namespace spotrun
