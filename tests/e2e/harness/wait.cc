#include "e2e/harness/wait.h"

#include <thread>

namespace tocsin::e2e {

bool WaitUntil(const std::function<bool()>& predicate,
               std::chrono::milliseconds timeout,
               std::chrono::milliseconds poll_interval) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    if (predicate()) return true;
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return false;
    // Bounded polling of an external process; never sleeps past the deadline.
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
        poll_interval, deadline - now));
  }
}

}  // namespace tocsin::e2e
