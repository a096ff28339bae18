#include "runtime/asio_scheduler.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include "runtime/timer_queue.h"

namespace tocsin::runtime {

namespace asio = boost::asio;

struct AsioScheduler::Impl {
  explicit Impl(const Clock& c)
      : clock(c), timer(io), work(asio::make_work_guard(io)) {}

  // Re-arms the Asio timer for the earliest pending due time. Runs on the
  // scheduler thread only, so `timer` needs no lock.
  void Arm() {
    std::optional<MonoTime> next;
    {
      std::lock_guard<std::mutex> lock(mu);
      if (stopped) return;
      next = queue.NextDue();
      armed_for = next;
    }
    if (!next) {
      timer.cancel();
      return;
    }
    timer.expires_at(std::chrono::steady_clock::time_point(
        std::chrono::duration_cast<std::chrono::steady_clock::duration>(
            next->time_since_epoch())));
    timer.async_wait([this](const boost::system::error_code& ec) {
      if (ec == asio::error::operation_aborted) return;
      RunDue();
    });
  }

  // Runs every timer due by now, one at a time, without holding `mu`.
  void RunDue() {
    for (;;) {
      std::optional<TimerQueue::Entry> entry;
      MonoTime now = clock.MonoNow();
      {
        std::lock_guard<std::mutex> lock(mu);
        if (stopped) return;
        entry = queue.PopDue(now);
      }
      if (!entry) break;
      entry->callback(now);
    }
    Arm();
  }

  const Clock& clock;
  asio::io_context io;
  asio::steady_timer timer;
  asio::executor_work_guard<asio::io_context::executor_type> work;
  std::thread thread;

  std::mutex mu;
  TimerQueue queue;                   // GUARDED_BY(mu)
  std::optional<MonoTime> armed_for;  // GUARDED_BY(mu)
  bool stopped = false;               // GUARDED_BY(mu)
};

AsioScheduler::AsioScheduler(const Clock& clock)
    : impl_(std::make_unique<Impl>(clock)) {
  impl_->thread = std::thread([impl = impl_.get()] { impl->io.run(); });
}

AsioScheduler::~AsioScheduler() { Stop(); }

TimerId AsioScheduler::ScheduleAt(MonoTime due, TimerCallback callback) {
  TimerId id;
  bool rearm = false;
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    id = impl_->queue.Add(due, std::move(callback));
    if (impl_->stopped) {
      impl_->queue.Clear();
      return id;
    }
    // Re-arm only when this timer is now the earliest one and the armed
    // timer would fire later (or nothing is armed).
    if (*impl_->queue.NextDue() == due &&
        (!impl_->armed_for || due < *impl_->armed_for)) {
      impl_->armed_for = due;
      rearm = true;
    }
  }
  if (rearm) asio::post(impl_->io, [impl = impl_.get()] { impl->Arm(); });
  return id;
}

TimerId AsioScheduler::ScheduleAfter(Duration delay, TimerCallback callback) {
  if (delay < Duration::zero()) delay = Duration::zero();
  return ScheduleAt(impl_->clock.MonoNow() + delay, std::move(callback));
}

bool AsioScheduler::Cancel(TimerId id) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  // The armed Asio timer may now fire with nothing due; RunDue then just
  // re-arms, which is cheaper than re-arming on every cancel.
  return impl_->queue.Cancel(id);
}

void AsioScheduler::Stop() {
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    if (impl_->stopped && !impl_->thread.joinable()) return;
    impl_->stopped = true;
    impl_->queue.Clear();
  }
  asio::post(impl_->io, [impl = impl_.get()] {
    impl->timer.cancel();
    impl->work.reset();
  });
  if (impl_->thread.joinable()) impl_->thread.join();
}

}  // namespace tocsin::runtime
