#ifndef TOCSIN_RUNTIME_EXECUTOR_H_
#define TOCSIN_RUNTIME_EXECUTOR_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace tocsin::runtime {

// Runs work items somewhere else (a thread pool in production, the test's
// thread in tests). Domain code that has blocking work (a delivery, a
// store write) hands it to an Executor instead of starting threads.
class Executor {
 public:
  virtual ~Executor() = default;

  // Queues `task`. Returns false, without running or keeping it, when the
  // queue is full or the executor is stopped: the caller refuses or drops
  // and counts (every queue in tocsin is bounded). Thread-safe.
  virtual bool Submit(std::function<void()> task) = 0;
};

struct ThreadPoolOptions {
  // Worker threads. Default 2.
  int threads = 2;
  // Queued (not yet running) tasks beyond this are refused. Default 1024.
  size_t max_queue = 1024;
  // Thread name prefix shown by debuggers and `top -H` (max 15 chars total).
  std::string name = "tocsin-pool";
};

// A fixed pool of threads sharing one bounded FIFO queue.
class ThreadPoolExecutor final : public Executor {
 public:
  explicit ThreadPoolExecutor(ThreadPoolOptions options = {});
  // Stops (see Stop).
  ~ThreadPoolExecutor() override;

  ThreadPoolExecutor(const ThreadPoolExecutor&) = delete;
  ThreadPoolExecutor& operator=(const ThreadPoolExecutor&) = delete;

  bool Submit(std::function<void()> task) override;

  // Refuses new tasks, runs every task already queued, then joins the
  // threads. Idempotent. Must not be called from a task.
  void Stop();

  // Tasks queued and not yet started.
  size_t QueueSize() const;

 private:
  void Work();

  const ThreadPoolOptions options_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;  // GUARDED_BY(mu_)
  bool stopping_ = false;                    // GUARDED_BY(mu_)
  std::vector<std::thread> threads_;
};

}  // namespace tocsin::runtime

#endif  // TOCSIN_RUNTIME_EXECUTOR_H_
