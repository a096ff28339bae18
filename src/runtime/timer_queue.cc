#include "runtime/timer_queue.h"

namespace tocsin::runtime {

TimerId TimerQueue::Add(MonoTime due, TimerCallback callback) {
  uint64_t id = next_id_++;
  by_due_.emplace(Key(due, id), std::move(callback));
  due_by_id_.emplace(id, due);
  return TimerId(id);
}

bool TimerQueue::Cancel(TimerId id) {
  auto it = due_by_id_.find(id.value());
  if (it == due_by_id_.end()) return false;
  by_due_.erase(Key(it->second, id.value()));
  due_by_id_.erase(it);
  return true;
}

std::optional<TimerQueue::Entry> TimerQueue::PopDue(MonoTime now) {
  if (by_due_.empty()) return std::nullopt;
  auto it = by_due_.begin();
  if (it->first.first > now) return std::nullopt;
  Entry entry{TimerId(it->first.second), it->first.first,
              std::move(it->second)};
  due_by_id_.erase(it->first.second);
  by_due_.erase(it);
  return entry;
}

std::optional<MonoTime> TimerQueue::NextDue() const {
  if (by_due_.empty()) return std::nullopt;
  return by_due_.begin()->first.first;
}

void TimerQueue::Clear() {
  by_due_.clear();
  due_by_id_.clear();
}

}  // namespace tocsin::runtime
