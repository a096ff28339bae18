#include "dispatch/aggr_group.h"

#include <algorithm>
#include <set>
#include <string_view>

namespace tocsin::dispatch {
namespace {

bool LabelSetBefore(const model::Labels& a, const model::Labels& b) {
  if (a.size() != b.size()) return a.size() < b.size();
  std::set<std::string_view> names;
  for (const model::Label& l : a) names.insert(l.name);
  for (const model::Label& l : b) names.insert(l.name);
  for (std::string_view n : names) {
    if (!a.Has(n)) return true;
    if (!b.Has(n)) return false;
    std::string_view av = a.Get(n), bv = b.Get(n);
    if (av != bv) return av < bv;
  }
  return false;
}

}  // namespace

bool AlertBefore(const model::Alert& a, const model::Alert& b) {
  for (std::string_view key : {"job", "instance"}) {
    bool ah = a.labels.Has(key), bh = b.labels.Has(key);
    if (!ah && !bh) continue;
    if (!ah) return false;
    if (!bh) return true;
    std::string_view av = a.labels.Get(key), bv = b.labels.Get(key);
    if (av != bv) return av < bv;
  }
  return LabelSetBefore(a.labels, b.labels);
}

std::string GroupKey(const RouteNode& route, const model::Labels& labels) {
  return route.Key() + ":" + labels.ToString();
}

std::vector<model::Alert> AggrGroup::Snapshot(model::Time now) const {
  std::vector<model::Alert> out;
  out.reserve(alerts.size());
  for (const auto& [fp, a] : alerts) {
    out.push_back(*a);
    // Alerts do not resolve while the notification is under way.
    if (!out.back().ResolvedAt(now)) out.back().ends_at = model::kZeroTime;
  }
  std::stable_sort(out.begin(), out.end(), AlertBefore);
  return out;
}

size_t AggrGroup::DeleteResolved(const std::vector<model::Alert>& sent,
                                 model::Time now) {
  size_t removed = 0;
  for (const model::Alert& a : sent) {
    if (!a.ResolvedAt(now)) continue;
    auto it = alerts.find(a.fingerprint());
    if (it == alerts.end()) continue;
    if (it->second->updated_at == a.updated_at &&
        it->second->ends_at == a.ends_at) {
      alerts.erase(it);
      ++removed;
    }
  }
  return removed;
}

}  // namespace tocsin::dispatch
