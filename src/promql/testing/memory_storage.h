#ifndef TOCSIN_PROMQL_TESTING_MEMORY_STORAGE_H_
#define TOCSIN_PROMQL_TESTING_MEMORY_STORAGE_H_

// A simple in-memory series store for engine tests and the conformance
// runner: series::Queryable and series::Appendable over a map of label set
// to samples. Not thread-safe for concurrent appends and queries.

#include <map>
#include <memory>
#include <vector>

#include "series/series.h"

namespace tocsin::promql::testing {

class MemoryStorage : public series::Queryable, public series::Appendable {
 public:
  Result<std::unique_ptr<series::Querier>> NewQuerier(
      series::Timestamp mint, series::Timestamp maxt) const override;
  std::unique_ptr<series::Appender> NewAppender() override;

  // Drops every series.
  void Clear() { data_.clear(); }

  // Adds one sample directly (samples of a series must arrive in increasing
  // timestamp order; a duplicate timestamp replaces the value).
  void Add(const model::Labels& labels, series::Timestamp t, double v);

 private:
  friend class MemoryQuerier;
  std::map<model::Labels, std::vector<series::Sample>> data_;
};

}  // namespace tocsin::promql::testing

#endif  // TOCSIN_PROMQL_TESTING_MEMORY_STORAGE_H_
