#ifndef TOCSIN_RUNTIME_TIMER_QUEUE_H_
#define TOCSIN_RUNTIME_TIMER_QUEUE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <unordered_map>
#include <utility>

#include "runtime/clock.h"
#include "runtime/scheduler.h"

namespace tocsin::runtime {

// The ordered set of pending timers shared by every Scheduler
// implementation: due time first, then scheduling order. Not thread-safe;
// the owning scheduler serializes access.
class TimerQueue {
 public:
  struct Entry {
    TimerId id;
    MonoTime due;
    TimerCallback callback;
  };

  // Adds a timer and returns its fresh id (ids start at 1).
  TimerId Add(MonoTime due, TimerCallback callback);

  // Removes a pending timer. True if it was pending.
  bool Cancel(TimerId id);

  // Removes and returns the earliest timer if it is due at or before `now`;
  // nullopt if the queue is empty or the earliest is later than `now`.
  std::optional<Entry> PopDue(MonoTime now);

  // The due time of the earliest pending timer; nullopt when empty.
  std::optional<MonoTime> NextDue() const;

  size_t size() const { return by_due_.size(); }
  bool empty() const { return by_due_.empty(); }

  // Drops every pending timer without running it.
  void Clear();

 private:
  using Key = std::pair<MonoTime, uint64_t>;  // (due, id): FIFO among equals.
  std::map<Key, TimerCallback> by_due_;
  std::unordered_map<uint64_t, MonoTime> due_by_id_;
  uint64_t next_id_ = 1;
};

}  // namespace tocsin::runtime

#endif  // TOCSIN_RUNTIME_TIMER_QUEUE_H_
