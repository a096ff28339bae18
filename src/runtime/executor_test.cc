#include "runtime/executor.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <vector>

#include "runtime/testing/manual_executor.h"

namespace tocsin::runtime {
namespace {

TEST(ThreadPoolExecutorTest, RunsEveryTaskAndDrainsOnStop) {
  ThreadPoolExecutor pool(ThreadPoolOptions{2, 1000, "test"});
  std::atomic<int> sum{0};
  for (int i = 1; i <= 100; ++i) {
    ASSERT_TRUE(pool.Submit([&sum, i] { sum += i; }));
  }
  pool.Stop();
  EXPECT_EQ(sum.load(), 5050);
  EXPECT_FALSE(pool.Submit([] {}));
}

TEST(ThreadPoolExecutorTest, FullQueueRefuses) {
  ThreadPoolExecutor pool(ThreadPoolOptions{1, 1, "test"});
  std::promise<void> started;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  ASSERT_TRUE(pool.Submit([&] {
    started.set_value();
    released.wait();
  }));
  ASSERT_EQ(started.get_future().wait_for(std::chrono::seconds(10)),
            std::future_status::ready);
  EXPECT_TRUE(pool.Submit([] {}));   // Fills the one queue slot.
  EXPECT_FALSE(pool.Submit([] {}));  // Refused.
  EXPECT_EQ(pool.QueueSize(), 1u);
  release.set_value();
  pool.Stop();
  EXPECT_EQ(pool.QueueSize(), 0u);
}

TEST(ManualExecutorTest, RunsInOrderIncludingNestedSubmits) {
  ManualExecutor ex(3);
  std::vector<int> order;
  EXPECT_TRUE(ex.Submit([&] {
    order.push_back(1);
    ex.Submit([&] { order.push_back(3); });
  }));
  EXPECT_TRUE(ex.Submit([&] { order.push_back(2); }));
  EXPECT_TRUE(ex.Submit([] {}));
  EXPECT_FALSE(ex.Submit([] {}));
  EXPECT_EQ(ex.QueueSize(), 3u);
  EXPECT_EQ(ex.RunAll(), 4u);
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
  EXPECT_FALSE(ex.RunOne());
}

}  // namespace
}  // namespace tocsin::runtime
