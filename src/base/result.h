// Result<T>: a value or the error Status that explains its absence.
// Move-friendly; accessing value() of an error aborts (a bug, never a user error).
#ifndef SPOTRUN_BASE_RESULT_H_
#define SPOTRUN_BASE_RESULT_H_

#include <cstdlib>
#include <type_traits>
#include <utility>
#include <variant>

#include "base/status.h"

namespace spotrun {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(const T& value) : v_(value) {}            // NOLINT(google-explicit-constructor)
  Result(T&& value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Status status) : v_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    if (std::get<Status>(v_).ok()) std::abort();   // an ok Status carries no value
  }
  template <typename U>
  requires(std::is_constructible_v<T, U&&> && !std::is_same_v<std::decay_t<U>, Status> &&
           !std::is_same_v<std::decay_t<U>, Result>) Result(U&& value)
      : v_(T(std::forward<U>(value))) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return v_.index() == 1; }
  const Status& status() const {
    static const Status* ok_status = new Status();
    return ok() ? *ok_status : std::get<Status>(v_);
  }

  T& value() & { return Checked(); }
  const T& value() const& { return const_cast<Result*>(this)->Checked(); }
  T&& value() && { return std::move(Checked()); }
  T* operator->() { return &Checked(); }
  const T* operator->() const { return &const_cast<Result*>(this)->Checked(); }
  T& operator*() & { return Checked(); }
  const T& operator*() const& { return const_cast<Result*>(this)->Checked(); }

  T value_or(T fallback) const& { return ok() ? std::get<T>(v_) : fallback; }

 private:
  T& Checked() {
    if (!ok()) std::abort();
    return std::get<T>(v_);
  }
  std::variant<Status, T> v_;
};

}  // namespace spotrun

#define SPOTRUN_CONCAT_INNER(a, b) a##b
#define SPOTRUN_CONCAT(a, b) SPOTRUN_CONCAT_INNER(a, b)
#define SPOTRUN_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return tmp.status();                 \
  lhs = std::move(tmp).value()

// SPOTRUN_ASSIGN_OR_RETURN(auto x, MakeX()); returns the error Status if MakeX failed.
#define SPOTRUN_ASSIGN_OR_RETURN(lhs, expr) \
  SPOTRUN_ASSIGN_OR_RETURN_IMPL(SPOTRUN_CONCAT(spotrun_result_, __LINE__), lhs, expr)

#endif  // SPOTRUN_BASE_RESULT_H_
