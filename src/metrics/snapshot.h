#ifndef TOCSIN_METRICS_SNAPSHOT_H_
#define TOCSIN_METRICS_SNAPSHOT_H_

#include <string>
#include <utility>
#include <vector>

namespace tocsin::metrics {

// The Prometheus metric types tocsin exposes.
enum class MetricType {
  kCounter,    // Monotonically increasing; "# TYPE x counter".
  kGauge,      // Goes up and down; "# TYPE x gauge".
  kHistogram,  // Buckets, sum and count; "# TYPE x histogram".
  kUntyped,    // "# TYPE x untyped".
};

// Label pairs of one sample, sorted by name (the exposition keeps order).
using LabelPairs = std::vector<std::pair<std::string, std::string>>;

// One exposition line: full sample name (e.g. "x_bucket"), labels, value.
struct Sample {
  std::string name;
  LabelPairs labels;
  double value = 0;
};

// A point-in-time copy of one metric family, as collectors produce it.
// Samples appear in the order they are exposed.
struct MetricFamily {
  std::string name;
  std::string help;
  MetricType type = MetricType::kUntyped;
  std::vector<Sample> samples;
};

}  // namespace tocsin::metrics

#endif  // TOCSIN_METRICS_SNAPSHOT_H_
