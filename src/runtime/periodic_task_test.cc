#include "runtime/periodic_task.h"

#include <gtest/gtest.h>

#include <vector>

#include "runtime/testing/manual_clock.h"
#include "runtime/testing/simulated_scheduler.h"

namespace tocsin::runtime {
namespace {

using namespace std::chrono_literals;

TEST(PeriodicTaskTest, RunsEveryIntervalAfterStartUntilStopped) {
  ManualClock clock;
  SimulatedScheduler scheduler(clock);
  std::vector<MonoTime> runs;
  PeriodicTask task(scheduler, 10s, [&](MonoTime now) { runs.push_back(now); });
  scheduler.AdvanceBy(30s);
  EXPECT_TRUE(runs.empty());  // not started
  const MonoTime start = clock.MonoNow();
  task.Start();
  task.Start();  // no-op: still one timer
  scheduler.AdvanceBy(25s);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0], start + 10s);
  EXPECT_EQ(runs[1], start + 20s);
  task.Stop();
  scheduler.AdvanceBy(60s);
  EXPECT_EQ(runs.size(), 2u);
  task.Start();
  scheduler.AdvanceBy(10s);
  EXPECT_EQ(runs.size(), 3u);
}

TEST(PeriodicTaskTest, DestructionCancelsThePendingRun) {
  ManualClock clock;
  SimulatedScheduler scheduler(clock);
  int runs = 0;
  {
    PeriodicTask task(scheduler, 1s, [&](MonoTime) { ++runs; });
    task.Start();
  }
  scheduler.AdvanceBy(5s);
  EXPECT_EQ(runs, 0);
}

}  // namespace
}  // namespace tocsin::runtime
