#ifndef TOCSIN_API_PROM_HANDLERS_H_
#define TOCSIN_API_PROM_HANDLERS_H_

// Prometheus' HTTP API v1 for metrics: /api/v1/query, /api/v1/query_range,
// /api/v1/series, /api/v1/labels, /api/v1/label/<name>/values,
// /api/v1/metadata (GET and POST with form bodies, Prometheus' JSON and
// error shapes), and the ingest endpoints /api/v1/write (remote_write 1.0)
// and /api/v1/import/prometheus (text format push). docs/query-api.md.

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "api/endpoint.h"
#include "ingest/metadata.h"
#include "promql/engine.h"
#include "series/series.h"

namespace tocsin::api::prom {

struct PromApiDeps {
  // Required: what queries read and what ingest appends to.
  const series::Queryable* queryable = nullptr;
  series::Appendable* appendable = nullptr;
  const promql::Engine* engine = nullptr;
  // Metric metadata from scrapes and remote_write; may be null.
  ingest::MetadataCache* metadata = nullptr;
  // Wall time in ms (the default `time` of an instant query, the timestamp
  // of pushed samples without one).
  std::function<int64_t()> now_ms;
  // Largest accepted request body after decompression.
  size_t max_write_bytes = 32 << 20;
  // Prometheus' limit on points per series of a range query.
  int64_t max_points_per_series = 11000;
};

// The endpoint rows (relative to the route prefix).
std::vector<Endpoint> PromEndpoints(PromApiDeps deps);

// Prometheus' JSON number forms, exposed for tests: a timestamp in ms as
// seconds with up to 3 decimals ("1435781451.781", "1435781451"), a
// sample value as Go's strconv.FormatFloat(v, 'f', -1, 64) ("+Inf",
// "-Inf", "NaN" for the specials).
std::string FormatTimestamp(int64_t ms);
std::string FormatValue(double v);
// Prometheus' parseTime: Unix seconds (float) or RFC 3339; ms.
Result<int64_t> ParseTimeParam(std::string_view s);

}  // namespace tocsin::api::prom

#endif  // TOCSIN_API_PROM_HANDLERS_H_
