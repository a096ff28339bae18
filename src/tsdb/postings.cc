#include "tsdb/postings.h"

#include <algorithm>
#include <queue>
#include <utility>

namespace tocsin::tsdb {

PostingsList Intersect(const PostingsList& a, const PostingsList& b) {
  PostingsList out;
  const PostingsList& small = a.size() <= b.size() ? a : b;
  const PostingsList& large = a.size() <= b.size() ? b : a;
  if (small.empty()) return out;
  out.reserve(small.size());
  if (large.size() / small.size() > 32) {
    // Very different sizes: binary-search the large list.
    auto from = large.begin();
    for (SeriesRef r : small) {
      from = std::lower_bound(from, large.end(), r);
      if (from == large.end()) break;
      if (*from == r) out.push_back(r);
    }
    return out;
  }
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(),
                        std::back_inserter(out));
  return out;
}

PostingsList Merge(const std::vector<const PostingsList*>& lists) {
  PostingsList out;
  if (lists.empty()) return out;
  if (lists.size() == 1) return *lists[0];
  if (lists.size() == 2) {
    std::set_union(lists[0]->begin(), lists[0]->end(), lists[1]->begin(),
                   lists[1]->end(), std::back_inserter(out));
    return out;
  }
  using Cursor =
      std::pair<SeriesRef, std::pair<size_t, size_t>>;  // ref, (list, pos)
  std::priority_queue<Cursor, std::vector<Cursor>, std::greater<>> heap;
  size_t total = 0;
  for (size_t i = 0; i < lists.size(); ++i) {
    total += lists[i]->size();
    if (!lists[i]->empty()) heap.push({(*lists[i])[0], {i, 0}});
  }
  out.reserve(total);
  while (!heap.empty()) {
    auto [ref, where] = heap.top();
    heap.pop();
    if (out.empty() || out.back() != ref) out.push_back(ref);
    auto [li, pos] = where;
    if (pos + 1 < lists[li]->size()) {
      heap.push({(*lists[li])[pos + 1], {li, pos + 1}});
    }
  }
  return out;
}

PostingsList Subtract(const PostingsList& a, const PostingsList& b) {
  PostingsList out;
  out.reserve(a.size());
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(),
                      std::back_inserter(out));
  return out;
}

void PostingsIndex::Insert(PostingsList* list, SeriesRef ref) {
  if (list->empty() || list->back() < ref) {
    list->push_back(ref);
    return;
  }
  auto it = std::lower_bound(list->begin(), list->end(), ref);
  if (it == list->end() || *it != ref) list->insert(it, ref);
}

void PostingsIndex::Erase(PostingsList* list, SeriesRef ref) {
  auto it = std::lower_bound(list->begin(), list->end(), ref);
  if (it != list->end() && *it == ref) list->erase(it);
}

void PostingsIndex::Add(SeriesRef ref, const model::Labels& labels) {
  Insert(&all_, ref);
  for (const model::Label& l : labels) {
    Insert(&index_[l.name][l.value], ref);
  }
}

void PostingsIndex::Remove(SeriesRef ref, const model::Labels& labels) {
  Erase(&all_, ref);
  for (const model::Label& l : labels) {
    auto n = index_.find(l.name);
    if (n == index_.end()) continue;
    auto v = n->second.find(l.value);
    if (v == n->second.end()) continue;
    Erase(&v->second, ref);
    if (v->second.empty()) n->second.erase(v);
    if (n->second.empty()) index_.erase(n);
  }
}

const PostingsList& PostingsIndex::Get(const std::string& name,
                                       const std::string& value) const {
  auto n = index_.find(name);
  if (n == index_.end()) return empty_;
  auto v = n->second.find(value);
  if (v == n->second.end()) return empty_;
  return v->second;
}

std::vector<std::string> PostingsIndex::LabelNames() const {
  std::vector<std::string> out;
  out.reserve(index_.size());
  for (const auto& [name, values] : index_) out.push_back(name);
  return out;
}

std::vector<std::string> PostingsIndex::LabelValues(
    const std::string& name) const {
  std::vector<std::string> out;
  auto n = index_.find(name);
  if (n == index_.end()) return out;
  out.reserve(n->second.size());
  for (const auto& [value, refs] : n->second) out.push_back(value);
  return out;
}

template <typename Pred>
PostingsList PostingsIndex::UnionOfValues(const std::string& name,
                                          Pred keep) const {
  std::vector<const PostingsList*> lists;
  auto n = index_.find(name);
  if (n != index_.end()) {
    for (const auto& [value, refs] : n->second) {
      if (keep(value)) lists.push_back(&refs);
    }
  }
  return Merge(lists);
}

PostingsList PostingsIndex::Select(const model::Matchers& matchers) const {
  // Positive sets (matchers that reject "") are intersected; matchers that
  // accept "" subtract the series whose value they reject.
  std::vector<PostingsList> positive;
  std::vector<PostingsList> negative;
  for (const model::Matcher& m : matchers) {
    if (m.Matches("")) {
      negative.push_back(UnionOfValues(
          m.name(), [&m](const std::string& v) { return !m.Matches(v); }));
    } else if (m.type() == model::MatchType::kEqual) {
      positive.push_back(Get(m.name(), m.value()));
    } else {
      positive.push_back(UnionOfValues(
          m.name(), [&m](const std::string& v) { return m.Matches(v); }));
    }
  }
  PostingsList result;
  if (positive.empty()) {
    result = all_;
  } else {
    std::sort(positive.begin(), positive.end(),
              [](const PostingsList& a, const PostingsList& b) {
                return a.size() < b.size();
              });
    result = std::move(positive[0]);
    for (size_t i = 1; i < positive.size() && !result.empty(); ++i) {
      result = Intersect(result, positive[i]);
    }
  }
  for (const PostingsList& n : negative) {
    if (result.empty()) break;
    result = Subtract(result, n);
  }
  return result;
}

}  // namespace tocsin::tsdb
