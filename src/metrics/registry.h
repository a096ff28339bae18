#ifndef TOCSIN_METRICS_REGISTRY_H_
#define TOCSIN_METRICS_REGISTRY_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/metric.h"
#include "metrics/snapshot.h"

namespace tocsin::metrics {

// Produces metric families on demand (at scrape time). Collect may be called
// from any thread, concurrently with the owning component's work, so it
// must be thread-safe. It appends to `out` and must not call the Registry.
class Collector {
 public:
  virtual ~Collector() = default;
  virtual void Collect(std::vector<MetricFamily>& out) const = 0;
};

// A metric with variable labels: one child per distinct label-value tuple,
// created on first use. Children live as long as the family (unless
// removed), so a returned reference may be cached by the caller.
// Thread-safe.
template <typename T>
class Family {
 public:
  Family(std::vector<std::string> label_names,
         std::function<std::unique_ptr<T>()> make)
      : label_names_(std::move(label_names)), make_(std::move(make)) {}

  // The child for `values` (one per label name, in declaration order).
  // Passing the wrong number of values is a programming error and aborts.
  T& WithLabels(const std::vector<std::string>& values);

  // Removes the child for `values`; true if it existed. References to it
  // become dangling: only remove children nobody holds.
  bool Remove(const std::vector<std::string>& values);

  const std::vector<std::string>& label_names() const { return label_names_; }

  // Calls `fn(values, child)` for each child, sorted by label values.
  void ForEach(const std::function<void(const std::vector<std::string>&,
                                        const T&)>& fn) const;

 private:
  const std::vector<std::string> label_names_;
  const std::function<std::unique_ptr<T>()> make_;
  mutable std::mutex mu_;
  std::map<std::vector<std::string>, std::unique_ptr<T>>
      children_;  // GUARDED_BY(mu_)
};

using CounterFamily = Family<Counter>;
using GaugeFamily = Family<Gauge>;
using HistogramFamily = Family<Histogram>;

// Identifies a collector added to a Registry, for removal.
class CollectorId {
 public:
  CollectorId() = default;
  explicit CollectorId(uint64_t v) : value_(v) {}
  uint64_t value() const { return value_; }
  friend bool operator==(CollectorId, CollectorId) = default;

 private:
  uint64_t value_ = 0;
};

// A set of metrics exposed together (there is no global default registry;
// the composition root creates one and hands it to components).
//
// Names must match Prometheus' grammar ([a-zA-Z_:][a-zA-Z0-9_:]*, labels
// [a-zA-Z_][a-zA-Z0-9_]*, not starting with "__") and be unique within the
// registry; violating either is a programming error and aborts with a
// message. Returned references stay valid for the registry's lifetime.
// Thread-safe.
class Registry {
 public:
  Registry();
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  Counter& AddCounter(std::string name, std::string help);
  Gauge& AddGauge(std::string name, std::string help);
  Histogram& AddHistogram(std::string name, std::string help,
                          std::vector<double> buckets = DefaultBuckets());

  CounterFamily& AddCounterFamily(std::string name, std::string help,
                                  std::vector<std::string> label_names);
  GaugeFamily& AddGaugeFamily(std::string name, std::string help,
                              std::vector<std::string> label_names);
  HistogramFamily& AddHistogramFamily(
      std::string name, std::string help, std::vector<std::string> label_names,
      std::vector<double> buckets = DefaultBuckets());

  // A gauge / counter whose value `fn` computes at scrape time. `fn` runs on
  // the scraping thread and must be thread-safe and quick.
  void AddCallbackGauge(std::string name, std::string help,
                        std::function<double()> fn);
  void AddCallbackCounter(std::string name, std::string help,
                          std::function<double()> fn);

  // Adds a collector; its families are merged into the exposition. Names a
  // collector emits are not checked for uniqueness against other metrics;
  // a family emitted twice is exposed with its samples concatenated.
  CollectorId AddCollector(std::unique_ptr<Collector> collector);
  // Removes a collector; false if unknown. It is destroyed once no Gather
  // running concurrently still uses it.
  bool RemoveCollector(CollectorId id);

  // Every family, sorted by name; within a family samples are sorted by
  // label values (histogram samples stay grouped per child). Collectors and
  // callbacks run without the registry lock held.
  std::vector<MetricFamily> Gather() const;

  // Implementation detail, named here only for registry.cc's helpers.
  struct Entry;

 private:
  // Validates and inserts a fully built entry (so Gather never sees a
  // half-built one); aborts on an invalid or duplicate name.
  void AddEntry(std::unique_ptr<Entry> entry,
                const std::vector<std::string>& label_names);

  mutable std::mutex mu_;
  std::map<std::string, std::unique_ptr<Entry>> entries_;  // GUARDED_BY(mu_)
  // shared_ptr so that Gather can call a collector outside mu_ while a
  // concurrent RemoveCollector drops the registry's reference.
  std::map<uint64_t, std::shared_ptr<Collector>>
      collectors_;                  // GUARDED_BY(mu_)
  uint64_t next_collector_id_ = 1;  // GUARDED_BY(mu_)
};

// True if `name` is a valid metric name / label name.
bool IsValidMetricName(std::string_view name);
bool IsValidLabelName(std::string_view name);

// --- Family implementation ---

void FamilyArityError(size_t want, size_t got);

template <typename T>
T& Family<T>::WithLabels(const std::vector<std::string>& values) {
  if (values.size() != label_names_.size()) {
    FamilyArityError(label_names_.size(), values.size());
  }
  std::lock_guard<std::mutex> lock(mu_);
  auto it = children_.find(values);
  if (it == children_.end()) it = children_.emplace(values, make_()).first;
  return *it->second;
}

template <typename T>
bool Family<T>::Remove(const std::vector<std::string>& values) {
  std::lock_guard<std::mutex> lock(mu_);
  return children_.erase(values) > 0;
}

template <typename T>
void Family<T>::ForEach(
    const std::function<void(const std::vector<std::string>&, const T&)>& fn)
    const {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [values, child] : children_) fn(values, *child);
}

}  // namespace tocsin::metrics

#endif  // TOCSIN_METRICS_REGISTRY_H_
