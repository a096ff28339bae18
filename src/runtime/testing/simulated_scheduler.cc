#include "runtime/testing/simulated_scheduler.h"

#include <utility>

namespace tocsin::runtime {

TimerId SimulatedScheduler::ScheduleAt(MonoTime due, TimerCallback callback) {
  std::lock_guard<std::mutex> lock(mu_);
  return queue_.Add(due, std::move(callback));
}

TimerId SimulatedScheduler::ScheduleAfter(Duration delay,
                                          TimerCallback callback) {
  if (delay < Duration::zero()) delay = Duration::zero();
  return ScheduleAt(clock_.MonoNow() + delay, std::move(callback));
}

bool SimulatedScheduler::Cancel(TimerId id) {
  std::lock_guard<std::mutex> lock(mu_);
  return queue_.Cancel(id);
}

size_t SimulatedScheduler::AdvanceBy(Duration d) {
  if (d < Duration::zero()) d = Duration::zero();
  return AdvanceTo(clock_.MonoNow() + d);
}

size_t SimulatedScheduler::AdvanceTo(MonoTime t) {
  size_t ran = 0;
  for (;;) {
    std::optional<TimerQueue::Entry> entry;
    {
      std::lock_guard<std::mutex> lock(mu_);
      entry = queue_.PopDue(t);
    }
    if (!entry) break;
    // A timer scheduled in the past fires "now", not back in time.
    clock_.AdvanceMonoTo(entry->due);
    MonoTime now = clock_.MonoNow();
    entry->callback(now);
    ++ran;
  }
  clock_.AdvanceMonoTo(t);
  return ran;
}

size_t SimulatedScheduler::RunDue() { return AdvanceTo(clock_.MonoNow()); }

size_t SimulatedScheduler::PendingCount() const {
  std::lock_guard<std::mutex> lock(mu_);
  return queue_.size();
}

std::optional<MonoTime> SimulatedScheduler::NextDue() const {
  std::lock_guard<std::mutex> lock(mu_);
  return queue_.NextDue();
}

}  // namespace tocsin::runtime
