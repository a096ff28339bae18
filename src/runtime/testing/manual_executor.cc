#include "runtime/testing/manual_executor.h"

namespace tocsin::runtime {

bool ManualExecutor::Submit(std::function<void()> task) {
  std::lock_guard<std::mutex> lock(mu_);
  if (queue_.size() >= max_queue_) return false;
  queue_.push_back(std::move(task));
  return true;
}

bool ManualExecutor::RunOne() {
  std::function<void()> task;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (queue_.empty()) return false;
    task = std::move(queue_.front());
    queue_.pop_front();
  }
  task();
  return true;
}

size_t ManualExecutor::RunAll() {
  size_t n = 0;
  while (RunOne()) ++n;
  return n;
}

size_t ManualExecutor::QueueSize() const {
  std::lock_guard<std::mutex> lock(mu_);
  return queue_.size();
}

}  // namespace tocsin::runtime
