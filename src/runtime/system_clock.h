#ifndef TOCSIN_RUNTIME_SYSTEM_CLOCK_H_
#define TOCSIN_RUNTIME_SYSTEM_CLOCK_H_

#include "runtime/clock.h"

namespace tocsin::runtime {

// The production clock: std::chrono::system_clock for wall time and
// std::chrono::steady_clock for monotonic time. The only code in tocsin that
// reads the std::chrono clocks. Stateless and thread-safe.
class SystemClock final : public Clock {
 public:
  WallTime Now() const override;
  MonoTime MonoNow() const override;
};

}  // namespace tocsin::runtime

#endif  // TOCSIN_RUNTIME_SYSTEM_CLOCK_H_
