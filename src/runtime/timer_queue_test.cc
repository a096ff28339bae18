#include "runtime/timer_queue.h"

#include <gtest/gtest.h>

#include <string>

namespace tocsin::runtime {
namespace {

using std::chrono::seconds;

MonoTime At(int s) { return MonoTime(seconds(s)); }

TEST(TimerQueueTest, PopsInDueOrderThenFifo) {
  TimerQueue q;
  std::string order;
  q.Add(At(5), [&](MonoTime) { order += "c"; });
  q.Add(At(1), [&](MonoTime) { order += "a"; });
  q.Add(At(5), [&](MonoTime) { order += "d"; });
  q.Add(At(3), [&](MonoTime) { order += "b"; });
  EXPECT_EQ(q.NextDue(), At(1));
  EXPECT_FALSE(q.PopDue(At(0)).has_value());
  while (auto e = q.PopDue(At(10))) e->callback(At(10));
  EXPECT_EQ(order, "abcd");
  EXPECT_TRUE(q.empty());
  EXPECT_FALSE(q.NextDue().has_value());
}

TEST(TimerQueueTest, CancelRemovesOnlyPending) {
  TimerQueue q;
  TimerId a = q.Add(At(1), [](MonoTime) {});
  TimerId b = q.Add(At(2), [](MonoTime) {});
  EXPECT_EQ(a.value(), 1u);
  EXPECT_EQ(b.value(), 2u);
  EXPECT_TRUE(q.Cancel(a));
  EXPECT_FALSE(q.Cancel(a));
  EXPECT_FALSE(q.Cancel(TimerId(99)));
  auto e = q.PopDue(At(10));
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->id, b);
  EXPECT_EQ(e->due, At(2));
  EXPECT_FALSE(q.Cancel(b));
}

}  // namespace
}  // namespace tocsin::runtime
