#include "agent/stop_signals.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace spotrun {
namespace {

int g_write_fd = -1;  // the one installed pipe; written only by the handler
struct sigaction g_previous_term, g_previous_int;

void OnStopSignal(int) {
  int saved = errno;
  char byte = 1;
  [[maybe_unused]] ssize_t n = ::write(g_write_fd, &byte, 1);
  errno = saved;
}

}  // namespace

Result<std::unique_ptr<StopSignals>> StopSignals::Install() {
  if (g_write_fd >= 0) {
    return Status::FailedPrecondition("stop signals are already being watched",
                                      "create one StopSignals per process");
  }
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) {
    return Status::Internal(
        std::string("cannot create a pipe for SIGTERM: ") + std::strerror(errno),
        "the process may be out of file descriptors");
  }
  g_write_fd = fds[1];
  struct sigaction action {};
  action.sa_handler = &OnStopSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  ::sigaction(SIGTERM, &action, &g_previous_term);
  ::sigaction(SIGINT, &action, &g_previous_int);
  return std::unique_ptr<StopSignals>(new StopSignals(fds[0], fds[1]));
}

StopSignals::~StopSignals() {
  ::sigaction(SIGTERM, &g_previous_term, nullptr);
  ::sigaction(SIGINT, &g_previous_int, nullptr);
  g_write_fd = -1;
  ::close(read_fd_);
  ::close(write_fd_);
}

}  // namespace spotrun
