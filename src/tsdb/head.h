#ifndef TOCSIN_TSDB_HEAD_H_
#define TOCSIN_TSDB_HEAD_H_

// The in-memory head: series keyed by label set, each with XOR chunks of
// in-order samples and a sorted buffer of out-of-order samples; a postings
// index over the label pairs. Implements series::Appendable and
// series::Queryable.
//
// Thread safety: all methods are thread-safe. One reader-writer lock guards
// the head: Append (validation), queriers' Select and label queries hold it
// shared; Commit, Truncate and replay hold it exclusively, so a querier
// sees either all of a commit or none of it.

#include <cstdint>
#include <limits>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/result.h"
#include "base/status.h"
#include "model/labels.h"
#include "series/series.h"
#include "tsdb/chunk.h"
#include "tsdb/postings.h"

namespace tocsin::tsdb {

struct RefSeries {
  SeriesRef ref = 0;
  model::Labels labels;
};

struct RefSample {
  SeriesRef ref = 0;
  Timestamp t = 0;
  double v = 0;
};

// Where a commit is made durable (the WAL). Called by Commit with the
// head's lock held, so calls are serialised and in commit order. When Log
// fails, Commit returns its error but the samples stay in memory (they are
// visible, not durable).
class CommitLog {
 public:
  virtual ~CommitLog() = default;
  // `series`: series created by this commit (before any sample of theirs);
  // `samples`: the samples the commit accepted, in append order.
  virtual Status Log(const std::vector<RefSeries>& series,
                     const std::vector<RefSample>& samples) = 0;
};

struct HeadOptions {
  // Out-of-order window in ms (Prometheus' out_of_order_time_window).
  // 0 (the default): a sample older than its series' newest sample is
  // rejected as "out of order sample". > 0: a sample no older than the
  // head's newest timestamp minus the window is kept in the series'
  // out-of-order buffer and merged into query results; older ones fail
  // with "too old sample". Costs memory per out-of-order sample (16 B,
  // uncompressed).
  int64_t out_of_order_window_ms = 0;
};

struct HeadStats {
  size_t num_series = 0;
  // Samples dropped at Commit because a concurrent commit made them out of
  // order or duplicate after Append had accepted them.
  uint64_t dropped_on_commit = 0;
  // Bytes held by chunk data and out-of-order buffers.
  size_t chunk_bytes = 0;
};

class Head final : public series::Appendable, public series::Queryable {
 public:
  // `log` may be null (no durability); it must outlive the head.
  explicit Head(HeadOptions options, CommitLog* log = nullptr);
  ~Head() override;
  Head(const Head&) = delete;
  Head& operator=(const Head&) = delete;

  // An appender; it must not outlive the head.
  std::unique_ptr<series::Appender> NewAppender() override;
  // Querier over [mint, maxt]; never fails; must not outlive the head.
  // Samples before the last Truncate's mint are never returned. Select
  // snapshots the matched series' data (copies of their compressed chunks)
  // under the lock, so its result is unaffected by later commits. Like
  // Prometheus' head, a series is selected when one of its chunks overlaps
  // the range, so it may yield no sample in range; label queries use the
  // same test.
  Result<std::unique_ptr<series::Querier>> NewQuerier(
      Timestamp mint, Timestamp maxt) const override;

  // Retention: drops chunks whose samples all precede `mint`, out-of-order
  // samples before `mint`, and series left without samples (with their
  // postings). Later appends before `mint` fail with "out of bounds".
  // Returns the number of series removed.
  size_t Truncate(Timestamp mint);

  // Replay (used by the WAL on open; exclusive lock per call). Creates the
  // series with `ref` unless a series with the same labels exists, and
  // returns the ref actually holding the labels.
  SeriesRef ReplaySeries(SeriesRef ref, const model::Labels& labels);
  // Adds a logged sample without the append checks (the log only holds
  // accepted samples). False when `ref` is unknown.
  bool ReplaySample(SeriesRef ref, Timestamp t, double v);

  // Every live series with its labels (for WAL checkpoints).
  std::vector<RefSeries> AllSeries() const;
  // Lowest timestamp still accepted (the last Truncate's mint).
  Timestamp min_valid_time() const;
  HeadStats Stats() const;

 private:
  friend class HeadAppender;
  friend class HeadQuerier;
  struct MemSeries;

  MemSeries* FindLocked(const model::Labels& labels) const;
  MemSeries* CreateLocked(SeriesRef ref, const model::Labels& labels);
  // Checks a sample against the series' committed state; `*exists` is set
  // when the identical sample is already stored.
  Status CheckLocked(const MemSeries* s, Timestamp t, double v,
                     bool* exists) const;
  // Inserts an already checked (or replayed) sample.
  void InsertLocked(MemSeries* s, Timestamp t, double v);

  const HeadOptions options_;
  CommitLog* const log_;

  mutable std::shared_mutex mu_;
  std::unordered_map<SeriesRef, std::unique_ptr<MemSeries>> by_ref_;
  std::unordered_multimap<uint64_t, MemSeries*> by_hash_;
  PostingsIndex postings_;
  SeriesRef next_ref_ = 1;
  Timestamp min_valid_time_ = std::numeric_limits<Timestamp>::min();
  Timestamp max_time_ = std::numeric_limits<Timestamp>::min();
  uint64_t dropped_on_commit_ = 0;
};

// The error messages of Prometheus' storage package.
inline constexpr char kErrOutOfOrder[] = "out of order sample";
inline constexpr char kErrDuplicate[] = "duplicate sample for timestamp";
inline constexpr char kErrOutOfBounds[] = "out of bounds";
inline constexpr char kErrTooOld[] = "too old sample";

}  // namespace tocsin::tsdb

#endif  // TOCSIN_TSDB_HEAD_H_
