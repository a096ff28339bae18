#ifndef TOCSIN_SERIES_SERIES_H_
#define TOCSIN_SERIES_SERIES_H_

// Time-series interfaces shared by the stores (tsdb, remote read-through
// later) and their consumers (promql, ingest, rules). Interfaces only: no
// implementation beyond small value helpers lives in this module, so the
// PromQL engine never depends on a store.
//
// Conventions (Prometheus' storage package):
//  - timestamps are int64 milliseconds since the Unix epoch;
//  - a series is identified by its label set (model::Labels, sorted by
//    name, `__name__` included);
//  - a sample whose value has the bit pattern of kStaleNaN is a staleness
//    marker: the series ended at that timestamp. Stores keep markers as
//    samples; queriers return them; the engine treats them as "no value".

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "base/status.h"
#include "model/labels.h"
#include "model/matcher.h"

namespace tocsin::series {

using Timestamp = int64_t;  // milliseconds since the Unix epoch

struct Sample {
  Timestamp t = 0;
  double v = 0;
};

// Prometheus' value.StaleNaN (0x7ff0000000000002).
inline constexpr uint64_t kStaleNaNBits = 0x7ff0000000000002ULL;
double StaleNaN();
// True for exactly kStaleNaN's bit pattern (not for other NaNs).
bool IsStaleNaN(double v);

// Iterates one series' samples in increasing timestamp order. Not
// thread-safe; one iterator per reader.
class SampleIterator {
 public:
  virtual ~SampleIterator() = default;
  // Advances to the next sample; false at the end or on error (see err()).
  virtual bool Next() = 0;
  // Advances to the first sample with timestamp >= t (staying put when the
  // current sample already qualifies); false when there is none. May be
  // called before the first Next().
  virtual bool Seek(Timestamp t) = 0;
  // The current sample; valid after Next()/Seek() returned true.
  virtual Sample At() const = 0;
  virtual Status err() const { return Status::Ok(); }
};

// One series of a query result: its labels and its samples in the queried
// range. The series object stays valid while its SeriesSet lives.
class Series {
 public:
  virtual ~Series() = default;
  virtual const model::Labels& labels() const = 0;
  // A fresh iterator over the series' samples in the querier's range.
  virtual std::unique_ptr<SampleIterator> Iterator() const = 0;
};

// A forward cursor over the series a Select matched.
class SeriesSet {
 public:
  virtual ~SeriesSet() = default;
  virtual bool Next() = 0;
  // Valid after Next() returned true, until the next call to Next().
  virtual const Series& At() const = 0;
  virtual Status err() const { return Status::Ok(); }
  // Non-fatal notes (e.g. "series limit reached"), as Prometheus' warnings.
  virtual std::vector<std::string> warnings() const { return {}; }
};

// What the caller will read (Prometheus' storage.SelectHints); stores may
// use it to prune, and must return correct results when they ignore it.
struct SelectHints {
  Timestamp start = 0;  // first timestamp the query needs, inclusive
  Timestamp end = 0;    // last timestamp the query needs, inclusive
  Timestamp step = 0;   // range-query step in ms; 0 for an instant query
  std::string func;     // surrounding function, e.g. "rate"; "" for none
  Timestamp range = 0;  // range of a range selector in ms; 0 for none
};

// Reads series over a fixed time range [mint, maxt] (inclusive, ms).
// Thread-safe for concurrent Selects unless an implementation says
// otherwise. Matchers use model::Matcher, whose regexes are fully anchored
// RE2 patterns, as Prometheus' labels.Matcher.
class Querier {
 public:
  virtual ~Querier() = default;
  // The series matching all `matchers` (at least one required by callers;
  // a matcher on an absent label sees the value ""), with their samples
  // restricted to the querier's range (hints may narrow it). `sorted`:
  // series in label-set order (model::Labels' operator<=>).
  virtual std::unique_ptr<SeriesSet> Select(
      bool sorted, const SelectHints* hints,
      const std::vector<model::Matcher>& matchers) const = 0;
  // Sorted distinct values of label `name` among series matching
  // `matchers` (all series when empty) with samples in range.
  virtual Result<std::vector<std::string>> LabelValues(
      const std::string& name,
      const std::vector<model::Matcher>& matchers) const = 0;
  // Sorted distinct label names among series matching `matchers`.
  virtual Result<std::vector<std::string>> LabelNames(
      const std::vector<model::Matcher>& matchers) const = 0;
};

// Something that can be queried, e.g. the TSDB head.
class Queryable {
 public:
  virtual ~Queryable() = default;
  virtual Result<std::unique_ptr<Querier>> NewQuerier(Timestamp mint,
                                                      Timestamp maxt) const = 0;
};

// Batches appends; nothing is visible to queriers before Commit. Not
// thread-safe; one appender per writer.
class Appender {
 public:
  virtual ~Appender() = default;
  // Adds one sample. Errors (the batch stays usable; the sample is not
  // added): InvalidArgument for an empty label set, a missing `__name__`
  // or duplicate names; OutOfRange "out of order sample" / "out of bounds"
  // / "duplicate sample for timestamp" as Prometheus' storage errors.
  virtual Status Append(const model::Labels& labels, Timestamp t, double v) = 0;
  // Makes every appended sample visible (and durable, for stores with a
  // write-ahead log) at once.
  virtual Status Commit() = 0;
  // Discards the batch.
  virtual void Rollback() = 0;
};

class Appendable {
 public:
  virtual ~Appendable() = default;
  virtual std::unique_ptr<Appender> NewAppender() = 0;
};

}  // namespace tocsin::series

#endif  // TOCSIN_SERIES_SERIES_H_
