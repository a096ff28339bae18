#include "ingest/metadata.h"

namespace tocsin::ingest {

void MetadataCache::Update(const std::vector<MetricMetadata>& metadata) {
  std::lock_guard<std::mutex> l(mu_);
  for (const MetricMetadata& m : metadata) {
    auto it = by_family_.find(m.family);
    if (it == by_family_.end()) {
      if (by_family_.size() >= max_families_) continue;
      by_family_.emplace(m.family, m);
    } else {
      it->second = m;
    }
  }
}

std::vector<MetricMetadata> MetadataCache::List(
    const std::string& metric) const {
  std::lock_guard<std::mutex> l(mu_);
  std::vector<MetricMetadata> out;
  if (!metric.empty()) {
    auto it = by_family_.find(metric);
    if (it != by_family_.end()) out.push_back(it->second);
    return out;
  }
  out.reserve(by_family_.size());
  for (const auto& [name, m] : by_family_) out.push_back(m);
  return out;
}

}  // namespace tocsin::ingest
