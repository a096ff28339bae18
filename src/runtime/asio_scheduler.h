#ifndef TOCSIN_RUNTIME_ASIO_SCHEDULER_H_
#define TOCSIN_RUNTIME_ASIO_SCHEDULER_H_

#include <memory>

#include "runtime/clock.h"
#include "runtime/scheduler.h"

namespace tocsin::runtime {

// The production Scheduler: one timer queue served by one Asio io_context
// on one dedicated thread, with a single steady_timer armed for the earliest
// due time (no thread or Asio timer per tocsin timer). Callbacks run on that
// thread, one at a time, in due order; a slow callback delays the others,
// so callbacks should be short and hand long work to an executor.
//
// `clock` supplies "now" for ScheduleAfter and for the `now` given to
// callbacks; it must be the SystemClock (or another clock whose MonoTime
// follows std::chrono::steady_clock) and must outlive the scheduler.
// Thread safety: every method may be called from any thread.
class AsioScheduler final : public Scheduler {
 public:
  // Starts the scheduler thread.
  explicit AsioScheduler(const Clock& clock);
  // Stops (see Stop) and joins the thread.
  ~AsioScheduler() override;

  AsioScheduler(const AsioScheduler&) = delete;
  AsioScheduler& operator=(const AsioScheduler&) = delete;

  TimerId ScheduleAt(MonoTime due, TimerCallback callback) override;
  TimerId ScheduleAfter(Duration delay, TimerCallback callback) override;
  bool Cancel(TimerId id) override;

  // Drops all pending timers, waits for a running callback to return and
  // joins the thread. Later Schedule calls return ids whose timers never
  // run. Idempotent. Must not be called from inside a callback.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tocsin::runtime

#endif  // TOCSIN_RUNTIME_ASIO_SCHEDULER_H_
