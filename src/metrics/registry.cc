#include "metrics/registry.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <variant>

#include "metrics/exposition.h"

namespace tocsin::metrics {

namespace {

[[noreturn]] void Die(const std::string& message) {
  std::fprintf(stderr, "metrics: %s\n", message.c_str());
  std::abort();
}

bool IsNameChar(char c, bool first, bool allow_colon) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
    return true;
  }
  if (allow_colon && c == ':') return true;
  return !first && c >= '0' && c <= '9';
}

// Label pairs sorted by name, from names and values in declaration order.
LabelPairs SortedPairs(const std::vector<std::string>& names,
                       const std::vector<std::string>& values) {
  LabelPairs pairs;
  pairs.reserve(names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    pairs.emplace_back(names[i], values[i]);
  }
  std::sort(pairs.begin(), pairs.end());
  return pairs;
}

void AppendHistogram(const std::string& name, const LabelPairs& labels,
                     const Histogram& h, std::vector<Sample>& out) {
  Histogram::Snapshot s = h.Read();
  for (size_t i = 0; i < s.cumulative.size(); ++i) {
    LabelPairs with_le = labels;
    with_le.emplace_back("le", i < s.upper_bounds.size()
                                   ? FormatFloat(s.upper_bounds[i])
                                   : std::string("+Inf"));
    out.push_back(Sample{name + "_bucket", std::move(with_le),
                         static_cast<double>(s.cumulative[i])});
  }
  out.push_back(Sample{name + "_sum", labels, s.sum});
  out.push_back(Sample{name + "_count", labels, static_cast<double>(s.count)});
}

// Collects a family's children as groups of samples, sorted by their
// name-sorted label values (client_golang's order).
template <typename T, typename Fn>
void CollectFamily(const Family<T>& family, Fn&& append,
                   std::vector<Sample>& out) {
  std::vector<std::pair<LabelPairs, std::vector<Sample>>> groups;
  family.ForEach([&](const std::vector<std::string>& values, const T& child) {
    LabelPairs labels = SortedPairs(family.label_names(), values);
    std::vector<Sample> samples;
    append(labels, child, samples);
    groups.emplace_back(std::move(labels), std::move(samples));
  });
  std::sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) {
    for (size_t i = 0; i < a.first.size() && i < b.first.size(); ++i) {
      if (a.first[i].second != b.first[i].second) {
        return a.first[i].second < b.first[i].second;
      }
    }
    return a.first.size() < b.first.size();
  });
  for (auto& g : groups) {
    for (auto& s : g.second) out.push_back(std::move(s));
  }
}

}  // namespace

void FamilyArityError(size_t want, size_t got) {
  Die("WithLabels: want " + std::to_string(want) + " label values, got " +
      std::to_string(got));
}

bool IsValidMetricName(std::string_view name) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    if (!IsNameChar(name[i], i == 0, true)) return false;
  }
  return true;
}

bool IsValidLabelName(std::string_view name) {
  if (name.empty() || name.substr(0, 2) == "__") return false;
  for (size_t i = 0; i < name.size(); ++i) {
    if (!IsNameChar(name[i], i == 0, false)) return false;
  }
  return true;
}

struct Registry::Entry {
  std::string name;
  std::string help;
  MetricType type;
  std::variant<std::unique_ptr<Counter>, std::unique_ptr<Gauge>,
               std::unique_ptr<Histogram>, std::unique_ptr<CounterFamily>,
               std::unique_ptr<GaugeFamily>, std::unique_ptr<HistogramFamily>,
               std::function<double()>>
      metric;

  MetricFamily Collect() const {
    MetricFamily f{name, help, type, {}};
    std::visit(
        [&](const auto& m) {
          using M = std::decay_t<decltype(m)>;
          if constexpr (std::is_same_v<M, std::unique_ptr<Counter>> ||
                        std::is_same_v<M, std::unique_ptr<Gauge>>) {
            f.samples.push_back(Sample{name, {}, m->Value()});
          } else if constexpr (std::is_same_v<M, std::unique_ptr<Histogram>>) {
            AppendHistogram(name, {}, *m, f.samples);
          } else if constexpr (std::is_same_v<
                                   M, std::unique_ptr<HistogramFamily>>) {
            CollectFamily(
                *m,
                [&](const LabelPairs& l, const Histogram& h,
                    std::vector<Sample>& out) {
                  AppendHistogram(name, l, h, out);
                },
                f.samples);
          } else if constexpr (std::is_same_v<M, std::function<double()>>) {
            f.samples.push_back(Sample{name, {}, m()});
          } else {
            CollectFamily(
                *m,
                [&](const LabelPairs& l, const auto& c,
                    std::vector<Sample>& out) {
                  out.push_back(Sample{name, l, c.Value()});
                },
                f.samples);
          }
        },
        metric);
    return f;
  }
};

Registry::Registry() = default;
Registry::~Registry() = default;

void Registry::AddEntry(std::unique_ptr<Entry> entry,
                        const std::vector<std::string>& label_names) {
  const std::string& name = entry->name;
  if (!IsValidMetricName(name)) Die("invalid metric name \"" + name + "\"");
  for (const auto& l : label_names) {
    if (!IsValidLabelName(l) || l == "le") {
      Die("invalid label name \"" + l + "\" for metric " + name);
    }
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (entries_.count(name)) Die("duplicate metric name \"" + name + "\"");
  std::string key = name;
  entries_.emplace(std::move(key), std::move(entry));
}

namespace {

template <typename M>
std::unique_ptr<Registry::Entry> MakeEntry(std::string name, std::string help,
                                           MetricType type, M metric) {
  auto e = std::make_unique<Registry::Entry>();
  e->name = std::move(name);
  e->help = std::move(help);
  e->type = type;
  e->metric = std::move(metric);
  return e;
}

}  // namespace

Counter& Registry::AddCounter(std::string name, std::string help) {
  auto m = std::make_unique<Counter>();
  Counter& ref = *m;
  AddEntry(MakeEntry(std::move(name), std::move(help), MetricType::kCounter,
                     std::move(m)),
           {});
  return ref;
}

Gauge& Registry::AddGauge(std::string name, std::string help) {
  auto m = std::make_unique<Gauge>();
  Gauge& ref = *m;
  AddEntry(MakeEntry(std::move(name), std::move(help), MetricType::kGauge,
                     std::move(m)),
           {});
  return ref;
}

Histogram& Registry::AddHistogram(std::string name, std::string help,
                                  std::vector<double> buckets) {
  auto m = std::make_unique<Histogram>(std::move(buckets));
  Histogram& ref = *m;
  AddEntry(MakeEntry(std::move(name), std::move(help), MetricType::kHistogram,
                     std::move(m)),
           {});
  return ref;
}

CounterFamily& Registry::AddCounterFamily(
    std::string name, std::string help, std::vector<std::string> label_names) {
  auto m = std::make_unique<CounterFamily>(
      label_names, [] { return std::make_unique<Counter>(); });
  CounterFamily& ref = *m;
  AddEntry(MakeEntry(std::move(name), std::move(help), MetricType::kCounter,
                     std::move(m)),
           label_names);
  return ref;
}

GaugeFamily& Registry::AddGaugeFamily(std::string name, std::string help,
                                      std::vector<std::string> label_names) {
  auto m = std::make_unique<GaugeFamily>(
      label_names, [] { return std::make_unique<Gauge>(); });
  GaugeFamily& ref = *m;
  AddEntry(MakeEntry(std::move(name), std::move(help), MetricType::kGauge,
                     std::move(m)),
           label_names);
  return ref;
}

HistogramFamily& Registry::AddHistogramFamily(
    std::string name, std::string help, std::vector<std::string> label_names,
    std::vector<double> buckets) {
  auto m = std::make_unique<HistogramFamily>(
      label_names, [buckets] { return std::make_unique<Histogram>(buckets); });
  HistogramFamily& ref = *m;
  AddEntry(MakeEntry(std::move(name), std::move(help), MetricType::kHistogram,
                     std::move(m)),
           label_names);
  return ref;
}

void Registry::AddCallbackGauge(std::string name, std::string help,
                                std::function<double()> fn) {
  AddEntry(MakeEntry(std::move(name), std::move(help), MetricType::kGauge,
                     std::move(fn)),
           {});
}

void Registry::AddCallbackCounter(std::string name, std::string help,
                                  std::function<double()> fn) {
  AddEntry(MakeEntry(std::move(name), std::move(help), MetricType::kCounter,
                     std::move(fn)),
           {});
}

CollectorId Registry::AddCollector(std::unique_ptr<Collector> collector) {
  std::lock_guard<std::mutex> lock(mu_);
  uint64_t id = next_collector_id_++;
  collectors_.emplace(id, std::move(collector));
  return CollectorId(id);
}

bool Registry::RemoveCollector(CollectorId id) {
  std::shared_ptr<Collector> removed;
  std::lock_guard<std::mutex> lock(mu_);
  auto it = collectors_.find(id.value());
  if (it == collectors_.end()) return false;
  removed = std::move(it->second);
  collectors_.erase(it);
  return true;
}

std::vector<MetricFamily> Registry::Gather() const {
  // Entries are never removed, so their pointers stay valid after unlock.
  std::vector<const Entry*> entries;
  std::vector<std::shared_ptr<Collector>> collectors;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [name, entry] : entries_) entries.push_back(entry.get());
    for (const auto& [id, c] : collectors_) collectors.push_back(c);
  }
  std::vector<MetricFamily> out;
  for (const Entry* e : entries) out.push_back(e->Collect());
  for (const auto& c : collectors) c->Collect(out);
  // Merge families emitted more than once, then sort by name.
  std::stable_sort(out.begin(), out.end(),
                   [](const MetricFamily& a, const MetricFamily& b) {
                     return a.name < b.name;
                   });
  std::vector<MetricFamily> merged;
  for (auto& f : out) {
    if (!merged.empty() && merged.back().name == f.name) {
      for (auto& s : f.samples) merged.back().samples.push_back(std::move(s));
    } else {
      merged.push_back(std::move(f));
    }
  }
  return merged;
}

}  // namespace tocsin::metrics
