// Jupyter on a machine: the shell scripts `spotrun jupyter` runs there over ssh (list the
// running servers, start one detached on 127.0.0.1 with a token) and the reading of their
// output. Only the machine runs Jupyter; spotrun reaches it through an ssh tunnel.
// Pure functions; thread-safe.
#ifndef SPOTRUN_CLOUD_JUPYTER_SERVER_H_
#define SPOTRUN_CLOUD_JUPYTER_SERVER_H_

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace spotrun {

// One line of `jupyter server list --json`.
struct JupyterServer {
  int port = 0;
  std::string token{};
  std::string base_url = "/";
  int pid = 0;
};

// What the list script printed: whether jupyter is installed, and the servers it runs.
struct JupyterStatus {
  bool installed = false;
  std::vector<JupyterServer> servers{};
};

// Where the started server writes its output, relative to the login's home.
inline constexpr std::string_view kJupyterLogFile = ".spotrun-jupyter.log";

// Prints a marker line when jupyter is not on PATH (with ~/.local/bin, where
// `pip install --user` puts it), else `jupyter server list --json`.
std::string JupyterListScript();
Result<JupyterStatus> ParseJupyterStatus(std::string_view output);

// Starts `jupyter lab` detached (nohup, output to kJupyterLogFile) on 127.0.0.1:port with
// `token`, in the login's home; returns at once.
std::string JupyterStartScript(int port, std::string_view token);

// The first server on `port`, or any server when port is 0; nullptr when there is none.
const JupyterServer* ChooseJupyterServer(const JupyterStatus& status, int port);

// "http://127.0.0.1:LOCAL_PORT/BASE/lab?token=TOKEN".
std::string JupyterLocalUrl(int local_port, const JupyterServer& server);

}  // namespace spotrun

#endif  // SPOTRUN_CLOUD_JUPYTER_SERVER_H_
