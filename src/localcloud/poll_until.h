// PollUntil: waits for a condition about real processes or sockets (a process gone, a
// cgroup frozen, a port open), checking every few milliseconds up to a deadline. Real
// processes live in real time, so this uses the steady clock, not an injected Clock (as
// base/subprocess.h does). Stateless; thread-safe.
#ifndef SPOTRUN_LOCALCLOUD_POLL_UNTIL_H_
#define SPOTRUN_LOCALCLOUD_POLL_UNTIL_H_

#include <chrono>
#include <thread>

namespace spotrun {

// True as soon as `done()` is; false when it is still false after `timeout`. `done` is
// checked at least once, and once more at the deadline.
template <typename Predicate>
bool PollUntil(std::chrono::milliseconds timeout, Predicate done,
               std::chrono::milliseconds interval = std::chrono::milliseconds(5)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return done();
    std::this_thread::sleep_for(interval);
  }
  return true;
}

}  // namespace spotrun

#endif  // SPOTRUN_LOCALCLOUD_POLL_UNTIL_H_
