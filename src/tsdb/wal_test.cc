#include "tsdb/wal.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <thread>

#include "gtest/gtest.h"
#include "tsdb/db.h"

namespace tocsin::tsdb {
namespace {

namespace fs = std::filesystem;
using model::Labels;

using Dump = std::map<std::string, std::vector<std::pair<Timestamp, uint64_t>>>;

// Every series with all its samples (value bits), as a comparable value.
Dump All(const series::Queryable& q) {
  Dump out;
  auto querier = q.NewQuerier(std::numeric_limits<Timestamp>::min(),
                              std::numeric_limits<Timestamp>::max());
  EXPECT_TRUE(querier.ok());
  auto m =
      model::Matcher::Create(model::MatchType::kRegexMatch, "__name__", ".+");
  auto set = (*querier)->Select(true, nullptr, {*m});
  while (set->Next()) {
    auto& v = out[set->At().labels().ToString()];
    auto it = set->At().Iterator();
    while (it->Next()) {
      v.push_back({it->At().t, std::bit_cast<uint64_t>(it->At().v)});
    }
  }
  return out;
}

class WalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           ("tsdb_wal_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  Options Opts() {
    Options o;
    o.dir = dir_.string();
    o.retention_ms = 100'000;
    o.out_of_order_window_ms = 10'000;
    return o;
  }
  std::unique_ptr<Db> OpenDb(Options o) {
    auto db = Db::Open(std::move(o));
    EXPECT_TRUE(db.ok()) << db.status();
    return db.ok() ? std::move(*db) : nullptr;
  }
  std::vector<fs::path> SegmentFiles() {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(dir_)) {
      std::string n = e.path().filename().string();
      if (n.find('.') == std::string::npos) out.push_back(e.path());
    }
    std::sort(out.begin(), out.end());
    return out;
  }
  // Appends `n` commits of one sample per series for `series` series.
  void Fill(Db* db, int series, int commits, Timestamp start, Timestamp step) {
    auto app = db->NewAppender();
    for (int c = 0; c < commits; ++c) {
      for (int s = 0; s < series; ++s) {
        ASSERT_TRUE(
            app->Append(Labels({{"__name__", "m"}, {"s", std::to_string(s)}}),
                        start + c * step, c * 1.5 + s)
                .ok());
      }
      ASSERT_TRUE(app->Commit().ok());
    }
  }

  fs::path dir_;
};

TEST_F(WalTest, ReopenGivesSameResults) {
  Dump before;
  {
    auto db = OpenDb(Opts());
    Fill(db.get(), 5, 300, 1000, 1000);
    auto app = db->NewAppender();
    Labels odd({{"__name__", "odd"}, {"x", "é\n\"q\""}});
    ASSERT_TRUE(app->Append(odd, 300000, series::StaleNaN()).ok());
    ASSERT_TRUE(app->Append(odd, 295000, -0.0).ok());  // out of order
    ASSERT_TRUE(app->Commit().ok());
    before = All(*db);
    ASSERT_EQ(before.size(), 6u);
  }
  auto db = OpenDb(Opts());
  EXPECT_TRUE(db->open_warnings().empty());
  EXPECT_EQ(All(*db), before);
  // The appender rules carry over: out of order vs the replayed data.
  auto app = db->NewAppender();
  Labels s0({{"__name__", "m"}, {"s", "0"}});
  EXPECT_EQ(app->Append(s0, 300000, 9).message(), kErrDuplicate);
  EXPECT_EQ(app->Append(s0, 1000, 9).message(), kErrTooOld);
  ASSERT_TRUE(app->Append(s0, 400000, 1).ok());
  ASSERT_TRUE(app->Append(Labels({{"__name__", "new"}}), 400000, 1).ok());
  ASSERT_TRUE(app->Commit().ok());
  Dump after = All(*db);
  db.reset();
  db = OpenDb(Opts());
  EXPECT_EQ(All(*db), after);
  EXPECT_EQ(db->head().Stats().num_series, 7u);
}

TEST_F(WalTest, TornTailIsDroppedWithWarning) {
  Dump before;
  {
    auto db = OpenDb(Opts());
    Fill(db.get(), 3, 10, 1000, 1000);
    before = All(*db);
    Fill(db.get(), 3, 1, 50000, 1000);  // the commit that will be torn
  }
  fs::path seg = SegmentFiles().back();
  uintmax_t size = fs::file_size(seg);
  fs::resize_file(seg, size - 5);
  {
    auto db = OpenDb(Opts());
    ASSERT_EQ(db->open_warnings().size(), 1u);
    EXPECT_NE(db->open_warnings()[0].find(seg.string()), std::string::npos)
        << db->open_warnings()[0];
    EXPECT_EQ(All(*db), before);
    Fill(db.get(), 3, 1, 60000, 1000);
    before = All(*db);
  }
  // The torn record was cut off, so it is no error now that its segment
  // is no longer the last one.
  auto db = OpenDb(Opts());
  EXPECT_TRUE(db->open_warnings().empty());
  EXPECT_EQ(All(*db), before);
}

TEST_F(WalTest, BadChecksumOnLastRecordIsTorn) {
  {
    auto db = OpenDb(Opts());
    Fill(db.get(), 2, 5, 1000, 1000);
  }
  fs::path seg = SegmentFiles().back();
  {
    std::fstream f(seg, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(-1, std::ios::end);
    f.put('\x5a');
  }
  auto db = OpenDb(Opts());
  EXPECT_EQ(db->open_warnings().size(), 1u);
  EXPECT_EQ(All(*db).begin()->second.size(), 4u);
}

TEST_F(WalTest, CorruptionInTheMiddleIsAnError) {
  {
    auto db = OpenDb(Opts());
    Fill(db.get(), 2, 20, 1000, 1000);
  }
  fs::path seg = SegmentFiles().front();
  {
    std::fstream f(seg, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(12);  // inside the first record's payload
    f.put('\xff');
  }
  auto db = Db::Open(Opts());
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(db.status().message().find(seg.string() + " at offset 0"),
            std::string::npos)
      << db.status();
}

TEST_F(WalTest, CorruptionInAnEarlierSegmentIsAnError) {
  Options o = Opts();
  o.wal_segment_bytes = 256;
  {
    auto db = OpenDb(o);
    Fill(db.get(), 2, 40, 1000, 1000);
  }
  std::vector<fs::path> segs = SegmentFiles();
  ASSERT_GT(segs.size(), 3u);
  uintmax_t size = fs::file_size(segs[1]);
  fs::resize_file(segs[1], size - 3);  // torn, but not in the last segment
  auto db = Db::Open(o);
  ASSERT_FALSE(db.ok());
  EXPECT_NE(db.status().message().find(segs[1].string()), std::string::npos)
      << db.status();
}

TEST_F(WalTest, RetentionDropsSegmentsAndKeepsLiveSeries) {
  Options o = Opts();
  o.wal_segment_bytes = 512;
  Dump before;
  {
    auto db = OpenDb(o);
    // Series s0..s2 from t=1000 to 300000; a series that stops early.
    Fill(db.get(), 3, 300, 1000, 1000);
    auto app = db->NewAppender();
    ASSERT_TRUE(app->Append(Labels({{"__name__", "early"}}), 2000, 1).ok());
    ASSERT_TRUE(app->Commit().ok());
    size_t segs_before = db->wal()->Segments().size();
    ASSERT_GT(segs_before, 10u);
    // Retention 100s at now=350000: mint 250000.
    ASSERT_TRUE(db->Truncate(350000).ok());
    EXPECT_LT(db->wal()->Segments().size(), segs_before);
    before = All(*db);
    ASSERT_EQ(before.size(), 3u);  // "early" is gone
    for (const auto& [l, s] : before) {
      EXPECT_EQ(s.front().first, 250000);
      EXPECT_EQ(s.size(), 51u);
    }
    EXPECT_EQ(app->Append(Labels({{"__name__", "early"}}), 249999, 1).message(),
              kErrOutOfBounds);
  }
  bool has_checkpoint = false;
  for (const auto& e : fs::directory_iterator(dir_)) {
    if (e.path().filename().string().rfind("checkpoint.", 0) == 0) {
      has_checkpoint = true;
    }
  }
  EXPECT_TRUE(has_checkpoint);
  auto db = OpenDb(o);
  EXPECT_TRUE(db->open_warnings().empty());
  EXPECT_EQ(All(*db), before);
  // Retention survives the restart: old samples are still out of bounds.
  auto app = db->NewAppender();
  EXPECT_EQ(
      app->Append(Labels({{"__name__", "m"}, {"s", "9"}}), 1000, 1).message(),
      kErrOutOfBounds);
  // A second truncation replaces the checkpoint.
  Fill(db.get(), 3, 100, 301000, 1000);
  ASSERT_TRUE(db->Truncate(450000).ok());
  Dump second = All(*db);
  db.reset();
  int checkpoints = 0;
  for (const auto& e : fs::directory_iterator(dir_)) {
    if (e.path().filename().string().rfind("checkpoint.", 0) == 0)
      ++checkpoints;
  }
  EXPECT_EQ(checkpoints, 1);
  db = OpenDb(o);
  EXPECT_EQ(All(*db), second);
}

TEST_F(WalTest, SyncPerCommit) {
  Options o = Opts();
  o.wal_sync = WalSync::kPerCommit;
  Dump before;
  {
    auto db = OpenDb(o);
    Fill(db.get(), 2, 5, 1000, 1000);
    before = All(*db);
  }
  EXPECT_EQ(All(*OpenDb(o)), before);
}

TEST_F(WalTest, ConcurrentCommitsAndTruncation) {
  Options o = Opts();
  o.wal_segment_bytes = 1024;
  o.retention_ms = 20'000;
  Dump before;
  {
    auto db = OpenDb(o);
    std::vector<std::thread> writers;
    for (int w = 0; w < 3; ++w) {
      writers.emplace_back([&db, w] {
        auto app = db->NewAppender();
        Labels l({{"__name__", "m"}, {"w", std::to_string(w)}});
        for (int i = 0; i < 3000; ++i) {
          // The truncator may run ahead: old samples are then out of
          // bounds, never another error.
          Status st = app->Append(l, i * 100, i);
          ASSERT_TRUE(st.ok() || st.message() == kErrOutOfBounds) << st;
          // Short-lived series that retention removes.
          if (i % 100 == 0) {
            st = app->Append(Labels({{"__name__", "tmp"},
                                     {"i", std::to_string(i)},
                                     {"w", std::to_string(w)}}),
                             i * 100, 1);
            ASSERT_TRUE(st.ok() || st.message() == kErrOutOfBounds) << st;
          }
          if (i % 7 == 6) {
            ASSERT_TRUE(app->Commit().ok());
          }
        }
        ASSERT_TRUE(app->Commit().ok());
      });
    }
    std::thread truncator([&db] {
      for (Timestamp now = 0; now <= 300'000; now += 5'000) {
        ASSERT_TRUE(db->Truncate(now).ok());
      }
    });
    for (auto& t : writers) t.join();
    truncator.join();
    ASSERT_TRUE(db->Truncate(300'000).ok());
    before = All(*db);
    // The three long series survive with their last 20 s (samples from
    // 280000, i.e. i >= 2800) and tmp series from i >= 2800.
    ASSERT_EQ(before.size(), 3u + 3u * 2u);
    EXPECT_EQ(before.at("{__name__=\"m\", w=\"0\"}").size(), 200u);
  }
  auto db = OpenDb(o);
  EXPECT_TRUE(db->open_warnings().empty());
  EXPECT_EQ(All(*db), before);
}

TEST(DbTest, InMemoryWithoutDir) {
  auto db = Db::Open({});
  ASSERT_TRUE(db.ok());
  EXPECT_EQ((*db)->wal(), nullptr);
  auto app = (*db)->NewAppender();
  ASSERT_TRUE(app->Append(Labels({{"__name__", "a"}}), 1000, 1).ok());
  ASSERT_TRUE(app->Commit().ok());
  EXPECT_EQ(All(**db).size(), 1u);
  ASSERT_TRUE((*db)->Truncate(1000 + 15LL * 24 * 3600 * 1000 + 1).ok());
  EXPECT_TRUE(All(**db).empty());
}

TEST(DbTest, RejectsBadOptions) {
  Options o;
  o.retention_ms = 0;
  EXPECT_TRUE(Db::Open(o).status().IsInvalidArgument());
  o.retention_ms = 1;
  o.out_of_order_window_ms = -1;
  EXPECT_TRUE(Db::Open(o).status().IsInvalidArgument());
}

}  // namespace
}  // namespace tocsin::tsdb
