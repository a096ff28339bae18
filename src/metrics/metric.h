#ifndef TOCSIN_METRICS_METRIC_H_
#define TOCSIN_METRICS_METRIC_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace tocsin::metrics {

// A monotonically increasing value. Thread-safe (lock-free atomics).
class Counter {
 public:
  // Adds `v`; a negative or NaN `v` is ignored (a counter never decreases).
  void Inc(double v = 1);
  double Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

// A value that goes up and down. Thread-safe (lock-free atomics).
class Gauge {
 public:
  void Set(double v) { value_.store(v, std::memory_order_relaxed); }
  void Inc(double v = 1) { value_.fetch_add(v, std::memory_order_relaxed); }
  void Dec(double v = 1) { value_.fetch_sub(v, std::memory_order_relaxed); }
  double Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

// Prometheus' default histogram buckets (client_golang DefBuckets):
// .005 .01 .025 .05 .1 .25 .5 1 2.5 5 10.
std::vector<double> DefaultBuckets();
// `count` buckets: start, start*factor, start*factor^2, ...
std::vector<double> ExponentialBuckets(double start, double factor, int count);

// Observations counted into buckets with upper bounds (inclusive, like
// Prometheus' `le`), plus their sum and count. Thread-safe.
class Histogram {
 public:
  // `upper_bounds` must be sorted ascending; a trailing +Inf is implied and
  // removed if given.
  explicit Histogram(std::vector<double> upper_bounds);

  void Observe(double v);

  struct Snapshot {
    std::vector<double> upper_bounds;  // Without +Inf.
    std::vector<uint64_t> cumulative;  // Per bound, then +Inf.
    double sum = 0;
    uint64_t count = 0;  // == cumulative.back().
  };
  Snapshot Read() const;

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> counts_;  // bounds_.size() + 1.
  std::atomic<double> sum_{0};
};

}  // namespace tocsin::metrics

#endif  // TOCSIN_METRICS_METRIC_H_
