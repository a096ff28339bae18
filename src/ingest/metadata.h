#ifndef TOCSIN_INGEST_METADATA_H_
#define TOCSIN_INGEST_METADATA_H_

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "ingest/exposition.h"

namespace tocsin::ingest {

// The latest TYPE/HELP/UNIT seen per metric family (from scrapes, pushes
// and remote_write metadata), for /api/v1/metadata. Bounded: at most
// `max_families` families are kept (later ones are ignored). Thread-safe.
class MetadataCache {
 public:
  explicit MetadataCache(size_t max_families = 100000)
      : max_families_(max_families) {}

  void Update(const std::vector<MetricMetadata>& metadata);
  // Sorted by family name; `metric` non-empty selects one family.
  std::vector<MetricMetadata> List(const std::string& metric = "") const;

 private:
  const size_t max_families_;
  mutable std::mutex mu_;
  std::map<std::string, MetricMetadata> by_family_;  // GUARDED_BY(mu_)
};

}  // namespace tocsin::ingest

#endif  // TOCSIN_INGEST_METADATA_H_
