#include "store/testing/silence_store_conformance.h"

#include <gmock/gmock.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace tocsin::store {
namespace {

using silence::Silence;
using silence::SilenceId;
using silence::SilenceMatcher;

model::Time At(int64_t ns) { return model::Time(std::chrono::nanoseconds(ns)); }

Silence MakeSilence(const std::string& id) {
  Silence s;
  s.id = SilenceId(id);
  s.matchers = {{model::MatchType::kEqual, "alertname", "HighLatency"}};
  s.starts_at = At(1'700'000'000'123'456'789);
  s.ends_at = At(1'700'003'600'000'000'001);
  s.updated_at = At(1'700'000'000'000'000'000);
  s.created_by = "alice";
  s.comment = "maintenance";
  return s;
}

std::vector<Silence> Sorted(std::vector<Silence> v) {
  std::sort(v.begin(), v.end(),
            [](const Silence& a, const Silence& b) { return a.id < b.id; });
  return v;
}

std::vector<Silence> LoadSorted(silence::SilenceStore& store) {
  Result<std::vector<Silence>> r = store.Load();
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? Sorted(*r) : std::vector<Silence>{};
}

}  // namespace

std::string SilenceBackendName(
    const ::testing::TestParamInfo<SilenceBackendFactory>& info) {
  return info.param.name;
}

void SilenceStoreConformanceTest::SetUp() {
  backend_ = GetParam().make();
  ASSERT_NE(backend_, nullptr);
  auto store = backend_->Open();
  ASSERT_TRUE(store.ok()) << store.status();
  store_ = std::move(store).value();
}

TEST_P(SilenceStoreConformanceTest, EmptyStoreLoadsNothing) {
  EXPECT_THAT(LoadSorted(*store_), ::testing::IsEmpty());
}

TEST_P(SilenceStoreConformanceTest, RoundTripsEveryField) {
  Silence s;
  s.id = SilenceId("3f9c2a1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b");
  s.matchers = {
      {model::MatchType::kEqual, "alertname", "Disk\"Full\""},
      {model::MatchType::kNotEqual, "severity", ""},
      {model::MatchType::kRegexMatch, "instance", "web-[0-9]+\\.example\\.com"},
      {model::MatchType::kRegexNoMatch, "job", ".*(canary|test).*"},
      {model::MatchType::kEqual, "région", "Zürich 東京 🚨"},
  };
  s.starts_at = At(1);
  s.ends_at = At(9'223'372'036'854'775'807);  // the largest instant
  s.updated_at = At(-1'000'000'000);          // before the epoch
  s.created_by = "Ünïcødé <ops@example.com>";
  s.comment = std::string(100'000, 'x') + "\n\ttail ✓";
  ASSERT_TRUE(store_->Upsert(s).ok());
  EXPECT_THAT(LoadSorted(*store_), ::testing::ElementsAre(s));
}

TEST_P(SilenceStoreConformanceTest, KeepsMatcherOrderAndNoMatchers) {
  Silence a = MakeSilence("a");
  a.matchers.clear();
  for (int i = 0; i < 12; ++i) {
    a.matchers.push_back(
        {model::MatchType::kEqual, "l" + std::to_string(11 - i), "v"});
  }
  Silence b = MakeSilence("b");
  b.matchers.clear();
  ASSERT_TRUE(store_->Upsert(a).ok());
  ASSERT_TRUE(store_->Upsert(b).ok());
  EXPECT_THAT(LoadSorted(*store_), ::testing::ElementsAre(a, b));
}

TEST_P(SilenceStoreConformanceTest, UpsertReplaces) {
  Silence s = MakeSilence("id-1");
  ASSERT_TRUE(store_->Upsert(s).ok());
  s.matchers = {{model::MatchType::kRegexMatch, "team", "a|b"}};
  s.ends_at = At(5);
  s.comment = "changed";
  s.created_by = "bob";
  ASSERT_TRUE(store_->Upsert(s).ok());
  EXPECT_THAT(LoadSorted(*store_), ::testing::ElementsAre(s));
}

TEST_P(SilenceStoreConformanceTest, DeleteRemovesOnlyThatSilence) {
  Silence a = MakeSilence("a");
  Silence b = MakeSilence("b");
  ASSERT_TRUE(store_->Upsert(a).ok());
  ASSERT_TRUE(store_->Upsert(b).ok());
  ASSERT_TRUE(store_->Delete(SilenceId("a")).ok());
  EXPECT_THAT(LoadSorted(*store_), ::testing::ElementsAre(b));
  // Re-creating a deleted ID starts clean (no stale matchers).
  Silence a2 = MakeSilence("a");
  a2.matchers = {{model::MatchType::kNotEqual, "x", "y"}};
  ASSERT_TRUE(store_->Upsert(a2).ok());
  EXPECT_THAT(LoadSorted(*store_), ::testing::ElementsAre(a2, b));
}

TEST_P(SilenceStoreConformanceTest, DeleteMissingIsOk) {
  EXPECT_TRUE(store_->Delete(SilenceId("never-stored")).ok());
  ASSERT_TRUE(store_->Upsert(MakeSilence("a")).ok());
  ASSERT_TRUE(store_->Delete(SilenceId("a")).ok());
  EXPECT_TRUE(store_->Delete(SilenceId("a")).ok());
  EXPECT_THAT(LoadSorted(*store_), ::testing::IsEmpty());
}

TEST_P(SilenceStoreConformanceTest, ReopenPersists) {
  Silence a = MakeSilence("a");
  Silence b = MakeSilence("b");
  b.comment = "kept across restart";
  ASSERT_TRUE(store_->Upsert(a).ok());
  ASSERT_TRUE(store_->Upsert(b).ok());
  ASSERT_TRUE(store_->Delete(SilenceId("a")).ok());
  store_.reset();
  auto reopened = backend_->Open();
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  store_ = std::move(reopened).value();
  EXPECT_THAT(LoadSorted(*store_), ::testing::ElementsAre(b));
}

TEST_P(SilenceStoreConformanceTest, FailedWritesChangeNothing) {
  Silence s = MakeSilence("a");
  ASSERT_TRUE(store_->Upsert(s).ok());
  backend_->BlockWrites(true);
  Silence changed = s;
  changed.comment = "never stored";
  changed.matchers.push_back({model::MatchType::kEqual, "new", "m"});
  EXPECT_EQ(store_->Upsert(changed).code(), StatusCode::kUnavailable);
  EXPECT_EQ(store_->Upsert(MakeSilence("b")).code(), StatusCode::kUnavailable);
  EXPECT_EQ(store_->Delete(SilenceId("a")).code(), StatusCode::kUnavailable);
  // Reads keep working while writes fail, and see the old data.
  EXPECT_THAT(LoadSorted(*store_), ::testing::ElementsAre(s));
  backend_->BlockWrites(false);
  EXPECT_THAT(LoadSorted(*store_), ::testing::ElementsAre(s));
  ASSERT_TRUE(store_->Upsert(changed).ok());
  EXPECT_THAT(LoadSorted(*store_), ::testing::ElementsAre(changed));
}

TEST_P(SilenceStoreConformanceTest, ConcurrentLoadsSeeWholeSilences) {
  // One writer replaces silences whose matcher count encodes the version;
  // readers must never see a silence with a torn set of matchers.
  constexpr int kWrites = 60;
  auto versioned = [](int v) {
    Silence s = MakeSilence("s");
    s.comment = std::to_string(v);
    s.matchers.clear();
    for (int i = 0; i <= v % 5; ++i) {
      s.matchers.push_back(
          {model::MatchType::kEqual, "m" + std::to_string(i), s.comment});
    }
    return s;
  };
  ASSERT_TRUE(store_->Upsert(versioned(0)).ok());
  std::atomic<bool> done{false};
  std::atomic<int> torn{0};
  std::atomic<int> errors{0};
  std::atomic<int> loads{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 2; ++r) {
    readers.emplace_back([&] {
      do {
        Result<std::vector<Silence>> got = store_->Load();
        ++loads;
        if (!got.ok() || got->size() != 1) {
          ++errors;
          continue;
        }
        const Silence& s = got->front();
        int v = std::stoi(s.comment);
        if (s != versioned(v)) ++torn;
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
  EXPECT_GE(loads.load(), 2);
  EXPECT_THAT(LoadSorted(*store_), ::testing::ElementsAre(versioned(kWrites)));
}

}  // namespace tocsin::store
