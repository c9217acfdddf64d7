// SpotPriceSeries: the spot price-change events of one pool over a recorded window, replayed in a
// loop on any clock: local time t plays series time window_start + ((t - anchor) mod window
// length). PriceAt answers "what is the price now", History answers like DescribeSpotPriceHistory
// (events in the range plus the one in effect at its start, newest first). Immutable; thread-safe.
#ifndef SPOTRUN_MARKET_SPOT_PRICE_SERIES_H_
#define SPOTRUN_MARKET_SPOT_PRICE_SERIES_H_

#include <string>
#include <vector>

#include "base/clock.h"

namespace spotrun::market {

struct SpotPriceEvent {
  TimePoint timestamp;
  double price = 0;  // USD per hour
  bool operator==(const SpotPriceEvent&) const = default;
};

class SpotPriceSeries {
 public:
  // `events` must be non-empty, sorted by timestamp and inside [window_start, window_end);
  // `source` names where they came from (a data file, or "model").
  SpotPriceSeries(std::vector<SpotPriceEvent> events, TimePoint window_start, TimePoint window_end,
                  std::string source);

  // The price in effect at local time `t`. Before the first event of a loop, the last event's
  // price (of the previous loop) is in effect.
  double PriceAt(TimePoint t, TimePoint anchor) const;
  // The events with local timestamps in [start, end], plus the last one before `start` (the
  // price in effect at `start`), newest first. Empty when end < start.
  std::vector<SpotPriceEvent> History(TimePoint start, TimePoint end, TimePoint anchor) const;

  const std::vector<SpotPriceEvent>& events() const { return events_; }
  TimePoint window_start() const { return window_start_; }
  TimePoint window_end() const { return window_end_; }
  const std::string& source() const { return source_; }

 private:
  Duration length() const { return window_end_ - window_start_; }
  // The loop number of local time t and the series time it plays.
  long long LoopOf(TimePoint t, TimePoint anchor) const;
  TimePoint SeriesTime(TimePoint t, TimePoint anchor) const;
  TimePoint LocalTime(long long loop, const SpotPriceEvent& event, TimePoint anchor) const;

  std::vector<SpotPriceEvent> events_;
  TimePoint window_start_, window_end_;
  std::string source_;
};

}  // namespace spotrun::market

#endif  // SPOTRUN_MARKET_SPOT_PRICE_SERIES_H_
