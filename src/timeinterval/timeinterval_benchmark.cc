#include <benchmark/benchmark.h>
#include <date/date.h>

#include <chrono>

#include "timeinterval/parse.h"
#include "timeinterval/timeinterval.h"

namespace tocsin::timeinterval {
namespace {

TimeInterval BusinessHours(const char* zone) {
  TimeInterval ti;
  ti.times = std::vector<TimeRange>{{540, 1020}};
  ti.weekdays = std::vector<InclusiveRange>{{1, 5}};
  ti.days_of_month = std::vector<InclusiveRange>{{-7, -1}};
  ti.months = std::vector<InclusiveRange>{{1, 12}};
  if (zone != nullptr) ti.location = *LoadLocation(zone);
  return ti;
}

void Run(benchmark::State& state, const TimeInterval& ti) {
  auto t = std::chrono::system_clock::time_point{
      date::sys_days{date::year{2024} / 1 / 29}};
  int hits = 0;
  for (auto _ : state) {
    hits += ti.ContainsTime(t) ? 1 : 0;
    t += std::chrono::minutes{17};
  }
  benchmark::DoNotOptimize(hits);
}

void BM_ContainsTimeUtc(benchmark::State& state) {
  Run(state, BusinessHours(nullptr));
}
BENCHMARK(BM_ContainsTimeUtc);

void BM_ContainsTimeNewYork(benchmark::State& state) {
  Run(state, BusinessHours("America/New_York"));
}
BENCHMARK(BM_ContainsTimeNewYork);

}  // namespace
}  // namespace tocsin::timeinterval
