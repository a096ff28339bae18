#ifndef TOCSIN_PROMQL_XXHASH_H_
#define TOCSIN_PROMQL_XXHASH_H_

#include <cstdint>
#include <string_view>

#include "model/labels.h"

namespace tocsin::promql {

// XXH64 with seed 0 (the xxHash specification), as Go's cespare/xxhash.
uint64_t XxHash64(std::string_view data);

// Prometheus' labels.Labels.Hash(): XXH64 over name 0xff value 0xff for
// each label in order.
uint64_t PrometheusLabelsHash(const model::Labels& labels);

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_XXHASH_H_
