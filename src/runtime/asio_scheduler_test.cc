#include "runtime/asio_scheduler.h"

#include <gtest/gtest.h>

#include <future>
#include <mutex>
#include <vector>

#include "runtime/system_clock.h"

namespace tocsin::runtime {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(SystemClockTest, MonotonicNeverDecreases) {
  SystemClock clock;
  MonoTime a = clock.MonoNow();
  MonoTime b = clock.MonoNow();
  EXPECT_LE(a, b);
  // Wall time is after 2020-01-01.
  EXPECT_GT(ToUnixMillis(clock.Now()), 1577836800000);
}

TEST(AsioSchedulerTest, RunsTimersInDueOrderAndSkipsCancelled) {
  SystemClock clock;
  AsioScheduler sched(clock);
  std::mutex mu;
  std::vector<int> order;
  std::promise<void> done;
  MonoTime start = clock.MonoNow();
  MonoTime last_now;
  bool cancelled_ok = false;
  sched.ScheduleAfter(milliseconds(1), [&](MonoTime now) {
    std::lock_guard<std::mutex> lock(mu);
    order.push_back(1);
    // Scheduled and cancelled on the scheduler thread, so it cannot run in
    // between even though it is already due.
    TimerId cancelled = sched.ScheduleAt(now, [&](MonoTime) {
      std::lock_guard<std::mutex> lock(mu);
      order.push_back(99);
    });
    cancelled_ok = sched.Cancel(cancelled);
  });
  sched.ScheduleAfter(milliseconds(10), [&](MonoTime) {
    std::lock_guard<std::mutex> lock(mu);
    order.push_back(2);
  });
  // Scheduled last, so its due time is the latest whatever the delays.
  sched.ScheduleAfter(milliseconds(250), [&](MonoTime now) {
    std::lock_guard<std::mutex> lock(mu);
    order.push_back(3);
    last_now = now;
    done.set_value();
  });
  ASSERT_EQ(done.get_future().wait_for(seconds(10)), std::future_status::ready);
  std::lock_guard<std::mutex> lock(mu);
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
  EXPECT_TRUE(cancelled_ok);
  EXPECT_GE(last_now - start, milliseconds(250));
}

TEST(AsioSchedulerTest, CallbackCanScheduleAndEarlierTimerPreemptsLater) {
  SystemClock clock;
  AsioScheduler sched(clock);
  std::promise<int> result;
  // A far timer is armed first; a nearer one must still fire first.
  sched.ScheduleAfter(seconds(60), [&](MonoTime) { result.set_value(-1); });
  sched.ScheduleAfter(milliseconds(2), [&](MonoTime now) {
    sched.ScheduleAt(now, [&](MonoTime) { result.set_value(7); });
  });
  auto f = result.get_future();
  ASSERT_EQ(f.wait_for(seconds(10)), std::future_status::ready);
  EXPECT_EQ(f.get(), 7);
  sched.Stop();
}

TEST(AsioSchedulerTest, StopDropsPendingTimers) {
  SystemClock clock;
  AsioScheduler sched(clock);
  bool ran = false;
  TimerId id = sched.ScheduleAfter(seconds(60), [&](MonoTime) { ran = true; });
  sched.Stop();
  EXPECT_FALSE(sched.Cancel(id));
  sched.ScheduleAfter(Duration::zero(), [&](MonoTime) { ran = true; });
  sched.Stop();
  EXPECT_FALSE(ran);
}

}  // namespace
}  // namespace tocsin::runtime
