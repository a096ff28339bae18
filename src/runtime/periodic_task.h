#ifndef TOCSIN_RUNTIME_PERIODIC_TASK_H_
#define TOCSIN_RUNTIME_PERIODIC_TASK_H_

#include <functional>
#include <memory>
#include <mutex>

#include "runtime/clock.h"
#include "runtime/scheduler.h"

namespace tocsin::runtime {

// Runs a task every `interval` on the Scheduler (GC and maintenance loops):
// the first run `interval` after Start, the next `interval` after the
// previous run ended. One timer at a time; no thread of its own.
//
// Thread-safe. Stop() cancels the pending run and waits for a running one
// to finish, so after Stop (or destruction) the task never runs again; the
// task must therefore not call Stop itself. The scheduler must outlive the
// object.
class PeriodicTask {
 public:
  // `task` receives the monotonic time its timer fired at.
  PeriodicTask(Scheduler& scheduler, Duration interval,
               std::function<void(MonoTime)> task);
  ~PeriodicTask();
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

  // Schedules the first run. No-op when running.
  void Start();
  // Cancels the pending run; waits for a running one. Idempotent.
  void Stop();

 private:
  struct State;
  static void Arm(const std::shared_ptr<State>& state);
  std::shared_ptr<State> state_;
};

}  // namespace tocsin::runtime

#endif  // TOCSIN_RUNTIME_PERIODIC_TASK_H_
