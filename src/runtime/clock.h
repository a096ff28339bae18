#ifndef TOCSIN_RUNTIME_CLOCK_H_
#define TOCSIN_RUNTIME_CLOCK_H_

#include <chrono>

namespace tocsin::runtime {

// Wall-clock time: what is shown to users and stored (alert startsAt,
// silence endsAt). It can jump when the system clock is set.
using WallTime = std::chrono::time_point<std::chrono::system_clock,
                                         std::chrono::nanoseconds>;

// Monotonic time: used to measure intervals and to schedule timers. Never
// jumps; its epoch is unspecified (only differences mean something).
using MonoTime = std::chrono::time_point<std::chrono::steady_clock,
                                         std::chrono::nanoseconds>;

// An interval of time in either domain.
using Duration = std::chrono::nanoseconds;

// The one source of "now" for domain code. Domain code takes a `Clock&` and
// never reads std::chrono clocks itself. Implementations must be thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;

  // The current wall-clock time.
  virtual WallTime Now() const = 0;
  // The current monotonic time; never decreases between calls.
  virtual MonoTime MonoNow() const = 0;
};

// Milliseconds since the Unix epoch (the unit of sample timestamps).
inline int64_t ToUnixMillis(WallTime t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             t.time_since_epoch())
      .count();
}
inline WallTime FromUnixMillis(int64_t ms) {
  return WallTime(std::chrono::milliseconds(ms));
}
// Seconds since the Unix epoch as a double (Prometheus' float timestamps).
inline double ToUnixSeconds(WallTime t) {
  return std::chrono::duration<double>(t.time_since_epoch()).count();
}

}  // namespace tocsin::runtime

#endif  // TOCSIN_RUNTIME_CLOCK_H_
