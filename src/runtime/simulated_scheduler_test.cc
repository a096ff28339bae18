#include "runtime/testing/simulated_scheduler.h"

#include <gtest/gtest.h>

#include <vector>

#include "runtime/testing/manual_clock.h"

namespace tocsin::runtime {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

TEST(ManualClockTest, StartsAtDefaultAndAdvancesBoth) {
  ManualClock clock;
  EXPECT_EQ(ToUnixMillis(clock.Now()), 1704067200000);
  MonoTime m0 = clock.MonoNow();
  clock.Advance(seconds(90));
  EXPECT_EQ(ToUnixMillis(clock.Now()), 1704067290000);
  EXPECT_EQ(clock.MonoNow() - m0, seconds(90));
  clock.SetWall(FromUnixMillis(1000));
  EXPECT_EQ(ToUnixMillis(clock.Now()), 1000);
  EXPECT_EQ(clock.MonoNow() - m0, seconds(90));
  clock.Advance(seconds(-5));
  EXPECT_EQ(clock.MonoNow() - m0, seconds(90));
}

TEST(SimulatedSchedulerTest, RunsDueWorkInOrderWithFiringTime) {
  ManualClock clock;
  SimulatedScheduler sched(clock);
  MonoTime t0 = clock.MonoNow();
  std::vector<std::pair<int, Duration>> fired;
  sched.ScheduleAfter(seconds(30), [&](MonoTime now) {
    fired.push_back({30, now - t0});
  });
  sched.ScheduleAfter(seconds(10), [&](MonoTime now) {
    fired.push_back({10, now - t0});
    EXPECT_EQ(clock.MonoNow(), now);
  });
  sched.ScheduleAfter(minutes(5), [&](MonoTime now) {
    fired.push_back({300, now - t0});
  });
  EXPECT_EQ(sched.PendingCount(), 3u);
  EXPECT_EQ(sched.AdvanceBy(seconds(9)), 0u);
  EXPECT_TRUE(fired.empty());
  EXPECT_EQ(sched.AdvanceBy(seconds(21)), 2u);
  ASSERT_EQ(fired.size(), 2u);
  EXPECT_EQ(fired[0], std::make_pair(10, Duration(seconds(10))));
  EXPECT_EQ(fired[1], std::make_pair(30, Duration(seconds(30))));
  EXPECT_EQ(clock.MonoNow() - t0, seconds(30));
  EXPECT_EQ(sched.NextDue(), t0 + minutes(5));
}

TEST(SimulatedSchedulerTest, RunsWorkScheduledByCallbacks) {
  ManualClock clock;
  SimulatedScheduler sched(clock);
  MonoTime t0 = clock.MonoNow();
  std::vector<Duration> ticks;
  // A repeating 1-minute timer that reschedules itself from its callback.
  std::function<void(MonoTime)> tick = [&](MonoTime now) {
    ticks.push_back(now - t0);
    sched.ScheduleAt(now + minutes(1), tick);
  };
  sched.ScheduleAfter(minutes(1), tick);
  EXPECT_EQ(sched.AdvanceBy(minutes(3) + seconds(30)), 3u);
  EXPECT_EQ(ticks, (std::vector<Duration>{minutes(1), minutes(2), minutes(3)}));
  EXPECT_EQ(sched.PendingCount(), 1u);
}

TEST(SimulatedSchedulerTest,
     ZeroDelayWorkScheduledByCallbackRunsInSameAdvance) {
  ManualClock clock;
  SimulatedScheduler sched(clock);
  std::vector<int> order;
  sched.ScheduleAfter(seconds(1), [&](MonoTime) {
    order.push_back(1);
    sched.ScheduleAfter(Duration::zero(),
                        [&](MonoTime) { order.push_back(2); });
  });
  sched.ScheduleAfter(seconds(1), [&](MonoTime) { order.push_back(3); });
  EXPECT_EQ(sched.AdvanceBy(seconds(1)), 3u);
  EXPECT_EQ(order, (std::vector<int>{1, 3, 2}));
}

TEST(SimulatedSchedulerTest, CancelPreventsRun) {
  ManualClock clock;
  SimulatedScheduler sched(clock);
  int ran = 0;
  TimerId a = sched.ScheduleAfter(seconds(1), [&](MonoTime) { ran += 1; });
  TimerId b = sched.ScheduleAfter(seconds(2), [&](MonoTime) { ran += 10; });
  EXPECT_NE(a, b);
  EXPECT_TRUE(sched.Cancel(a));
  EXPECT_FALSE(sched.Cancel(a));
  EXPECT_EQ(sched.AdvanceBy(seconds(5)), 1u);
  EXPECT_EQ(ran, 10);
  EXPECT_FALSE(sched.Cancel(b));
}

TEST(SimulatedSchedulerTest, PastDueRunsOnRunDueAtCurrentTime) {
  ManualClock clock;
  SimulatedScheduler sched(clock);
  MonoTime now0 = clock.MonoNow();
  MonoTime seen;
  sched.ScheduleAt(now0 - seconds(10), [&](MonoTime now) { seen = now; });
  EXPECT_EQ(sched.RunDue(), 1u);
  EXPECT_EQ(seen, now0);
  EXPECT_EQ(clock.MonoNow(), now0);
}

TEST(SimulatedSchedulerTest, WallTimeFollowsSimulatedTime) {
  ManualClock clock;
  SimulatedScheduler sched(clock);
  int64_t wall_ms = 0;
  sched.ScheduleAfter(minutes(2),
                      [&](MonoTime) { wall_ms = ToUnixMillis(clock.Now()); });
  sched.AdvanceBy(minutes(10));
  EXPECT_EQ(wall_ms, 1704067200000 + 120000);
  EXPECT_EQ(ToUnixMillis(clock.Now()), 1704067200000 + 600000);
}

}  // namespace
}  // namespace tocsin::runtime
