#include "runtime/executor.h"

#include <pthread.h>

namespace tocsin::runtime {

ThreadPoolExecutor::ThreadPoolExecutor(ThreadPoolOptions options)
    : options_(std::move(options)) {
  int n = options_.threads < 1 ? 1 : options_.threads;
  for (int i = 0; i < n; ++i) {
    threads_.emplace_back([this] { Work(); });
    std::string name = options_.name + "-" + std::to_string(i);
    if (name.size() > 15) name.resize(15);
    pthread_setname_np(threads_.back().native_handle(), name.c_str());
  }
}

ThreadPoolExecutor::~ThreadPoolExecutor() { Stop(); }

bool ThreadPoolExecutor::Submit(std::function<void()> task) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ || queue_.size() >= options_.max_queue) return false;
    queue_.push_back(std::move(task));
  }
  cv_.notify_one();
  return true;
}

void ThreadPoolExecutor::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
}

size_t ThreadPoolExecutor::QueueSize() const {
  std::lock_guard<std::mutex> lock(mu_);
  return queue_.size();
}

void ThreadPoolExecutor::Work() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // Stopping and drained.
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    task();
  }
}

}  // namespace tocsin::runtime
