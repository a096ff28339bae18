#include "runtime/periodic_task.h"

#include <utility>

namespace tocsin::runtime {

struct PeriodicTask::State {
  State(Scheduler& s, Duration i, std::function<void(MonoTime)> t)
      : scheduler(s), interval(i), task(std::move(t)) {}
  Scheduler& scheduler;
  const Duration interval;
  const std::function<void(MonoTime)> task;
  // Held while the task runs, so Stop() waits for it.
  std::mutex mu;
  bool running = false;  // GUARDED_BY(mu)
  TimerId timer;         // GUARDED_BY(mu)
};

PeriodicTask::PeriodicTask(Scheduler& scheduler, Duration interval,
                           std::function<void(MonoTime)> task)
    : state_(std::make_shared<State>(scheduler, interval, std::move(task))) {}

PeriodicTask::~PeriodicTask() { Stop(); }

void PeriodicTask::Start() {
  std::lock_guard<std::mutex> lock(state_->mu);
  if (state_->running) return;
  state_->running = true;
  Arm(state_);
}

// Requires state->mu held and running.
void PeriodicTask::Arm(const std::shared_ptr<State>& state) {
  std::weak_ptr<State> weak = state;
  state->timer =
      state->scheduler.ScheduleAfter(state->interval, [weak](MonoTime now) {
        std::shared_ptr<State> s = weak.lock();
        if (!s) return;
        std::lock_guard<std::mutex> lock(s->mu);
        if (!s->running) return;
        s->task(now);
        Arm(s);
      });
}

void PeriodicTask::Stop() {
  std::lock_guard<std::mutex> lock(state_->mu);
  if (!state_->running) return;
  state_->running = false;
  state_->scheduler.Cancel(state_->timer);
}

}  // namespace tocsin::runtime
