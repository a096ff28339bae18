#ifndef TOCSIN_RUNTIME_TESTING_SIMULATED_SCHEDULER_H_
#define TOCSIN_RUNTIME_TESTING_SIMULATED_SCHEDULER_H_

#include <cstddef>
#include <mutex>
#include <optional>

#include "runtime/clock.h"
#include "runtime/scheduler.h"
#include "runtime/testing/manual_clock.h"
#include "runtime/timer_queue.h"

namespace tocsin::runtime {

// A Scheduler driven by the test: time moves only through AdvanceBy /
// AdvanceTo / RunDue, which run due callbacks on the calling thread in due
// order (FIFO among equal due times), including callbacks scheduled by
// callbacks while advancing. Before each callback the clock is moved to that
// callback's due time, and the callback receives it as `now`, so code under
// test sees exactly the times it asked for.
//
// `clock` must outlive the scheduler. Schedule/Cancel are thread-safe;
// advance from one thread at a time.
class SimulatedScheduler final : public Scheduler {
 public:
  explicit SimulatedScheduler(ManualClock& clock) : clock_(clock) {}

  TimerId ScheduleAt(MonoTime due, TimerCallback callback) override;
  TimerId ScheduleAfter(Duration delay, TimerCallback callback) override;
  bool Cancel(TimerId id) override;

  // Advances the clock by `d`, running every timer due up to the new time.
  // Returns the number of callbacks run.
  size_t AdvanceBy(Duration d);
  // Advances the clock to `t` (no-op for the clock if `t` is not later),
  // running every timer due up to `t`. Returns the number of callbacks run.
  size_t AdvanceTo(MonoTime t);
  // Runs the timers due at the current time without moving the clock.
  size_t RunDue();

  // Number of pending timers.
  size_t PendingCount() const;
  // Due time of the earliest pending timer.
  std::optional<MonoTime> NextDue() const;

 private:
  ManualClock& clock_;
  mutable std::mutex mu_;
  TimerQueue queue_;  // GUARDED_BY(mu_)
};

}  // namespace tocsin::runtime

#endif  // TOCSIN_RUNTIME_TESTING_SIMULATED_SCHEDULER_H_
