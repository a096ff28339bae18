#ifndef TOCSIN_BASE_RESULT_H_
#define TOCSIN_BASE_RESULT_H_

#include <cstdlib>
#include <iostream>
#include <optional>
#include <type_traits>
#include <utility>

#include "base/status.h"

namespace tocsin {

// Either a value of type T or a non-OK Status (std::expected is C++23).
// Accessing value() of an error Result is a bug and aborts.
template <typename T>
class [[nodiscard]] Result {
 public:
  // Implicit from a value or an error Status, so functions can `return x;`.
  Result(const T& value) : value_(value) {}        // NOLINT
  Result(T&& value) : value_(std::move(value)) {}  // NOLINT
  template <typename U, typename = std::enable_if_t<
                            std::is_constructible_v<T, U&&> &&
                            !std::is_same_v<std::decay_t<U>, T> &&
                            !std::is_same_v<std::decay_t<U>, Status>>>
  Result(U&& value) : value_(T(std::forward<U>(value))) {}  // NOLINT
  Result(Status status) : status_(std::move(status)) {      // NOLINT
    if (status_.ok()) {
      std::cerr << "Result constructed from an OK Status\n";
      std::abort();
    }
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  const T& value() const& {
    Check();
    return *value_;
  }
  T& value() & {
    Check();
    return *value_;
  }
  T&& value() && {
    Check();
    return std::move(*value_);
  }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

 private:
  void Check() const {
    if (!value_) {
      std::cerr << "Result::value() on error: " << status_ << "\n";
      std::abort();
    }
  }
  std::optional<T> value_;
  Status status_;
};

}  // namespace tocsin

// Evaluates `rexpr` (a Result<T>); on error returns its Status from the
// enclosing function, otherwise moves the value into `lhs` (a declaration
// such as `auto x` or an existing lvalue).
#define ASSIGN_OR_RETURN(lhs, rexpr) \
  TOCSIN_ASSIGN_OR_RETURN_IMPL_(     \
      TOCSIN_STATUS_CONCAT_(_tocsin_result_, __LINE__), lhs, rexpr)
#define TOCSIN_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, rexpr) \
  auto tmp = (rexpr);                                  \
  if (!tmp.ok()) return tmp.status();                  \
  lhs = std::move(tmp).value()

#endif  // TOCSIN_BASE_RESULT_H_
