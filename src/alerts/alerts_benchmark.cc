// Put of 100-alert batches into the alert store: new alerts, and re-sent
// (merged) alerts, as Prometheus re-sends firing alerts every interval.
#include <benchmark/benchmark.h>

#include <chrono>
#include <string>
#include <vector>

#include "alerts/alert_store.h"
#include "alerts/validate.h"

namespace tocsin::alerts {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

const model::Time kT0 = model::Time(seconds(1704067200));

std::vector<model::Alert> Batch(int batch, model::Time now) {
  std::vector<model::Alert> out;
  out.reserve(100);
  for (int i = 0; i < 100; ++i) {
    model::Alert a;
    a.labels = model::Labels{
        {"alertname", "HighLatency"},
        {"instance", "host-" + std::to_string(batch) + "-" + std::to_string(i)},
        {"job", "api"},
        {"severity", "page"}};
    a.annotations = model::Labels{{"summary", "latency above 1s"}};
    out.push_back(NormalizePostedAlert(std::move(a), now, minutes(5)));
  }
  return out;
}

void BM_PutNewBatch(benchmark::State& state) {
  model::AlertMarker marker;
  AlertStore store(marker);
  std::vector<std::vector<model::Alert>> batches;
  for (int b = 0; b < 1000; ++b) batches.push_back(Batch(b, kT0));
  size_t i = 0;
  for (auto _ : state) {
    if (i == batches.size()) {
      state.PauseTiming();
      store.GC(kT0 + minutes(10));
      i = 0;
      state.ResumeTiming();
    }
    (void)store.Put(batches[i++], kT0);
  }
  state.SetItemsProcessed(state.iterations() * 100);
}
BENCHMARK(BM_PutNewBatch);

void BM_PutMergeBatch(benchmark::State& state) {
  model::AlertMarker marker;
  AlertStore store(marker);
  (void)store.Put(Batch(0, kT0), kT0);
  std::vector<model::Alert> again = Batch(0, kT0 + minutes(1));
  for (auto _ : state) {
    (void)store.Put(again, kT0 + minutes(1));
  }
  state.SetItemsProcessed(state.iterations() * 100);
}
BENCHMARK(BM_PutMergeBatch);

void BM_PrepareBatch(benchmark::State& state) {
  std::vector<model::Alert> raw;
  for (int i = 0; i < 100; ++i) {
    model::Alert a;
    a.labels = model::Labels{{"alertname", "HighLatency"},
                             {"instance", "host-" + std::to_string(i)}};
    raw.push_back(a);
  }
  for (auto _ : state) {
    PreparedAlerts p = PrepareAlerts(raw, kT0, minutes(5),
                                     model::MatcherParserMode::kFallback);
    benchmark::DoNotOptimize(p);
  }
  state.SetItemsProcessed(state.iterations() * 100);
}
BENCHMARK(BM_PrepareBatch);

}  // namespace
}  // namespace tocsin::alerts
