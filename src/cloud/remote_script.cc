#include "cloud/remote_script.h"

#include <fmt/format.h>

#include <charconv>

#include "cloud/managed_tags.h"

namespace spotrun {
namespace {

constexpr int kSshConnectFailed = 255;

std::string LastLine(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  size_t nl = text.rfind('\n');
  return std::string(nl == std::string_view::npos ? text : text.substr(nl + 1));
}

}  // namespace

Result<RemoteLogin> RemoteLoginFor(const Machine& machine, std::string user,
                                   std::string private_key_path, std::string known_hosts_path) {
  if (machine.address().empty() || machine.state() != "running") {
    return Status::FailedPrecondition(
        fmt::format("machine {} is {}, not running", machine.label(), machine.state()),
        fmt::format("start it first: spotrun start {}", machine.label()));
  }
  RemoteLogin login{.user = std::move(user),
                    .address = machine.address(),
                    .private_key_path = std::move(private_key_path),
                    .known_hosts_path = std::move(known_hosts_path)};
  if (std::optional<std::string> port = FindTag(machine.instance.tags, kLocalCloudSshPortTag)) {
    int value = 0;
    auto [end, ec] = std::from_chars(port->data(), port->data() + port->size(), value);
    if (ec == std::errc() && end == port->data() + port->size() && value > 0) login.port = value;
  }
  return login;
}

std::vector<std::string> RemoteShellArgv(const RemoteLogin& login) {
  std::vector<std::string> argv{"ssh", "-T"};
  if (!login.private_key_path.empty()) {
    argv.insert(argv.end(), {"-i", login.private_key_path, "-o", "IdentitiesOnly=yes"});
  }
  if (!login.known_hosts_path.empty()) {
    argv.insert(argv.end(), {"-o", "UserKnownHostsFile=" + login.known_hosts_path});
  }
  argv.insert(argv.end(),
              {"-o", "StrictHostKeyChecking=accept-new", "-o", "BatchMode=yes", "-o",
               "ConnectTimeout=10", "-o", "LogLevel=ERROR", "-p", std::to_string(login.port),
               login.user + "@" + login.address, "sh", "-s"});
  return argv;
}

Result<SubprocessResult> RunRemoteScript(const RemoteLogin& login, std::string_view script,
                                         Clock& clock, const RemoteScriptOptions& options) {
  SubprocessOptions run;
  run.argv = RemoteShellArgv(login);
  run.stdin_data = std::string(script);
  run.timeout = options.timeout;
  const TimePoint deadline = clock.Now() + options.connect_deadline;
  while (true) {
    SPOTRUN_ASSIGN_OR_RETURN(SubprocessResult result, RunSubprocess(run));
    if (result.exit_code != kSshConnectFailed || result.timed_out) return result;
    if (clock.Now() + options.retry_delay > deadline) {
      return Status::Unavailable(
          fmt::format("cannot reach {}@{} over ssh: {}", login.user, login.address,
                      LastLine(result.stderr_text)),
          "the machine may still be booting; try again in a minute (spotrun ssh NAME tells "
          "more)");
    }
    clock.Sleep(options.retry_delay);
  }
}

}  // namespace spotrun
