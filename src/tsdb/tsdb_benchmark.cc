#include <random>
#include <vector>

#include "benchmark/benchmark.h"
#include "tsdb/chunk.h"

namespace tocsin::tsdb {
namespace {

std::vector<Sample> Realistic(int n) {
  std::mt19937_64 rng(7);
  std::vector<Sample> out;
  int64_t t = 1'700'000'000'000;
  double v = 100;
  for (int i = 0; i < n; ++i) {
    t += 15000 + static_cast<int64_t>(rng() % 20) - 10;
    v += static_cast<double>(rng() % 5);
    out.push_back({t, v});
  }
  return out;
}

void BM_ChunkEncode(benchmark::State& state) {
  std::vector<Sample> in = Realistic(kSamplesPerChunk);
  size_t bytes = 0;
  for (auto _ : state) {
    XorChunk c;
    for (const Sample& s : in) benchmark::DoNotOptimize(c.Append(s.t, s.v));
    bytes = c.bytes().size();
  }
  state.SetItemsProcessed(state.iterations() * kSamplesPerChunk);
  state.counters["bytes_per_sample"] =
      static_cast<double>(bytes) / kSamplesPerChunk;
}
BENCHMARK(BM_ChunkEncode);

void BM_ChunkDecode(benchmark::State& state) {
  XorChunk c;
  for (const Sample& s : Realistic(kSamplesPerChunk)) {
    (void)c.Append(s.t, s.v);
  }
  for (auto _ : state) {
    XorIterator it(c.bytes());
    double sum = 0;
    while (it.Next()) sum += it.At().v;
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * kSamplesPerChunk);
}
BENCHMARK(BM_ChunkDecode);

}  // namespace
}  // namespace tocsin::tsdb
