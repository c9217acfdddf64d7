// StopSignals: turns SIGTERM and SIGINT sent to the agent into a readable file descriptor (a
// self-pipe), so the agent's single-threaded loop can wait on it with poll() beside the job's
// exit and stop the job gracefully instead of dying and leaving it orphaned. One may exist at
// a time (the handlers are process-wide); the destructor restores the previous handlers.
// Not thread-safe.
#ifndef SPOTRUN_AGENT_STOP_SIGNALS_H_
#define SPOTRUN_AGENT_STOP_SIGNALS_H_

#include <memory>

#include "base/result.h"

namespace spotrun {

class StopSignals {
 public:
  static Result<std::unique_ptr<StopSignals>> Install();
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  int fd() const { return read_fd_; }  // readable once a stop signal arrived

 private:
  StopSignals(int read_fd, int write_fd) : read_fd_(read_fd), write_fd_(write_fd) {}
  int read_fd_;
  int write_fd_;
};

}  // namespace spotrun

#endif  // SPOTRUN_AGENT_STOP_SIGNALS_H_
