#ifndef TOCSIN_RUNTIME_TESTING_MANUAL_EXECUTOR_H_
#define TOCSIN_RUNTIME_TESTING_MANUAL_EXECUTOR_H_

#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>

#include "runtime/executor.h"

namespace tocsin::runtime {

// An Executor for tests: Submit only queues; the test runs the tasks on its
// own thread with RunAll / RunOne, so ordering is deterministic. A bounded
// queue (max_queue) lets tests exercise the "queue full" path.
class ManualExecutor final : public Executor {
 public:
  explicit ManualExecutor(size_t max_queue = static_cast<size_t>(-1))
      : max_queue_(max_queue) {}

  bool Submit(std::function<void()> task) override;

  // Runs the oldest queued task; false if none.
  bool RunOne();
  // Runs tasks until the queue is empty, including tasks they submit.
  // Returns how many ran.
  size_t RunAll();
  size_t QueueSize() const;

 private:
  const size_t max_queue_;
  mutable std::mutex mu_;
  std::deque<std::function<void()>> queue_;  // GUARDED_BY(mu_)
};

}  // namespace tocsin::runtime

#endif  // TOCSIN_RUNTIME_TESTING_MANUAL_EXECUTOR_H_
