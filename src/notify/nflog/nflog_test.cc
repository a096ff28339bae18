#include "notify/nflog/nflog.h"

#include <gtest/gtest.h>

#include <chrono>

#include "notify/nflog/testing/memory_nflog_store.h"
#include "runtime/testing/manual_clock.h"
#include "runtime/testing/simulated_scheduler.h"

namespace tocsin::notify::nflog {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

const model::Time kT0 = model::Time(std::chrono::seconds(1704067200));
const ReceiverKey kRecv{"team", "webhook", 0};

TEST(ReceiverKeyTest, ToStringAndEntryKey) {
  EXPECT_EQ(kRecv.ToString(), "team/webhook/0");
  Entry e;
  e.group_key = "{}:{a=\"1\"}";
  e.receiver = kRecv;
  EXPECT_EQ(e.Key(), "{}:{a=\"1\"}:team/webhook/0");
}

TEST(EntryTest, Subsets) {
  Entry e;
  e.firing_alerts = {1, 2, 3};
  e.resolved_alerts = {4};
  EXPECT_TRUE(e.IsFiringSubset({1, 3}));
  EXPECT_TRUE(e.IsFiringSubset({}));
  EXPECT_FALSE(e.IsFiringSubset({1, 5}));
  EXPECT_TRUE(e.IsResolvedSubset({4}));
  EXPECT_FALSE(e.IsResolvedSubset({3}));
}

TEST(NotificationLogTest, LogQueryAndExpiry) {
  MemoryNflogStore store;
  NotificationLog log(store, hours(120));
  EXPECT_EQ(log.Query(kRecv, "g").status().code(), StatusCode::kNotFound);
  ASSERT_TRUE(log.Log(kRecv, "g", {3, 1, 1}, {2}, kT0, hours(8)).ok());
  Result<Entry> e = log.Query(kRecv, "g");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->firing_alerts, (std::vector<uint64_t>{1, 3}));
  EXPECT_EQ(e->resolved_alerts, (std::vector<uint64_t>{2}));
  EXPECT_EQ(e->timestamp, kT0);
  EXPECT_EQ(e->expires_at, kT0 + hours(8));
  // Expiry 0 or longer than retention: retention.
  ASSERT_TRUE(log.Log(kRecv, "h", {}, {}, kT0, hours(0)).ok());
  EXPECT_EQ(log.Query(kRecv, "h")->expires_at, kT0 + hours(120));
  ASSERT_TRUE(log.Log(kRecv, "i", {}, {}, kT0, hours(200)).ok());
  EXPECT_EQ(log.Query(kRecv, "i")->expires_at, kT0 + hours(120));
  EXPECT_EQ(store.size(), 3u);
}

TEST(NotificationLogTest, NewerEntryIsKept) {
  MemoryNflogStore store;
  NotificationLog log(store, hours(120));
  ASSERT_TRUE(log.Log(kRecv, "g", {1}, {}, kT0 + minutes(5), hours(1)).ok());
  ASSERT_TRUE(log.Log(kRecv, "g", {2}, {}, kT0, hours(1)).ok());
  EXPECT_EQ(log.Query(kRecv, "g")->firing_alerts, (std::vector<uint64_t>{1}));
}

TEST(NotificationLogTest, WriteThroughFailureChangesNothing) {
  MemoryNflogStore store;
  NotificationLog log(store, hours(120));
  store.set_fail_writes(true);
  EXPECT_EQ(log.Log(kRecv, "g", {1}, {}, kT0, hours(1)).code(),
            StatusCode::kUnavailable);
  EXPECT_EQ(log.size(), 0u);
}

TEST(NotificationLogTest, GcAndReload) {
  MemoryNflogStore store;
  {
    NotificationLog log(store, hours(120));
    ASSERT_TRUE(log.Log(kRecv, "a", {1}, {}, kT0, hours(1)).ok());
    ASSERT_TRUE(log.Log(kRecv, "b", {2}, {}, kT0, hours(3)).ok());
    Result<size_t> n = log.GC(kT0 + hours(1));  // exactly at expiry
    ASSERT_TRUE(n.ok());
    EXPECT_EQ(*n, 1u);
    EXPECT_EQ(store.size(), 1u);
  }
  NotificationLog reloaded(store, hours(120));
  ASSERT_TRUE(reloaded.LoadFromStore().ok());
  EXPECT_EQ(reloaded.size(), 1u);
  EXPECT_EQ(reloaded.Query(kRecv, "b")->firing_alerts,
            (std::vector<uint64_t>{2}));
  store.set_fail_writes(true);
  EXPECT_EQ(reloaded.GC(kT0 + hours(4)).status().code(),
            StatusCode::kUnavailable);
  EXPECT_EQ(reloaded.size(), 1u);
}

TEST(NflogGcLoopTest, CollectsOnTheSchedulerAndReportsErrors) {
  runtime::ManualClock clock(kT0);
  runtime::SimulatedScheduler scheduler(clock);
  MemoryNflogStore store;
  NotificationLog log(store, hours(120));
  ASSERT_TRUE(log.Log(kRecv, "a", {1}, {}, kT0, minutes(10)).ok());
  ASSERT_TRUE(log.Log(kRecv, "b", {1}, {}, kT0, minutes(40)).ok());
  std::vector<Status> errors;
  NflogGcLoop loop(log, scheduler, clock, minutes(15),
                   [&](const Status& s) { errors.push_back(s); });
  loop.Start();
  scheduler.AdvanceBy(minutes(14));
  EXPECT_EQ(log.size(), 2u);
  scheduler.AdvanceBy(minutes(1));
  EXPECT_EQ(log.size(), 1u);
  store.set_fail_writes(true);
  scheduler.AdvanceBy(minutes(30));
  EXPECT_EQ(log.size(), 1u);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code(), StatusCode::kUnavailable);
  loop.Stop();
  EXPECT_EQ(scheduler.PendingCount(), 0u);
}

}  // namespace
}  // namespace tocsin::notify::nflog
