#include "cloud/jupyter_server.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "cloud/ssh_target.h"

namespace spotrun {
namespace {

constexpr std::string_view kNotInstalled = "spotrun:jupyter-not-installed";
constexpr std::string_view kPathPrefix = "PATH=\"$HOME/.local/bin:$PATH\"; export PATH; ";

Result<JupyterServer> ParseServer(std::string_view line) {
  try {
    nlohmann::json j = nlohmann::json::parse(line);
    JupyterServer server;
    server.port = j.value("port", 0);
    server.token = j.value("token", "");
    server.base_url = j.value("base_url", "/");
    server.pid = j.value("pid", 0);
    if (server.port <= 0) return Status::Internal("no port");
    return server;
  } catch (const nlohmann::json::exception& e) {
    return Status::Internal(e.what());
  }
}

}  // namespace

std::string JupyterListScript() {
  return fmt::format(
      "{}if ! command -v jupyter >/dev/null 2>&1; then echo {}; exit 0; fi; "
      "jupyter server list --json 2>/dev/null; exit 0",
      kPathPrefix, kNotInstalled);
}

Result<JupyterStatus> ParseJupyterStatus(std::string_view output) {
  JupyterStatus status;
  status.installed = true;
  while (!output.empty()) {
    size_t end = output.find('\n');
    std::string_view line = output.substr(0, end);
    output.remove_prefix(end == std::string_view::npos ? output.size() : end + 1);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    if (line == kNotInstalled) {
      status.installed = false;
      continue;
    }
    if (!line.starts_with('{')) continue;  // a login banner or a warning
    Result<JupyterServer> server = ParseServer(line);
    if (!server.ok()) {
      return Status::Internal(
          fmt::format("cannot read `jupyter server list --json`: {}", server.status().message()),
          "run `jupyter server list` on the machine (spotrun ssh NAME) to see what is wrong");
    }
    status.servers.push_back(*std::move(server));
  }
  return status;
}

// Only the simple command goes to the background: a backgrounded `cd && …` list would be a
// subshell holding ssh's stdout, and ssh would wait for it.
std::string JupyterStartScript(int port, std::string_view token) {
  return fmt::format(
      "{}cd || exit 1; JUPYTER_TOKEN={} nohup jupyter lab --no-browser --ip=127.0.0.1 --port={} "
      ">{} 2>&1 </dev/null &",
      kPathPrefix, ShellWord(token), port, kJupyterLogFile);
}

const JupyterServer* ChooseJupyterServer(const JupyterStatus& status, int port) {
  for (const JupyterServer& s : status.servers) {
    if (port == 0 || s.port == port) return &s;
  }
  return nullptr;
}

std::string JupyterLocalUrl(int local_port, const JupyterServer& server) {
  std::string base = server.base_url.empty() ? "/" : server.base_url;
  if (base.back() != '/') base.push_back('/');
  std::string url = fmt::format("http://127.0.0.1:{}{}lab", local_port, base);
  if (!server.token.empty()) url += "?token=" + server.token;
  return url;
}

}  // namespace spotrun
