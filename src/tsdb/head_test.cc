#include "tsdb/head.h"

#include <bit>
#include <cmath>
#include <map>
#include <random>
#include <thread>

#include "gtest/gtest.h"

namespace tocsin::tsdb {
namespace {

using model::Labels;

model::Matcher M(model::MatchType t, std::string n, std::string v) {
  auto m = model::Matcher::Create(t, std::move(n), std::move(v));
  EXPECT_TRUE(m.ok()) << m.status();
  return *m;
}
model::Matcher Eq(std::string n, std::string v) {
  return M(model::MatchType::kEqual, std::move(n), std::move(v));
}

// Labels → samples of a query.
std::map<std::string, std::vector<Sample>> Query(const series::Queryable& q,
                                                 Timestamp mint, Timestamp maxt,
                                                 const model::Matchers& ms,
                                                 bool sorted = true) {
  std::map<std::string, std::vector<Sample>> out;
  auto querier = q.NewQuerier(mint, maxt);
  EXPECT_TRUE(querier.ok());
  auto set = (*querier)->Select(sorted, nullptr, ms);
  while (set->Next()) {
    auto it = set->At().Iterator();
    std::vector<Sample>& v = out[set->At().labels().ToString()];
    while (it->Next()) v.push_back(it->At());
    EXPECT_TRUE(it->err().ok()) << it->err();
  }
  EXPECT_TRUE(set->err().ok());
  return out;
}

std::vector<Sample> Only(const std::map<std::string, std::vector<Sample>>& m) {
  EXPECT_EQ(m.size(), 1u);
  return m.empty() ? std::vector<Sample>{} : m.begin()->second;
}

std::vector<Timestamp> Times(const std::vector<Sample>& s) {
  std::vector<Timestamp> out;
  for (const Sample& x : s) out.push_back(x.t);
  return out;
}

const Labels kA({{"__name__", "up"}, {"job", "a"}});
const Labels kB({{"__name__", "up"}, {"job", "b"}});

TEST(HeadTest, NothingVisibleBeforeCommit) {
  Head head({});
  auto app = head.NewAppender();
  ASSERT_TRUE(app->Append(kA, 1000, 1).ok());
  EXPECT_TRUE(Query(head, 0, 10000, {Eq("__name__", "up")}).empty());
  ASSERT_TRUE(app->Commit().ok());
  EXPECT_EQ(Only(Query(head, 0, 10000, {Eq("__name__", "up")})).size(), 1u);
}

TEST(HeadTest, RollbackDiscards) {
  Head head({});
  auto app = head.NewAppender();
  ASSERT_TRUE(app->Append(kA, 1000, 1).ok());
  app->Rollback();
  ASSERT_TRUE(app->Commit().ok());
  EXPECT_TRUE(Query(head, 0, 10000, {Eq("__name__", "up")}).empty());
  EXPECT_EQ(head.Stats().num_series, 0u);
}

TEST(HeadTest, LabelValidation) {
  Head head({});
  auto app = head.NewAppender();
  EXPECT_TRUE(app->Append(Labels(), 1, 1).IsInvalidArgument());
  EXPECT_TRUE(app->Append(Labels({{"job", "a"}}), 1, 1).IsInvalidArgument());
}

TEST(HeadTest, ManySamplesAcrossChunks) {
  Head head({});
  auto app = head.NewAppender();
  for (int i = 0; i < 1000; ++i) {
    ASSERT_TRUE(app->Append(kA, i * 15000, i).ok());
  }
  ASSERT_TRUE(app->Commit().ok());
  std::vector<Sample> got =
      Only(Query(head, 0, 1000 * 15000, {Eq("job", "a")}));
  ASSERT_EQ(got.size(), 1000u);
  for (int i = 0; i < 1000; ++i) {
    EXPECT_EQ(got[i].t, i * 15000);
    EXPECT_EQ(got[i].v, i);
  }
  // Range restriction, inclusive on both ends.
  got = Only(Query(head, 15000 * 200, 15000 * 300, {Eq("job", "a")}));
  EXPECT_EQ(got.size(), 101u);
  EXPECT_EQ(got.front().t, 15000 * 200);
  EXPECT_EQ(got.back().t, 15000 * 300);
  // Seek through the head iterator.
  auto q = *head.NewQuerier(0, 1000 * 15000);
  auto set = q->Select(false, nullptr, {Eq("job", "a")});
  ASSERT_TRUE(set->Next());
  auto it = set->At().Iterator();
  ASSERT_TRUE(it->Seek(15000 * 500 + 1));
  EXPECT_EQ(it->At().t, 15000 * 501);
  ASSERT_TRUE(it->Seek(0));
  EXPECT_EQ(it->At().t, 15000 * 501);
  EXPECT_FALSE(it->Seek(15000 * 1000));
}

TEST(HeadTest, PrometheusAppendErrors) {
  Head head({});
  auto app = head.NewAppender();
  ASSERT_TRUE(app->Append(kA, 1000, 1).ok());
  ASSERT_TRUE(app->Append(kA, 2000, 2).ok());
  // Within the batch.
  Status st = app->Append(kA, 1500, 3);
  EXPECT_EQ(st.code(), StatusCode::kOutOfRange);
  EXPECT_EQ(st.message(), kErrOutOfOrder);
  EXPECT_EQ(app->Append(kA, 2000, 9).message(), kErrDuplicate);
  EXPECT_TRUE(app->Append(kA, 2000, 2).ok());  // same sample: fine
  ASSERT_TRUE(app->Commit().ok());
  // Against committed data.
  EXPECT_EQ(app->Append(kA, 1999, 1).message(), kErrOutOfOrder);
  EXPECT_EQ(app->Append(kA, 2000, 5).message(), kErrDuplicate);
  EXPECT_TRUE(app->Append(kA, 2000, 2).ok());
  // NaNs compare by bits: StaleNaN vs another NaN is a different value.
  ASSERT_TRUE(app->Append(kA, 3000, series::StaleNaN()).ok());
  ASSERT_TRUE(app->Commit().ok());
  EXPECT_TRUE(app->Append(kA, 3000, series::StaleNaN()).ok());
  EXPECT_EQ(app->Append(kA, 3000, std::nan("")).message(), kErrDuplicate);
  ASSERT_TRUE(app->Commit().ok());
  std::vector<Sample> got = Only(Query(head, 0, 5000, {Eq("job", "a")}));
  EXPECT_EQ(Times(got), (std::vector<Timestamp>{1000, 2000, 3000}));
  EXPECT_TRUE(series::IsStaleNaN(got[2].v));
  // Out of bounds after retention.
  head.Truncate(2500);
  EXPECT_EQ(app->Append(kB, 2400, 1).message(), kErrOutOfBounds);
  EXPECT_EQ(head.Stats().dropped_on_commit, 0u);
}

TEST(HeadTest, OutOfOrderWindow) {
  Head head({.out_of_order_window_ms = 10000});
  auto app = head.NewAppender();
  ASSERT_TRUE(app->Append(kA, 100000, 1).ok());
  ASSERT_TRUE(app->Append(kB, 50000, 1).ok());
  ASSERT_TRUE(app->Commit().ok());
  // Head max is 100000: window starts at 90000.
  ASSERT_TRUE(app->Append(kA, 95000, 2).ok());
  ASSERT_TRUE(app->Append(kA, 92000, 3).ok());
  EXPECT_EQ(app->Append(kA, 89999, 4).message(), kErrTooOld);
  EXPECT_EQ(app->Append(kB, 40000, 4).message(), kErrTooOld);
  EXPECT_EQ(app->Append(kA, 95000, 7).message(), kErrDuplicate);
  ASSERT_TRUE(app->Append(kA, 101000, 5).ok());
  ASSERT_TRUE(app->Commit().ok());
  EXPECT_EQ(app->Append(kA, 92000, 8).message(), kErrDuplicate);
  EXPECT_EQ(app->Append(kA, 100000, 8).message(), kErrDuplicate);
  EXPECT_TRUE(app->Append(kA, 92000, 3).ok());
  ASSERT_TRUE(app->Commit().ok());
  std::vector<Sample> got = Only(Query(head, 0, 200000, {Eq("job", "a")}));
  EXPECT_EQ(Times(got), (std::vector<Timestamp>{92000, 95000, 100000, 101000}));
  EXPECT_EQ(got[0].v, 3);
  EXPECT_EQ(got[1].v, 2);
  // Range and seek over the merged view.
  got = Only(Query(head, 93000, 100000, {Eq("job", "a")}));
  EXPECT_EQ(Times(got), (std::vector<Timestamp>{95000, 100000}));
  // Retention drops out-of-order samples too.
  head.Truncate(93000);
  got = Only(Query(head, 0, 200000, {Eq("job", "a")}));
  EXPECT_EQ(Times(got), (std::vector<Timestamp>{95000, 100000, 101000}));
}

TEST(HeadTest, SelectSortedAndLabelQueries) {
  Head head({});
  auto app = head.NewAppender();
  Labels c({{"__name__", "down"}, {"job", "c"}, {"env", "prod"}});
  ASSERT_TRUE(app->Append(kB, 1000, 1).ok());
  ASSERT_TRUE(app->Append(c, 1000, 1).ok());
  ASSERT_TRUE(app->Append(kA, 5000, 1).ok());
  ASSERT_TRUE(app->Commit().ok());
  auto q = *head.NewQuerier(0, 10000);
  auto set = q->Select(true, nullptr,
                       {M(model::MatchType::kRegexMatch, "__name__", ".+")});
  std::vector<Labels> order;
  while (set->Next()) order.push_back(set->At().labels());
  EXPECT_EQ(order, (std::vector<Labels>{c, kA, kB}));

  EXPECT_EQ(*q->LabelNames({}),
            (std::vector<std::string>{"__name__", "env", "job"}));
  EXPECT_EQ(*q->LabelNames({Eq("__name__", "up")}),
            (std::vector<std::string>{"__name__", "job"}));
  EXPECT_EQ(*q->LabelValues("job", {}),
            (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(*q->LabelValues("job", {Eq("env", "")}),
            (std::vector<std::string>{"a", "b"}));
  // Only series with samples in range count.
  auto late = *head.NewQuerier(4000, 10000);
  EXPECT_EQ(*late->LabelValues("job", {}), (std::vector<std::string>{"a"}));
  EXPECT_EQ(Query(head, 4000, 10000, {Eq("__name__", "up")}).size(), 1u);
}

TEST(HeadTest, TruncateDropsOldChunksAndEmptySeries) {
  Head head({});
  auto app = head.NewAppender();
  for (int i = 0; i < 500; ++i) ASSERT_TRUE(app->Append(kA, i * 1000, i).ok());
  ASSERT_TRUE(app->Append(kB, 1000, 1).ok());
  ASSERT_TRUE(app->Commit().ok());
  size_t before = head.Stats().chunk_bytes;
  EXPECT_EQ(head.Truncate(300 * 1000), 1u);  // kB removed
  EXPECT_EQ(head.Stats().num_series, 1u);
  EXPECT_LT(head.Stats().chunk_bytes, before);
  auto q = *head.NewQuerier(0, 1'000'000);
  EXPECT_EQ(*q->LabelValues("job", {}), (std::vector<std::string>{"a"}));
  std::vector<Sample> got = Only(Query(head, 0, 1'000'000, {Eq("job", "a")}));
  ASSERT_EQ(got.size(), 200u);  // samples before mint are never returned
  EXPECT_EQ(got.front().t, 300 * 1000);
  // A series removed by retention can come back with a new ref.
  ASSERT_TRUE(app->Append(kB, 600 * 1000, 2).ok());
  ASSERT_TRUE(app->Commit().ok());
  EXPECT_EQ(Only(Query(head, 0, 1'000'000, {Eq("job", "b")})).size(), 1u);
  EXPECT_EQ(head.Truncate(10'000'000), 2u);
  EXPECT_EQ(head.Stats().num_series, 0u);
  EXPECT_TRUE(q->LabelNames({})->empty());
}

TEST(HeadTest, ConcurrentAppendersAndQueriers) {
  Head head({});
  constexpr int kWriters = 4;
  constexpr int kSamples = 2000;
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&head, w] {
      auto app = head.NewAppender();
      Labels own({{"__name__", "m"}, {"w", std::to_string(w)}});
      Labels shared({{"__name__", "shared"}});
      for (int i = 0; i < kSamples; ++i) {
        ASSERT_TRUE(app->Append(own, i, i).ok());
        // Writers race on one series; losers' samples are rejected or
        // dropped, never corrupting it.
        (void)app->Append(shared, i, 0);
        if (i % 10 == 9) {
          ASSERT_TRUE(app->Commit().ok());
        }
      }
      ASSERT_TRUE(app->Commit().ok());
    });
  }
  threads.emplace_back([&head, &stop] {
    while (!stop.load()) {
      auto got = Query(head, 0, kSamples, {Eq("__name__", "m")});
      for (const auto& [l, s] : got) {
        // Commits are atomic: each series holds whole batches of 10.
        EXPECT_EQ(s.size() % 10, 0u) << l;
        for (size_t i = 0; i < s.size(); ++i) {
          ASSERT_EQ(s[i].t, static_cast<Timestamp>(i));
        }
      }
    }
  });
  for (int w = 0; w < kWriters; ++w) threads[w].join();
  stop.store(true);
  threads.back().join();
  auto got = Query(head, 0, kSamples, {Eq("__name__", "m")});
  ASSERT_EQ(got.size(), static_cast<size_t>(kWriters));
  for (const auto& [l, s] : got) EXPECT_EQ(s.size(), size_t{kSamples});
  std::vector<Sample> shared =
      Only(Query(head, 0, kSamples, {Eq("__name__", "shared")}));
  EXPECT_EQ(shared.size(), size_t{kSamples});
  for (size_t i = 0; i < shared.size(); ++i) {
    EXPECT_EQ(shared[i].t, static_cast<Timestamp>(i));
  }
}

TEST(HeadPropertyTest, RandomAppendsMatchModel) {
  std::mt19937_64 rng(99);
  Head head({.out_of_order_window_ms = 5000});
  std::map<Timestamp, double> model;
  Timestamp max_t = std::numeric_limits<Timestamp>::min();
  auto app = head.NewAppender();
  for (int i = 0; i < 5000; ++i) {
    Timestamp t = static_cast<Timestamp>(rng() % 100000);
    double v = static_cast<double>(rng() % 4);
    // Build the expected outcome from the documented rules; commit every
    // sample on its own so the batch rules do not interfere.
    bool want_ok;
    auto have = model.find(t);
    if (have != model.end()) {
      want_ok = have->second == v;
    } else if (t > max_t) {
      want_ok = true;
    } else {
      want_ok = t >= max_t - 5000;
    }
    Status st = app->Append(kA, t, v);
    EXPECT_EQ(st.ok(), want_ok) << t << " " << st;
    ASSERT_TRUE(app->Commit().ok());
    if (st.ok()) {
      model[t] = v;
      max_t = std::max(max_t, t);
    }
  }
  std::vector<Sample> got = Only(Query(head, 0, 100000, {Eq("job", "a")}));
  ASSERT_EQ(got.size(), model.size());
  size_t i = 0;
  for (const auto& [t, v] : model) {
    EXPECT_EQ(got[i].t, t);
    EXPECT_EQ(got[i].v, v);
    ++i;
  }
  // Random ranges, with interleaved Seek/Next, against the model.
  for (int round = 0; round < 200; ++round) {
    Timestamp a = static_cast<Timestamp>(rng() % 100000);
    Timestamp b = a + static_cast<Timestamp>(rng() % 30000);
    auto q = *head.NewQuerier(a, b);
    auto set = q->Select(false, nullptr, {Eq("job", "a")});
    auto first = model.lower_bound(a);
    if (first == model.end() || first->first > b) {
      // A series whose chunk overlaps the range may come back empty.
      if (set->Next()) {
        EXPECT_FALSE(set->At().Iterator()->Next());
      }
      continue;
    }
    ASSERT_TRUE(set->Next());
    auto it = set->At().Iterator();
    Timestamp pos = a;
    while (true) {
      bool seek = rng() % 2 == 0;
      Timestamp target = pos + static_cast<Timestamp>(rng() % 3000);
      auto want = model.lower_bound(seek ? target : pos);
      bool ok = seek ? it->Seek(target) : it->Next();
      if (want == model.end() || want->first > b) {
        EXPECT_FALSE(ok) << round;
        break;
      }
      ASSERT_TRUE(ok) << round;
      ASSERT_EQ(it->At().t, want->first) << round << (seek ? " seek" : " next");
      EXPECT_EQ(it->At().v, want->second);
      pos = want->first + 1;
    }
  }
}

}  // namespace
}  // namespace tocsin::tsdb
