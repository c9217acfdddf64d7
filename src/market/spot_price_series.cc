#include "market/spot_price_series.h"

#include <algorithm>
#include <cstdlib>
#include <optional>

namespace spotrun::market {
namespace {

// Floor division, so times before the anchor fall in negative loops.
long long FloorDiv(long long a, long long b) {
  long long q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

}  // namespace

SpotPriceSeries::SpotPriceSeries(std::vector<SpotPriceEvent> events, TimePoint window_start,
                                 TimePoint window_end, std::string source)
    : events_(std::move(events)),
      window_start_(window_start),
      window_end_(window_end),
      source_(std::move(source)) {
  // A broken invariant here is a bug in the loader or the model, never a user error.
  if (events_.empty() || window_end_ <= window_start_ ||
      events_.front().timestamp < window_start_ || events_.back().timestamp >= window_end_ ||
      !std::is_sorted(events_.begin(), events_.end(),
                      [](const auto& a, const auto& b) { return a.timestamp < b.timestamp; })) {
    std::abort();
  }
}

long long SpotPriceSeries::LoopOf(TimePoint t, TimePoint anchor) const {
  return FloorDiv((t - anchor).count(), length().count());
}

TimePoint SpotPriceSeries::SeriesTime(TimePoint t, TimePoint anchor) const {
  Duration into_loop = (t - anchor) - LoopOf(t, anchor) * length();
  return window_start_ + into_loop;
}

TimePoint SpotPriceSeries::LocalTime(long long loop, const SpotPriceEvent& event,
                                     TimePoint anchor) const {
  return anchor + loop * length() + (event.timestamp - window_start_);
}

double SpotPriceSeries::PriceAt(TimePoint t, TimePoint anchor) const {
  TimePoint s = SeriesTime(t, anchor);
  auto it = std::upper_bound(events_.begin(), events_.end(), s,
                             [](TimePoint v, const SpotPriceEvent& e) { return v < e.timestamp; });
  return it == events_.begin() ? events_.back().price : std::prev(it)->price;
}

std::vector<SpotPriceEvent> SpotPriceSeries::History(TimePoint start, TimePoint end,
                                                     TimePoint anchor) const {
  std::vector<SpotPriceEvent> out;
  if (end < start) return out;
  const long long first = LoopOf(start, anchor), last = LoopOf(end, anchor);
  // The price in effect at `start`: the newest replayed event at or before it.
  std::optional<SpotPriceEvent> in_effect;
  for (long long loop = first; loop >= first - 1 && !in_effect; --loop) {
    for (auto it = events_.rbegin(); it != events_.rend(); ++it) {
      TimePoint local = LocalTime(loop, *it, anchor);
      if (local <= start) {
        in_effect = SpotPriceEvent{local, it->price};
        break;
      }
    }
  }
  for (long long loop = last; loop >= first; --loop) {
    for (auto it = events_.rbegin(); it != events_.rend(); ++it) {
      TimePoint local = LocalTime(loop, *it, anchor);
      if (local >= start && local <= end) out.push_back({local, it->price});
    }
  }
  if (in_effect && (out.empty() || out.back().timestamp != in_effect->timestamp)) {
    out.push_back(*in_effect);
  }
  return out;
}

}  // namespace spotrun::market
