#include <benchmark/benchmark.h>

#include "base/duration.h"

namespace tocsin {
namespace {

void BM_ParseDuration(benchmark::State& state) {
  for (auto _ : state) {
    auto d = ParseDuration("1d2h30m15s");
    benchmark::DoNotOptimize(d);
  }
}
BENCHMARK(BM_ParseDuration);

}  // namespace
}  // namespace tocsin
