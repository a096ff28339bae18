#include "store/testing/nflog_store_conformance.h"

#include <gmock/gmock.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <limits>
#include <string>
#include <thread>
#include <vector>

namespace tocsin::store {
namespace {

using notify::nflog::Entry;

model::Time At(int64_t ns) { return model::Time(std::chrono::nanoseconds(ns)); }

Entry MakeEntry(const std::string& group_key, uint32_t idx = 0) {
  Entry e;
  e.group_key = group_key;
  e.receiver = {"team-x", "webhook", idx};
  e.timestamp = At(1'700'000'000'123'456'789);
  e.firing_alerts = {1, 42, 0xfedcba9876543210ULL};
  e.resolved_alerts = {7};
  e.expires_at = At(1'700'432'000'123'456'789);
  return e;
}

std::vector<Entry> LoadSorted(notify::nflog::NflogStore& store) {
  Result<std::vector<Entry>> r = store.Load();
  EXPECT_TRUE(r.ok()) << r.status();
  if (!r.ok()) return {};
  std::vector<Entry> v = *r;
  std::sort(v.begin(), v.end(),
            [](const Entry& a, const Entry& b) { return a.Key() < b.Key(); });
  return v;
}

}  // namespace

std::string NflogBackendName(
    const ::testing::TestParamInfo<NflogBackendFactory>& info) {
  return info.param.name;
}

void NflogStoreConformanceTest::SetUp() {
  backend_ = GetParam().make();
  ASSERT_NE(backend_, nullptr);
  auto store = backend_->Open();
  ASSERT_TRUE(store.ok()) << store.status();
  store_ = std::move(store).value();
}

TEST_P(NflogStoreConformanceTest, EmptyStoreLoadsNothing) {
  EXPECT_THAT(LoadSorted(*store_), ::testing::IsEmpty());
}

TEST_P(NflogStoreConformanceTest, RoundTripsEveryField) {
  Entry e;
  e.group_key = "{}/{severity=~\"^(?:crit|warn)$\"}:{alertname=\"Zürich 🚨\"}";
  e.receiver = {"équipe, \"ops\"", "webhook", 4'294'967'295u};
  e.timestamp = At(-5);
  e.firing_alerts = {0, 1, std::numeric_limits<uint64_t>::max()};
  e.resolved_alerts = {};
  e.expires_at = At(std::numeric_limits<int64_t>::max());
  Entry none = MakeEntry("g2");
  none.firing_alerts.clear();
  none.resolved_alerts.clear();
  ASSERT_TRUE(store_->Upsert(e).ok());
  ASSERT_TRUE(store_->Upsert(none).ok());
  std::vector<Entry> want = {e, none};
  std::sort(want.begin(), want.end(),
            [](const Entry& a, const Entry& b) { return a.Key() < b.Key(); });
  EXPECT_THAT(LoadSorted(*store_), ::testing::ElementsAreArray(want));
}

TEST_P(NflogStoreConformanceTest, UpsertReplacesByKey) {
  Entry e = MakeEntry("g");
  ASSERT_TRUE(store_->Upsert(e).ok());
  Entry other_receiver = MakeEntry("g", 1);
  ASSERT_TRUE(store_->Upsert(other_receiver).ok());
  e.firing_alerts = {};
  e.resolved_alerts = {1, 42};
  e.timestamp = At(1'800'000'000'000'000'000);
  ASSERT_TRUE(store_->Upsert(e).ok());
  EXPECT_THAT(LoadSorted(*store_), ::testing::ElementsAre(e, other_receiver));
}

TEST_P(NflogStoreConformanceTest, DeleteByKeyAndMissingIsOk) {
  Entry a = MakeEntry("a");
  Entry b = MakeEntry("b");
  ASSERT_TRUE(store_->Upsert(a).ok());
  ASSERT_TRUE(store_->Upsert(b).ok());
  ASSERT_TRUE(store_->Delete(a.Key()).ok());
  EXPECT_TRUE(store_->Delete(a.Key()).ok());
  EXPECT_TRUE(store_->Delete("never:stored/x/0").ok());
  EXPECT_THAT(LoadSorted(*store_), ::testing::ElementsAre(b));
}

TEST_P(NflogStoreConformanceTest, ReopenPersists) {
  Entry a = MakeEntry("a");
  Entry b = MakeEntry("b");
  ASSERT_TRUE(store_->Upsert(a).ok());
  ASSERT_TRUE(store_->Upsert(b).ok());
  ASSERT_TRUE(store_->Delete(b.Key()).ok());
  store_.reset();
  auto reopened = backend_->Open();
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  store_ = std::move(reopened).value();
  EXPECT_THAT(LoadSorted(*store_), ::testing::ElementsAre(a));
}

TEST_P(NflogStoreConformanceTest, FailedWritesChangeNothing) {
  Entry a = MakeEntry("a");
  ASSERT_TRUE(store_->Upsert(a).ok());
  backend_->BlockWrites(true);
  Entry changed = a;
  changed.firing_alerts = {99};
  EXPECT_EQ(store_->Upsert(changed).code(), StatusCode::kUnavailable);
  EXPECT_EQ(store_->Upsert(MakeEntry("b")).code(), StatusCode::kUnavailable);
  EXPECT_EQ(store_->Delete(a.Key()).code(), StatusCode::kUnavailable);
  EXPECT_THAT(LoadSorted(*store_), ::testing::ElementsAre(a));
  backend_->BlockWrites(false);
  ASSERT_TRUE(store_->Upsert(changed).ok());
  EXPECT_THAT(LoadSorted(*store_), ::testing::ElementsAre(changed));
}

TEST_P(NflogStoreConformanceTest, ConcurrentLoadsSeeWholeEntries) {
  constexpr int kWrites = 60;
  auto versioned = [](int v) {
    Entry e = MakeEntry("g");
    e.firing_alerts.clear();
    for (int i = 0; i <= v % 5; ++i) {
      e.firing_alerts.push_back(static_cast<uint64_t>(v));
    }
    e.resolved_alerts = {static_cast<uint64_t>(v)};
    return e;
  };
  ASSERT_TRUE(store_->Upsert(versioned(0)).ok());
  std::atomic<bool> done{false};
  std::atomic<int> torn{0};
  std::atomic<int> errors{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 2; ++r) {
    readers.emplace_back([&] {
      do {
        Result<std::vector<Entry>> got = store_->Load();
        if (!got.ok() || got->size() != 1) {
          ++errors;
          continue;
        }
        const Entry& e = got->front();
        int v = static_cast<int>(e.resolved_alerts.at(0));
        if (e != versioned(v)) ++torn;
      } while (!done.load());
    });
  }
  int write_errors = 0;
  for (int v = 1; v <= kWrites; ++v) {
    if (!store_->Upsert(versioned(v)).ok()) ++write_errors;
  }
  done = true;
  for (std::thread& t : readers) t.join();
  EXPECT_EQ(write_errors, 0);
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(torn.load(), 0);
  EXPECT_THAT(LoadSorted(*store_), ::testing::ElementsAre(versioned(kWrites)));
}

}  // namespace tocsin::store
