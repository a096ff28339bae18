#include "promql/testing/memory_storage.h"

#include <algorithm>
#include <set>
#include <utility>

namespace tocsin::promql::testing {
namespace {

class VecIterator : public series::SampleIterator {
 public:
  explicit VecIterator(std::vector<series::Sample> s) : s_(std::move(s)) {}
  bool Next() override {
    if (i_ + 1 >= static_cast<int64_t>(s_.size())) {
      i_ = static_cast<int64_t>(s_.size());
      return false;
    }
    ++i_;
    return true;
  }
  bool Seek(series::Timestamp t) override {
    if (i_ < 0) i_ = 0;
    while (i_ < static_cast<int64_t>(s_.size()) && s_[i_].t < t) ++i_;
    return i_ < static_cast<int64_t>(s_.size());
  }
  series::Sample At() const override { return s_[i_]; }

 private:
  std::vector<series::Sample> s_;
  int64_t i_ = -1;
};

class VecSeries : public series::Series {
 public:
  VecSeries(model::Labels l, std::vector<series::Sample> s)
      : labels_(std::move(l)), samples_(std::move(s)) {}
  const model::Labels& labels() const override { return labels_; }
  std::unique_ptr<series::SampleIterator> Iterator() const override {
    return std::make_unique<VecIterator>(samples_);
  }

 private:
  model::Labels labels_;
  std::vector<series::Sample> samples_;
};

class VecSeriesSet : public series::SeriesSet {
 public:
  explicit VecSeriesSet(std::vector<VecSeries> s) : s_(std::move(s)) {}
  bool Next() override {
    ++i_;
    return i_ < s_.size();
  }
  const series::Series& At() const override { return s_[i_]; }

 private:
  std::vector<VecSeries> s_;
  size_t i_ = static_cast<size_t>(-1);
};

class MemAppender : public series::Appender {
 public:
  explicit MemAppender(MemoryStorage* s) : s_(s) {}
  Status Append(const model::Labels& labels, series::Timestamp t,
                double v) override {
    if (labels.empty() || !labels.Has("__name__")) {
      return Status(StatusCode::kInvalidArgument, "missing metric name");
    }
    batch_.push_back({labels, {t, v}});
    return Status::Ok();
  }
  Status Commit() override {
    for (auto& [l, s] : batch_) s_->Add(l, s.t, s.v);
    batch_.clear();
    return Status::Ok();
  }
  void Rollback() override { batch_.clear(); }

 private:
  MemoryStorage* s_;
  std::vector<std::pair<model::Labels, series::Sample>> batch_;
};

}  // namespace

class MemoryQuerier : public series::Querier {
 public:
  MemoryQuerier(const MemoryStorage* s, series::Timestamp mint,
                series::Timestamp maxt)
      : s_(s), mint_(mint), maxt_(maxt) {}

  std::unique_ptr<series::SeriesSet> Select(
      bool, const series::SelectHints*,
      const std::vector<model::Matcher>& matchers) const override {
    std::vector<VecSeries> out;
    for (const auto& [l, samples] : s_->data_) {
      if (!model::MatchesAll(matchers, l)) continue;
      std::vector<series::Sample> in_range;
      for (const auto& s : samples) {
        if (s.t >= mint_ && s.t <= maxt_) in_range.push_back(s);
      }
      if (in_range.empty()) continue;
      out.emplace_back(l, std::move(in_range));
    }
    return std::make_unique<VecSeriesSet>(std::move(out));
  }

  Result<std::vector<std::string>> LabelValues(
      const std::string& name,
      const std::vector<model::Matcher>& matchers) const override {
    std::set<std::string> vals;
    for (const auto& [l, samples] : s_->data_) {
      if (!model::MatchesAll(matchers, l) || !l.Has(name)) continue;
      vals.insert(std::string(l.Get(name)));
    }
    return std::vector<std::string>(vals.begin(), vals.end());
  }

  Result<std::vector<std::string>> LabelNames(
      const std::vector<model::Matcher>& matchers) const override {
    std::set<std::string> names;
    for (const auto& [l, samples] : s_->data_) {
      if (!model::MatchesAll(matchers, l)) continue;
      for (const auto& lb : l) names.insert(lb.name);
    }
    return std::vector<std::string>(names.begin(), names.end());
  }

 private:
  const MemoryStorage* s_;
  series::Timestamp mint_, maxt_;
};

Result<std::unique_ptr<series::Querier>> MemoryStorage::NewQuerier(
    series::Timestamp mint, series::Timestamp maxt) const {
  return std::unique_ptr<series::Querier>(
      std::make_unique<MemoryQuerier>(this, mint, maxt));
}

std::unique_ptr<series::Appender> MemoryStorage::NewAppender() {
  return std::make_unique<MemAppender>(this);
}

void MemoryStorage::Add(const model::Labels& labels, series::Timestamp t,
                        double v) {
  auto& s = data_[labels];
  if (!s.empty() && s.back().t == t) {
    s.back().v = v;
    return;
  }
  auto it = std::lower_bound(
      s.begin(), s.end(), t,
      [](const series::Sample& a, series::Timestamp b) { return a.t < b; });
  if (it != s.end() && it->t == t) {
    it->v = v;
  } else {
    s.insert(it, {t, v});
  }
}

}  // namespace tocsin::promql::testing
