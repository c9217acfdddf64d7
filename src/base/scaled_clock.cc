#include "base/scaled_clock.h"

#include <cassert>
#include <chrono>

namespace spotrun {
namespace {

// `d` times `factor`, rounded to the nearest tick of `D`.
template <typename D>
D Scale(D d, double factor) {
  return std::chrono::round<D>(std::chrono::duration<double, typename D::period>(d) * factor);
}

}  // namespace

ScaledClock::ScaledClock(Clock& base, double scale, TimePoint start)
    : base_(base), scale_(scale), start_(start) {
  assert(scale > 0);
}

TimePoint ScaledClock::Now() const { return start_ + Scale(base_.Now() - start_, scale_); }

void ScaledClock::Sleep(Duration d) {
  if (d <= Duration::zero()) return;
  base_.Sleep(Scale(d, 1.0 / scale_));
}

}  // namespace spotrun
