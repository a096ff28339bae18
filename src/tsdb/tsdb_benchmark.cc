#include <malloc.h>

#include <random>
#include <vector>

#include "benchmark/benchmark.h"
#include "tsdb/chunk.h"
#include "tsdb/head.h"
#include "tsdb/postings.h"

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

// Intersection of two lists of state.range(0) refs, half of them shared.
void BM_PostingsIntersect(benchmark::State& state) {
  std::mt19937_64 rng(1);
  PostingsList a, b;
  for (SeriesRef r = 0; r < static_cast<SeriesRef>(state.range(0)) * 2; ++r) {
    if (rng() % 2) a.push_back(r);
    if (rng() % 2) b.push_back(r);
  }
  for (auto _ : state) benchmark::DoNotOptimize(Intersect(a, b));
  state.SetItemsProcessed(state.iterations() *
                          static_cast<int64_t>(a.size() + b.size()));
}
BENCHMARK(BM_PostingsIntersect)->Arg(1000)->Arg(100000);

// A small list intersected with a large one (binary-search path).
void BM_PostingsIntersectSkewed(benchmark::State& state) {
  PostingsList small, large;
  for (SeriesRef r = 0; r < 1'000'000; ++r) large.push_back(r * 2);
  for (SeriesRef r = 0; r < 100; ++r) small.push_back(r * 20000);
  for (auto _ : state) benchmark::DoNotOptimize(Intersect(small, large));
}
BENCHMARK(BM_PostingsIntersectSkewed);

// Select with two equality matchers over 100k series.
void BM_PostingsSelect(benchmark::State& state) {
  PostingsIndex idx;
  for (SeriesRef r = 1; r <= 100000; ++r) {
    idx.Add(r, model::Labels({{"__name__", "metric" + std::to_string(r % 100)},
                              {"instance", "host" + std::to_string(r % 1000)},
                              {"job", "job" + std::to_string(r % 10)}}));
  }
  model::Matchers ms = {
      *model::Matcher::Create(model::MatchType::kEqual, "__name__", "metric7"),
      *model::Matcher::Create(model::MatchType::kRegexMatch, "job",
                              "job7|job3"),
      *model::Matcher::Create(model::MatchType::kNotEqual, "instance",
                              "host7")};
  for (auto _ : state) benchmark::DoNotOptimize(idx.Select(ms));
}
BENCHMARK(BM_PostingsSelect);

size_t HeapInUse() { return mallinfo2().uordblks; }

// Heap bytes per series for 10k series of 4 labels (about 60 bytes of label
// text) holding state.range(0) samples each at a 15 s interval.
void BM_HeadBytesPerSeries(benchmark::State& state) {
  const int kSeries = 10000;
  const int samples = static_cast<int>(state.range(0));
  double per_series = 0;
  for (auto _ : state) {
    size_t before = HeapInUse();
    auto head = std::make_unique<Head>(HeadOptions{});
    auto app = head->NewAppender();
    std::vector<model::Labels> ls;
    for (int i = 0; i < kSeries; ++i) {
      ls.push_back(model::Labels(
          {{"__name__", "http_requests_total"},
           {"instance", "host-" + std::to_string(i % 500) + ":9100"},
           {"job", "node"},
           {"code", std::to_string(200 + i / 500)}}));
    }
    for (int s = 0; s < samples; ++s) {
      for (int i = 0; i < kSeries; ++i) {
        (void)app->Append(ls[i], 1'700'000'000'000 + s * 15000,
                          static_cast<double>(s * 3 + i % 7));
      }
      if (!app->Commit().ok()) state.SkipWithError("commit");
    }
    ls.clear();
    per_series = static_cast<double>(HeapInUse() - before) / kSeries;
    state.counters["chunk_bytes_per_series"] =
        static_cast<double>(head->Stats().chunk_bytes) / kSeries;
  }
  state.counters["bytes_per_series"] = per_series;
}
BENCHMARK(BM_HeadBytesPerSeries)
    ->Arg(1)
    ->Arg(120)
    ->Arg(480)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

// Committing one sample for each of 10k existing series per iteration.
void BM_HeadAppendCommit(benchmark::State& state) {
  Head head({});
  std::vector<model::Labels> ls;
  for (int i = 0; i < 10000; ++i) {
    ls.push_back(model::Labels({{"__name__", "m"}, {"i", std::to_string(i)}}));
  }
  auto app = head.NewAppender();
  int64_t t = 0;
  for (auto _ : state) {
    t += 15000;
    for (const auto& l : ls) (void)app->Append(l, t, 1);
    (void)app->Commit();
  }
  state.SetItemsProcessed(state.iterations() * 10000);
}
BENCHMARK(BM_HeadAppendCommit)->Unit(benchmark::kMillisecond);

// Select over 1000 of 10k series (120 samples each) and read every sample.
void BM_HeadSelectAndIterate(benchmark::State& state) {
  Head head({});
  auto app = head.NewAppender();
  std::vector<model::Labels> ls;
  for (int i = 0; i < 10000; ++i) {
    ls.push_back(model::Labels({{"__name__", "m" + std::to_string(i % 10)},
                                {"i", std::to_string(i)}}));
  }
  for (int s = 0; s < kSamplesPerChunk; ++s) {
    for (const auto& l : ls) (void)app->Append(l, s * 15000, s);
    (void)app->Commit();
  }
  model::Matchers ms = {
      *model::Matcher::Create(model::MatchType::kEqual, "__name__", "m3")};
  int64_t samples = 0;
  for (auto _ : state) {
    auto q = *head.NewQuerier(0, kSamplesPerChunk * 15000);
    auto set = q->Select(false, nullptr, ms);
    while (set->Next()) {
      auto it = set->At().Iterator();
      while (it->Next()) ++samples;
    }
  }
  state.SetItemsProcessed(samples);
}
BENCHMARK(BM_HeadSelectAndIterate)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tocsin::tsdb
