// Lazy<T>: a value (or the error that prevented it) computed on first use, exactly once. This is
// how the market defers parsing until a lookup needs it, so `spotrun --help` parses nothing.
// Get() is thread-safe (std::call_once); the value is immutable afterwards.
#ifndef SPOTRUN_MARKET_LAZY_H_
#define SPOTRUN_MARKET_LAZY_H_

#include <functional>
#include <mutex>
#include <optional>
#include <utility>

#include "base/result.h"

namespace spotrun::market {

template <typename T>
class Lazy {
 public:
  explicit Lazy(std::function<Result<T>()> load) : load_(std::move(load)) {}
  Lazy(const Lazy&) = delete;
  Lazy& operator=(const Lazy&) = delete;

  const Result<T>& Get() const {
    std::call_once(once_, [this] { value_.emplace(load_()); });
    return *value_;
  }
  bool loaded() const { return value_.has_value(); }  // for tests of laziness; racy by design

 private:
  std::function<Result<T>()> load_;
  mutable std::once_flag once_;
  mutable std::optional<Result<T>> value_;
};

}  // namespace spotrun::market

#endif  // SPOTRUN_MARKET_LAZY_H_
