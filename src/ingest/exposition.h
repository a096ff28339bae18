#ifndef TOCSIN_INGEST_EXPOSITION_H_
#define TOCSIN_INGEST_EXPOSITION_H_

// Parsers of the Prometheus text exposition format (version 0.0.4) and of
// OpenMetrics 1.0 text, as scraped from targets and pushed to
// `POST /api/v1/import/prometheus`.
//
// A body parses completely or not at all: the first malformed line fails
// the whole body with an InvalidArgument naming the line number (1-based)
// and what was expected, as Prometheus rejects a whole scrape.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "model/labels.h"

namespace tocsin::ingest {

enum class ExpositionFormat {
  kPrometheusText,  // text/plain; version=0.0.4
  kOpenMetrics,     // application/openmetrics-text; version=1.0.0
};

// The format a scrape response's Content-Type names; the text format for
// anything else (Prometheus' fallback).
ExpositionFormat FormatFromContentType(std::string_view content_type);

enum class MetricType {
  kUnknown,  // "untyped" in the text format, "unknown" in OpenMetrics
  kCounter,
  kGauge,
  kHistogram,
  kGaugeHistogram,
  kSummary,
  kInfo,
  kStateSet,
};
std::string_view MetricTypeName(MetricType type);  // Prometheus' API names

struct ParsedSample {
  // All labels, `__name__` included, sorted.
  model::Labels labels;
  double value = 0;
  // Milliseconds since the epoch when the line carried a timestamp.
  std::optional<int64_t> timestamp_ms;
};

// What `# TYPE`, `# HELP` and `# UNIT` said about one metric family.
struct MetricMetadata {
  std::string family;
  MetricType type = MetricType::kUnknown;
  std::string help;
  std::string unit;
};

struct Exposition {
  std::vector<ParsedSample> samples;     // in body order
  std::vector<MetricMetadata> metadata;  // in order of first mention
};

struct ParseOptions {
  // Accept any UTF-8 label and metric names (quoted, as Prometheus 3 does);
  // false = classic names only.
  bool utf8_names = true;
};

// Errors: InvalidArgument "line <n>: <what>", e.g.
//   line 3: expected a value after metric "http_requests_total", got "\"oops\""
//   line 7: label name "le" given twice for metric "x"
//   OpenMetrics: "line 12: data after # EOF", "missing # EOF at the end".
Result<Exposition> ParseExposition(std::string_view body,
                                   ExpositionFormat format,
                                   const ParseOptions& options = {});

// Go's strconv.ParseFloat as the text format uses it (decimal, exponent,
// hex floats, case-insensitive Inf/+Inf/-Inf/Infinity/NaN). nullopt when
// `s` is not one complete float.
std::optional<double> ParseGoFloat(std::string_view s);

}  // namespace tocsin::ingest

#endif  // TOCSIN_INGEST_EXPOSITION_H_
