#ifndef TOCSIN_RUNTIME_SCHEDULER_H_
#define TOCSIN_RUNTIME_SCHEDULER_H_

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>

#include "runtime/clock.h"

namespace tocsin::runtime {

// Identifies one scheduled timer. Ids are unique per scheduler and never
// reused; the default-constructed id (0) names no timer.
class TimerId {
 public:
  TimerId() = default;
  explicit TimerId(uint64_t value) : value_(value) {}

  uint64_t value() const { return value_; }
  bool valid() const { return value_ != 0; }
  std::string ToString() const { return std::to_string(value_); }

  friend bool operator==(TimerId a, TimerId b) = default;
  friend auto operator<=>(TimerId a, TimerId b) = default;

 private:
  uint64_t value_ = 0;
};

inline std::ostream& operator<<(std::ostream& os, TimerId id) {
  return os << "TimerId(" << id.value() << ")";
}

// A timer callback. `now` is the monotonic time at which the timer fired
// (>= its due time); pass it down instead of reading the clock again.
using TimerCallback = std::function<void(MonoTime now)>;

// The one timer queue of the process. Every timer in tocsin (group flushes,
// repeat intervals, retries, escalation steps) is an entry here; nothing
// starts a thread per timer.
//
// Ordering: callbacks run one at a time, in order of due time; timers with
// the same due time run in the order they were scheduled.
// Thread safety: all methods may be called from any thread, including from
// inside a callback. Callbacks never run while a scheduler lock is held, so a
// callback may schedule or cancel timers.
class Scheduler {
 public:
  virtual ~Scheduler() = default;

  // Runs `callback` once at or after monotonic time `due`. A due time in the
  // past runs as soon as possible. Returns the timer's id.
  virtual TimerId ScheduleAt(MonoTime due, TimerCallback callback) = 0;

  // Runs `callback` once `delay` after the scheduler's current monotonic
  // time. A negative delay counts as zero.
  virtual TimerId ScheduleAfter(Duration delay, TimerCallback callback) = 0;

  // Cancels a pending timer. Returns true if it was pending and will now
  // never run; false if it already ran, is running now, was already
  // cancelled, or never existed.
  virtual bool Cancel(TimerId id) = 0;
};

}  // namespace tocsin::runtime

#endif  // TOCSIN_RUNTIME_SCHEDULER_H_
