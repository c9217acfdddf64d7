#include "jobs/job_machine_setup_ssh.h"

#include <fmt/format.h>

#include <filesystem>
#include <system_error>

#include "base/subprocess.h"
#include "cloud/ssh_control_master.h"

namespace spotrun {
namespace {

// Removes trailing newlines (what `echo` leaves).
std::string Chomp(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

std::string Under(const std::string& base, const std::string& path) {
  if (path.empty() || path.front() == '/') return path;
  return base + "/" + path;
}

std::string LastLines(std::string_view text) {
  while (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  size_t cut = text.size() > 600 ? text.size() - 600 : 0;
  return std::string(text.substr(cut));
}

}  // namespace

std::string AgentStartScript(const std::string& job_dir, int attempt,
                             const std::string& config_json) {
  // A here-document delimiter that cannot occur in JSON text (JSON escapes control
  // characters, and this line has none of JSON's structure).
  constexpr std::string_view kEnd = "SPOTRUN_AGENT_CONFIG_END_7f3a";
  const std::string dir = ShellWord(job_dir);
  return fmt::format(
      "set -e\n"
      "umask 077\n"
      "cd {dir}\n"
      "if [ -f agent-{n}.pid ]; then\n"
      "  if kill -0 \"$(cat agent-{n}.pid)\" 2>/dev/null; then echo running; else echo "
      "finished; fi\n"
      "  exit 0\n"
      "fi\n"
      "cat > agent-{n}.json.tmp <<'{end}'\n"
      "{json}\n"
      "{end}\n"
      "mv agent-{n}.json.tmp agent-{n}.json\n"
      "setsid nohup ./bin/spotrun agent {dir}/agent-{n}.json >> agent-{n}.log 2>&1 < /dev/null &\n"
      "echo $! > agent-{n}.pid\n"
      "echo started\n",
      fmt::arg("dir", dir), fmt::arg("n", attempt), fmt::arg("end", kEnd),
      fmt::arg("json", config_json));
}

SshJobMachineSetup::SshJobMachineSetup(Clock& clock, SshJobMachineSetupOptions options)
    : clock_(clock), options_(std::move(options)) {
  if (options_.agent_binary.empty()) {
    std::error_code ec;
    options_.agent_binary = std::filesystem::read_symlink("/proc/self/exe", ec).string();
  }
}

Result<std::string> SshJobMachineSetup::MakeJobDirs(const SshTarget& target,
                                                    const std::string& job_id,
                                                    const std::string& workdir) {
  // One round trip: make the directories (relative ones under the home) and say where home is.
  const std::string script = fmt::format(
      "cd \"$HOME\" && mkdir -p {} {} && pwd\n", ShellWord("spotrun/" + job_id + "/bin"),
      ShellWord(workdir.empty() ? "spotrun/" + job_id + "/work" : workdir));
  SPOTRUN_ASSIGN_OR_RETURN(SubprocessResult result,
                           RunRemoteScript(target, script, clock_, options_.remote));
  std::string home = Chomp(result.stdout_text);
  if (!result.success() || home.empty() || home.front() != '/') {
    return Status::Unavailable(
        fmt::format("cannot make the job's directories on {}: {}", target.machine,
                    LastLines(result.stderr_text)),
        fmt::format("check the machine's disk space, and that `spotrun exec {} -- echo $HOME` "
                    "works",
                    target.machine));
  }
  return home;
}

Status SshJobMachineSetup::Rsync(const SshTarget& target, std::vector<std::string> args) {
  SPOTRUN_ASSIGN_OR_RETURN(std::string shell, RsyncRemoteShell(target));
  SubprocessOptions run;
  run.argv = {"rsync", "-a", "-e", shell};
  run.argv.insert(run.argv.end(), args.begin(), args.end());
  run.timeout = options_.remote.timeout;
  SPOTRUN_ASSIGN_OR_RETURN(SubprocessResult result, RunSubprocess(run));
  if (!result.success()) {
    return Status::Unavailable(
        fmt::format("copying to {} failed (rsync exit {}): {}", target.machine, result.exit_code,
                    LastLines(result.stderr_text)),
        "check the machine's disk space and that rsync is installed on it");
  }
  return Status::Ok();
}

Status SshJobMachineSetup::Start(const Machine& machine, const std::string& local_workdir,
                                 const AgentConfig& config) {
  std::error_code ec;
  if (!std::filesystem::is_directory(local_workdir, ec)) {
    return Status::NotFound(fmt::format("the job's workdir {} is not a directory", local_workdir),
                            "set workdir: in the job file to a directory (relative to the file)");
  }
  if (FindProgram("rsync").empty()) {
    return Status::NotFound("rsync is not installed here",
                            "install it (e.g. sudo apt install rsync); the machine needs it too");
  }
  SPOTRUN_ASSIGN_OR_RETURN(SshTarget direct, SshTargetFor(machine, options_.login));
  // One connection for the whole setup: the steps below are sessions over it, without a key
  // exchange and login each (on a busy machine, each of those took a second or more).
  SPOTRUN_ASSIGN_OR_RETURN(std::unique_ptr<SshControlMaster> connection,
                           SshControlMaster::Open(direct));
  const SshTarget& target = connection->target();
  SPOTRUN_ASSIGN_OR_RETURN(std::string home, MakeJobDirs(target, config.job_id, config.workdir));
  const std::string job_dir = home + "/spotrun/" + config.job_id;
  AgentConfig remote = config;
  remote.workdir = config.workdir.empty() ? job_dir + "/work" : Under(home, config.workdir);
  remote.checkpoint_dir = Under(home, config.checkpoint_dir);
  const std::string destination = target.Destination() + ":";
  SPOTRUN_RETURN_IF_ERROR(
      Rsync(target, {options_.agent_binary, destination + ShellWord(job_dir + "/bin/spotrun")}));
  std::string source = local_workdir;
  if (source.back() != '/') source += '/';
  SPOTRUN_RETURN_IF_ERROR(Rsync(target, {"-z", "--filter=:- .spotrunignore", source,
                                         destination + ShellWord(remote.workdir + "/")}));

  SPOTRUN_ASSIGN_OR_RETURN(
      SubprocessResult started,
      RunRemoteScript(target, AgentStartScript(job_dir, config.attempt, AgentConfigToJson(remote)),
                      clock_, options_.remote));
  if (!started.success()) {
    return Status::Unavailable(
        fmt::format("cannot start the agent on {}: {}", machine.label(),
                    LastLines(started.stderr_text)),
        fmt::format("look at {}/agent-{}.log on the machine (spotrun ssh {})", job_dir,
                    config.attempt, machine.label()));
  }
  return Status::Ok();
}

}  // namespace spotrun
