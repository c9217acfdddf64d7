// ScaledClock: a Clock whose time runs `scale` times faster than a base clock from a start
// instant (`spotrun cloud serve --time-scale N`): at the start both read the same, and every
// real second afterwards is `scale` seconds here. Sleep waits 1/scale of the asked time on
// the base. Borrows the base clock, which must outlive it. Immutable after construction, so
// thread-safe when the base clock is.
#ifndef SPOTRUN_BASE_SCALED_CLOCK_H_
#define SPOTRUN_BASE_SCALED_CLOCK_H_

#include "base/clock.h"

namespace spotrun {

class ScaledClock final : public Clock {
 public:
  // `scale` must be > 0 (1 is the base's own pace; 60 makes a minute pass each second).
  ScaledClock(Clock& base, double scale, TimePoint start);
  // Starts at the base clock's present.
  ScaledClock(Clock& base, double scale) : ScaledClock(base, scale, base.Now()) {}

  // start + (base.Now() - start) * scale.
  TimePoint Now() const override;
  // Sleeps d / scale on the base clock.
  void Sleep(Duration d) override;

  double scale() const { return scale_; }
  TimePoint start() const { return start_; }

 private:
  Clock& base_;
  const double scale_;
  const TimePoint start_;
};

}  // namespace spotrun

#endif  // SPOTRUN_BASE_SCALED_CLOCK_H_
