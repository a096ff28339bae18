#include <benchmark/benchmark.h>

#include <string>

#include "promql/engine.h"
#include "promql/parser.h"
#include "promql/testing/memory_storage.h"

namespace tocsin::promql {
namespace {

void BM_ParseSimple(benchmark::State& state) {
  for (auto _ : state) {
    auto e = ParseExpr(R"(http_requests_total{job="api", code=~"5.."})");
    benchmark::DoNotOptimize(e);
  }
}
BENCHMARK(BM_ParseSimple);

void BM_ParseComplex(benchmark::State& state) {
  const std::string q =
      R"(histogram_quantile(0.99, sum by (le, job) (rate(http_request_duration_seconds_bucket{job=~"api|web"}[5m]))) > on(job) group_left(team) 2 * avg_over_time(slo_target[1h:1m] offset 5m))";
  for (auto _ : state) {
    auto e = ParseExpr(q);
    benchmark::DoNotOptimize(e);
  }
}
BENCHMARK(BM_ParseComplex);

// 100 series x 1h of 15s samples.
testing::MemoryStorage& Store() {
  static auto* s = [] {
    auto* st = new testing::MemoryStorage;
    for (int i = 0; i < 100; ++i) {
      model::Labels l{{"__name__", "x"},
                      {"instance", std::to_string(i)},
                      {"job", "job" + std::to_string(i % 10)}};
      for (int k = 0; k <= 240; ++k) st->Add(l, k * 15000, k * (i + 1.0));
    }
    return st;
  }();
  return *s;
}

void BM_EngineRate(benchmark::State& state) {
  Engine engine;
  for (auto _ : state) {
    auto r = engine.InstantQuery(Store(), "rate(x[5m])", 3600000);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_EngineRate);

void BM_EngineSumByRate(benchmark::State& state) {
  Engine engine;
  for (auto _ : state) {
    auto r =
        engine.InstantQuery(Store(), "sum by (job) (rate(x[5m]))", 3600000);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_EngineSumByRate);

void BM_EngineSumByRateRange(benchmark::State& state) {
  Engine engine;
  for (auto _ : state) {
    auto r = engine.RangeQuery(Store(), "sum by (job) (rate(x[5m]))", 0,
                               3600000, 60000);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_EngineSumByRateRange);

}  // namespace
}  // namespace tocsin::promql
