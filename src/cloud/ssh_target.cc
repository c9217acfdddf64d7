#include "cloud/ssh_target.h"

#include <fmt/format.h>

#include <charconv>
#include <optional>

#include "base/tcp_probe.h"
#include "cloud/managed_tags.h"

namespace spotrun {
namespace {

std::optional<int> ParsePort(std::string_view text) {
  int port = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), port);
  if (error != std::errc() || end != text.data() + text.size() || port < 1 || port > 65535) {
    return std::nullopt;
  }
  return port;
}

std::vector<std::string_view> SplitColons(std::string_view text) {
  std::vector<std::string_view> parts;
  while (true) {
    size_t colon = text.find(':');
    parts.push_back(text.substr(0, colon));
    if (colon == std::string_view::npos) return parts;
    text.remove_prefix(colon + 1);
  }
}

Status NotRunning(const Machine& machine) {
  const std::string& state = machine.state();
  const std::string& label = machine.label();
  std::string message = fmt::format("machine {} is {}, not running", label, state);
  if (state == "stopped") {
    return Status::FailedPrecondition(message, fmt::format("start it: spotrun start {}", label));
  }
  if (state == "pending") {
    return Status::FailedPrecondition(message,
                                      "it is starting; try again in a few seconds, or use "
                                      "`spotrun launch`/`spotrun start --wait`, which wait");
  }
  if (state == "stopping") {
    return Status::FailedPrecondition(
        message, fmt::format("wait until it has stopped, then: spotrun start {}", label));
  }
  return Status::FailedPrecondition(message,
                                    "see `spotrun ls --all`; launch a new machine with "
                                    "`spotrun launch NAME`");
}

// rsync splits its -e command on spaces and honours single and double quotes only.
Result<std::string> RsyncWord(std::string_view word) {
  if (!word.empty() && word.find_first_of(" '\"\t") == std::string_view::npos) {
    return std::string(word);
  }
  if (word.find('\'') == std::string_view::npos) return fmt::format("'{}'", word);
  if (word.find('"') == std::string_view::npos) return fmt::format("\"{}\"", word);
  return Status::InvalidArgument(
      fmt::format("rsync cannot be given the path {}: it holds both kinds of quote", word),
      "move the ssh key or spotrun's config directory to a path without quotes");
}

}  // namespace

std::string SshTarget::Destination() const { return user + "@" + address; }

std::vector<std::string> SshTarget::Options() const {
  std::vector<std::string> options{"-i", identity_file,
                                   "-o", "IdentitiesOnly=yes",
                                   "-o", "UserKnownHostsFile=" + known_hosts_file,
                                   "-o", "StrictHostKeyChecking=accept-new",
                                   "-o", "HostKeyAlias=" + instance_id,
                                   "-p", std::to_string(port)};
  if (!control_path.empty()) {
    options.insert(options.end(), {"-o", "ControlMaster=auto", "-o", "ControlPath=" + control_path,
                                   "-o", "ControlPersist=10"});
  }
  return options;
}

Result<SshTarget> SshTargetFor(const Machine& machine, const SshLogin& login) {
  if (machine.state() != "running") return NotRunning(machine);
  if (machine.address().empty()) {
    return Status::FailedPrecondition(
        fmt::format("machine {} has no address yet", machine.label()),
        "try again in a few seconds; `spotrun ls` shows its address once it has one");
  }
  SshTarget target{.machine = machine.label(),
                   .instance_id = machine.id(),
                   .user = login.user,
                   .address = machine.address(),
                   .port = 22,
                   .identity_file = login.identity_file,
                   .known_hosts_file = login.known_hosts_file};
  for (const Tag& tag : machine.instance.tags) {
    if (tag.key != kLocalCloudSshPortTag) continue;
    std::optional<int> port = ParsePort(tag.value);
    if (!port) {
      return Status::FailedPrecondition(
          fmt::format("machine {} has a bad {} tag: '{}'", machine.label(), tag.key, tag.value),
          "the local cloud sets it when the machine boots; restart the machine");
    }
    target.port = *port;
  }
  return target;
}

Status CheckSshReachable(const SshTarget& target, std::chrono::milliseconds timeout) {
  TcpProbeResult probe = ProbeTcp(target.address, target.port, timeout);
  switch (probe) {
    case TcpProbeResult::kAccepted:
      return Status::Ok();
    case TcpProbeResult::kRefused:
      return Status::Unavailable(
          fmt::format("ssh is not ready yet on {} ({}:{} refused the connection)", target.machine,
                      target.address, target.port),
          "wait a few seconds or use `spotrun launch` which waits");
    case TcpProbeResult::kTimedOut:
      return Status::Unavailable(
          fmt::format("{} does not answer at {}:{} (no reply in {} s)", target.machine,
                      target.address, target.port, timeout.count() / 1000),
          "check that its security group lets ssh in from your address "
          "(spotrun's group is spotrun-ssh) and that your network allows outgoing ssh");
    case TcpProbeResult::kUnreachable:
      break;
  }
  return Status::Unavailable(
      fmt::format("cannot reach {} at {}:{}", target.machine, target.address, target.port),
      "check your network connection, then try again");
}

std::vector<std::string> SshCommand(const SshTarget& target,
                                    const std::vector<std::string>& extra_options,
                                    std::string_view remote_command) {
  std::vector<std::string> argv{"ssh"};
  for (std::string& o : target.Options()) argv.push_back(std::move(o));
  argv.insert(argv.end(), extra_options.begin(), extra_options.end());
  argv.push_back("--");
  argv.push_back(target.Destination());
  if (!remote_command.empty()) argv.emplace_back(remote_command);
  return argv;
}

std::string ShellWord(std::string_view word) {
  constexpr std::string_view kSafe =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-+=.,/:@%";
  if (!word.empty() && word.find_first_not_of(kSafe) == std::string_view::npos) {
    return std::string(word);
  }
  std::string quoted = "'";
  for (char c : word) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  quoted += '\'';
  return quoted;
}

std::string RemoteCommandLine(const std::vector<std::string>& argv) {
  if (argv.size() == 1) return argv.front();
  std::string line;
  for (const std::string& a : argv) {
    if (!line.empty()) line += ' ';
    line += ShellWord(a);
  }
  return line;
}

Result<std::string> RsyncRemoteShell(const SshTarget& target) {
  std::string shell = "ssh";
  for (const std::string& o : target.Options()) {
    SPOTRUN_ASSIGN_OR_RETURN(std::string word, RsyncWord(o));
    shell += ' ';
    shell += word;
  }
  return shell;
}

Result<std::string> LocalForwardSpec(std::string_view spec) {
  std::vector<std::string_view> parts = SplitColons(spec);
  auto bad = [&] {
    return Status::InvalidArgument(
        fmt::format("bad tunnel '-L {}'", spec),
        "use -L PORT (local PORT to the machine's PORT), -L PORT:HOSTPORT or "
        "-L PORT:HOST:HOSTPORT, e.g. -L 8888 or -L 5433:localhost:5432");
  };
  // The ports are the first (or second, with a bind address) and the last part.
  size_t local = parts.size() == 4 ? 1 : 0;
  if (parts.size() > 4 || !ParsePort(parts[local]) || !ParsePort(parts.back())) return bad();
  switch (parts.size()) {
    case 1:
      return fmt::format("{0}:localhost:{0}", parts[0]);
    case 2:
      return fmt::format("{}:localhost:{}", parts[0], parts[1]);
    default:
      if (parts[parts.size() - 2].empty()) return bad();
      return std::string(spec);
  }
}

}  // namespace spotrun
