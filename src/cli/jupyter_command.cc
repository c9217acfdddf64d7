// spotrun jupyter NAME [--port P]: makes sure Jupyter runs on the machine (starts `jupyter lab`
// detached, on 127.0.0.1 with a token, when no server runs there), then opens an ssh tunnel
// to it and prints the local URL; the tunnel stays until Ctrl-C, Jupyter keeps running.
#include <CLI/CLI.hpp>
#include <fstream>

#include "aws/crypto.h"
#include "base/foreground_process.h"
#include "base/subprocess.h"
#include "base/tcp_probe.h"
#include "cli/command.h"
#include "cli/machine_ssh_target.h"
#include "cli/progress_line.h"
#include "cloud/jupyter_server.h"

namespace spotrun {
namespace {

constexpr auto kStartTimeout = std::chrono::seconds(60);
constexpr auto kPollInterval = std::chrono::milliseconds(500);
constexpr auto kRemoteTimeout = std::chrono::seconds(60);
constexpr int kDefaultPort = 8888;

struct JupyterArgs {
  std::string machine;
  int port = 0;  // 0: any running server, else start one on kDefaultPort
};

// Runs a short script on the machine and returns its stdout.
Result<std::string> RunRemote(const SshTarget& target, const std::string& script) {
  SubprocessOptions options;
  options.argv = SshCommand(target, {"-T", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR"}, script);
  options.timeout = kRemoteTimeout;
  SPOTRUN_ASSIGN_OR_RETURN(SubprocessResult run, RunSubprocess(options));
  if (!run.success()) {
    std::string said = run.stderr_text;
    while (!said.empty() && said.back() == '\n') said.pop_back();
    return Status::Unavailable(
        fmt::format("ssh to {} failed (exit {}): {}", target.machine, run.exit_code, said),
        fmt::format("try `spotrun ssh {}` to see what is wrong", target.machine));
  }
  return run.stdout_text;
}

Result<JupyterStatus> ListServers(const SshTarget& target) {
  SPOTRUN_ASSIGN_OR_RETURN(std::string output, RunRemote(target, JupyterListScript()));
  SPOTRUN_ASSIGN_OR_RETURN(JupyterStatus status, ParseJupyterStatus(output));
  if (!status.installed) {
    return Status::FailedPrecondition(
        fmt::format("Jupyter is not installed on {}", target.machine),
        fmt::format("install it: spotrun exec {} -- pip install jupyterlab", target.machine));
  }
  return status;
}

Result<std::string> NewToken() {
  std::ifstream random("/dev/urandom", std::ios::binary);
  std::string bytes(24, '\0');
  if (!random.read(bytes.data(), static_cast<std::streamsize>(bytes.size()))) {
    return Status::Internal("cannot read /dev/urandom for Jupyter's token");
  }
  return HexEncode(bytes);
}

Result<JupyterServer> StartServer(Context& ctx, const SshTarget& target, int port) {
  SPOTRUN_ASSIGN_OR_RETURN(std::string token, NewToken());
  ProgressLine progress = ProgressLine::ForStderr(ctx.err(), ctx.clock());
  progress.Begin(fmt::format("Jupyter on {}", target.machine));
  progress.Update("starting");
  Result<std::string> started = RunRemote(target, JupyterStartScript(port, token));
  if (!started.ok()) {
    progress.Abandon();
    return started.status();
  }
  TimePoint deadline = ctx.clock().Now() + kStartTimeout;
  while (true) {
    Result<JupyterStatus> status = ListServers(target);
    if (!status.ok()) {
      progress.Abandon();
      return status.status();
    }
    for (const JupyterServer& s : status->servers) {
      if (s.token == token) {
        progress.Done("running");
        return s;
      }
    }
    if (ctx.clock().Now() >= deadline) break;
    progress.Update("waiting for it to listen");
    ctx.clock().Sleep(kPollInterval);
  }
  progress.Abandon();
  return Status::DeadlineExceeded(
      fmt::format("Jupyter did not start on {} within {} s", target.machine, kStartTimeout.count()),
      fmt::format("see its log: spotrun exec {} -- tail -n 30 {}", target.machine,
                  kJupyterLogFile));
}

// The remote port when it is free here, else the next free one after it.
int LocalPortFor(int remote_port) {
  for (int port = remote_port; port < remote_port + 100 && port <= 65535; ++port) {
    if (ProbeTcp("127.0.0.1", port, std::chrono::milliseconds(500)) == TcpProbeResult::kRefused) {
      return port;
    }
  }
  return remote_port;  // ssh's ExitOnForwardFailure will say it is taken
}

Status RunJupyter(Context& ctx, const JupyterArgs& args) {
  if (args.port < 0 || args.port > 65535) {
    return Status::InvalidArgument(fmt::format("--port {} is not a port", args.port),
                                   "give a port from 1 to 65535, e.g. --port 8888");
  }
  SPOTRUN_ASSIGN_OR_RETURN(SshTarget target, MachineSshTarget(ctx, args.machine));
  SPOTRUN_ASSIGN_OR_RETURN(JupyterStatus status, ListServers(target));
  const JupyterServer* running = ChooseJupyterServer(status, args.port);
  JupyterServer server;
  if (running != nullptr) {
    server = *running;
  } else {
    SPOTRUN_ASSIGN_OR_RETURN(server,
                             StartServer(ctx, target, args.port ? args.port : kDefaultPort));
  }
  int local_port = LocalPortFor(server.port);
  ctx.Print("{}\n", JupyterLocalUrl(local_port, server));
  fmt::print(ctx.err(),
             "Tunnelling to Jupyter on {} (port {}): open the URL above. Ctrl-C closes the "
             "tunnel; Jupyter keeps running there.\n",
             target.machine, server.port);
  std::vector<std::string> tunnel{"-N", "-o", "ExitOnForwardFailure=yes", "-L",
                                  fmt::format("{}:127.0.0.1:{}", local_port, server.port)};
  return ReplaceProcess(SshCommand(target, tunnel));
}

}  // namespace

CommandRun DefineJupyterCommand(CLI::App& app) {
  auto args = std::make_shared<JupyterArgs>();
  app.add_option("machine", args->machine, "Machine name, instance id or unique id prefix")
      ->required()
      ->type_name("NAME");
  app.add_option("--port", args->port,
                 "Jupyter's port on the machine (default: the running server's, else 8888)")
      ->type_name("P");
  app.footer(
      "Uses the Jupyter server already running on the machine, or starts `jupyter lab` there\n"
      "(on 127.0.0.1, with a fresh token, detached: it keeps running after spotrun exits;\n"
      "its log is ~/.spotrun-jupyter.log). Then opens an ssh tunnel and prints the local URL;\n"
      "the tunnel stays open until Ctrl-C. Jupyter must be installed on the machine:\n"
      "  spotrun exec NAME -- pip install jupyterlab\n\n"
      "Examples:\n"
      "  spotrun jupyter trainer\n"
      "  spotrun jupyter trainer --port 8890\n");
  return [args](Context& ctx) { return RunJupyter(ctx, *args); };
}

}  // namespace spotrun
