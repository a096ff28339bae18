#include "tsdb/head.h"

#include <algorithm>
#include <bit>
#include <mutex>
#include <optional>
#include <utility>

namespace tocsin::tsdb {
namespace {

bool SameBits(double a, double b) {
  return std::bit_cast<uint64_t>(a) == std::bit_cast<uint64_t>(b);
}

Status ValidateLabels(const model::Labels& labels) {
  if (labels.empty()) return InvalidArgumentError("empty label set");
  if (labels.Get("__name__").empty()) {
    return InvalidArgumentError("label set without __name__: " +
                                labels.ToString());
  }
  for (const model::Label& l : labels) {
    if (l.name.empty()) return InvalidArgumentError("empty label name");
  }
  return Status::Ok();
}

}  // namespace

struct Head::MemSeries {
  MemSeries(SeriesRef r, model::Labels l) : ref(r), labels(std::move(l)) {}

  bool empty() const { return chunks.empty() && ooo.empty(); }
  // Newest in-order timestamp; min() when there is none.
  Timestamp max_time() const {
    return chunks.empty() ? std::numeric_limits<Timestamp>::min()
                          : chunks.back().max_time();
  }
  Timestamp min_time() const {
    Timestamp t = std::numeric_limits<Timestamp>::max();
    if (!chunks.empty()) t = chunks.front().min_time();
    if (!ooo.empty()) t = std::min(t, ooo.front().t);
    return t;
  }
  Timestamp last_time() const {
    Timestamp t = max_time();
    if (!ooo.empty()) t = std::max(t, ooo.back().t);
    return t;
  }
  // The value stored at `t`, if any.
  std::optional<double> Find(Timestamp t) const {
    auto o =
        std::lower_bound(ooo.begin(), ooo.end(), t,
                         [](const Sample& s, Timestamp x) { return s.t < x; });
    if (o != ooo.end() && o->t == t) return o->v;
    for (const XorChunk& c : chunks) {
      if (t < c.min_time() || t > c.max_time()) continue;
      XorIterator it(c.bytes());
      if (it.Seek(t) && it.At().t == t) return it.At().v;
    }
    return std::nullopt;
  }

  const SeriesRef ref;
  const model::Labels labels;
  std::vector<XorChunk> chunks;  // in-order samples, chunks in time order
  std::vector<Sample> ooo;       // out-of-order samples, sorted by t
};

// ---------------------------------------------------------------------------
// Appender

class HeadAppender final : public series::Appender {
 public:
  explicit HeadAppender(Head* head) : head_(head) {}
  ~HeadAppender() override = default;

  Status Append(const model::Labels& labels, Timestamp t, double v) override;
  Status Commit() override;
  void Rollback() override {
    pending_.clear();
    batch_.clear();
  }

 private:
  struct BatchSeries {
    Timestamp last_t = std::numeric_limits<Timestamp>::min();
    double last_v = 0;
    std::vector<Sample> samples;  // this batch's samples for the series
  };
  struct Pending {
    model::Labels labels;
    Timestamp t;
    double v;
  };

  Head* head_;
  std::vector<Pending> pending_;
  std::unordered_map<model::Labels, BatchSeries> batch_;
};

Status HeadAppender::Append(const model::Labels& labels, Timestamp t,
                            double v) {
  RETURN_IF_ERROR(ValidateLabels(labels));
  auto bit = batch_.find(labels);
  {
    std::shared_lock lock(head_->mu_);
    if (t < head_->min_valid_time_) return OutOfRangeError(kErrOutOfBounds);
    const Head::MemSeries* s = head_->FindLocked(labels);
    Timestamp batch_last = bit == batch_.end()
                               ? std::numeric_limits<Timestamp>::min()
                               : bit->second.last_t;
    Timestamp committed_last =
        s ? s->max_time() : std::numeric_limits<Timestamp>::min();
    if (t > batch_last && t > committed_last) {
      // In order: nothing to check.
    } else if (s != nullptr && !s->chunks.empty() && t == committed_last &&
               t >= batch_last) {
      if (!SameBits(
              v, std::bit_cast<double>(s->chunks.back().last_value_bits()))) {
        return OutOfRangeError(kErrDuplicate);
      }
      return Status::Ok();  // same sample again: accepted, stored once
    } else if (t == batch_last && t > committed_last) {
      if (!SameBits(v, bit->second.last_v)) {
        return OutOfRangeError(kErrDuplicate);
      }
      return Status::Ok();
    } else {
      // Older than the newest sample of the series (committed or batched).
      if (head_->options_.out_of_order_window_ms <= 0) {
        return OutOfRangeError(kErrOutOfOrder);
      }
      Timestamp newest = std::max(head_->max_time_, batch_last);
      if (t < newest - head_->options_.out_of_order_window_ms) {
        return OutOfRangeError(kErrTooOld);
      }
      std::optional<double> have = s ? s->Find(t) : std::nullopt;
      if (!have && bit != batch_.end()) {
        for (const Sample& b : bit->second.samples) {
          if (b.t == t) have = b.v;
        }
      }
      if (have) {
        if (!SameBits(*have, v)) return OutOfRangeError(kErrDuplicate);
        return Status::Ok();
      }
    }
  }
  if (bit == batch_.end()) bit = batch_.emplace(labels, BatchSeries{}).first;
  BatchSeries& b = bit->second;
  if (t > b.last_t) {
    b.last_t = t;
    b.last_v = v;
  }
  b.samples.push_back({t, v});
  pending_.push_back({labels, t, v});
  return Status::Ok();
}

Status HeadAppender::Commit() {
  if (pending_.empty()) {
    Rollback();
    return Status::Ok();
  }
  std::vector<RefSeries> created;
  std::vector<RefSample> accepted;
  accepted.reserve(pending_.size());
  {
    std::unique_lock lock(head_->mu_);
    std::unordered_map<model::Labels, Head::MemSeries*> resolved;
    for (const Pending& p : pending_) {
      auto r = resolved.find(p.labels);
      Head::MemSeries* s;
      if (r != resolved.end()) {
        s = r->second;
      } else {
        s = head_->FindLocked(p.labels);
        if (s == nullptr) {
          s = head_->CreateLocked(head_->next_ref_, p.labels);
          created.push_back({s->ref, s->labels});
        }
        resolved.emplace(p.labels, s);
      }
      // Re-check: a concurrent commit or truncation may have moved the
      // series on since Append.
      bool exists = false;
      Status st = head_->CheckLocked(s, p.t, p.v, &exists);
      if (!st.ok()) {
        ++head_->dropped_on_commit_;
        continue;
      }
      if (exists) continue;  // identical duplicate
      head_->InsertLocked(s, p.t, p.v);
      accepted.push_back({s->ref, p.t, p.v});
    }
    // Series created for samples that were all dropped stay (empty) until
    // the next Truncate; they are still logged so the refs stay known.
    Status st = Status::Ok();
    if (head_->log_ != nullptr) st = head_->log_->Log(created, accepted);
    Rollback();
    return st;
  }
}

// ---------------------------------------------------------------------------
// Head

Head::Head(HeadOptions options, CommitLog* log)
    : options_(options), log_(log) {}

Head::~Head() = default;

std::unique_ptr<series::Appender> Head::NewAppender() {
  return std::make_unique<HeadAppender>(this);
}

Head::MemSeries* Head::FindLocked(const model::Labels& labels) const {
  auto [b, e] = by_hash_.equal_range(labels.fingerprint().value());
  for (auto it = b; it != e; ++it) {
    if (it->second->labels == labels) return it->second;
  }
  return nullptr;
}

Head::MemSeries* Head::CreateLocked(SeriesRef ref,
                                    const model::Labels& labels) {
  auto owned = std::make_unique<MemSeries>(ref, labels);
  MemSeries* s = owned.get();
  by_ref_.emplace(ref, std::move(owned));
  by_hash_.emplace(labels.fingerprint().value(), s);
  postings_.Add(ref, labels);
  if (ref >= next_ref_) next_ref_ = ref + 1;
  return s;
}

Status Head::CheckLocked(const MemSeries* s, Timestamp t, double v,
                         bool* exists) const {
  *exists = false;
  if (t < min_valid_time_) return OutOfRangeError(kErrOutOfBounds);
  Timestamp last = s->max_time();
  if (t > last) return Status::Ok();
  std::optional<double> have = s->Find(t);
  if (have) {
    if (!SameBits(*have, v)) return OutOfRangeError(kErrDuplicate);
    *exists = true;
    return Status::Ok();
  }
  if (options_.out_of_order_window_ms <= 0) {
    return OutOfRangeError(kErrOutOfOrder);
  }
  if (t < max_time_ - options_.out_of_order_window_ms) {
    return OutOfRangeError(kErrTooOld);
  }
  return Status::Ok();
}

void Head::InsertLocked(MemSeries* s, Timestamp t, double v) {
  if (t > s->max_time()) {
    if (s->chunks.empty() ||
        s->chunks.back().num_samples() >= kSamplesPerChunk) {
      if (!s->chunks.empty()) s->chunks.back().Shrink();
      s->chunks.emplace_back();
    }
    // Cannot fail: t is after the chunk's last timestamp.
    (void)s->chunks.back().Append(t, v);
    max_time_ = std::max(max_time_, t);
    return;
  }
  auto it =
      std::lower_bound(s->ooo.begin(), s->ooo.end(), t,
                       [](const Sample& a, Timestamp x) { return a.t < x; });
  if (it != s->ooo.end() && it->t == t) {
    it->v = v;
    return;
  }
  s->ooo.insert(it, {t, v});
}

size_t Head::Truncate(Timestamp mint) {
  std::unique_lock lock(mu_);
  if (mint > min_valid_time_) min_valid_time_ = mint;
  std::vector<SeriesRef> dead;
  for (auto& [ref, s] : by_ref_) {
    auto keep = std::find_if(
        s->chunks.begin(), s->chunks.end(),
        [mint](const XorChunk& c) { return c.max_time() >= mint; });
    s->chunks.erase(s->chunks.begin(), keep);
    auto okeep =
        std::lower_bound(s->ooo.begin(), s->ooo.end(), mint,
                         [](const Sample& a, Timestamp x) { return a.t < x; });
    s->ooo.erase(s->ooo.begin(), okeep);
    if (s->ooo.capacity() > 2 * s->ooo.size()) s->ooo.shrink_to_fit();
    if (s->empty()) dead.push_back(ref);
  }
  for (SeriesRef ref : dead) {
    auto it = by_ref_.find(ref);
    MemSeries* s = it->second.get();
    postings_.Remove(ref, s->labels);
    auto [b, e] = by_hash_.equal_range(s->labels.fingerprint().value());
    for (auto h = b; h != e; ++h) {
      if (h->second == s) {
        by_hash_.erase(h);
        break;
      }
    }
    by_ref_.erase(it);
  }
  return dead.size();
}

SeriesRef Head::ReplaySeries(SeriesRef ref, const model::Labels& labels) {
  std::unique_lock lock(mu_);
  if (MemSeries* s = FindLocked(labels)) return s->ref;
  if (by_ref_.count(ref)) ref = next_ref_;  // ref reused for other labels
  return CreateLocked(ref, labels)->ref;
}

bool Head::ReplaySample(SeriesRef ref, Timestamp t, double v) {
  std::unique_lock lock(mu_);
  auto it = by_ref_.find(ref);
  if (it == by_ref_.end()) return false;
  InsertLocked(it->second.get(), t, v);
  return true;
}

std::vector<RefSeries> Head::AllSeries() const {
  std::shared_lock lock(mu_);
  std::vector<RefSeries> out;
  out.reserve(by_ref_.size());
  for (const auto& [ref, s] : by_ref_) out.push_back({ref, s->labels});
  std::sort(out.begin(), out.end(), [](const RefSeries& a, const RefSeries& b) {
    return a.ref < b.ref;
  });
  return out;
}

Timestamp Head::min_valid_time() const {
  std::shared_lock lock(mu_);
  return min_valid_time_;
}

HeadStats Head::Stats() const {
  std::shared_lock lock(mu_);
  HeadStats st;
  st.num_series = by_ref_.size();
  st.dropped_on_commit = dropped_on_commit_;
  for (const auto& [ref, s] : by_ref_) {
    for (const XorChunk& c : s->chunks) st.chunk_bytes += c.heap_bytes();
    st.chunk_bytes += s->ooo.capacity() * sizeof(Sample);
  }
  return st;
}

// ---------------------------------------------------------------------------
// Querier

namespace {

// A series' samples copied out of the head under its lock.
struct SeriesSnapshot {
  model::Labels labels;
  std::vector<std::vector<uint8_t>> chunks;
  std::vector<Timestamp> chunk_max;  // newest timestamp of each chunk
  std::vector<Sample> ooo;
  Timestamp mint = 0;
  Timestamp maxt = 0;
};

// Merges the in-order chunks with the out-of-order samples, restricted to
// [mint, maxt]. On equal timestamps the in-order sample wins. Keeps one
// unreturned candidate from each source (a_, ooo_).
class SnapshotIterator final : public series::SampleIterator {
 public:
  explicit SnapshotIterator(std::shared_ptr<const SeriesSnapshot> s)
      : s_(std::move(s)) {}

  bool Next() override {
    if (done_) return false;
    if (!started_) {
      Start();
    } else {
      Consume();
    }
    return Emit();
  }

  bool Seek(Timestamp t) override {
    if (done_) return false;
    if (started_ && at_.t >= t) return true;
    if (!started_) {
      Start();
    } else {
      Consume();
    }
    SkipTo(t);
    return Emit();
  }

  Sample At() const override { return at_; }
  Status err() const override { return err_; }

 private:
  void Start() {
    started_ = true;
    AdvanceChunk();
    SkipTo(s_->mint);
  }
  // Drops the candidates that were just returned.
  void Consume() {
    if (from_chunk_) AdvanceChunk();
    if (from_ooo_) ++ooo_;
  }
  // Moves both candidates to the first sample at or after t, skipping
  // whole chunks that end before t.
  void SkipTo(Timestamp t) {
    while (a_valid_ && a_.t < t && err_.ok()) {
      if (cur_ && s_->chunk_max[chunk_ - 1] < t) cur_.reset();
      size_t next = chunk_;
      while (next < s_->chunks.size() && s_->chunk_max[next] < t) ++next;
      if (next != chunk_) {
        chunk_ = next;
        cur_.reset();
      }
      AdvanceChunk();
    }
    ooo_ = static_cast<size_t>(
        std::lower_bound(s_->ooo.begin() + static_cast<ptrdiff_t>(ooo_),
                         s_->ooo.end(), t,
                         [](const Sample& a, Timestamp x) { return a.t < x; }) -
        s_->ooo.begin());
  }
  bool Emit() {
    if (!err_.ok()) return Finish();
    bool has_o = ooo_ < s_->ooo.size();
    if (!a_valid_ && !has_o) return Finish();
    from_chunk_ = a_valid_ && (!has_o || a_.t <= s_->ooo[ooo_].t);
    from_ooo_ = has_o && (!a_valid_ || s_->ooo[ooo_].t <= a_.t);
    at_ = from_chunk_ ? a_ : s_->ooo[ooo_];
    if (at_.t > s_->maxt) return Finish();
    return true;
  }
  bool Finish() {
    done_ = true;
    return false;
  }
  void AdvanceChunk() {
    while (true) {
      if (cur_ && cur_->Next()) {
        a_ = cur_->At();
        a_valid_ = true;
        return;
      }
      if (cur_ && !cur_->err().ok()) {
        err_ = cur_->err();
        a_valid_ = false;
        return;
      }
      if (chunk_ >= s_->chunks.size()) {
        a_valid_ = false;
        return;
      }
      cur_.emplace(s_->chunks[chunk_++]);
    }
  }

  std::shared_ptr<const SeriesSnapshot> s_;
  std::optional<XorIterator> cur_;
  size_t chunk_ = 0;  // next chunk to open
  size_t ooo_ = 0;
  Sample a_;
  bool a_valid_ = false;
  bool from_chunk_ = false;
  bool from_ooo_ = false;
  Sample at_;
  bool started_ = false;
  bool done_ = false;
  Status err_;
};

class SnapshotSeries final : public series::Series {
 public:
  explicit SnapshotSeries(std::shared_ptr<const SeriesSnapshot> s)
      : s_(std::move(s)) {}
  const model::Labels& labels() const override { return s_->labels; }
  std::unique_ptr<series::SampleIterator> Iterator() const override {
    return std::make_unique<SnapshotIterator>(s_);
  }

 private:
  std::shared_ptr<const SeriesSnapshot> s_;
};

class VectorSeriesSet final : public series::SeriesSet {
 public:
  explicit VectorSeriesSet(std::vector<SnapshotSeries> series)
      : series_(std::move(series)) {}
  bool Next() override {
    if (pos_ >= series_.size()) return false;
    ++pos_;
    return true;
  }
  const series::Series& At() const override { return series_[pos_ - 1]; }

 private:
  std::vector<SnapshotSeries> series_;
  size_t pos_ = 0;
};

}  // namespace

class HeadQuerier final : public series::Querier {
 public:
  HeadQuerier(const Head* head, Timestamp mint, Timestamp maxt)
      : head_(head), mint_(mint), maxt_(maxt) {}

  std::unique_ptr<series::SeriesSet> Select(
      bool sorted, const series::SelectHints* /*hints*/,
      const std::vector<model::Matcher>& matchers) const override {
    std::vector<SnapshotSeries> out;
    {
      std::shared_lock lock(head_->mu_);
      Timestamp mint = std::max(mint_, head_->min_valid_time_);
      for (SeriesRef ref : head_->postings_.Select(matchers)) {
        const Head::MemSeries* s = head_->by_ref_.at(ref).get();
        auto snap = std::make_shared<SeriesSnapshot>();
        snap->mint = mint;
        snap->maxt = maxt_;
        bool any = false;
        for (const XorChunk& c : s->chunks) {
          if (c.max_time() < mint || c.min_time() > maxt_) continue;
          snap->chunks.push_back(c.bytes());
          snap->chunk_max.push_back(c.max_time());
          any = true;
        }
        for (const Sample& o : s->ooo) {
          if (o.t >= mint && o.t <= maxt_) {
            snap->ooo.push_back(o);
            any = true;
          }
        }
        if (!any) continue;
        snap->labels = s->labels;
        out.emplace_back(std::move(snap));
      }
    }
    if (sorted) {
      std::sort(out.begin(), out.end(),
                [](const SnapshotSeries& a, const SnapshotSeries& b) {
                  return a.labels() < b.labels();
                });
    }
    return std::make_unique<VectorSeriesSet>(std::move(out));
  }

  Result<std::vector<std::string>> LabelValues(
      const std::string& name,
      const std::vector<model::Matcher>& matchers) const override {
    std::vector<std::string> out;
    std::shared_lock lock(head_->mu_);
    for (SeriesRef ref : head_->postings_.Select(matchers)) {
      const Head::MemSeries* s = head_->by_ref_.at(ref).get();
      if (!InRangeLocked(*s)) continue;
      std::string_view v = s->labels.Get(name);
      if (!v.empty()) out.emplace_back(v);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  Result<std::vector<std::string>> LabelNames(
      const std::vector<model::Matcher>& matchers) const override {
    std::vector<std::string> out;
    std::shared_lock lock(head_->mu_);
    for (SeriesRef ref : head_->postings_.Select(matchers)) {
      const Head::MemSeries* s = head_->by_ref_.at(ref).get();
      if (!InRangeLocked(*s)) continue;
      for (const model::Label& l : s->labels) out.push_back(l.name);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

 private:
  // Whether the series has a sample in range (chunk granularity for the
  // in-order part).
  bool InRangeLocked(const Head::MemSeries& s) const {
    Timestamp mint = std::max(mint_, head_->min_valid_time_);
    for (const XorChunk& c : s.chunks) {
      if (c.max_time() >= mint && c.min_time() <= maxt_) return true;
    }
    for (const Sample& o : s.ooo) {
      if (o.t >= mint && o.t <= maxt_) return true;
    }
    return false;
  }

  const Head* head_;
  Timestamp mint_;
  Timestamp maxt_;
};

Result<std::unique_ptr<series::Querier>> Head::NewQuerier(
    Timestamp mint, Timestamp maxt) const {
  return std::unique_ptr<series::Querier>(
      std::make_unique<HeadQuerier>(this, mint, maxt));
}

}  // namespace tocsin::tsdb
