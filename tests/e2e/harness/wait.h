#ifndef TOCSIN_TESTS_E2E_HARNESS_WAIT_H_
#define TOCSIN_TESTS_E2E_HARNESS_WAIT_H_

#include <chrono>
#include <functional>

namespace tocsin::e2e {

// Polls `predicate` every `poll_interval` until it returns true or `timeout`
// has passed (steady clock). Returns true as soon as the predicate holds;
// false when the time ran out (the predicate is evaluated at least once and
// once more at the deadline). Never waits longer than timeout + one poll +
// one predicate call.
bool WaitUntil(
    const std::function<bool()>& predicate, std::chrono::milliseconds timeout,
    std::chrono::milliseconds poll_interval = std::chrono::milliseconds(50));

// The default bound of every wait in the harness.
inline constexpr std::chrono::seconds kDefaultWait{30};

}  // namespace tocsin::e2e

#endif  // TOCSIN_TESTS_E2E_HARNESS_WAIT_H_
