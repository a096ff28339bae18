#include "inhibit/inhibitor.h"

#include <algorithm>
#include <mutex>
#include <utility>

namespace tocsin::inhibit {

Inhibitor::Inhibitor(const std::vector<config::InhibitRule>& rules) {
  rules_.reserve(rules.size());
  for (const config::InhibitRule& cr : rules) {
    Rule r;
    r.name = cr.name;
    r.source = cr.EffectiveSourceMatchers();
    r.target = cr.EffectiveTargetMatchers();
    r.equal = cr.equal;
    std::sort(r.equal.begin(), r.equal.end());
    r.equal.erase(std::unique(r.equal.begin(), r.equal.end()), r.equal.end());
    rules_.push_back(std::move(r));
  }
}

std::string Inhibitor::EqualKey(const Rule& rule, const model::Labels& labels) {
  std::string key;
  for (const std::string& name : rule.equal) {
    key += labels.Get(name);
    key += '\xff';  // Never inside valid UTF-8.
  }
  return key;
}

void Inhibitor::OnAlert(const model::Alert& alert) {
  std::unique_lock<std::shared_mutex> lock(mu_);
  const model::Fingerprint fp = alert.fingerprint();
  for (Rule& r : rules_) {
    if (!model::MatchesAll(r.source, alert.labels)) continue;
    auto [it, inserted] = r.sources.insert_or_assign(fp, alert);
    if (inserted) r.index[EqualKey(r, alert.labels)].push_back(fp);
  }
}

std::optional<model::Fingerprint> Inhibitor::Mutes(const model::Labels& labels,
                                                   model::Time now) const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  for (const Rule& r : rules_) {
    if (!model::MatchesAll(r.target, labels)) continue;
    auto bucket = r.index.find(EqualKey(r, labels));
    if (bucket == r.index.end()) continue;
    const bool two_sided = model::MatchesAll(r.source, labels);
    const model::Alert* best = nullptr;
    for (model::Fingerprint fp : bucket->second) {
      const model::Alert& s = r.sources.at(fp);
      if (s.Resolved(now)) continue;
      if (two_sided && model::MatchesAll(r.target, s.labels)) continue;
      if (best == nullptr || s.ends_at > best->ends_at ||
          (s.ends_at == best->ends_at &&
           s.fingerprint() < best->fingerprint())) {
        best = &s;
      }
    }
    if (best != nullptr) return best->fingerprint();
  }
  return std::nullopt;
}

size_t Inhibitor::GC(model::Time now) {
  std::unique_lock<std::shared_mutex> lock(mu_);
  size_t n = 0;
  for (Rule& r : rules_) {
    for (auto it = r.sources.begin(); it != r.sources.end();) {
      if (!it->second.Resolved(now)) {
        ++it;
        continue;
      }
      auto bucket = r.index.find(EqualKey(r, it->second.labels));
      if (bucket != r.index.end()) {
        std::vector<model::Fingerprint>& fps = bucket->second;
        fps.erase(std::remove(fps.begin(), fps.end(), it->first), fps.end());
        if (fps.empty()) r.index.erase(bucket);
      }
      it = r.sources.erase(it);
      ++n;
    }
  }
  return n;
}

bool InhibitMuter::Mutes(const model::Labels& labels) {
  std::optional<model::Fingerprint> by = inhibitor_.Mutes(labels, clock_.Now());
  if (by) {
    marker_.SetInhibited(labels.fingerprint(), {by->ToString()});
    return true;
  }
  marker_.SetInhibited(labels.fingerprint(), {});
  return false;
}

}  // namespace tocsin::inhibit
