#ifndef TOCSIN_TSDB_POSTINGS_H_
#define TOCSIN_TSDB_POSTINGS_H_

// The postings index: for each label name and value, the sorted list of
// series references carrying that pair (Prometheus' MemPostings), and the
// set operations a matcher list compiles to.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "model/labels.h"
#include "model/matcher.h"

namespace tocsin::tsdb {

using SeriesRef = uint64_t;
// Series references in increasing order, no duplicates.
using PostingsList = std::vector<SeriesRef>;

// Refs present in both `a` and `b`.
PostingsList Intersect(const PostingsList& a, const PostingsList& b);
// Refs present in any list (k-way union).
PostingsList Merge(const std::vector<const PostingsList*>& lists);
// Refs of `a` not in `b`.
PostingsList Subtract(const PostingsList& a, const PostingsList& b);

// Label name → value → refs. Not thread-safe; the head guards it.
class PostingsIndex {
 public:
  // Adds `ref` under each of `labels`' pairs and to the all-series list.
  // Refs must be added in increasing order (the head allocates them so);
  // an out-of-order ref is inserted in place, at a cost.
  void Add(SeriesRef ref, const model::Labels& labels);
  // Removes `ref` from the lists of `labels`' pairs; drops emptied values
  // and names.
  void Remove(SeriesRef ref, const model::Labels& labels);

  const PostingsList& All() const { return all_; }
  // Refs with label `name`=`value`; empty when none.
  const PostingsList& Get(const std::string& name,
                          const std::string& value) const;
  // Sorted label names; sorted values of one name.
  std::vector<std::string> LabelNames() const;
  std::vector<std::string> LabelValues(const std::string& name) const;

  // The refs of series matching every matcher, with Prometheus'
  // semantics: a matcher on an absent label sees ""; a matcher that
  // matches "" (e.g. `a=""`, `a!="x"`, `a=~"x|"`) also selects series
  // without the label and is applied by subtracting the series whose value
  // it rejects. No matchers: every series.
  PostingsList Select(const model::Matchers& matchers) const;

  size_t num_series() const { return all_.size(); }

 private:
  static void Insert(PostingsList* list, SeriesRef ref);
  static void Erase(PostingsList* list, SeriesRef ref);
  // Union of the lists of `name`'s values for which `keep(value)` holds.
  template <typename Pred>
  PostingsList UnionOfValues(const std::string& name, Pred keep) const;

  std::map<std::string, std::map<std::string, PostingsList>, std::less<>>
      index_;
  PostingsList all_;
  PostingsList empty_;  // returned by Get for a missing pair
};

}  // namespace tocsin::tsdb

#endif  // TOCSIN_TSDB_POSTINGS_H_
